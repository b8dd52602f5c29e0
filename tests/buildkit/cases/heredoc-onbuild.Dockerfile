FROM alpine
ONBUILD RUN <<EOF
echo built
EOF
ONBUILD COPY <<EOF /x
content
EOF
ONBUILD RUN ["cat", "<<EOF"]
onbuild run <<EOF
lower
EOF

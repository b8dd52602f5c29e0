# syntax=docker/dockerfile:1
FROM alpine
RUN <<EOF
apk add curl
echo "done"
EOF
RUN python3 <<EOF
print("FROM fake")
EOF
COPY <<EOF /etc/app.conf
key=value
EOF
RUN <<EOF
EOF
RUN echo "<<EOF" and cat<<EOF are not heredocs
RUN ["cat", "<<EOF"]

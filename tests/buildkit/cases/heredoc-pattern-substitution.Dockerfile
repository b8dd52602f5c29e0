FROM alpine
RUN echo ${x/a/b} ${x//a/b} <<EOF
body
EOF

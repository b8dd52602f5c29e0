FROM alpine
RUN --mount=type=cache,target=/var/cache/apk \
    cat <<EOF \
    > /etc/motd
hello
EOF
RUN <<EOF bash -ex
  set -e
  # not a comment to the Dockerfile parser
EOF
RUN <<EOF
EOF extra is not the terminator
 EOF
EOF 
EOF

FROM alpine
RUN apk add \
    curl \
# comment inside
    git
LABEL description="multi \
    line" other=1
RUN <<EOF
echo crlf body
EOF
RUN echo trailing \  
    spaces after the escape
CMD ["a", "b"]

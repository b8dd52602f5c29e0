FROM alpine
RUN <<EOF
echo never terminated
RUN echo still inside the body

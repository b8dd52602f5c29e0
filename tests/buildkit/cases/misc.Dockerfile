FROM alpine
  RUN echo leading spaces
MAINTAINER John Doe <j@example.com>
EXPOSE 80/tcp 443 8080/udp
USER 1000:1000
STOPSIGNAL SIGTERM
WORKDIR /app
RUN echo inline # not a comment
RUN echo a; \
    echo b;\
    echo c
RUN echo 'quoted # hash' "and \"escapes\"" \
  && echo done

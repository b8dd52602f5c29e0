RUN \
  echo x
FROM alpine

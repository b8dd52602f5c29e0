FROM alpine
LABEL lonely

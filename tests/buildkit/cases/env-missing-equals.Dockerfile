FROM alpine
ENV A=1 bare
LABEL ok=1

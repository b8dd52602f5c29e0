FROM alpine
COPY [true, "/x"]

# Go service: builder on golang:alpine, runtime on alpine:latest.
FROM golang:alpine as builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM alpine:latest
RUN apk add ca-certificates tzdata
COPY --from=builder /out/server /usr/local/bin/server
USER nobody
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/server"]

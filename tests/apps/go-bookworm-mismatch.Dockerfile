FROM golang:1.24 AS builder
WORKDIR /build
COPY . .
RUN go build -o app ./cmd/server

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=builder /build/app /usr/local/bin/app
CMD ["app"]

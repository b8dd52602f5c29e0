FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release

FROM alpine:3.22
COPY --from=build /src/target/release/svc /usr/local/bin/svc
RUN adduser -S -D -u 10001 svc
USER 10001
CMD ["svc"]

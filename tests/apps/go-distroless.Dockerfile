FROM golang:1.25 AS build
WORKDIR /go/src/app
COPY . .
RUN go build -o /go/bin/app

FROM gcr.io/distroless/base-debian12
COPY --from=build /go/bin/app /
CMD ["/app"]

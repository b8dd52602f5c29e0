# syntax=docker/dockerfile:1
# fromlint's own image: a static musl binary on a shell-less base. The test
# suite lints this file with every lint and expects no findings
# (tests/dogfood.rs). Digests are multi-arch index digests; refresh them with
# `fromlint pin --update Dockerfile`.

# The builder's musl-dev comes from the index the pinned base image digest
# ships; Alpine keeps only the newest build, so a version pin would break.
# fromlint stage ignore=apk-pin
FROM rust:1-alpine@sha256:a10e64dd139b7387337c7fbe8aca31b959b57b2fd4c8ae20a02cf1d6ea424dce AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
# Rust links musl statically, so the binary needs nothing from the final image.
RUN cargo build --profile dist --locked && cp target/dist/fromlint /fromlint

FROM gcr.io/distroless/static-debian13:nonroot@sha256:f7f8f729987ad0fdf6b05eeeae94b26e6a0f613bdf46feea7fc40f7bd72953e6
COPY --from=build /fromlint /usr/local/bin/fromlint
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/fromlint"]

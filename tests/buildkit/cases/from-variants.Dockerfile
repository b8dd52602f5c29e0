ARG BASE=alpine
ARG TAG
FROM --platform=$BUILDPLATFORM ${BASE}:${TAG:-3.19} AS build.stage-1
FROM alpine # not a comment
FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
FROM --some-flag=x scratch

FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=bind,source=.,target=/src go build ./...
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
RUN --network=none --security=insecure make
RUN --mount=type=cache,target=/var/cache/apt ["apt-get", "update"]
COPY --from=build --chown=1000:1000 --chmod=755 /out/app /usr/local/bin/app
COPY --link --from=build /a /b
COPY --parents --exclude=*.md ./docs/ /docs/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar.gz /
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.10.1 /buildkit
RUN -- --not-a-flag
RUN --flag -- --after-terminator
RUN -x not a flag
RUN --
RUN --only-flag

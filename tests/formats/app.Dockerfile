# fromlint ignore=latest-tag,missing-digest
FROM python:3.12 AS build
RUN pip install --no-cache-dir build \
    && python -m build

FROM quay.io/acme/runtime:1.0 AS runtime
COPY --from=build /dist /dist

FROM python:3.12
COPY --from=runtime /opt /opt

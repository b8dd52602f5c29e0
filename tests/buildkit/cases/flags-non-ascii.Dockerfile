FROM alpine
COPY --chown=usér:grp a /b
COPY --chmod=755 données /dest/
COPY --chown=à:grp c /d/

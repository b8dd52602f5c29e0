FROM alpine
HEALTHCHECK NONE
HEALTHCHECK --interval=5s --timeout=3s CMD ["curl", "-f", "http://localhost/"]
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
HEALTHCHECK --interval=5s CMD
HEALTHCHECK --retries=3 CMD    ["spaced"]
HEALTHCHECK CMD ['x']
HEALTHCHECK	CMD	tabbed
HEALTHCHECK NONE extra

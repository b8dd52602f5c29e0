FROM alpine
CMD [{"a": 1}, 2]

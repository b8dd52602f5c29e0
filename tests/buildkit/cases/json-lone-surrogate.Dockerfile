FROM alpine
CMD ["\ud800"]
CMD ["\udc00x", "\ud83d"]

FROM alpine
ENV single
RUN echo the tree goes on

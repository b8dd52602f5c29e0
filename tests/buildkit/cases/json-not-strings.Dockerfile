FROM alpine
CMD ["echo", 1]
RUN echo after the bad instruction

# escape=x
FROM alpine
RUN echo hi

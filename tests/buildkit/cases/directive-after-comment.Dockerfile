# a comment first
# escape=`
FROM alpine
RUN echo a \
    b

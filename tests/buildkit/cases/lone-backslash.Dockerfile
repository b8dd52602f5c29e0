FROM alpine
\
RUN echo after lone backslash
RUN echo a \
\
    b
\   
\

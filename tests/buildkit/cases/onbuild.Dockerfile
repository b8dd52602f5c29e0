FROM alpine
ONBUILD RUN echo built
ONBUILD COPY --from=x a b
onbuild run ["x", "y"]
ONBUILD ENV A=1 B="two words"
ONBUILD HEALTHCHECK --interval=5s CMD ["true"]
ONBUILD ONBUILD RUN nested
ONBUILD FROM scratch
ONBUILD --flag RUN x
ONBUILD   RUN   spaced   

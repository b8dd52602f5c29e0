FROMalpine
RUNecho form feed
RUN echo trailing vertical tab
RUN echo nbsp 
RUN echo nbsp is not a separator
EXPOSE 80443
RUN echo escape then vt \
RUN echo continues? \
ARG a\
RUN --mount=ab x
CMD["vt"]
HEALTHCHECKCMD["x"]

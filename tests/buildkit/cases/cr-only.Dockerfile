FROM alpineRUN echo lone CR is not a newline
RUN echo x
RUN echo y \
  z

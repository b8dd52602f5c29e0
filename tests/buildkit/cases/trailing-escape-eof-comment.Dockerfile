FROM alpine
RUN echo hi \
# trailing comment

   
FROM alpine
RUN <<EOF
echo one
EOF
RUN echo next instruction directly
COPY <<EOF /a
x
EOF
CMD ["sh"]

FROM alpine
\
    RUN echo indented after a lone backslash
\

	# comment
	COPY a b

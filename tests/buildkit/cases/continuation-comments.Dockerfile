FROM alpine
RUN apk add \
# a comment at column 0
    curl \
    # an indented comment
    git \
	# a tab-indented comment
    jq
RUN echo \
# a comment ending with a backslash \
    done
RUN echo one \
    # comment right before the end
    two

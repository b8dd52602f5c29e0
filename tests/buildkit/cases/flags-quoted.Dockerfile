FROM alpine
RUN --mount="type=secret,id=a b" echo quoted
RUN --mount='type=bind,target=/x y' echo single
RUN --label=a\ b echo escaped space
RUN --x="a\"b" echo escaped quote
RUN --y='a\'b' echo backslash in single quotes
RUN --z="" echo empty quoted
RUN --w="unterminated echo rest
RUN --end=trailing\\

FROM alpine
ENV a b
ENV OLD multiple   words  here
ENV A=
ENV B= C=1
ENV MY_DOG=Rex\ The\ Dog
ENV X="a b" Y='c d' Z=e\"f
ENV Q="unterminated
ENV K="a\Pb"
LABEL a=b c="d e" "f g"=h
LABEL single value form
LABEL description="multi \
    line \
    value" version=1
LABEL "quoted key"='single quoted \
value'
ARG a=1 b=2
ARG _X=1
ARG lower-dash=1
ARG D=a b
ARG x="a b"
ARG trailing\\\
ARG
ENV E=v\\\

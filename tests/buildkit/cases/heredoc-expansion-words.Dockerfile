FROM alpine
RUN echo ${A:-x y} <<EOF
one
EOF
RUN echo $HOME <<$NAME
two
$NAME
RUN echo "quoted <<EOF" <<REAL
three
REAL
RUN echo ${} <<EOF
four
EOF
RUN echo ${x:#a} ${x:y} <<EOF
five
EOF
RUN echo ${x:-a <<EOT} <<EOF
seven
EOT}
EOF

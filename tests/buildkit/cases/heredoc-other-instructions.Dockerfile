FROM alpine
ENV A=<<EOF
LABEL x=<<EOF
CMD <<EOF
echo not a heredoc for CMD
EOF
ADD <<EOF /added
added content
EOF

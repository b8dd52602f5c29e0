FROM alpine
RUN <<'EOF'
echo $HOME
EOF
RUN <<"EOF"
echo "$HOME"
EOF
RUN <<E"O"F
mixed
EOF
RUN <<\EOF
escaped
EOF
RUN <<"A B"
spaced name
A B
RUN <<'' echo empty name is not a heredoc
RUN cat <<EOF 'unterminated
not a body

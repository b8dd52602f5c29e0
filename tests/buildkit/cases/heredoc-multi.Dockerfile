FROM alpine
RUN <<FILE1 cat > /file1 && <<FILE2 cat > /file2
I am
first
FILE1
I am
second
FILE2
COPY <<A <<B /dest/
a
A
b
B
RUN cat 3<<EOF0 4<<EOF1
zero
EOF0
one
EOF1
USER nobody

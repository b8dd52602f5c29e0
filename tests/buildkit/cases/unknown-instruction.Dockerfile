FROM alpine
FOOBAR baz qux
RUNNER x
FROMAGE y
apt-get install -y curl

from alpine:3.19 as build
run echo hi
Copy --from=build /a /b
wOrKdIr /app
env A=1
Arg X=y
entrypoint ["/bin/sh"]
onbuild run echo built
healthcheck cmd true

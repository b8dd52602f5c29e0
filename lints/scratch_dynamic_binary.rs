use super::Context;
use crate::build::binaries::{Linkage, copied_binaries};
use crate::model::Origin;

declare_lint! {
    /// Flags a `scratch` final stage that copies in a binary built without
    /// static linking.
    ///
    /// ## Why is this bad?
    /// `scratch` is empty: no C library, no dynamic loader. A dynamically
    /// linked binary fails to start with the puzzling `exec /app: no such
    /// file or directory` (the missing file is the loader). Go links glibc
    /// dynamically when cgo is on (the default in the Debian-based `golang`
    /// images, which ship gcc) and the program uses `net` or `os/user`; Rust
    /// links glibc dynamically for `-gnu` targets unless built with
    /// `crt-static`. Binaries built with `CGO_ENABLED=0`, on `golang:*-alpine`
    /// without a C compiler (cgo is then off), or for a Rust musl target are
    /// static and not reported. Only copies whose source is the recognised
    /// output of a `go build -o`, `go install` or `cargo build` are judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26-trixie AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /out/server ./cmd/server
    ///
    /// FROM scratch
    /// COPY --from=build /out/server /server
    /// ENTRYPOINT ["/server"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.26-trixie AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server
    ///
    /// FROM scratch
    /// COPY --from=build /out/server /server
    /// ENTRYPOINT ["/server"]
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: build statically (`CGO_ENABLED=0`, a
    /// `x86_64-unknown-linux-musl` target or `-C target-feature=+crt-static`),
    /// or use `gcr.io/distroless/cc-debian13` as the base. The help also
    /// lists what `scratch` lacks besides a libc.
    pub static SCRATCH_DYNAMIC_BINARY = {
        id: "scratch-dynamic-binary",
        severity: Error,
        fix: None,
        group: Correctness,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    if !matches!(model.origin(last), Origin::Scratch) {
        return;
    }
    for (copy, source, binary) in copied_binaries(cx.runs, &model.chain(last)) {
        let Linkage::Dynamic(libc) = binary.linkage else {
            continue;
        };
        let instruction = model.instruction(copy.instruction);
        cx.report(
            instruction.keyword().span.cover(instruction.args.span),
            format!(
                "`{source}` is {}; `scratch` has no {} to load it, so it fails with `no such file or directory`",
                binary.reason,
                libc.as_str()
            ),
        )
        .label("dynamically linked binary")
        .help(
            "build it statically (`CGO_ENABLED=0`, a musl target, or `-C target-feature=+crt-static`) or use \
             `gcr.io/distroless/cc-debian13`; scratch also lacks CA certificates (`/etc/ssl/certs`), time zones \
             (`/usr/share/zoneinfo`) and `/etc/passwd` (use a numeric `USER`)",
        );
    }
}

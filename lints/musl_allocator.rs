use super::Context;
use crate::build::binaries::{Lang, copied_binaries};
use crate::knowledge::{distroless_ref, names_allocator};

declare_lint! {
    /// Flags a Rust server built for musl (an Alpine builder or a
    /// `*-unknown-linux-musl` target) when nothing in the build names
    /// another memory allocator.
    ///
    /// ## Why is this bad?
    /// musl's `malloc` favours small size over multi-threaded throughput:
    /// a server that allocates from many threads at once can spend much of
    /// its time in the allocator, and runs noticeably slower than the same
    /// program built for glibc. Rust programs for musl usually register
    /// another global allocator (`mimalloc`, `jemalloc`) for that reason.
    /// A note, not a warning: the allocator is chosen in `Cargo.toml` and
    /// the code, of which fromlint reads only the build context's
    /// top-level `Cargo.toml` (when it has a file system). It is reported
    /// for a binary the final image copies from a stage that builds it for
    /// musl with `cargo build`/`cargo install`, in an image that `EXPOSE`s
    /// a port; not when the Dockerfile or the build context's `Cargo.toml`
    /// (when fromlint reads it) names `mimalloc`, `jemalloc` or `snmalloc`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM rust:1-alpine AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN cargo build --release
    ///
    /// FROM alpine:3.24
    /// COPY --from=build /src/target/release/server /usr/local/bin/server
    /// EXPOSE 8080
    /// CMD ["server"]
    /// ```
    ///
    /// Use instead (or keep musl and register `mimalloc` as the global
    /// allocator: `#[global_allocator] static GLOBAL: mimalloc::MiMalloc =
    /// mimalloc::MiMalloc;`):
    /// ```dockerfile
    /// FROM rust:1-slim-trixie AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN cargo build --release
    ///
    /// FROM gcr.io/distroless/cc-debian13
    /// COPY --from=build /src/target/release/server /usr/local/bin/server
    /// EXPOSE 8080
    /// CMD ["server"]
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: the allocator is chosen in the program.
    pub static MUSL_ALLOCATOR = {
        id: "musl-allocator",
        severity: Info,
        fix: None,
        group: Performance,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    let chain = model.chain(last);
    let in_chain = |index: usize| {
        model
            .stage_of(index)
            .is_some_and(|s| chain.iter().any(|c| c.index == s.index))
    };
    // A server: the final image exposes a port.
    if !model
        .exposed_ports()
        .iter()
        .any(|p| in_chain(p.instruction))
    {
        return;
    }
    // The binary first: few images copy a musl Rust program, and the
    // allocator's name is searched for in every word.
    let binaries = copied_binaries(cx.runs, &chain);
    let Some((copy, source, binary)) = binaries
        .iter()
        .find(|(_, _, b)| b.lang == Lang::Rust && b.musl)
    else {
        return;
    };
    let named_in_context = ["mimalloc", "jemalloc", "snmalloc"]
        .iter()
        .any(|a| model.context().mentions("Cargo.toml", a));
    let named_in_file = model.stages.iter().any(|stage| {
        cx.runs.of(stage).iter().any(|run| {
            run.commands
                .iter()
                .any(|c| c.words().iter().any(|w| names_allocator(&w.text)))
        })
    }) || model
        .key_values()
        .iter()
        .any(|kv| names_allocator(&kv.value));
    if named_in_context || named_in_file {
        return;
    }
    let instruction = model.instruction(copy.instruction);
    cx.report(
        instruction.keyword().span.cover(instruction.args.span),
        format!(
            "`{source}` is a Rust program built against musl ({}), whose allocator is slow when many threads allocate",
            binary.reason
        ),
    )
    .label("musl's malloc")
    .help(format!(
        "if this server allocates from many threads, register `mimalloc` or `jemalloc` as its `#[global_allocator]` (fromlint reads only the build context's top-level `Cargo.toml`; if the program already does, suppress this note), or build for glibc and run on `{}`",
        distroless_ref("cc")
    ));
}

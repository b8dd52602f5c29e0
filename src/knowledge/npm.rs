//! npm packages with native code, and whether they install on musl
//! (Alpine) without compiling (npm registry, checked 2026-11-23 [NPM]).

/// How a package fares on musl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Musl {
    /// Prebuilt musl binaries are published (and libc-specific: a
    /// `node_modules` built on glibc does not run on musl, or back).
    Prebuilt,
    /// No musl prebuilds before this major: it compiles with node-gyp and
    /// needs these apk packages.
    SourceBefore(u64, &'static str),
    /// Deprecated: replace with this package.
    Deprecated(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct NativeModule {
    pub package: &'static str,
    pub musl: Musl,
    pub source: &'static str,
}

pub const NATIVE_MODULES: &[NativeModule] = &[
    NativeModule {
        package: "sharp",
        musl: Musl::Prebuilt,
        source: "NPM, SHARP-3750",
    },
    NativeModule {
        package: "bcrypt",
        musl: Musl::Prebuilt,
        source: "NPM",
    },
    NativeModule {
        package: "argon2",
        musl: Musl::Prebuilt,
        source: "NPM",
    },
    NativeModule {
        package: "better-sqlite3",
        musl: Musl::Prebuilt,
        source: "NPM",
    },
    NativeModule {
        package: "sqlite3",
        musl: Musl::Prebuilt,
        source: "NPM",
    },
    NativeModule {
        package: "canvas",
        musl: Musl::SourceBefore(
            4,
            "build-base g++ cairo-dev pango-dev jpeg-dev giflib-dev librsvg-dev pixman-dev pkgconf python3",
        ),
        source: "NPM, CANVAS-README-323, CANVAS-README-master",
    },
    NativeModule {
        package: "node-sass",
        musl: Musl::Deprecated("sass"),
        source: "NPM, SASS-BLOG",
    },
    NativeModule {
        package: "grpc",
        musl: Musl::Deprecated("@grpc/grpc-js"),
        source: "NPM, GRPC-NODE",
    },
];

pub fn native_module(name: &str) -> Option<&'static NativeModule> {
    NATIVE_MODULES.iter().find(|m| m.package == name)
}

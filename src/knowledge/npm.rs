//! npm packages with native code, and whether they install on musl
//! (Alpine) without compiling (`data/npm.toml`).

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
    pub checked: crate::date::Date,
}

pub use super::data::NATIVE_MODULES;

pub fn native_module(name: &str) -> Option<&'static NativeModule> {
    NATIVE_MODULES.iter().find(|m| m.package == name)
}

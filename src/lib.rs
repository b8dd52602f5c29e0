//! fromlint: a Dockerfile linter that knows base images.
//!
//! Data flows one way: source text → [`syntax::parse`] (lossless, error
//! tolerant) → [`model::Model`] (stages, resolved image references) →
//! [`lints`] → [`diagnostic::Diagnostic`]s with fixes → [`report`]ers.

pub mod allocator;
pub mod atomic;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod exact;
pub mod explain;
pub mod fix;
pub mod grouped;
pub mod input;
pub mod knowledge;
#[path = "../lints/mod.rs"] // one lint per file in the top-level lints/ directory
pub mod lints;
pub mod model;
pub mod pattern;
pub mod pin;
pub mod pip;
#[doc(hidden)]
pub mod prerequisite;
pub mod report;
pub mod server;
pub mod shell;
pub mod shellcheck;
pub mod span;
pub mod suppress;
pub mod syntax;
pub mod text;

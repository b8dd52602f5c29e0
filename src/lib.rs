//! fromlint: a Dockerfile linter that knows base images.

pub mod diagnostic;
#[path = "../lints/mod.rs"] // one lint per file under the top-level lints/ directory
pub mod lints;
pub mod knowledge;
pub mod model;
pub mod pip;
pub mod shell;
pub mod span;
pub mod syntax;

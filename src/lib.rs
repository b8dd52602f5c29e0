//! fromlint: a Dockerfile linter that knows base images.

pub mod diagnostic;
pub mod knowledge;
pub mod model;
pub mod pip;
pub mod shell;
pub mod span;
pub mod syntax;

//! fromlint: a Dockerfile linter that knows base images.

pub mod span;
pub mod syntax;

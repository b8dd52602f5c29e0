//! fromlint: a Dockerfile linter that knows base images.

pub mod model;
pub mod span;
pub mod syntax;

//! `fromlint pin`: resolving tags to digests in OCI registries and writing
//! `image:tag@sha256:…` back into Dockerfiles. The only part of fromlint
//! that uses the network; linting never does.

pub mod auth;
pub mod helper;
pub mod plan;
pub mod reference;
pub mod registry;
pub mod url;

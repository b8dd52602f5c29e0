//! Where each fact comes from. Keys are cited by the data files in
//! `src/knowledge/data/`; the build fails on a key that is not listed in
//! `sources.toml`.

use crate::date::Date;

/// The oldest date any fact was last checked, as a literal for `concat!`
/// (the `--version` text). Computed by the build from the data files.
#[macro_export]
macro_rules! knowledge_checked {
    () => {
        env!("FROMLINT_KNOWLEDGE_CHECKED")
    };
}

/// The oldest date any fact was last checked.
pub const CHECKED: &str = super::data::OLDEST_CHECKED;

pub use super::data::SOURCES;

pub struct Source {
    pub key: &'static str,
    pub reference: &'static str,
    /// When the reference was last checked.
    pub checked: Date,
}

/// The reference text for a source key.
pub fn source(key: &str) -> Option<&'static str> {
    SOURCES.iter().find(|s| s.key == key).map(|s| s.reference)
}

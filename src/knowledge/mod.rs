//! What fromlint knows about base images, as data. Every fact names its
//! source (a key into [`SOURCES`]); lints read these tables and never carry
//! image facts of their own.

mod images;
mod shellless;
mod sources;
mod wheels;

pub use images::{
    CURRENT_TAGS, DEBIAN_CURRENT, DEBIAN_SUITES, FAMILIES, Family, SlimStyle, Variant, current_tag,
    family, ubuntu_suite_of,
};
pub use shellless::{SHELLLESS, ShellLess, shellless};
pub use sources::{CHECKED, SOURCES, Source};
pub use wheels::{MUSL_WHEELS, MuslWheels, musl_wheels};

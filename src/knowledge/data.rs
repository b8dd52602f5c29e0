//! The tables compiled from `src/knowledge/data/*.toml` by `build.rs`.

use super::eol::{Cycle, Eol, Lts, Product};
use super::families::{Cadence, Current, Distro, Family, Kind, SlimStyle};
use super::mirrors::{Derived, Mirror};
use super::npm::{Musl, NativeModule};
use super::published::Published;
use super::sources::Source;
use super::wheels::MuslWheels;
use crate::date::Date;

include!(concat!(env!("OUT_DIR"), "/knowledge.rs"));

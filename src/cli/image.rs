//! `fromlint image REF`: what the knowledge base says about an image
//! reference, and smaller or safer alternatives, ranked.

use super::{EXIT_CLEAN, EXIT_ERROR, ImageFormat, print};
use crate::date::Date;
use crate::explain::{explain, human};
use crate::model::{Expanded, ImageRef};

pub(super) fn run(reference: &str, format: ImageFormat) -> i32 {
    let Some(image) = ImageRef::parse(&Expanded::literal(reference, 0)) else {
        eprintln!("fromlint: error: `{reference}` is not an image reference");
        return EXIT_ERROR;
    };
    let report = explain(&image, Date::today());
    let text = match format {
        ImageFormat::Json => serde_json::to_string_pretty(&report).expect("serializable") + "\n",
        ImageFormat::Human => human(&report),
    };
    print(&text).max(EXIT_CLEAN)
}

//! Arbitrary bytes through the whole pipeline: decode, parse, model, every
//! lint, both reporters and the fix loop. Any panic is a bug.
#![no_main]

use fromlint::diagnostic::Applicability;
use fromlint::lints::Settings;
use fromlint::report::{FileReport, human, json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = fromlint::input::decode(data.to_vec()) else {
        return;
    };
    let settings = Settings::default();
    let diagnostics = fromlint::check::check_source(&source, &settings);
    for d in &diagnostics {
        assert!(d.span().start() <= d.span().end() && d.span().end() <= source.len());
        assert!(
            source.is_char_boundary(d.span().start()) && source.is_char_boundary(d.span().end())
        );
    }
    let report = FileReport {
        path: "fuzz".into(),
        source: source.clone(),
        diagnostics,
    };
    let _ = human::render(&report, false, 80);
    let _ = json::render(std::slice::from_ref(&report));
    let _ = fromlint::fix::fix_source(&source, &settings, &|_| None, Applicability::Unsafe);
});

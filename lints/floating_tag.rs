use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::knowledge::{
    Family, Kind, Tag, cycle, debian_unreleased, distroless_debian, family, parse_tag, render,
    suggestable, ubuntu_suite_of,
};
use crate::model::ImageRef;

declare_lint! {
    /// Flags image tags that move to new versions or releases: rolling
    /// aliases, single-number versions and Debian-based tags without a
    /// release codename.
    ///
    /// ## Why is this bad?
    /// `node:lts`, `python:alpine` and `alpine:3` follow new releases as they
    /// come out; `python:3` and `node:24` follow every minor version
    /// (a Java major such as `eclipse-temurin:21` is a release line that only
    /// gets updates, like `python:3.12`, and is not reported for that);
    /// `debian:sid` and `debian:forky` change continuously; and
    /// `python:3.12-slim` or `golang:1.26` name no distribution release, so
    /// they move from Debian 13 (`trixie`) to Debian 14 when it ships, which
    /// changes glibc, OpenSSL and every system package under you. The same
    /// goes for `-alpine` without its release (`-alpine3.24`) and for
    /// distroless names without `-debian13`. The message says what the tag
    /// resolves to today, from fromlint's knowledge of the official library.
    ///
    /// Not reported: references with a digest (pinned), `latest` and
    /// untagged images (`latest-tag` and `untagged-image`), patch and
    /// pre-release tags (`python:3.11.3-alpine`, `python:3.11.0b4`: they are
    /// frozen once the next patch ships, not rebuilt on new releases), Debian and
    /// Ubuntu release tags (`debian:bookworm`, `ubuntu:24.04`: the release is
    /// the pin), and version lines that are no longer published (their tags
    /// do not move any more; `eol-base-image` reports them).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim-trixie
    /// ```
    ///
    /// ## Fix
    /// Safe: the release the tag resolves to today is written into it
    /// (`3.12-slim` → `3.12-slim-trixie`, `24-alpine` → `24-alpine3.24`,
    /// `distroless/static` → `distroless/static-debian13`), which is the same
    /// image today and stays on that release. Aliases and single-number
    /// versions have no automatic fix: pick the version you test with. When
    /// the tag also has such a version (`node:22-alpine`), the help says
    /// that the fix pins only the release and the version is still yours to
    /// choose. On the base of an application's final image that
    /// `full-distro-base` reports, that lint's fix is the one tag that
    /// settles both (`python:3.12` → `3.12-slim-trixie`, unsafe: the slim
    /// variant drops the compilers); this lint's safe fix pins the same
    /// release (`3.12-trixie`), a step towards it, and the help names it.
    /// No fix names a tag the knowledge does not back for its release line.
    pub static FLOATING_TAG = {
        id: "floating-tag",
        severity: Info,
        fix: Safe,
        group: Reproducibility,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let (model, today) = (cx.model, cx.settings.today);
    for (_, image) in model.images() {
        if image.digest.is_some() {
            continue;
        }
        let Some(finding) = assess(image, today) else {
            continue;
        };
        // On the final image's base, `full-distro-base` suggests the slim
        // variant on the same release: that tag settles both findings. This
        // lint's safe fix (same image, release pinned) is a step towards it,
        // and the help names it, so the two never pull apart.
        let combined = finding.fix.as_ref().and_then(|_| {
            let tag = super::full_distro_base::suggested_tag(model, image, today)?;
            names_release(image, &tag).then(|| image.with_tag(&tag))
        });
        let span = image.tag.as_ref().map_or(image.repository.span, |t| t.span);
        let diagnostic = cx.report(
            span,
            format!("`{}` moves: {}", image.text, finding.reasons.join("; ")),
        );
        diagnostic.label("moving tag");
        let help = match combined {
            Some(slim) => format!(
                "{}; for this final image, `{slim}` (`full-distro-base`'s fix) pins the same release and drops the compilers",
                finding.help
            ),
            None => finding.help,
        };
        diagnostic.help(help);
        if let Some((edit, title)) = finding.fix {
            diagnostic.fix(Applicability::Safe, title, vec![edit]);
        }
    }
}

/// Whether `new_tag` of `image` names its distribution release (what this
/// lint's fix writes).
fn names_release(image: &ImageRef, new_tag: &str) -> bool {
    let Some(name) = image.family_name() else {
        return false;
    };
    let Some(family) = family(&name) else {
        return false;
    };
    let Some(tag) = parse_tag(family, new_tag) else {
        return false;
    };
    tag.suite.is_some() || matches!(tag.alpine, Some(Some(_)))
}

struct Finding {
    reasons: Vec<String>,
    help: String,
    fix: Option<(Edit, String)>,
}

fn assess(image: &ImageRef, today: crate::date::Date) -> Option<Finding> {
    let Some(name) = image.family_name() else {
        return distroless(image);
    };
    let family = family(&name)?;
    let tag_text = image.tag_text().filter(|t| *t != "latest")?;
    let tag = parse_tag(family, tag_text)?;
    if tag.version.as_deref().is_some_and(|v| frozen(family, v)) {
        return None;
    }
    let runtime = matches!(family.kind, Kind::Runtime(_));
    if let (Some(product), Some(version)) = (family.product(), &tag.version) {
        let ended = cycle(product, version).is_some_and(|c| c.ended(today).is_some());
        if ended || !family.is_maintained(Some(version)) {
            return None;
        }
    }
    let mut reasons = Vec::new();
    let mut help = if family.name == "alpine" {
        "pin the release you test with (major.minor)".to_string()
    } else if tag.alpine.is_some() {
        "pin the version you test with (major.minor, and the Alpine release)".to_string()
    } else {
        "pin the version you test with (major.minor, and the release codename)".to_string()
    };
    // What a fix that pins only the distribution release leaves moving.
    let mut still_moves = None;
    if let Some(alias) = &tag.alias {
        reasons.push(format!(
            "`{alias}` is a rolling alias for the current release"
        ));
        still_moves = Some(format!(
            "`{alias}` still follows new releases: replace it with the version you test with"
        ));
        if let Some(version) = family.alias_version(alias) {
            let pinned = Tag {
                version: Some(version.to_string()),
                alias: None,
                ..tag.clone()
            };
            help = format!(
                "`{alias}` is `{version}` today: use `{}`",
                image.with_tag(&render(family, &pinned))
            );
        }
    }
    match &tag.version {
        None if runtime && tag.alias.is_none() => {
            reasons.push(format!(
                "no version, so it follows every new {} release",
                family.name
            ));
            still_moves = Some("the tag still has no version: add the one you test with".into());
        }
        // A single number is a whole major line where minors are releases
        // (Python 3.x, Node.js, Alpine 3.x); a Java feature release (`21`)
        // only gets updates, like `python:3.12`.
        Some(v)
            if (family.precision() >= 2 || family.name == "node" || family.name == "alpine")
                && !v.contains('.')
                && (runtime || family.name == "alpine") =>
        {
            reasons.push(format!(
                "`{v}` follows every minor and patch release of {v}.x"
            ));
            still_moves = Some(format!(
                "`{v}` still follows every minor release: pin the one you test with ({v}.x)"
            ));
        }
        _ => {}
    }
    if family.name == "debian"
        && tag
            .suite
            .as_deref()
            .is_some_and(|s| debian_unreleased(s, crate::date::Date::today()))
    {
        reasons.push("Debian testing and unstable change continuously".to_string());
    }
    let mut fix = None;
    if let Some(None) = tag.alpine {
        let pinned = family.alpine.map(|release| Tag {
            alpine: Some(Some(release.to_string())),
            ..tag.clone()
        });
        reasons.push(format!(
            "`alpine` without a release follows new Alpine releases{}",
            family
                .alpine
                .map(|r| format!(" (today {r})"))
                .unwrap_or_default()
        ));
        fix = pinned
            .filter(|t| suggestable(family, t))
            .map(|t| render(family, &t));
    } else if runtime && tag.alpine.is_none() && tag.suite.is_none() && !family.suites.is_empty() {
        let line = tag.line(family)?;
        let suite = family.default_suite(line);
        let distro = match suite.map(ubuntu_suite_of) {
            Some(Some(_)) => "Ubuntu",
            _ => "Debian",
        };
        reasons.push(format!(
            "no {distro} release in the tag, so it moves to the next one{}",
            suite.map(|s| format!(" (today `{s}`)")).unwrap_or_default()
        ));
        fix = suite
            .map(|s| Tag {
                suite: Some(s.to_string()),
                ..tag.clone()
            })
            .filter(|t| suggestable(family, t))
            .map(|t| render(family, &t));
    }
    if reasons.is_empty() {
        return None;
    }
    let fix = fix.and_then(|new_tag| {
        let tag = image.tag.as_ref().filter(|t| t.literal)?;
        let suggested = image.with_tag(&new_tag);
        let title = match &still_moves {
            None => {
                help = format!(
                    "use `{suggested}`{}",
                    pin_hint(family, &tag_text_version(image))
                );
                format!("use `{suggested}`")
            }
            Some(rest) => {
                help = format!("`{suggested}` pins the distribution release only; {rest}");
                format!("pin the distribution release: `{suggested}`")
            }
        };
        Some((Edit::replace(tag.span, new_tag.clone()), title))
    });
    Some(Finding { reasons, help, fix })
}

/// A patch or pre-release tag (`3.11.3`, `3.11.0b4`, node `24.11.0`): it
/// is not rebuilt on new releases once the next patch ships, so it does not
/// move, and variants of it name only what was published back then.
fn frozen(family: &Family, version: &str) -> bool {
    version.chars().any(|c| c.is_ascii_alphabetic() || c == '_')
        || version.split('.').count() > family.precision().max(2)
}

fn tag_text_version(image: &ImageRef) -> String {
    image
        .tag_text()
        .and_then(|t| t.split('-').next())
        .unwrap_or("")
        .to_string()
}

/// Advice to also pin the patch level, for runtimes.
fn pin_hint(family: &Family, version: &str) -> String {
    match family.kind {
        Kind::Runtime(_) if version.contains('.') => {
            format!(", and pin the patch release (`{version}.<patch>`) if you want no surprises")
        }
        _ => String::new(),
    }
}

/// `gcr.io/distroless/static` without `-debianNN` resolves to Debian 13
/// today and will change. [DL-README]
fn distroless(image: &ImageRef) -> Option<Finding> {
    let name = image.full_name();
    let rest = name.strip_prefix("gcr.io/distroless/")?;
    if rest.contains("-debian") {
        return None;
    }
    image.describe().minimal.as_ref()?;
    let suffix = format!("-debian{}", distroless_debian());
    let fix = image.repository.literal.then(|| {
        (
            Edit::insert(image.repository.span.end(), suffix.clone()),
            format!("use `{name}{suffix}`"),
        )
    });
    Some(Finding {
        reasons: vec![format!(
            "an unsuffixed distroless name resolves to `{rest}{suffix}` today and will change with the next Debian release"
        )],
        help: format!("name the Debian release: `{name}{suffix}`"),
        fix,
    })
}

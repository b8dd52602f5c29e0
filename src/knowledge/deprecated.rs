//! Images that are no longer maintained or published, with what replaces
//! them.

/// Why an image is dead and what to use instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// What happened, for messages (`deprecated; only early-access builds
    /// after July 2022`).
    pub status: String,
    /// The replacement reference (may contain `<tag>` placeholders filled by
    /// the caller when it knows the tag).
    pub replacement: String,
    /// The replacement for an image that only runs a Java program (a JRE
    /// suffices), when it differs (`eclipse-temurin:17-jre` for
    /// `openjdk:17`).
    pub runtime_replacement: Option<String>,
    /// Whether the replacement's first word is a reference to write in
    /// place of the image (not when only the image is known, and a bare
    /// name would float to an older release than the one in use).
    pub writable: bool,
    pub source: &'static str,
}

/// `8`, `8u342`, `1.8`, `11.0.16`, `17-jdk` → the Java major.
pub fn java_major(tag: &str) -> Option<u32> {
    let digits: String = tag.chars().take_while(|c| c.is_ascii_digit()).collect();
    let major: u32 = digits.parse().ok()?;
    if major == 1 {
        let rest = tag.strip_prefix("1.")?;
        return rest
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .ok();
    }
    Some(major)
}

/// The Temurin tag for Java code that ran on an `openjdk`/`java` tag (or
/// another vendor's JDK): the same major when Temurin publishes it and
/// supports it on `today`, else the next supported line (never an older
/// one: code built for a newer Java does not run on an older one); `-jre`
/// when `jre` (only a jar runs) or the tag was a JRE, `-alpine` kept.
/// `None` when Temurin publishes no supported line that new.
pub fn temurin_tag(tag: Option<&str>, jre: bool, today: crate::date::Date) -> Option<String> {
    let family = super::family("eclipse-temurin")?;
    let tag = tag.unwrap_or("latest");
    let major = match java_major(tag) {
        Some(major) => super::next_supported_line(family, &major.to_string(), today)?.to_string(),
        None => family.current_line(today)?,
    };
    let kind = if jre || tag.contains("jre") {
        "jre"
    } else {
        "jdk"
    };
    let alpine = if tag.contains("alpine") {
        "-alpine"
    } else {
        ""
    };
    Some(format!("{major}-{kind}{alpine}"))
}

/// `eclipse-temurin:<tag>` for an `openjdk`/`java` tag, or the image with a
/// note when Temurin publishes no supported release of that Java yet.
fn temurin_replacement(tag: Option<&str>, jre: bool) -> String {
    let today = crate::date::Date::today();
    match temurin_tag(tag, jre, today) {
        Some(tag) => format!("eclipse-temurin:{tag}"),
        None => format!(
            "eclipse-temurin (once it publishes Java {}; no supported Temurin release is that new)",
            tag.and_then(java_major)
                .map_or("this".into(), |m| m.to_string())
        ),
    }
}

/// The newest long-term-support .NET line today (`10.0`), for the tag of a
/// retired .NET repository's replacement.
fn dotnet_lts() -> &'static str {
    super::eol::newest("dotnet", true, crate::date::Date::today()).map_or("", |c| c.cycle)
}

/// The `mcr.microsoft.com/dotnet/<image>` that replaces a tag of the retired
/// Docker Hub `microsoft/dotnet` repository (`2.1-aspnetcore-runtime`,
/// `2.2-sdk-alpine`): the image the tag's words name, the SDK by default.
fn dotnet_image(tag: Option<&str>) -> &'static str {
    let tag = tag.unwrap_or("");
    if tag.contains("aspnetcore") {
        "aspnet"
    } else if tag.contains("runtime-deps") {
        "runtime-deps"
    } else if tag.contains("runtime") {
        "runtime"
    } else {
        "sdk"
    }
}

/// A Java major spelt in an AdoptOpenJDK repository or tag
/// (`adoptopenjdk/openjdk11`, `adoptopenjdk:11-jre-hotspot`,
/// `jdk8u292-b10`), as a tag `temurin_tag` maps.
fn adoptopenjdk_tag(name: &str, tag: Option<&str>) -> String {
    let digits = |s: &str| -> String {
        s.trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .take_while(char::is_ascii_digit)
            .collect()
    };
    let tag = tag.unwrap_or("");
    let from_name = name.rsplit('/').next().map(digits).unwrap_or_default();
    let major = if from_name.is_empty() {
        digits(tag)
    } else {
        from_name
    };
    let kind = if tag.contains("jre") { "-jre" } else { "" };
    let alpine = if tag.contains("alpine") {
        "-alpine"
    } else {
        ""
    };
    format!("{major}{kind}{alpine}")
}

/// The deprecation of `name` (registry and repository, official images by
/// bare name), if the image is dead. [DOCS-openjdk-depr, DOCS-java-depr,
/// DOCS-centos-depr, DOCS-adoptopenjdk-depr, DL-SUPPORT, DL-git-log,
/// DL-README, ASPNET-ANN-298, DOTNET-ANN-197, DOTNET-CORE-PATHS,
/// TIANGOLO-DEPR]
pub fn deprecation(name: &str, official: bool, tag: Option<&str>) -> Option<Deprecation> {
    if official {
        return match name {
            "adoptopenjdk" => Some(Deprecation {
                status: "deprecated: no updates after 2021-08-01 (AdoptOpenJDK moved to Eclipse Adoptium)".into(),
                replacement: temurin_replacement(Some(&adoptopenjdk_tag(name, tag)), false),
                runtime_replacement: Some(temurin_replacement(Some(&adoptopenjdk_tag(name, tag)), true)),
                writable: temurin_tag(Some(&adoptopenjdk_tag(name, tag)), false, crate::date::Date::today()).is_some(),
                source: "DOCS-adoptopenjdk-depr",
            }),
            "openjdk" => Some(Deprecation {
                status: "deprecated: only early-access builds were published after July 2022".into(),
                replacement: temurin_replacement(tag, false),
                runtime_replacement: Some(temurin_replacement(tag, true)),
                writable: temurin_tag(tag, false, crate::date::Date::today()).is_some(),
                source: "DOCS-openjdk-depr",
            }),
            "java" => Some(Deprecation {
                status: "deprecated: no updates since 2016-12-31".into(),
                replacement: temurin_replacement(tag, false),
                runtime_replacement: Some(temurin_replacement(tag, true)),
                writable: temurin_tag(tag, false, crate::date::Date::today()).is_some(),
                source: "DOCS-java-depr",
            }),
            "centos" => Some(Deprecation {
                status: "deprecated: every tag is end of life (the last, CentOS Linux 7, on 2024-06-30); `centos:8` last shipped 8.4.2105 in 2021 and CentOS Linux 8 ended on 2021-12-31".into(),
                replacement: "registry.access.redhat.com/ubi9/ubi-minimal".into(),
                runtime_replacement: None,
                writable: true,
                source: "DOCS-centos-depr, UBI-DOCS, ISSUE-14",
            }),
            _ => None,
        };
    }
    if let Some(repo) = name.strip_prefix("adoptopenjdk/") {
        if repo.starts_with("openjdk") {
            return Some(Deprecation {
                status: "deprecated: AdoptOpenJDK images are no longer updated (the project moved to Eclipse Adoptium in 2021)".into(),
                replacement: temurin_replacement(Some(&adoptopenjdk_tag(name, tag)), false),
                runtime_replacement: Some(temurin_replacement(Some(&adoptopenjdk_tag(name, tag)), true)),
                writable: temurin_tag(Some(&adoptopenjdk_tag(name, tag)), false, crate::date::Date::today()).is_some(),
                source: "DOCS-adoptopenjdk-depr",
            });
        }
        return None;
    }
    let lts = dotnet_lts();
    match name {
        "microsoft/aspnetcore" | "microsoft/aspnetcore-build" | "microsoft/dotnet" => {
            let image = match name {
                "microsoft/aspnetcore" => "aspnet",
                "microsoft/aspnetcore-build" => "sdk",
                _ => dotnet_image(tag),
            };
            return Some(Deprecation {
                status: "retired: .NET images are published only on mcr.microsoft.com (ASP.NET Core moved into microsoft/dotnet for 2.1, and Docker Hub's .NET images were removed from 2021-08-21)".into(),
                replacement: format!("mcr.microsoft.com/dotnet/{image}:{lts} (the current LTS)"),
                runtime_replacement: None,
                writable: true,
                source: "ASPNET-ANN-298, DOTNET-ANN-197",
            });
        }
        _ => {}
    }
    if let Some(image) = name
        .strip_prefix("mcr.microsoft.com/dotnet/core/")
        .or_else(|| name.strip_prefix("mcr.microsoft.com/dotnet/core-nightly/"))
    {
        return Some(Deprecation {
            status: "a retired repository path: every .NET version is published under `mcr.microsoft.com/dotnet/` without `core/`, and the .NET Core lines it served (2.1, 3.1) have ended".into(),
            replacement: format!("mcr.microsoft.com/dotnet/{image}:{lts} (the current LTS)"),
            runtime_replacement: None,
            writable: true,
            source: "DOTNET-CORE-PATHS, EOL-dotnet",
        });
    }
    if let Some(repo) = name.strip_prefix("tiangolo/")
        && matches!(
            repo,
            "uvicorn-gunicorn-fastapi" | "uvicorn-gunicorn" | "uvicorn-gunicorn-starlette"
        )
    {
        let python: String = tag
            .and_then(|t| t.strip_prefix("python"))
            .map(|v| {
                v.chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect()
            })
            .unwrap_or_default();
        let python = if python.contains('.') {
            python
        } else {
            "<version>".into()
        };
        return Some(Deprecation {
            status: "deprecated by its author (2024): Uvicorn runs several workers itself (`--workers`), no Gunicorn image is needed".into(),
            replacement: format!(
                "python:{python}-slim (install your app and run `uvicorn` or `fastapi run` with `--workers`)"
            ),
            runtime_replacement: None,
            writable: true,
            source: "TIANGOLO-DEPR",
        });
    }
    let image = name.strip_prefix("gcr.io/distroless/")?;
    let (base, debian) = image.rsplit_once("-debian").unwrap_or((image, "13"));
    let removed = |what: &str, replacement: String| Deprecation {
        status: what.into(),
        replacement: format!("gcr.io/distroless/{replacement}"),
        runtime_replacement: None,
        writable: true,
        source: "DL-SUPPORT, DL-git-log, DL-README",
    };
    let language = base.starts_with("java") || base.starts_with("nodejs") || base == "python3";
    let node = base
        .strip_prefix("nodejs")
        .and_then(|v| v.parse::<u32>().ok());
    if let Some(version @ (18 | 20)) = node {
        return Some(removed(
            &format!("deprecated: Node.js {version} images are no longer built"),
            "nodejs22-debian13".into(),
        ));
    }
    match debian {
        "12" if language => {
            let replacement = match base {
                "python3" => "python3-debian13 (Python 3.13; `-debian12` was 3.11)".to_string(),
                "java11" | "java-base" => format!("{}-debian13", base.replace("11", "17")),
                _ => format!("{base}-debian13"),
            };
            let when = if base == "python3" {
                "2026-05-11"
            } else {
                "2026-02-27"
            };
            Some(removed(
                &format!("no longer published: Debian 12 language images were removed on {when}"),
                replacement,
            ))
        }
        "11" | "10" | "9" => Some(removed(
            &format!(
                "no longer published: only Debian 12 and 13 images are built (this is Debian {debian})"
            ),
            format!("{}-debian13", base.replace("java11", "java17")),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_java_tags_to_temurin() {
        let today = crate::date::Date::parse("2026-11-23").unwrap();
        let t = |tag, jre| temurin_tag(tag, jre, today);
        assert_eq!(t(Some("8u342-jre"), false).as_deref(), Some("8-jre"));
        assert_eq!(t(Some("18-jdk-slim"), false).as_deref(), Some("21-jdk"));
        assert_eq!(
            t(Some("17-alpine"), false).as_deref(),
            Some("17-jdk-alpine")
        );
        assert_eq!(t(Some("17-jdk-slim"), true).as_deref(), Some("17-jre"));
        assert_eq!(t(Some("1.8"), false).as_deref(), Some("8-jdk"));
        assert_eq!(t(None, false).as_deref(), Some("25-jdk"));
        // Temurin 26 has ended and 27 is not recorded: never an older major.
        assert_eq!(t(Some("26-ea-jdk"), true), None);
        assert_eq!(t(Some("27-ea-slim"), false), None);
    }

    #[test]
    fn finds_removed_distroless_images() {
        assert!(deprecation("gcr.io/distroless/python3-debian12", false, None).is_some());
        assert!(deprecation("gcr.io/distroless/static-debian12", false, None).is_none());
        assert!(deprecation("gcr.io/distroless/nodejs20-debian13", false, None).is_some());
        assert!(deprecation("gcr.io/distroless/base-debian11", false, None).is_some());
        assert!(deprecation("gcr.io/distroless/nodejs24-debian13", false, None).is_none());
        assert!(deprecation("python", true, None).is_none());
    }

    #[test]
    fn finds_retired_vendor_images() {
        let dep = |name: &str, official: bool, tag: Option<&str>| {
            deprecation(name, official, tag).map(|d| d.replacement)
        };
        assert_eq!(
            dep("adoptopenjdk", true, Some("11-jre-hotspot")).as_deref(),
            Some("eclipse-temurin:11-jre")
        );
        assert_eq!(
            dep("adoptopenjdk/openjdk8", false, Some("jdk8u292-b10-alpine")).as_deref(),
            Some("eclipse-temurin:8-jdk-alpine")
        );
        assert!(dep("adoptopenjdk/maven-openjdk11", false, None).is_none());
        let aspnet = dep("microsoft/aspnetcore", false, Some("2.0")).unwrap();
        assert!(
            aspnet.starts_with("mcr.microsoft.com/dotnet/aspnet:"),
            "{aspnet}"
        );
        let runtime = dep("microsoft/dotnet", false, Some("2.1-aspnetcore-runtime")).unwrap();
        assert!(
            runtime.starts_with("mcr.microsoft.com/dotnet/aspnet:"),
            "{runtime}"
        );
        let sdk = dep("mcr.microsoft.com/dotnet/core/sdk", false, Some("3.1")).unwrap();
        assert!(sdk.starts_with("mcr.microsoft.com/dotnet/sdk:"), "{sdk}");
        assert!(dep("mcr.microsoft.com/dotnet/sdk", false, Some("8.0")).is_none());
        assert_eq!(
            dep(
                "tiangolo/uvicorn-gunicorn-fastapi",
                false,
                Some("python3.11-slim")
            )
            .as_deref(),
            Some(
                "python:3.11-slim (install your app and run `uvicorn` or `fastapi run` with `--workers`)"
            )
        );
        assert!(dep("tiangolo/uwsgi-nginx-flask", false, None).is_none());
    }
}

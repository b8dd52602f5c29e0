//! Images without a shell or package manager (distroless and friends).

/// A family of shell-less images, matched on registry/repository prefix.
#[derive(Debug, Clone, Copy)]
pub struct ShellLess {
    /// `registry/repository` prefix, e.g. `gcr.io/distroless/`.
    pub prefix: &'static str,
    /// Tags containing this word have a shell (`debug`, `-dev`).
    pub shell_tag_word: Option<&'static str>,
    /// Human name for messages.
    pub name: &'static str,
    /// A builder image to suggest.
    pub builder_hint: &'static str,
    pub source: &'static str,
}

/// gcr.io/distroless images have no shell; `:debug*` tags add busybox
/// [DL-README]. Chainguard images are distroless unless `-dev` [CG-TIPS].
/// UBI micro excludes the package manager [UBI-DOCS].
pub const SHELLLESS: &[ShellLess] = &[
    ShellLess {
        prefix: "gcr.io/distroless/",
        shell_tag_word: Some("debug"),
        name: "distroless",
        builder_hint: "a `python:3.13-slim-trixie`, `node:22` or `golang` builder stage",
        source: "DL-README",
    },
    ShellLess {
        prefix: "cgr.dev/chainguard/",
        shell_tag_word: Some("dev"),
        name: "Chainguard distroless",
        builder_hint: "the same image's `:latest-dev` variant as a builder stage",
        source: "CG-TIPS",
    },
    ShellLess {
        prefix: "registry.access.redhat.com/ubi9/ubi-micro",
        shell_tag_word: None,
        name: "UBI micro",
        builder_hint: "a `ubi9/ubi` builder stage with `dnf install --installroot`",
        source: "UBI-DOCS",
    },
    ShellLess {
        prefix: "registry.access.redhat.com/ubi8/ubi-micro",
        shell_tag_word: None,
        name: "UBI micro",
        builder_hint: "a `ubi8/ubi` builder stage with `dnf install --installroot`",
        source: "UBI-DOCS",
    },
];

/// The shell-less family an image belongs to, if its tag has no shell.
pub fn shellless(full_name: &str, tag: Option<&str>) -> Option<&'static ShellLess> {
    SHELLLESS.iter().find(|s| {
        full_name.starts_with(s.prefix)
            && !s.shell_tag_word.is_some_and(|word| {
                tag.is_some_and(|t| t.split(['-', '_', '.']).any(|w| w == word))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::shellless;

    #[test]
    fn debug_and_dev_tags_have_a_shell() {
        assert!(shellless("gcr.io/distroless/python3-debian12", None).is_some());
        assert!(shellless("gcr.io/distroless/static", Some("nonroot")).is_some());
        assert!(shellless("gcr.io/distroless/static", Some("debug-nonroot")).is_none());
        assert!(shellless("cgr.dev/chainguard/python", Some("latest")).is_some());
        assert!(shellless("cgr.dev/chainguard/python", Some("latest-dev")).is_none());
        assert!(shellless("python", Some("3.12")).is_none());
    }
}

use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `ARG` and `ENV` whose name says it holds a secret (`password`,
    /// `token`, `secret`, `key`, `apikey`, `auth`, `credential(s)`,
    /// `passwd`, `pword` as a whole `_`-separated part, any case), unless
    /// it also says `public`, `pub`, `gpg`, `pgp` or `fingerprint` (the
    /// Docker Official Images' `GPG_KEY` is a public key's fingerprint,
    /// which BuildKit reports and hadolint does not). A `…KEY` whose value
    /// is an OpenPGP key id or fingerprint (16 or 40 hex digits, as in
    /// `ARG SWIFT_SIGNING_KEY=E813C892…` or haskell's
    /// `CABAL_INSTALL_RELEASE_KEY`) names a public key and is not reported
    /// either, also when an `ENV` re-exports it (`ENV X=$X`).
    ///
    /// ## Why is this bad?
    /// Build arguments and environment variables are stored in the image:
    /// `docker history` and `docker inspect` show them to anyone who can
    /// pull it. Pass secrets with `RUN --mount=type=secret`, which leaves no
    /// trace in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ARG GITHUB_TOKEN
    /// RUN wget --header="Authorization: token $GITHUB_TOKEN" https://example.com/x
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN wget --header="Authorization: token $GITHUB_TOKEN" https://example.com/x
    /// ```
    ///
    /// ## Fix
    /// None: the secret has to be passed with `--secret` at build time.
    pub static SECRETS_IN_ARG_OR_ENV = {
        id: "secrets-in-arg-or-env",
        severity: Warning,
        fix: None,
        group: Security,
        hadolint: "DL3064",
        buildkit: "SecretsUsedInArgOrEnv",
        check: check,
    }
}

const SECRET_WORDS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];

/// Whether a variable name looks like it holds a secret.
fn secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('_').collect();
    let public = ["public", "pub", "gpg", "pgp", "fingerprint"];
    !parts.iter().any(|p| public.contains(p)) && parts.iter().any(|p| SECRET_WORDS.contains(p))
}

/// An OpenPGP key id or fingerprint (`E813C892820A6FA13755B268F167DF1ACF9CE069`,
/// `0x…`, or in groups of four): 16 or 40 hex digits, public by design.
fn key_fingerprint(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']);
    let value = value.strip_prefix("0x").unwrap_or(value);
    let hex: String = value.chars().filter(|c| *c != ' ').collect();
    matches!(hex.len(), 16 | 40) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for (index, instruction) in model.file.instructions.iter().enumerate() {
        let instruction = instruction.effective();
        if !matches!(instruction.kind, Keyword::Arg | Keyword::Env) {
            continue;
        }
        let words = instruction.shell_words(model.file.escape);
        let legacy = instruction.kind == Keyword::Env
            && words.first().is_some_and(|w| !w.raw.text.contains('='));
        let names = if legacy { &words[..1] } else { &words[..] };
        for word in names {
            let (name, value) = word
                .raw
                .text
                .split_once('=')
                .unwrap_or((&word.raw.text, ""));
            if !secret_name(name) {
                continue;
            }
            // A key whose value is a key fingerprint names a public key
            // (`ARG SWIFT_SIGNING_KEY=E813…9E069`, then `ENV
            // SWIFT_SIGNING_KEY=$SWIFT_SIGNING_KEY`): nothing to hide.
            let known = if value.contains('$') {
                model.stage_of(index).and_then(|stage| {
                    crate::model::facts::expand(value, |n| {
                        stage.facts.variable(index, n).map(str::to_string)
                    })
                })
            } else {
                Some(value.to_string())
            };
            let legacy_value = (legacy && words.len() > 1).then(|| {
                words[1..]
                    .iter()
                    .map(|w| w.raw.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            let value = legacy_value.or(known).unwrap_or_default();
            if name.to_ascii_lowercase().ends_with("key") && key_fingerprint(&value) {
                continue;
            }
            let kind = instruction.keyword.text.to_ascii_uppercase();
            cx.report(
                word.raw.span,
                format!("`{kind} {name}` looks like a secret, and {kind} values stay in the image"),
            )
            .label("secret in the image")
            .help("pass it with `RUN --mount=type=secret` instead");
        }
    }
}

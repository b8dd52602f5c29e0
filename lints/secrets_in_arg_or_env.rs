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
    /// either, also when an `ENV` re-exports it (`ENV X=$X`). Neither is a
    /// variable that holds where a secret is (a name ending in `_PATH`,
    /// `_DIR`, `_FILE`, `_FOLDER`, or an absolute path or script name as
    /// its value: `sa_password_path=C:\ProgramData\…`, `KEY_DIR /certs`),
    /// a switch (`ANSIBLE_HOST_KEY_CHECKING=False`), a .NET configuration
    /// entry's key (`Filters__0__Key=ProcessId`),
    /// or an `ENV` whose value is empty (`ENV TOKEN=$TOKEN` in a stage
    /// where no `ARG TOKEN` is declared: the ARG of another stage does not
    /// carry over).
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
    // Compared without a lowercased copy: every ARG and ENV name is asked.
    let is = |list: &[&str], part: &str| list.iter().any(|w| w.eq_ignore_ascii_case(part));
    let public = ["public", "pub", "gpg", "pgp", "fingerprint"];
    !name.split('_').any(|p| is(&public, p)) && name.split('_').any(|p| is(SECRET_WORDS, p))
}

/// An OpenPGP key id or fingerprint (`E813C892820A6FA13755B268F167DF1ACF9CE069`,
/// `0x…`, or in groups of four): 16 or 40 hex digits, public by design.
fn key_fingerprint(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']);
    let value = value.strip_prefix("0x").unwrap_or(value);
    let hex: String = value.chars().filter(|c| *c != ' ').collect();
    matches!(hex.len(), 16 | 40) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether the variable holds where a secret is rather than the secret:
/// its name ends in `path`, `dir`, `file` or `folder`, or its value is an
/// absolute path or a script name; or it is no secret at all: a switch
/// (`true`, `0`…) or the key of a .NET configuration entry (`…__Key`).
fn names_a_location(name: &str, value: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let last = lower.rsplit('_').next().unwrap_or("");
    let value = value.trim_matches(['"', '\'']);
    // A switch (`ANSIBLE_HOST_KEY_CHECKING=False`) or a .NET configuration
    // entry's key (`Filters__0__Key=ProcessId`) is not a secret either.
    let switch = matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "0" | "1"
    );
    switch
        || (name.contains("__") && name.rsplit("__").next() == Some("Key"))
        || matches!(last, "path" | "dir" | "file" | "folder" | "directory")
        || (value.starts_with('/') && !value.contains(' '))
        || value.get(1..3).is_some_and(|drive| {
            drive == ":\\" && value.starts_with(|c: char| c.is_ascii_alphabetic())
        })
        || (value.ends_with(".sh") && !value.contains(' '))
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for (index, instruction) in model.file.instructions.iter().enumerate() {
        let instruction = instruction.effective();
        if !matches!(instruction.kind, Keyword::Arg | Keyword::Env) {
            continue;
        }
        let words = model.definition_words(index);
        let legacy = instruction.kind == Keyword::Env
            && words.first().is_some_and(|w| !w.raw.text.contains('='));
        let names = if legacy { &words[..1] } else { words };
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
            // A variable no ARG or ENV of the stage sets expands to nothing
            // (an ARG of another stage does not carry over), so its value
            // is known too.
            let known = if value.contains('$') {
                model.stage_of(index).and_then(|stage| {
                    crate::model::facts::expand(value, |n| {
                        if stage.facts.is_set(index, n) {
                            stage.facts.variable(index, n).map(str::to_string)
                        } else {
                            Some(String::new())
                        }
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
            let is_env = instruction.kind == Keyword::Env;
            let resolved = legacy_value.or(known);
            let value = resolved.clone().unwrap_or_default();
            if name.to_ascii_lowercase().ends_with("key") && key_fingerprint(&value) {
                continue;
            }
            // An ENV that holds nothing, or the location of a secret (a
            // path, a directory, a script: `sa_password_path=C:\…`,
            // `KEY_DIR /certs`), keeps no secret in the image.
            if (is_env && resolved.as_deref() == Some("")) || names_a_location(name, &value) {
                continue;
            }
            let kind = instruction.keyword().text.to_ascii_uppercase();
            cx.report(
                word.raw.span,
                format!("`{kind} {name}` looks like a secret, and {kind} values stay in the image"),
            )
            .label("secret in the image")
            .help("pass it with `RUN --mount=type=secret` instead");
        }
    }
}

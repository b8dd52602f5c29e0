use super::Context;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags `useradd` with a user id of 100000 or more without `-l`
    /// (`--no-log-init`).
    ///
    /// ## Why is this bad?
    /// `useradd` records the new user in `/var/log/lastlog` and
    /// `/var/log/faillog`, files indexed by user id. On disk they are
    /// sparse, but an image layer stores every byte: a user id of 1000000
    /// adds about 300 MB of zeros. `-l` skips those records, which a
    /// container never reads. User ids from variables are not judged
    /// (hadolint's `DL3046` reports them).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN useradd -u 1000001 -m app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN useradd -l -u 1000001 -m app
    /// ```
    ///
    /// ## Fix
    /// Safe: `-l` is added after `useradd`.
    pub static USERADD_HIGH_UID = {
        id: "useradd-high-uid",
        severity: Warning,
        fix: Safe,
        group: Size,
        hadolint: "DL3046",
        check: check,
    }
}

const HIGH: u64 = 100_000;

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            if run.name() != Some("useradd") {
                continue;
            }
            let program = &run.program()[0];
            let args = run.args();
            let no_log_init = args.iter().any(|w| {
                w.text == "--no-log-init"
                    || w.text.strip_prefix('-').is_some_and(|s| {
                        !s.starts_with('-')
                            && s.contains('l')
                            && s.chars().all(|c| c.is_ascii_alphabetic())
                    })
            });
            if no_log_init {
                continue;
            }
            // `-u N`, `-uN`, `-rmu N`, `--uid N`, `--uid=N`: the word and
            // the digits in it.
            let uid = args.iter().enumerate().find_map(|(i, w)| {
                let text = w.text.as_str();
                if let Some(value) = text.strip_prefix("--uid=") {
                    return Some((w, value));
                }
                if text == "--uid" {
                    return args.get(i + 1).map(|next| (next, next.text.as_str()));
                }
                let cluster = text.strip_prefix('-').filter(|c| !c.starts_with('-'))?;
                let at = cluster.find('u')?;
                if !cluster[..at].chars().all(|c| c.is_ascii_alphabetic()) {
                    return None;
                }
                match &cluster[at + 1..] {
                    "" => args.get(i + 1).map(|next| (next, next.text.as_str())),
                    digits => Some((w, digits)),
                }
            });
            let Some((uid, digits)) = uid else {
                continue;
            };
            let Ok(value) = digits.parse::<u64>() else {
                continue;
            };
            if value < HIGH || !uid.is_static() {
                continue;
            }
            cx.report(
                uid.span(),
                format!("user id {value} without `-l` writes large log files into the image"),
            )
            .label("high user id")
            .help("add `-l` (`--no-log-init`)")
            .fix(
                Applicability::Safe,
                "add `-l`",
                vec![Edit::insert(program.span().end(), " -l")],
            );
        }
    }
}

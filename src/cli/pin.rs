//! `fromlint pin`: resolve the tags of `FROM` images to digests and write
//! `image:tag@sha256:…` back, or check that it has been done. The only
//! command that talks to a registry.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clap::Args;

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::diff::unified;
use crate::input;
use crate::model::Model;
use crate::pin::auth::Credentials;
use crate::pin::plan::{self, Anchor, Item, State};
use crate::pin::reference::ImageName;
use crate::pin::registry::{Mirror, Options, ResolveError, Resolved, Resolver, load_ca_bundle};
use crate::span::LineIndex;
use crate::syntax;

#[derive(Args)]
pub(crate) struct PinArgs {
    /// Files or directories (directories are searched for Dockerfiles,
    /// honouring .gitignore). `-` reads a Dockerfile from standard input and
    /// writes it, pinned, to standard output (the report goes to stderr).
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    paths: Vec<PathBuf>,

    /// Change nothing; exit 1 if a reference is not pinned or its digest is
    /// stale (pinned references are re-resolved).
    #[arg(long)]
    check: bool,

    /// Also re-resolve `tag@digest` references and rewrite stale digests.
    #[arg(long)]
    update: bool,

    /// Print the change as a unified diff instead of writing it.
    #[arg(long)]
    diff: bool,

    /// Resolve REGISTRY's images at URL instead (repeatable), e.g.
    /// `docker.io=https://mirror.example`.
    #[arg(long = "registry-mirror", value_name = "REGISTRY=URL", value_parser = Mirror::parse)]
    mirrors: Vec<Mirror>,

    /// Allow plain HTTP to HOST (`host` or `host:port`, repeatable);
    /// loopback hosts are always allowed, every other host needs TLS.
    #[arg(long = "insecure-registry", value_name = "HOST")]
    insecure: Vec<String>,

    /// Seconds allowed for each reference: every request it takes and
    /// every redirect hop, connecting included.
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,

    /// Seconds allowed for the whole run; references not resolved by then
    /// fail.
    #[arg(long = "total-timeout", value_name = "SECONDS", default_value_t = 300,
          value_parser = clap::value_parser!(u64).range(1..=86400))]
    total_timeout: u64,

    /// Trust the CA certificates in FILE (PEM) instead of the built-in
    /// Mozilla roots; `SSL_CERT_FILE` does the same when this is not given.
    #[arg(long = "ca-file", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    ca_file: Option<PathBuf>,

    /// How many references are resolved at the same time.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u64).range(1..=16))]
    jobs: u64,
}

/// A Dockerfile and what pin found in it.
struct Doc {
    path: PathBuf,
    shown: String,
    source: String,
    items: Vec<Item>,
}

#[derive(Default)]
struct Tally {
    pinned: usize,
    updated: usize,
    already: usize,
    fresh: usize,
    /// Left unpinned or stale by this run.
    remaining: usize,
    failed: usize,
    skipped: usize,
}

pub(super) fn run(args: &PinArgs) -> i32 {
    let write = !args.check && !args.diff;
    let refresh = args.update || args.check;

    let credentials = match Credentials::default_path() {
        Some(path) => Credentials::load(&path).unwrap_or_else(|error| {
            eprintln!("fromlint: warning: {error}");
            Credentials::default()
        }),
        None => Credentials::default(),
    };
    let bundle = args
        .ca_file
        .clone()
        .map(|path| (path, "--ca-file"))
        .or_else(|| {
            std::env::var_os("SSL_CERT_FILE")
                .filter(|v| !v.is_empty())
                .map(|path| (PathBuf::from(path), "SSL_CERT_FILE"))
        });
    let roots = match bundle {
        Some((path, from)) => match load_ca_bundle(&path) {
            Ok(roots) => Some(roots),
            Err(error) => {
                eprintln!("fromlint: error: {error} (from {from})");
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let resolver = match Resolver::new(Options {
        mirrors: args.mirrors.clone(),
        insecure: args.insecure.clone(),
        timeout: Duration::from_secs(args.timeout),
        total_timeout: Duration::from_secs(args.total_timeout),
        credentials,
        roots,
    }) {
        Ok(resolver) => resolver,
        Err(error) => {
            eprintln!("fromlint: error: {error}");
            return EXIT_ERROR;
        }
    };

    let mut tally = Tally::default();
    let (paths, mut failed) = input::expand_paths(&args.paths);
    // `-`: a Dockerfile on standard input, written pinned to standard
    // output (a filter), so it stands alone.
    let from_stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if from_stdin && paths.len() > 1 {
        eprintln!(
            "fromlint: error: `fromlint pin -` pins standard input to standard output; \
             pin other files in a separate run"
        );
        return EXIT_ERROR;
    }
    let mut filtered = None;
    let mut docs = Vec::new();
    for path in paths {
        let shown = input::display_path(&path);
        let read = if from_stdin {
            input::read_stdin()
        } else {
            input::read(&path)
        };
        match read {
            Ok(source) => {
                let items = plan::plan(&Model::new(&source, syntax::parse(&source)));
                docs.push(Doc {
                    path,
                    shown,
                    source,
                    items,
                });
            }
            Err(error) => {
                eprintln!("fromlint: error: {shown}: {error}");
                failed = true;
            }
        }
    }

    let mut names = BTreeSet::new();
    for item in docs.iter().flat_map(|d| &d.items) {
        match &item.state {
            State::Unpinned {
                name,
                anchor: Ok(_),
            } => {
                names.insert(name.clone());
            }
            State::Pinned { name, .. } if refresh => {
                names.insert(name.clone());
            }
            _ => {}
        }
    }
    let resolved = resolve_all(&resolver, names.into_iter().collect(), args.jobs as usize);

    let mut status = String::new();
    let mut diffs = String::new();
    for doc in &docs {
        let lines = LineIndex::new(&doc.source);
        let mut edits = Vec::new();
        for item in &doc.items {
            let position = lines.position(&doc.source, item.span.start());
            let at = format!("{}:{}:{}", doc.shown, position.line, position.column);
            let outcome = judge(item, &resolved, refresh, write);
            match outcome {
                Outcome::Edit {
                    edit,
                    message,
                    done,
                } => {
                    edits.push(edit);
                    let _ = writeln!(status, "{at}: {message}");
                    match done {
                        Done::Pinned if write => tally.pinned += 1,
                        Done::Updated if write => tally.updated += 1,
                        _ => tally.remaining += 1,
                    }
                }
                Outcome::Note { message, remaining } => {
                    let _ = writeln!(status, "{at}: {message}");
                    if remaining {
                        tally.remaining += 1;
                    } else {
                        tally.skipped += 1;
                    }
                }
                Outcome::Fresh => tally.fresh += 1,
                Outcome::Already => tally.already += 1,
                Outcome::Error(message) => {
                    eprintln!("fromlint: error: {at}: {message}");
                    tally.failed += 1;
                }
            }
        }
        let new = plan::apply(&doc.source, edits);
        if from_stdin && write {
            filtered = Some(new);
            continue;
        }
        if new == doc.source {
            continue;
        }
        if args.diff {
            diffs += &unified(&doc.shown, &doc.source, &new);
        }
        if write && let Err(error) = save(&doc.path, &doc.source, &new) {
            eprintln!("fromlint: error: {}: {error}", doc.shown);
            failed = true;
        }
    }
    status += &summary(&tally, refresh);

    let printed = if let Some(text) = filtered {
        eprint!("{status}");
        super::print(&text)
    } else if args.diff {
        eprint!("{status}");
        super::print(&diffs)
    } else {
        super::print(&status)
    };
    if failed || tally.failed > 0 || printed != EXIT_CLEAN {
        EXIT_ERROR
    } else if tally.remaining > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

enum Done {
    Pinned,
    Updated,
    /// A change that is shown, not written (check and diff modes).
    Shown,
}

enum Outcome {
    Edit {
        edit: crate::diagnostic::Edit,
        message: String,
        done: Done,
    },
    Note {
        message: String,
        /// The reference stays unpinned or stale.
        remaining: bool,
    },
    Fresh,
    Already,
    Error(String),
}

type Results = BTreeMap<ImageName, Result<Resolved, ResolveError>>;

/// What to do with one reference, given what its tag resolved to.
fn judge(item: &Item, resolved: &Results, refresh: bool, write: bool) -> Outcome {
    let text = &item.text;
    match &item.state {
        State::Unpinned { name, anchor } => {
            let anchor = match anchor {
                Ok(anchor) => anchor,
                Err(why) => {
                    return Outcome::Note {
                        message: format!("cannot pin `{text}`: {why}"),
                        remaining: true,
                    };
                }
            };
            match &resolved[name] {
                Ok(r) => {
                    let (message, done) = if write {
                        (
                            format!("pinned `{text}` to {}", found(r, anchor)),
                            Done::Pinned,
                        )
                    } else {
                        (
                            format!(
                                "`{text}` is not pinned; the tag points to {}",
                                found(r, anchor)
                            ),
                            Done::Shown,
                        )
                    };
                    Outcome::Edit {
                        edit: anchor.pin(&r.digest),
                        message,
                        done,
                    }
                }
                Err(error) => Outcome::Error(format!("`{text}`: {error}")),
            }
        }
        State::Pinned { .. } if !refresh => Outcome::Already,
        State::Pinned {
            name,
            digest,
            anchor,
        } => match &resolved[name] {
            Ok(r) if &r.digest == digest => Outcome::Fresh,
            Ok(r) => {
                let anchor = match anchor {
                    Ok(anchor) => anchor,
                    Err(why) => {
                        return Outcome::Note {
                            message: format!(
                                "`{text}` is stale (the tag now points to {}), and cannot be updated: {why}",
                                r.digest
                            ),
                            remaining: true,
                        };
                    }
                };
                let (message, done) = if write {
                    (
                        format!(
                            "updated `{text}`: the tag now points to {}",
                            found(r, anchor)
                        ),
                        Done::Updated,
                    )
                } else {
                    (
                        format!(
                            "`{text}` is stale: the tag now points to {}",
                            found(r, anchor)
                        ),
                        Done::Shown,
                    )
                };
                Outcome::Edit {
                    edit: anchor.update(digest, &r.digest),
                    message,
                    done,
                }
            }
            Err(error) => Outcome::Error(format!("`{text}`: {error}")),
        },
        State::Untagged => Outcome::Note {
            message: format!(
                "`{text}` has no tag; add one (a version), then pin it so the tag stays readable next to the digest"
            ),
            remaining: true,
        },
        State::Invalid(why) => Outcome::Error(format!("`{text}`: {why}")),
        State::NeedsBuildArg => Outcome::Note {
            message: format!("skipped `{text}`: its value needs a build argument"),
            remaining: false,
        },
    }
}

/// `sha256:… (index)`, and where the digest goes when that is an ARG.
fn found(resolved: &Resolved, anchor: &Anchor) -> String {
    let mut text = format!("{} ({})", resolved.digest, resolved.kind.as_str());
    if let Some(arg) = &anchor.arg {
        let _ = write!(
            text,
            " in the default of ARG {} on line {}",
            arg.name, arg.line
        );
    }
    text
}

fn summary(tally: &Tally, refresh: bool) -> String {
    let mut parts = Vec::new();
    let mut add = |count: usize, what: &str| {
        if count > 0 {
            parts.push(format!("{count} {what}"));
        }
    };
    add(tally.pinned, "pinned");
    add(tally.updated, "updated");
    add(
        tally.remaining,
        if refresh {
            "not pinned or stale"
        } else {
            "not pinned"
        },
    );
    add(tally.fresh, "up to date");
    add(tally.already, "already pinned");
    add(tally.skipped, "skipped");
    add(tally.failed, "failed");
    if parts.is_empty() {
        "no image references to pin\n".to_string()
    } else {
        format!("{}\n", parts.join(", "))
    }
}

/// Resolves each distinct name once, a few at a time.
fn resolve_all(resolver: &Resolver, names: Vec<ImageName>, jobs: usize) -> Results {
    let next = AtomicUsize::new(0);
    let workers = jobs.min(names.len()).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some(name) = names.get(next.fetch_add(1, Ordering::Relaxed)) {
                        done.push((name.clone(), resolver.resolve(name)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("resolver thread panicked"))
            .collect()
    })
}

/// Writes the new text unless the file changed while we were resolving.
fn save(path: &Path, old: &str, new: &str) -> Result<(), String> {
    crate::atomic::replace(path, old, new).map_err(|e| e.to_string())
}

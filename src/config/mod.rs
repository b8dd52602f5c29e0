//! Configuration: `fromlint.toml` / `.fromlint.toml` (or hadolint's
//! `.hadolint.yaml` when there is none), found by walking up from each linted
//! file to the repository root, merged with the command line into the
//! [`Settings`] a file is linted with.
//!
//! Each directory is looked up once and each file read once per run; the
//! settings for a file are then a cache hit unless `[[overrides]]` globs
//! select a different combination.

mod error;
mod file;
mod hadolint;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use error::ConfigError;
pub use file::{Config, Level, Override};

use crate::date::Date;
use crate::diagnostic::Severity;
use crate::lints::{Lint, Settings};

/// Names of fromlint's configuration files, in the order they are looked for.
pub const FILE_NAMES: [&str; 2] = ["fromlint.toml", ".fromlint.toml"];
/// hadolint's configuration files, read when no fromlint file applies.
pub const HADOLINT_FILE_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// What the command line says; it beats every configuration file.
#[derive(Debug, Clone, Default)]
pub struct Cli {
    /// `--select`: replaces the file's `select`.
    pub select: Option<Vec<&'static Lint>>,
    /// `--ignore`: added to every ignore list.
    pub ignore: Vec<&'static Lint>,
    pub failure_threshold: Option<Severity>,
    pub exit_zero: bool,
    pub no_inline_config: bool,
    /// `--preview`: preview lints run too.
    pub preview: bool,
    /// `--shellcheck`: the `shellcheck` lint runs too (even when the
    /// configuration ignores it).
    pub shellcheck: bool,
}

/// Where configuration comes from.
enum Source {
    /// `--isolated`: no file at all.
    Isolated,
    /// `--config PATH`: that file for every linted file.
    Explicit(Arc<Config>),
    /// Walk up from each file.
    Discover,
}

/// Everything that decides how one file is linted and judged.
#[derive(Debug)]
pub struct Resolved {
    pub settings: Settings,
    /// Findings at or above this severity make the exit code 1.
    pub failure_threshold: Severity,
    /// Exit 0 whatever the findings (`--exit-zero`, hadolint's `no-fail`).
    pub exit_zero: bool,
    /// The configuration file used, if any.
    pub config: Option<PathBuf>,
}

/// Finds, reads and caches configuration for the files of one run.
pub struct Resolver {
    source: Source,
    cli: Cli,
    today: Date,
    /// Per directory: the fromlint configuration that applies there.
    fromlint_dirs: HashMap<PathBuf, Option<PathBuf>>,
    /// Per directory: the hadolint configuration that applies there.
    hadolint_dirs: HashMap<PathBuf, Option<PathBuf>>,
    files: HashMap<PathBuf, Arc<Config>>,
    /// Per configuration file and set of matching overrides.
    resolved: HashMap<(Option<PathBuf>, Vec<usize>), Arc<Resolved>>,
    /// The previous file's directory, as written, and its settings when
    /// they hold for every file there (no `[[overrides]]` to match): the
    /// next file of that directory (a run over a big directory) is then
    /// resolved without a path made absolute and looked up.
    last_dir: Option<(PathBuf, Arc<Resolved>)>,
}

impl Resolver {
    /// `config` is `--config PATH`; `isolated` is `--isolated`.
    pub fn new(cli: Cli, config: Option<&Path>, isolated: bool) -> Result<Resolver, ConfigError> {
        let source = match (isolated, config) {
            (true, _) => Source::Isolated,
            (false, Some(path)) => Source::Explicit(Arc::new(Config::read(&absolute(path))?)),
            (false, None) => Source::Discover,
        };
        Ok(Resolver {
            source,
            cli,
            today: Date::today(),
            fromlint_dirs: HashMap::new(),
            hadolint_dirs: HashMap::new(),
            files: HashMap::new(),
            resolved: HashMap::new(),
            last_dir: None,
        })
    }

    /// The settings for the file at `path` (which need not exist: standard
    /// input is resolved through its `--stdin-filename`).
    pub fn resolve(&mut self, path: &Path) -> Result<Arc<Resolved>, ConfigError> {
        let written_dir = path.parent();
        if let (Some(dir), Some((last, resolved))) = (written_dir, &self.last_dir)
            && dir == last
        {
            return Ok(resolved.clone());
        }
        let (resolved, has_overrides) = self.resolve_uncached(path)?;
        self.last_dir = match written_dir {
            Some(dir) if !has_overrides => Some((dir.to_path_buf(), resolved.clone())),
            _ => None,
        };
        Ok(resolved)
    }

    /// The settings, and whether the configuration has `[[overrides]]`
    /// (which may differ between the files of a directory).
    fn resolve_uncached(&mut self, path: &Path) -> Result<(Arc<Resolved>, bool), ConfigError> {
        let path = absolute(path);
        let config = match &self.source {
            Source::Isolated => None,
            Source::Explicit(config) => Some(config.clone()),
            Source::Discover => {
                let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
                let found = match self.find(&dir, &FILE_NAMES, true)? {
                    Some(found) => Some(found),
                    None => self.find(&dir, &HADOLINT_FILE_NAMES, false)?,
                };
                match found {
                    Some(file) => Some(self.load(&file)?),
                    None => None,
                }
            }
        };
        let overrides: Vec<usize> = config
            .as_ref()
            .map(|c| c.matching_overrides(&path))
            .unwrap_or_default();
        let has_overrides = config.as_ref().is_some_and(|c| !c.overrides.is_empty());
        let key = (config.as_ref().map(|c| c.path.clone()), overrides);
        if let Some(resolved) = self.resolved.get(&key) {
            return Ok((resolved.clone(), has_overrides));
        }
        let resolved = Arc::new(self.build(config.as_deref(), &key.1));
        self.resolved.insert(key, resolved.clone());
        Ok((resolved, has_overrides))
    }

    /// The nearest file named one of `names` from `dir` up to the
    /// repository root (the first directory holding `.git`).
    fn find(
        &mut self,
        dir: &Path,
        names: &[&str; 2],
        fromlint: bool,
    ) -> Result<Option<PathBuf>, ConfigError> {
        let cache = if fromlint {
            &self.fromlint_dirs
        } else {
            &self.hadolint_dirs
        };
        if let Some(found) = cache.get(dir) {
            return Ok(found.clone());
        }
        let present: Vec<PathBuf> = names
            .iter()
            .map(|name| dir.join(name))
            .filter(|path| match std::fs::metadata(path) {
                Ok(metadata) if metadata.is_file() => true,
                // A directory or FIFO by that name: said, not read.
                Ok(metadata) => {
                    eprintln!(
                        "fromlint: warning: {}: ignored: it is {}, not a regular file",
                        path.display(),
                        crate::input::file_kind(&metadata)
                    );
                    false
                }
                Err(_) => false,
            })
            .collect();
        let found = match present.as_slice() {
            [] if dir.join(".git").exists() => None,
            [] => match dir.parent() {
                Some(parent) => self.find(parent, names, fromlint)?,
                None => None,
            },
            [one] => Some(one.clone()),
            [first, second, ..] => {
                return Err(ConfigError::plain(format!(
                    "both {} and {} exist; keep one of them",
                    first.display(),
                    second.display()
                )));
            }
        };
        let cache = if fromlint {
            &mut self.fromlint_dirs
        } else {
            &mut self.hadolint_dirs
        };
        cache.insert(dir.to_path_buf(), found.clone());
        Ok(found)
    }

    fn load(&mut self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(config) = self.files.get(path) {
            return Ok(config.clone());
        }
        let config = Arc::new(Config::read(path)?);
        self.files.insert(path.to_path_buf(), config.clone());
        Ok(config)
    }

    fn build(&self, config: Option<&Config>, overrides: &[usize]) -> Resolved {
        let cli = &self.cli;
        let mut settings = match config {
            Some(config) => config.settings(overrides, cli.select.as_deref()),
            None => base_settings(cli.select.as_deref()),
        };
        settings.today = self.today;
        if cli.shellcheck {
            add_lint(&mut settings, crate::lints::SHELLCHECK_LINT);
        }
        settings
            .lints
            .retain(|lint| !cli.ignore.iter().any(|i| i.id == lint.id));
        if cli.no_inline_config {
            settings.inline_config = false;
        }
        let preview = cli.preview || config.is_some_and(|c| c.preview);
        if !preview {
            settings
                .lints
                .retain(|lint| lint.stability == crate::lints::Stability::Stable);
        }
        Resolved {
            settings,
            failure_threshold: cli
                .failure_threshold
                .or(config.and_then(|c| c.failure_threshold))
                .unwrap_or(Severity::Info),
            exit_zero: cli.exit_zero || config.is_some_and(|c| c.exit_zero),
            config: config.map(|c| c.path.clone()),
        }
    }
}

/// Adds `lint` to the lints that run, once.
pub(crate) fn add_lint(settings: &mut Settings, lint: &'static Lint) {
    if !settings.runs(lint.id) {
        settings.lints.push(lint);
    }
}

/// Every lint (or the `select`ed ones) at default severity.
fn base_settings(select: Option<&[&'static Lint]>) -> Settings {
    Settings {
        lints: select.map_or_else(crate::lints::default_selection, <[_]>::to_vec),
        ..Settings::default()
    }
}

/// Settings from configuration text in fromlint's TOML format, for a file
/// matching none of its overrides (tests and documentation examples).
pub fn settings_from_toml(text: &str) -> Result<Settings, ConfigError> {
    let config = Config::parse_toml(Path::new("fromlint.toml"), text, Path::new("."))?;
    Ok(config.settings(&[], None))
}

/// Parses a comma list of selectors (for `--select` and `--ignore`): lint
/// ids, hadolint and BuildKit aliases, groups, `DL30`-style prefixes, `all`.
pub fn parse_lint_list(text: &str) -> Result<Vec<&'static Lint>, String> {
    let mut lints = Vec::new();
    for id in text.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        lints.extend(crate::lints::select(id).ok_or_else(|| unknown_lint(id))?);
    }
    Ok(lints)
}

/// The message for a selector that names no lint.
pub fn unknown_lint(id: &str) -> String {
    let names = crate::lints::selector_names();
    format!("unknown lint `{id}`{}", did_you_mean(id, &names))
}

/// ` (did you mean `x`?)` for the known word nearest to `word`, when one is
/// near enough to be a misspelling; empty otherwise.
pub fn did_you_mean(word: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, close)| format!(" (did you mean `{close}`?)"))
        .unwrap_or_default()
}

/// `path` made absolute against the working directory, with `.` and `..`
/// resolved lexically (symlinks kept), so walking up visits real parents.
fn absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests;

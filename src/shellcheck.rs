//! Running the external `shellcheck` program on one script, bounded: no
//! shell between us and it (arguments are passed as they are), the script
//! on its standard input, a time limit after which it is killed, and a cap
//! on the output read. Results are cached for the process, by script,
//! dialect and excluded codes, so a script repeated across a repository is
//! checked once; the cache is bounded ([`CACHE_ENTRIES`] results,
//! [`CACHE_BYTES`] bytes), so a language server that lives for days does
//! not grow with every edit.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// The program, looked up on `PATH`.
pub const PROGRAM: &str = "shellcheck";

/// How to install it, for the error when it is missing.
pub const INSTALL_HINT: &str = "install ShellCheck (Debian/Ubuntu: `apt-get install shellcheck`, \
     Alpine: `apk add shellcheck`, macOS: `brew install shellcheck`) or stop asking for it \
     (drop `--shellcheck`, or `shellcheck = true` from fromlint.toml)";

/// The default time limit for one script.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// At most this much of ShellCheck's output is read for one script.
pub const MAX_OUTPUT: usize = 8 << 20;

/// Scripts larger than this are not given to ShellCheck.
pub const MAX_SCRIPT: usize = 1 << 20;

/// One finding of ShellCheck (`--format=json1`): 1-based lines and
/// columns, columns counted in characters, the end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub line: usize,
    pub end_line: usize,
    pub column: usize,
    pub end_column: usize,
    /// `error`, `warning`, `info` or `style`.
    pub level: String,
    /// The number of `SC2086`.
    pub code: u32,
    pub message: String,
}

#[derive(Deserialize)]
struct Output {
    comments: Vec<Finding>,
}

/// Why a script could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The program is not installed (or cannot be started).
    Missing(String),
    /// It ran longer than the time limit and was killed.
    Timeout(Duration),
    /// It printed more than [`MAX_OUTPUT`] bytes.
    TooMuchOutput,
    /// The script is larger than [`MAX_SCRIPT`].
    TooLarge(usize),
    /// It failed, or printed something that is not its JSON.
    Failed(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Missing(why) => write!(f, "`{PROGRAM}` could not be run ({why})"),
            Error::Timeout(limit) => write!(
                f,
                "`{PROGRAM}` did not finish within {} s and was stopped",
                limit.as_secs()
            ),
            Error::TooMuchOutput => write!(
                f,
                "`{PROGRAM}` printed more than {} MiB and was stopped",
                MAX_OUTPUT >> 20
            ),
            Error::TooLarge(size) => write!(
                f,
                "the script is {size} bytes, more than the {} MiB given to `{PROGRAM}`",
                MAX_SCRIPT >> 20
            ),
            Error::Failed(why) => write!(f, "`{PROGRAM}` failed: {why}"),
        }
    }
}

/// What to check: a script, the dialect (`sh`, `bash`, `dash`, `ksh`) and
/// the codes not to report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Request {
    pub script: String,
    pub dialect: &'static str,
    pub exclude: Vec<u32>,
    pub timeout: Duration,
}

type Outcome = Result<Arc<Vec<Finding>>, Error>;

/// The cache keeps at most this many results…
pub const CACHE_ENTRIES: usize = 4096;

/// …holding at most this many bytes (scripts, findings and messages
/// counted); the least recently used results are dropped first.
pub const CACHE_BYTES: usize = 16 << 20;

/// Results of ShellCheck by request, bounded in entries and bytes; the
/// least recently used go first. A result larger than the byte bound on
/// its own is not kept.
pub struct Cache {
    map: HashMap<Request, Entry>,
    bytes: usize,
    clock: u64,
    max_entries: usize,
    max_bytes: usize,
}

struct Entry {
    outcome: Outcome,
    size: usize,
    used: u64,
}

impl Cache {
    pub fn new(max_entries: usize, max_bytes: usize) -> Cache {
        Cache {
            map: HashMap::new(),
            bytes: 0,
            clock: 0,
            max_entries,
            max_bytes,
        }
    }

    /// The result for `request`, if kept; marks it as used.
    pub fn get(&mut self, request: &Request) -> Option<Outcome> {
        self.clock += 1;
        let entry = self.map.get_mut(request)?;
        entry.used = self.clock;
        Some(entry.outcome.clone())
    }

    /// Keeps `outcome` for `request`, dropping the least recently used
    /// results until both bounds hold.
    pub fn insert(&mut self, request: Request, outcome: Outcome) {
        let size = cost(&request, &outcome);
        if let Some(old) = self.map.remove(&request) {
            self.bytes -= old.size;
        }
        if size > self.max_bytes || self.max_entries == 0 {
            return;
        }
        while self.map.len() + 1 > self.max_entries || self.bytes + size > self.max_bytes {
            let Some(oldest) = self
                .map
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(r, _)| r.clone())
            else {
                break;
            };
            if let Some(gone) = self.map.remove(&oldest) {
                self.bytes -= gone.size;
            }
        }
        self.clock += 1;
        self.bytes += size;
        self.map.insert(
            request,
            Entry {
                outcome,
                size,
                used: self.clock,
            },
        );
    }

    /// How many results are kept.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The bytes the kept results are counted for.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// The bytes a result is counted for: its request (the script) and its
/// findings with their messages.
fn cost(request: &Request, outcome: &Outcome) -> usize {
    let request_size = std::mem::size_of::<Request>()
        + request.script.len()
        + request.exclude.len() * std::mem::size_of::<u32>();
    let outcome_size = match outcome {
        Ok(findings) => findings
            .iter()
            .map(|f| std::mem::size_of::<Finding>() + f.level.len() + f.message.len())
            .sum(),
        Err(Error::Missing(why) | Error::Failed(why)) => why.len(),
        Err(_) => 0,
    };
    std::mem::size_of::<Entry>() + request_size + outcome_size
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Cache::new(CACHE_ENTRIES, CACHE_BYTES)))
}

/// ShellCheck's version (`0.9.0`), or why it cannot be run; asked once per
/// process.
pub fn version() -> Result<String, Error> {
    static VERSION: OnceLock<Result<String, Error>> = OnceLock::new();
    VERSION
        .get_or_init(|| {
            let (status, out) = run_bounded(&["--version"], b"", DEFAULT_TIMEOUT)?;
            let text = String::from_utf8_lossy(&out);
            let version = text
                .lines()
                .find_map(|l| l.strip_prefix("version:"))
                .map(|v| v.trim().to_string());
            match version {
                Some(v) if status == Some(0) => Ok(v),
                _ => Err(Error::Missing(format!(
                    "`{PROGRAM} --version` did not print a version"
                ))),
            }
        })
        .clone()
}

/// The findings of ShellCheck on the request's script (cached).
pub fn check(request: &Request) -> Result<Arc<Vec<Finding>>, Error> {
    if let Some(done) = cache().lock().ok().and_then(|mut c| c.get(request)) {
        return done;
    }
    let outcome = check_uncached(request);
    // Time-outs depend on the machine's load: tried again next time.
    if !matches!(outcome, Err(Error::Timeout(_)))
        && let Ok(mut cache) = cache().lock()
    {
        cache.insert(request.clone(), outcome.clone());
    }
    outcome
}

fn check_uncached(request: &Request) -> Outcome {
    if request.script.len() > MAX_SCRIPT {
        return Err(Error::TooLarge(request.script.len()));
    }
    let shell = format!("--shell={}", request.dialect);
    let mut args = vec!["--format=json1", "--norc", shell.as_str()];
    let exclude = request
        .exclude
        .iter()
        .map(|c| format!("SC{c}"))
        .collect::<Vec<_>>()
        .join(",");
    let exclude = format!("--exclude={exclude}");
    if !request.exclude.is_empty() {
        args.push(&exclude);
    }
    args.push("-");
    let (status, out) = run_bounded(&args, request.script.as_bytes(), request.timeout)?;
    // 0: nothing found, 1: findings; anything else is a failure.
    if !matches!(status, Some(0 | 1)) {
        let text = String::from_utf8_lossy(&out);
        let first = text.lines().next().unwrap_or("no output").trim();
        return Err(Error::Failed(format!(
            "exit status {}: {}",
            status.map_or("none".to_string(), |s| s.to_string()),
            crate::report::escape_controls(first)
        )));
    }
    let parsed: Output = serde_json::from_slice(&out)
        .map_err(|e| Error::Failed(format!("unreadable output ({e})")))?;
    Ok(Arc::new(parsed.comments))
}

/// Runs the program with `args`, feeding it `input` on standard input;
/// its exit status (`None` when killed by a signal) and its standard
/// output (standard error after it when it printed nothing), each capped
/// at [`MAX_OUTPUT`]. Killed after `timeout`.
fn run_bounded(
    args: &[&str],
    input: &[u8],
    timeout: Duration,
) -> Result<(Option<i32>, Vec<u8>), Error> {
    let mut child = Command::new(PROGRAM)
        .args(args)
        // Options from the environment would change the output format.
        .env_remove("SHELLCHECK_OPTS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::Missing(e.to_string()))?;
    let stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let started = Instant::now();
    let result = std::thread::scope(|scope| {
        // Written from a thread of its own: a program that prints before
        // reading all of its input cannot block us.
        scope.spawn(move || {
            if let Some(mut stdin) = stdin {
                let _ = stdin.write_all(input);
            }
        });
        let out = scope.spawn(move || read_capped(stdout));
        let err = scope.spawn(move || read_capped(stderr));
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status.code()),
                Ok(None) if started.elapsed() >= timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(Error::Timeout(timeout));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(2)),
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(Error::Failed(e.to_string()));
                }
            }
        };
        let out = out.join().unwrap_or((Vec::new(), false));
        let err = err.join().unwrap_or((Vec::new(), false));
        (status, out, err)
    });
    let (status, (out, out_overflow), (err, _)) = result;
    let status = status?;
    if out_overflow {
        return Err(Error::TooMuchOutput);
    }
    Ok((status, if out.is_empty() { err } else { out }))
}

/// Reads a pipe to its end, keeping at most [`MAX_OUTPUT`] bytes; whether
/// there was more. The rest is drained, so the program never blocks on a
/// full pipe.
fn read_capped(pipe: Option<impl Read>) -> (Vec<u8>, bool) {
    let Some(mut pipe) = pipe else {
        return (Vec::new(), false);
    };
    let mut kept = Vec::new();
    let mut overflow = false;
    let mut buffer = [0u8; 64 * 1024];
    loop {
        match pipe.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = MAX_OUTPUT.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..n.min(room)]);
                overflow |= n > room;
            }
        }
    }
    (kept, overflow)
}

/// The byte offset in `text` of ShellCheck's 1-based `line` and `column`
/// (counted in characters; a column past the end of a line is its end).
pub fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    let within = line_text[..line_end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_end, |(i, _)| i);
    start + within
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_and_clamp() {
        let text = "a\n\té $x\nlast";
        assert_eq!(offset(text, 1, 1), 0);
        assert_eq!(offset(text, 2, 1), 2);
        // The tab and `é` are one column each; `é` is two bytes.
        assert_eq!(offset(text, 2, 4), 6);
        assert_eq!(offset(text, 2, 99), 8);
        assert_eq!(offset(text, 3, 2), 10);
        assert_eq!(offset(text, 9, 1), text.len());
        assert_eq!(offset(text, 0, 0), 0);
    }

    fn request(script: &str) -> Request {
        Request {
            script: script.to_string(),
            dialect: "sh",
            exclude: vec![],
            timeout: DEFAULT_TIMEOUT,
        }
    }

    fn found(message: &str) -> Outcome {
        Ok(Arc::new(vec![Finding {
            line: 1,
            end_line: 1,
            column: 1,
            end_column: 2,
            level: "info".into(),
            code: 2086,
            message: message.into(),
        }]))
    }

    #[test]
    fn the_cache_keeps_the_most_recently_used_within_its_entry_bound() {
        let mut cache = Cache::new(3, usize::MAX);
        for script in ["a", "b", "c"] {
            cache.insert(request(script), found(script));
        }
        // `a` is used again, so `b` is now the least recently used.
        assert!(cache.get(&request("a")).is_some());
        cache.insert(request("d"), found("d"));
        assert_eq!(cache.len(), 3);
        assert!(cache.get(&request("b")).is_none());
        for kept in ["a", "c", "d"] {
            assert_eq!(cache.get(&request(kept)), Some(found(kept)), "{kept}");
        }
        // Replacing a result neither grows the cache nor evicts.
        cache.insert(request("a"), Ok(Arc::new(vec![])));
        assert_eq!(cache.len(), 3);
        assert_eq!(cache.get(&request("a")), Some(Ok(Arc::new(vec![]))));
    }

    #[test]
    fn the_cache_stays_within_its_byte_bound() {
        let one = cost(&request(&"x".repeat(1000)), &found("m"));
        let mut cache = Cache::new(usize::MAX, one * 5 / 2);
        for i in 0..10 {
            let script = format!("{i}{}", "x".repeat(999));
            cache.insert(request(&script), found("m"));
            assert!(cache.bytes() <= one * 5 / 2, "{} bytes", cache.bytes());
        }
        assert_eq!(cache.len(), 2);
        // The last two are the ones kept, and the count is exact.
        assert!(
            cache
                .get(&request(&format!("9{}", "x".repeat(999))))
                .is_some()
        );
        assert!(
            cache
                .get(&request(&format!("8{}", "x".repeat(999))))
                .is_some()
        );
        assert_eq!(cache.bytes(), 2 * one);
        // A result larger than the whole bound is not kept, and evicts
        // nothing.
        cache.insert(request(&"y".repeat(one * 3)), found("m"));
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&request(&"y".repeat(one * 3))).is_none());
        // Long messages count too.
        cache.insert(request("short"), found(&"m".repeat(one * 2)));
        assert_eq!(cache.len(), 1);
        assert!(cache.bytes() <= one * 5 / 2);
    }

    #[test]
    fn the_process_cache_has_the_documented_bounds() {
        let cache = cache().lock().unwrap();
        assert_eq!(
            (cache.max_entries, cache.max_bytes),
            (CACHE_ENTRIES, CACHE_BYTES)
        );
        assert_eq!((CACHE_ENTRIES, CACHE_BYTES >> 20), (4096, 16));
    }
}

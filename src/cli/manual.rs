//! Shell completion scripts and manual pages, generated from the clap
//! definition so that they always list the real commands and flags.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;
use roff::{Roff, bold, italic, roman};

use super::{Cli, EXIT_CLEAN, EXIT_ERROR, print};

/// `fromlint completions SHELL`: the completion script on stdout.
pub(super) fn completions(shell: Shell) -> i32 {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "fromlint", &mut script);
    print(&String::from_utf8_lossy(&script))
}

/// `fromlint man`: fromlint(1) on stdout, or with `--output-dir` every page
/// written into that directory.
pub(super) fn man(output_dir: Option<&Path>) -> i32 {
    let result = match output_dir {
        None => main_page().map(|page| print(&page)),
        Some(dir) => write_pages(dir).map(|written| {
            for path in written {
                println!("{}", path.display());
            }
            EXIT_CLEAN
        }),
    };
    result.unwrap_or_else(|error| {
        eprintln!("fromlint: error: man: {error}");
        EXIT_ERROR
    })
}

/// The command as the manual describes it: built (so subcommands know
/// their `fromlint-<name>` display names) and without clap's `help`
/// subcommand, which has no page.
fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn manual(cmd: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd)
        .source(format!("fromlint {}", env!("CARGO_PKG_VERSION")))
        .manual("fromlint manual")
}

/// fromlint(1): clap's sections, with exit status, environment, files,
/// examples and see also between the commands and the version.
pub(crate) fn main_page() -> std::io::Result<String> {
    let man = manual(command());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    extra_sections().to_writer(&mut out)?;
    man.render_version_section(&mut out)?;
    String::from_utf8(out).map_err(std::io::Error::other)
}

/// Writes fromlint.1 and fromlint-<command>.1 for every subcommand (the
/// main page refers to them) into `dir`, creating it if needed.
fn write_pages(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let cmd = command();
    let mut written = Vec::new();
    let main = dir.join("fromlint.1");
    std::fs::write(&main, main_page()?)?;
    written.push(main);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let man = manual(sub.clone());
        let path = dir.join(man.get_filename());
        let mut file = std::fs::File::create(&path)?;
        man.render(&mut file)?;
        file.flush()?;
        written.push(path);
    }
    Ok(written)
}

/// A `.TP` entry: a bold term and its description.
fn entry(roff: &mut Roff, term: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(term)]);
    roff.text([roman(text)]);
}

fn extra_sections() -> Roff {
    let mut roff = Roff::new();

    roff.control("SH", ["EXIT STATUS"]);
    entry(
        &mut roff,
        "0",
        "No findings at or above the failure threshold.",
    );
    entry(
        &mut roff,
        "1",
        "Findings at or above the failure threshold (a parse-error counts); with --diff, something to change.",
    );
    entry(
        &mut roff,
        "2",
        "An error: bad usage, a configuration mistake (nothing is linted then), or a file that is missing, unreadable, binary or not UTF-8 (the other files are still linted).",
    );

    roff.control("SH", ["ENVIRONMENT"]);
    entry(&mut roff, "FROMLINT_FORMAT", "The default of --format.");
    entry(
        &mut roff,
        "FROMLINT_TODAY",
        "A date (YYYY-MM-DD) that end-of-life lints take as today.",
    );
    entry(
        &mut roff,
        "NO_COLOR",
        "When set and not empty, human output has no colour.",
    );
    entry(&mut roff, "COLUMNS", "The width of human output.");
    entry(
        &mut roff,
        "DOCKER_CONFIG",
        "The directory holding config.json, whose registry credentials fromlint pin uses (default ~/.docker).",
    );
    entry(
        &mut roff,
        "ALL_PROXY, HTTPS_PROXY, HTTP_PROXY, NO_PROXY",
        "The proxy fromlint pin uses (never for loopback hosts).",
    );

    roff.control("SH", ["FILES"]);
    entry(
        &mut roff,
        "fromlint.toml, .fromlint.toml",
        "Configuration: the nearest one from the linted file's directory up to the repository root is used.",
    );
    entry(
        &mut roff,
        ".hadolint.yaml, .hadolint.yml",
        "hadolint's configuration, read with hadolint's keys when no fromlint file applies.",
    );

    roff.control("SH", ["EXAMPLES"]);
    for (command, meaning) in [
        (
            "fromlint",
            "Lint every Dockerfile under the current directory.",
        ),
        (
            "fromlint --fix --unsafe-fixes Dockerfile",
            "Apply safe and unsafe fixes, then report what remains.",
        ),
        (
            "fromlint --format sarif --exit-zero . > fromlint.sarif",
            "Write SARIF for GitHub code scanning.",
        ),
        (
            "fromlint --statistics .",
            "Count the findings of each lint.",
        ),
        (
            "fromlint pin --check",
            "Exit 1 when a FROM image is not pinned to its current digest.",
        ),
        (
            "fromlint completions bash > ~/.local/share/bash-completion/completions/fromlint",
            "Install bash completions.",
        ),
    ] {
        entry(&mut roff, command, meaning);
    }

    roff.control("SH", ["SEE ALSO"]);
    roff.text([
        bold("fromlint rules"),
        roman(" lists every lint and "),
        bold("fromlint rule"),
        roman(" "),
        italic("ID"),
        roman(" prints its documentation. The guides are at "),
        roman(concat!(env!("CARGO_PKG_REPOSITORY"), "/tree/main/docs")),
        roman("."),
    ]);
    roff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_page_has_every_section_and_subcommand() {
        let page = main_page().unwrap();
        for section in [
            ".TH fromlint 1",
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH OPTIONS",
            ".SH SUBCOMMANDS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH EXAMPLES",
            ".SH \"SEE ALSO\"",
            ".SH VERSION",
        ] {
            assert!(page.contains(section), "no `{section}` in\n{page}");
        }
        for sub in command().get_subcommands() {
            let reference = format!("fromlint\\-{}(1)", sub.get_name());
            assert!(page.contains(&reference), "no `{reference}` in\n{page}");
        }
        assert!(!page.contains("fromlint\\-help"), "help has no page");
    }

    #[test]
    fn every_referenced_page_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_pages(dir.path()).unwrap();
        let names: Vec<String> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert!(names.contains(&"fromlint.1".to_string()));
        assert!(names.contains(&"fromlint-pin.1".to_string()), "{names:?}");
        let pin = std::fs::read_to_string(dir.path().join("fromlint-pin.1")).unwrap();
        assert!(pin.contains("\\-\\-registry\\-mirror"), "{pin}");
        assert_eq!(names.len(), command().get_subcommands().count() + 1);
    }
}

//! `stsplay test PATH…`: find the test files, read them (expanding `$ref`s), run every case through
//! the engine, print the summary, and write JUnit XML on request. The suite logic itself lives in
//! `crate::suite`; this module only does the file system, the clock and the key.

use super::{parse_now_flag, system_now};
use crate::engine::json::InputError;
use crate::engine::json::parse_text;
use crate::signing::SigningKey;
use crate::suite::FILE_SUFFIX;
use crate::suite::file::TestFile;
use crate::suite::refs::{self, Loaded};
use crate::suite::report::{FileOutcome, FileReport, Totals, junit, summary};
use crate::suite::run::{CaseResult, base_now, run_file};
use std::path::{Path, PathBuf};

/// Arguments of `stsplay test`.
#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// Test files, or directories searched recursively for `*.stsplay-test.json` files.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Also write the results as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    junit: Option<String>,
    /// The clock STS uses: RFC 3339 or epoch seconds. Overrides each file's `now` (a case's own
    /// `now` still applies to that case); without either, the system clock is used.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
}

/// What the command prints, and its exit code.
pub struct Report {
    /// 0 all passed, 1 a case failed, 2 something was unusable.
    pub code: u8,
    /// The summary.
    pub stdout: String,
    /// One line per unusable file or case, and invocation errors.
    pub stderr: String,
}

fn invocation_error(message: String) -> Report {
    Report {
        code: 2,
        stdout: String::new(),
        stderr: format!("stsplay: {message}\n"),
    }
}

/// Run `stsplay test`.
pub fn run(args: &TestArgs, colour: bool) -> Report {
    let now_flag = match parse_now_flag(args.now.as_deref()) {
        Ok(now) => now,
        Err(message) => return invocation_error(message),
    };
    // One throwaway key per run signs every `claims` and `github` case.
    let key = match SigningKey::generate_p256() {
        Ok(key) => key,
        Err(err) => return invocation_error(format!("cannot make a signing key: {err}")),
    };
    let fallback_now = system_now();
    let mut reports = Vec::new();
    for found in find_test_files(&args.paths) {
        let report = match found {
            Err(report) => report,
            Ok(path) => FileReport {
                path: path.display().to_string(),
                outcome: match load_test_file(&path) {
                    Err(message) => FileOutcome::Unusable(message),
                    Ok(file) => match base_now(&file, now_flag, fallback_now) {
                        Err(err) => FileOutcome::Unusable(err.to_string()),
                        Ok(now) => FileOutcome::Ran(run_file(&file, now, &key)),
                    },
                },
            },
        };
        reports.push(report);
    }

    let totals = Totals::of(&reports);
    let mut stderr = String::new();
    for report in &reports {
        match &report.outcome {
            FileOutcome::Unusable(message) => {
                stderr.push_str(&format!("stsplay: {}: {message}\n", report.path));
            }
            FileOutcome::Ran(cases) => {
                for (name, result) in cases {
                    if let CaseResult::Unusable(err) = result {
                        stderr
                            .push_str(&format!("stsplay: {}: case `{name}`: {err}\n", report.path));
                    }
                }
            }
        }
    }
    let mut code = totals.exit_code();
    if let Some(target) = &args.junit
        && let Err(err) = std::fs::write(target, junit(&reports))
    {
        stderr.push_str(&format!("stsplay: --junit {target}: {err}\n"));
        code = 2;
    }
    Report {
        code,
        stdout: summary(&reports, colour),
        stderr,
    }
}

/// The files to run, in the order named; directories contribute their `*.stsplay-test.json`
/// files in sorted order. A path that names nothing usable becomes an unusable report.
fn find_test_files(paths: &[String]) -> Vec<Result<PathBuf, FileReport>> {
    let mut found: Vec<Result<PathBuf, FileReport>> = Vec::new();
    for given in paths {
        let path = PathBuf::from(given);
        let unusable = |message: String| FileReport {
            path: given.clone(),
            outcome: FileOutcome::Unusable(message),
        };
        match std::fs::metadata(&path) {
            Err(err) => found.push(Err(unusable(err.to_string()))),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                if let Err(err) = walk(&path, &mut files) {
                    found.push(Err(unusable(err)));
                    continue;
                }
                if files.is_empty() {
                    found.push(Err(unusable(format!(
                        "no `*{FILE_SUFFIX}` files in this directory or below"
                    ))));
                }
                found.extend(files.into_iter().map(Ok));
            }
            Ok(_) => found.push(Ok(path)),
        }
    }
    // A file named twice (directly and through its directory) runs once.
    let mut seen = Vec::new();
    found.retain(|entry| match entry {
        Ok(path) => {
            let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let fresh = !seen.contains(&key);
            seen.push(key);
            fresh
        }
        Err(_) => true,
    });
    found
}

/// Collect test files under `dir`, sorted by path. Symbolic links to directories are not
/// followed (they could loop).
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|err| format!("{}: {err}", dir.display()))?;
    paths.sort();
    for path in paths {
        let link =
            std::fs::symlink_metadata(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        if link.is_dir() {
            walk(&path, files)?;
        } else if path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.ends_with(FILE_SUFFIX))
            && path.is_file()
        {
            files.push(path);
        }
    }
    Ok(())
}

/// Read one JSON file: its canonical path (for `$ref` cycles) and its value.
fn load_json(path: &Path) -> Result<Loaded, String> {
    let bytes = std::fs::read(path).map_err(|err| err.to_string())?;
    let text = super::utf8_text(bytes)?;
    let value = parse_text(&text, "the file").map_err(|err| err.message)?;
    let canonical = std::fs::canonicalize(path).map_err(|err| err.to_string())?;
    Ok(Loaded { canonical, value })
}

/// Read, expand and understand a test file. The error names the JSON path (and, for a broken
/// `$ref`, the file that holds it).
fn load_test_file(path: &Path) -> Result<TestFile, String> {
    let Loaded {
        canonical,
        mut value,
    } = load_json(path)?;
    refs::expand(&mut value, path, &canonical, &mut load_json).map_err(|err| {
        if err.file == path {
            InputError::new(err.path, err.message).to_string()
        } else {
            err.to_string()
        }
    })?;
    TestFile::from_value(&value).map_err(|err| err.to_string())
}

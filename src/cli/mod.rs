//! The `stsplay` command line: a thin adapter. It reads files and the clock (the only place that
//! does), calls the engine, renders, and maps the verdict to an exit code:
//! 0 accepted, 1 rejected, 2 the scenario or the invocation is unusable.
//!
//! `check` and `decode` live here; `test`, `github-claims`, `lint`, `export` and `who-can` have
//! their own modules.

mod export;
mod github_claims;
mod lint;
mod test;
mod who_can;

use crate::engine::clock::Epoch;
use crate::engine::scenario::{Scenario, parse_time_text};
use crate::engine::verdict::Outcome;
use crate::engine::{json, simulate};
use crate::present::{decode, text};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

/// Simulate AWS STS AssumeRoleWithWebIdentity offline, and see exactly why it accepts or rejects.
#[derive(Parser, Debug)]
#[command(name = "stsplay", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 accepted (test: every case passed), 1 rejected by STS (test: a case failed), 2 unusable scenario, test file or invocation."
)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a scenario through the simulated STS and print the trace and STS's answer.
    Check {
        /// The scenario JSON file, or `-` for standard input.
        file: String,
        /// Print the verdict as JSON (the documented contract) instead of the readable trace.
        #[arg(long)]
        json: bool,
        /// The clock STS uses: RFC 3339 or epoch seconds. Overrides the scenario's `now`;
        /// without either, the system clock is used.
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
    },
    /// Run trust-policy test files (`*.stsplay-test.json`, searched recursively in directories).
    #[command(
        after_help = "Exit codes: 0 every case passed, 1 a case failed, 2 a file or case is unusable."
    )]
    Test(test::TestArgs),
    /// Print the OIDC claims GitHub Actions would issue for a workflow run, as JSON.
    GithubClaims(Box<github_claims::GithubClaimsArgs>),
    /// Write a scenario as a Mermaid diagram, Terraform, CloudFormation or AWS CLI commands.
    ///
    /// Mermaid shows the simulated call; the other formats create the IAM OIDC provider and the
    /// role, with its trust policy exactly as evaluated. Exits 0 when written, whatever the
    /// verdict.
    Export {
        /// The scenario JSON file, or `-` for standard input.
        file: String,
        /// What to write.
        #[arg(long, value_enum)]
        format: export::FormatArg,
        /// The clock STS uses (RFC 3339 or epoch seconds), as for `check`.
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
    },
    /// Who else can assume this role? Counterexample tokens the trust policy admits, confirmed
    /// by the simulated STS and graded.
    #[command(
        after_help = "Exit codes: 0 nothing dangerous is admitted, 1 a dangerous token is admitted, 2 unusable input."
    )]
    WhoCan(who_can::WhoCanArgs),
    /// Show a token's header and claims, with its times in human terms. Verifies nothing.
    Decode {
        /// The token, or `-` to read it from standard input.
        token: String,
        /// The clock to describe times against (RFC 3339 or epoch seconds); defaults to the system clock.
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
    },
    /// Lint a trust policy: exit 0 when no finding reaches `--fail-on` (errors by default), 1
    /// when one does, 2 when the input is unusable.
    Lint(lint::LintArgs),
}

/// Parse the arguments and run. Usage errors exit 2, as clap does by default.
pub fn main() -> ExitCode {
    let args = Args::parse();
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let code = run(
        args,
        &mut std::io::stdin(),
        &mut stdout,
        &mut stderr,
        colour,
    );
    ExitCode::from(code)
}

/// Run with explicit streams; returns the exit code.
pub fn run(
    args: Args,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    colour: bool,
) -> u8 {
    let result = match args.command {
        Command::Check { file, json, now } => check(&file, json, now.as_deref(), stdin, colour),
        Command::Decode { token, now } => decode_token(&token, now.as_deref(), stdin),
        Command::GithubClaims(args) => github_claims::run(&args, stdin),
        Command::WhoCan(args) => who_can::run(&args, stdin, colour),
        Command::Test(args) => {
            // A test run reports on standard output even when a file is unusable (exit 2).
            let report = test::run(&args, colour);
            let _ = stdout.write_all(report.stdout.as_bytes());
            let _ = stderr.write_all(report.stderr.as_bytes());
            return report.code;
        }
        Command::Export { file, format, now } => export::run(&file, format, now.as_deref(), stdin),
        Command::Lint(lint_args) => lint::run(&lint_args, stdin, stderr, colour),
    };
    match result {
        Ok((code, output)) => {
            let _ = stdout.write_all(output.as_bytes());
            code
        }
        Err(message) => {
            let _ = writeln!(stderr, "stsplay: {message}");
            2
        }
    }
}

pub(crate) fn read_input(source: &str, stdin: &mut dyn Read) -> Result<String, String> {
    let mut bytes = Vec::new();
    let (name, outcome) = if source == "-" {
        ("standard input", stdin.read_to_end(&mut bytes).map(|_| ()))
    } else {
        (
            source,
            std::fs::File::open(source).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ())),
        )
    };
    outcome.map_err(|err| format!("{name}: {err}"))?;
    utf8_text(bytes).map_err(|problem| format!("{name}: {problem}"))
}

/// The UTF-8 encoding of U+FEFF, the byte-order mark.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// A file's bytes as text, without the one leading byte-order mark that Windows editors and
/// PowerShell's `Out-File` write. RFC 8259 §8.1 lets a JSON parser ignore it; serde_json does
/// not, so every file and standard-input read goes through here.
pub(crate) fn utf8_text(mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(BYTE_ORDER_MARK) {
        bytes.drain(..BYTE_ORDER_MARK.len());
    }
    String::from_utf8(bytes).map_err(|err| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            err.utf8_error().valid_up_to()
        )
    })
}

pub(crate) fn system_now() -> Epoch {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| Epoch::try_from(d.as_secs()).unwrap_or(Epoch::MAX))
        .unwrap_or_default()
}

pub(crate) fn parse_now_flag(now: Option<&str>) -> Result<Option<Epoch>, String> {
    now.map(|text| {
        parse_time_text(text).ok_or_else(|| {
            format!(
                "--now: expected RFC 3339 (2026-11-22T10:00:00Z) or epoch seconds, found `{text}`"
            )
        })
    })
    .transpose()
}

fn check(
    file: &str,
    as_json: bool,
    now: Option<&str>,
    stdin: &mut dyn Read,
    colour: bool,
) -> Result<(u8, String), String> {
    let now_flag = parse_now_flag(now)?;
    let text = read_input(file, stdin)?;
    let name = if file == "-" { "standard input" } else { file };
    let mut value = json::parse_text(&text, "the scenario")
        .map_err(|e| format!("{name}: {}", e.in_scenario()))?;
    // The clock: --now, then the file's `now`, then the system clock.
    if let serde_json::Value::Object(map) = &mut value {
        match now_flag {
            Some(epoch) => {
                map.insert("now".into(), epoch.into());
            }
            None if map.get("now").is_none_or(serde_json::Value::is_null) => {
                map.insert("now".into(), system_now().into());
            }
            None => {}
        }
    }
    let scenario =
        Scenario::from_value(&value).map_err(|e| format!("{name}: {}", e.in_scenario()))?;
    let verdict = simulate(&scenario);
    let code = match verdict.outcome() {
        Outcome::Accepted => 0,
        Outcome::Rejected => 1,
    };
    let output = if as_json {
        let mut out = serde_json::to_string_pretty(&verdict).map_err(|e| e.to_string())?;
        out.push('\n');
        out
    } else {
        let style = if colour {
            text::Style::Ansi
        } else {
            text::Style::Plain
        };
        text::render(&verdict, style)
    };
    Ok((code, output))
}

/// Read a scenario file (or standard input) with the clock filled in: `--now`, then the file's
/// `now`, then the system clock.
fn load_scenario(file: &str, now: Option<&str>, stdin: &mut dyn Read) -> Result<Scenario, String> {
    let now_flag = parse_now_flag(now)?;
    let text = read_input(file, stdin)?;
    let name = if file == "-" { "standard input" } else { file };
    let mut value = json::parse_text(&text, "the scenario")
        .map_err(|e| format!("{name}: {}", e.in_scenario()))?;
    if let serde_json::Value::Object(map) = &mut value {
        match now_flag {
            Some(epoch) => {
                map.insert("now".into(), epoch.into());
            }
            None if map.get("now").is_none_or(serde_json::Value::is_null) => {
                map.insert("now".into(), system_now().into());
            }
            None => {}
        }
    }
    Scenario::from_value(&value).map_err(|e| format!("{name}: {}", e.in_scenario()))
}

fn decode_token(
    token: &str,
    now: Option<&str>,
    stdin: &mut dyn Read,
) -> Result<(u8, String), String> {
    let now = parse_now_flag(now)?.unwrap_or_else(system_now);
    let token = if token == "-" {
        read_input("-", stdin)?
    } else {
        token.to_string()
    };
    decode::render(&token, now)
        .map(|out| (0, out))
        .map_err(|err| format!("the token is not a JWT: {err}"))
}

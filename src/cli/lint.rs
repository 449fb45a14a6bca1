//! `stsplay lint`: the engine's lint pack on a trust policy file, printed the way a compiler
//! prints diagnostics (code, severity, `file:line:col`, the source line with the name or value
//! underlined, the help), or as JSON. Exit codes: 0 when no finding reaches `--fail-on`
//! (errors by default), 1 when one does, 2 when the input or the invocation is unusable.

use crate::engine::json::parse_text;
use crate::engine::policy::{self, LintContext};
use crate::engine::scenario::Scenario;
use crate::engine::token;
use crate::engine::verdict::{Finding, Severity, Span};
use crate::present::sarif;
use crate::terraform;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write as _;
use std::io::{Read, Write};

/// The arguments of `stsplay lint`.
#[derive(clap::Args, Debug)]
pub struct LintArgs {
    /// The trust policies: JSON files each with the policy object, the policy as a JSON string
    /// (URL-encoded accepted), `aws iam get-role` output, or a scenario (every role is linted);
    /// `-` reads standard input. Several files are linted one after the other (as pre-commit
    /// passes them).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// An IAM OIDC provider URL registered in the account (repeatable): condition keys and
    /// principals are checked against it.
    #[arg(long = "provider", value_name = "URL")]
    providers: Vec<String>,
    /// A scenario whose providers and token (decoded, not verified) serve as evidence.
    #[arg(long, value_name = "FILE")]
    scenario: Option<String>,
    /// How to print the findings: `text` (compiler style), `json` (spans are offsets into the
    /// input file) or `sarif` (SARIF 2.1.0, for code scanning).
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAT")]
    format: Format,
    /// The same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value = "error", value_name = "SEVERITY")]
    fail_on: FailOn,
}

/// `--format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Sarif,
}

/// `--fail-on`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn fails(self, severity: Severity) -> bool {
        // `Severity` orders Error < Warning < Info.
        let threshold = match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        };
        severity <= threshold
    }
}

/// Run `stsplay lint`: (exit code, standard output), or the message for exit 2. With several
/// files, each is reported in turn; an unusable one is named on standard error and the others
/// are still linted, and the exit code is the worst: 2, else 1, else 0.
pub(super) fn run(
    args: &LintArgs,
    stdin: &mut dyn Read,
    stderr: &mut dyn Write,
    colour: bool,
) -> Result<(u8, String), String> {
    let mut context = match &args.scenario {
        Some(file) => {
            let text = super::read_input(file, stdin)?;
            let scenario = read_scenario(&text).map_err(|e| format!("{file}: {e}"))?;
            scenario_context(&scenario)
        }
        None => LintContext::default(),
    };
    context.providers.extend(args.providers.iter().cloned());
    let mut reports = Vec::new();
    let mut unusable = false;
    for file in &args.files {
        match lint_file(file, &context, stdin) {
            Ok(report) => reports.push(report),
            Err(message) if args.files.len() > 1 => {
                let _ = writeln!(stderr, "stsplay: {message}");
                unusable = true;
            }
            Err(message) => return Err(message),
        }
    }
    let failed = reports.iter().any(|report| {
        report
            .findings
            .iter()
            .any(|located| args.fail_on.fails(located.finding.severity))
    });
    let format = if args.json { Format::Json } else { args.format };
    let output = match format {
        Format::Json => json_reports(&reports)?,
        Format::Sarif => sarif_report(&reports)?,
        Format::Text => reports
            .iter()
            .map(|report| readable_report(report, colour))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let code = if unusable { 2 } else { u8::from(failed) };
    Ok((code, output))
}

/// One file's findings.
struct FileReport {
    /// The file as the user named it; `<stdin>` for standard input.
    name: String,
    /// Whether it was standard input (which has no file to point at).
    stdin: bool,
    text: String,
    findings: Vec<Located>,
    /// Resources whose policy is known only after apply (not linted).
    unknown: Vec<String>,
}

fn lint_file(file: &str, shared: &LintContext, stdin: &mut dyn Read) -> Result<FileReport, String> {
    let text = super::read_input(file, stdin)?;
    let name = if file == "-" { "<stdin>" } else { file };
    let value = parse_input(&text).map_err(|e| format!("{name}: {e}"))?;
    let policies = if terraform::is_terraform_json(&value) {
        terraform_policies(&value).map_err(|e| format!("{name}: {e}"))?
    } else {
        policies_in(&value).map_err(|e| format!("{name}: {e}"))?
    };
    let mut context = shared.clone();
    context.providers.extend(policies.providers.iter().cloned());
    if policies.from_scenario {
        // A scenario linted as such is its own evidence.
        let scenario = read_scenario(&text).map_err(|e| format!("{name}: {e}"))?;
        let own = scenario_context(&scenario);
        context.providers.extend(own.providers);
        if context.token_claims.is_empty() {
            context.token_claims = own.token_claims;
        }
    }
    let findings: Vec<Located> = policies
        .pointers
        .iter()
        .zip(&policies.resources)
        .filter_map(|(at, resource)| value.pointer(at).map(|policy| (at, policy, resource)))
        .flat_map(|(at, policy, resource)| {
            policy::lint(policy, at, &context)
                .into_iter()
                .map(move |finding| (finding, resource))
        })
        .map(|(finding, resource)| Located {
            span: finding.locate(&text, ""),
            resource: resource.clone(),
            finding,
        })
        .collect();
    Ok(FileReport {
        name: name.to_string(),
        stdin: file == "-",
        text,
        findings,
        unknown: policies.unknown,
    })
}

/// A finding with its span in the input file.
struct Located {
    finding: Finding,
    span: Option<Span>,
    /// The infrastructure resource that holds the policy (a Terraform address), if any.
    resource: Option<String>,
}

/// The input as JSON; text that is not JSON but percent-decodes to it (a policy copied from
/// `aws iam get-role --output text`) is taken as the policy text.
fn parse_input(text: &str) -> Result<Value, String> {
    match parse_text(text, "the input") {
        Ok(value) => Ok(value),
        Err(error) => {
            let decoded = percent_encoding::percent_decode_str(text.trim()).decode_utf8();
            match decoded {
                Ok(decoded) if decoded != text.trim() && parse_text(&decoded, "").is_ok() => {
                    Ok(Value::String(text.to_string()))
                }
                _ => Err(error.message),
            }
        }
    }
}

/// Where the trust policies are in the input.
#[derive(Default)]
struct Policies {
    pointers: Vec<String>,
    /// For each pointer, the infrastructure resource that holds the policy (a Terraform address).
    resources: Vec<Option<String>>,
    from_scenario: bool,
    /// Provider URLs the input itself declares (Terraform's OIDC providers), as evidence.
    providers: Vec<String>,
    /// Resources whose policy is known only after apply, so not linted.
    unknown: Vec<String>,
}

/// The trust policies of `terraform show -json` output: each role's `assume_role_policy` in the
/// plan's planned state (or the state), with its address.
fn terraform_policies(value: &Value) -> Result<Policies, String> {
    let read = terraform::read(value).map_err(|e| e.to_string())?;
    let mut policies = Policies {
        providers: read.providers.into_iter().filter_map(|p| p.url).collect(),
        ..Policies::default()
    };
    for role in read.roles {
        match role.policy_at {
            Some(at) => {
                policies.pointers.push(at);
                policies.resources.push(Some(role.address));
            }
            None => policies.unknown.push(role.address),
        }
    }
    Ok(policies)
}

fn policies_in(value: &Value) -> Result<Policies, String> {
    let one = |at: &str| Policies {
        pointers: vec![at.to_string()],
        resources: vec![None],
        ..Policies::default()
    };
    let Value::Object(members) = value else {
        return match value {
            // The policy as a JSON string, as `aws iam get-role` may print it.
            Value::String(_) => Ok(one("")),
            _ => Err(NOT_A_POLICY.to_string()),
        };
    };
    if ["Statement", "Version", "Id"]
        .iter()
        .any(|name| members.contains_key(*name))
    {
        return Ok(one(""));
    }
    if let Some(role) = members.get("Role") {
        return match role.get("AssumeRolePolicyDocument") {
            Some(_) => Ok(one("/Role/AssumeRolePolicyDocument")),
            None => Err("at `/Role`: the role has no `AssumeRolePolicyDocument`".to_string()),
        };
    }
    if members.contains_key("AssumeRolePolicyDocument") {
        return Ok(one("/AssumeRolePolicyDocument"));
    }
    if let Some(Value::Array(roles)) = members.get("roles") {
        let pointers: Vec<String> = roles
            .iter()
            .enumerate()
            .filter_map(|(index, role)| {
                if role.get("AssumeRolePolicyDocument").is_some() {
                    Some(format!("/roles/{index}/AssumeRolePolicyDocument"))
                } else if role.pointer("/Role/AssumeRolePolicyDocument").is_some() {
                    Some(format!("/roles/{index}/Role/AssumeRolePolicyDocument"))
                } else {
                    None
                }
            })
            .collect();
        let resources = vec![None; pointers.len()];
        return Ok(Policies {
            pointers,
            resources,
            from_scenario: true,
            ..Policies::default()
        });
    }
    Err(NOT_A_POLICY.to_string())
}

const NOT_A_POLICY: &str = "expected a trust policy (an object with `Statement`), the policy as a JSON string, `aws iam get-role` output (`{\"Role\": …}`) or a scenario";

/// A scenario read for its evidence; `now` does not matter here.
fn read_scenario(text: &str) -> Result<Scenario, String> {
    let mut value = parse_text(text, "the scenario").map_err(|e| e.in_scenario())?;
    if let Value::Object(members) = &mut value {
        members.entry("now").or_insert(Value::from(0));
    }
    Scenario::from_value(&value).map_err(|e| e.in_scenario())
}

fn scenario_context(scenario: &Scenario) -> LintContext {
    LintContext {
        providers: scenario.providers.iter().map(|p| p.url.clone()).collect(),
        token_claims: token::decode(&scenario.request.web_identity_token)
            .map(|decoded| decoded.claims)
            .unwrap_or_default(),
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    findings: Vec<JsonFinding<'a>>,
    /// Resources whose trust policy is known only after apply (Terraform plans), not linted.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    not_linted: &'a [String],
}

/// A finding, and the infrastructure resource that holds its policy when there is one.
#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    finding: Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<&'a str>,
}

/// One file: `{"file": …, "findings": […]}`; several: an array of those.
fn json_reports(reports: &[FileReport]) -> Result<String, String> {
    fn one(report: &FileReport) -> JsonReport<'_> {
        JsonReport {
            file: &report.name,
            findings: report
                .findings
                .iter()
                .map(|located| JsonFinding {
                    finding: Finding {
                        span: located.span,
                        ..located.finding.clone()
                    },
                    resource: located.resource.as_deref(),
                })
                .collect(),
            not_linted: &report.unknown,
        }
    }
    let text = match reports {
        [report] => serde_json::to_string_pretty(&one(report)),
        _ => serde_json::to_string_pretty(&reports.iter().map(one).collect::<Vec<_>>()),
    };
    let mut out = text.map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out)
}

/// Every file's findings in one SARIF run.
fn sarif_report(reports: &[FileReport]) -> Result<String, String> {
    let located: Vec<sarif::Located> = reports
        .iter()
        .flat_map(|report| {
            let uri = (!report.stdin).then_some(report.name.as_str());
            report.findings.iter().map(move |located| sarif::Located {
                finding: &located.finding,
                uri,
                span: located.span,
                resource: located.resource.as_deref(),
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&sarif::log(&located)).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out)
}

fn paint(colour: bool, code: &str, text: &str) -> String {
    if colour {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

fn readable_report(report: &FileReport, colour: bool) -> String {
    let FileReport {
        name,
        text,
        findings,
        unknown,
        ..
    } = report;
    let mut out = String::new();
    for address in unknown {
        let _ = writeln!(
            out,
            "{name}: {address}: the trust policy is known only after apply, so it is not linted\n"
        );
    }
    for Located {
        finding,
        span,
        resource,
    } in findings
    {
        let (word, code) = match finding.severity {
            Severity::Error => ("error", "31;1"),
            Severity::Warning => ("warning", "33;1"),
            Severity::Info => ("info", "36;1"),
        };
        let head = paint(colour, code, &format!("{word}[{}]", finding.code));
        let _ = writeln!(out, "{head}: {}", finding.message);
        // The gutter is as wide as the line number, as in rustc's diagnostics.
        let gutter = " ".repeat(span.map_or(1, |span| span.line.to_string().len()));
        match span {
            Some(span) => {
                let _ = writeln!(out, "{gutter}--> {name}:{}:{}", span.line, span.column);
                excerpt(&mut out, text, span, &gutter, &paint_with(colour, code));
            }
            None => {
                let _ = writeln!(out, "{gutter}--> {name}");
            }
        }
        if let Some(resource) = resource {
            let _ = writeln!(out, "{gutter} = in {resource}");
        }
        let _ = writeln!(out, "{gutter} = at {}", finding.path);
        let _ = writeln!(out, "{gutter} = help: {}\n", finding.help);
    }
    let count = |severity: Severity| {
        findings
            .iter()
            .filter(|l| l.finding.severity == severity)
            .count()
    };
    let summary = match findings.len() {
        0 => format!("{name}: no findings"),
        _ => format!(
            "{name}: {}, {}, {}",
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning"),
            plural(count(Severity::Info), "info")
        ),
    };
    let _ = writeln!(out, "{summary}");
    out
}

fn paint_with(colour: bool, code: &str) -> impl Fn(&str) -> String + '_ {
    move |text| paint(colour, code, text)
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) | (_, "info") => format!("{n} {word}"),
        _ => format!("{n} {word}s"),
    }
}

/// Source lines longer than this are shown as a window around the span.
const EXCERPT_WIDTH: usize = 120;

/// The span's first line, numbered, with carets under the span (to the end of the line when
/// the span goes on). A long line (a minified or URL-encoded policy) is cut to a window around
/// the span.
fn excerpt(
    out: &mut String,
    text: &str,
    span: &Span,
    gutter: &str,
    paint: &dyn Fn(&str) -> String,
) {
    let Some(line) = text.split('\n').nth(span.line.saturating_sub(1)) else {
        return;
    };
    let chars: Vec<char> = line.trim_end_matches('\r').chars().collect();
    let start = span.column.saturating_sub(1).min(chars.len());
    let end = if span.end_line == span.line {
        span.end_column.saturating_sub(1).clamp(start, chars.len())
    } else {
        chars.len()
    };
    let (from, to) = if chars.len() <= EXCERPT_WIDTH {
        (0, chars.len())
    } else {
        let margin = EXCERPT_WIDTH.saturating_sub(end - start) / 2;
        let from = start.saturating_sub(margin);
        (
            from,
            (end + margin).max(from + EXCERPT_WIDTH).min(chars.len()),
        )
    };
    let shown: String = chars.get(from..to).unwrap_or_default().iter().collect();
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    // Keep tabs under tabs so the carets line up.
    let before: String = chars
        .get(from..start)
        .unwrap_or_default()
        .iter()
        .map(|c| if *c == '\t' { '\t' } else { ' ' })
        .collect();
    let carets = "^".repeat((end - start).max(1));
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{} | {lead}{shown}{tail}", span.line);
    let _ = writeln!(
        out,
        "{gutter} | {}{before}{}",
        " ".repeat(lead.chars().count()),
        paint(&carets)
    );
}

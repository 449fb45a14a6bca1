//! The readable trace: every phase with its sub-checks, then the findings, then what STS answers
//! (the AWS CLI's error line, or the credentials JSON). The CLI prints this, and the golden
//! tests pin it.

use super::aws_cli::{credentials_json, error_line};
use crate::engine::verdict::{Answer, Severity, Status, Verdict};
use std::fmt::Write as _;

/// Terminal styling: ANSI colours, or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Plain text (files, pipes, golden tests).
    Plain,
    /// ANSI colours (a terminal).
    Ansi,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        match self {
            Style::Plain => text.to_string(),
            Style::Ansi => format!("\u{1b}[{code}m{text}\u{1b}[0m"),
        }
    }
}

fn colour(status: Status) -> &'static str {
    match status {
        Status::Pass => "32",
        Status::Fail => "31;1",
        Status::Skip => "2",
    }
}

/// Render the whole trace.
pub fn render(verdict: &Verdict, style: Style) -> String {
    let mut out = String::new();
    for step in &verdict.steps {
        let assumed = if step.assumed { "  [assumed]" } else { "" };
        let head = format!(
            "{} {:<13}{}{assumed}",
            step.status.icon(),
            step.id.as_str(),
            step.title
        );
        let _ = writeln!(out, "{}", style.paint(colour(step.status), &head));
        if step.status == Status::Skip {
            continue;
        }
        let _ = writeln!(out, "    {}", step.detail);
        for check in &step.checks {
            let assumed = if check.assumed { " [assumed]" } else { "" };
            let line = format!(
                "{} {}: {}{assumed}",
                check.status.icon(),
                check.id,
                check.detail
            );
            let _ = writeln!(out, "      {}", style.paint(colour(check.status), &line));
        }
    }
    if !verdict.findings.is_empty() {
        let _ = writeln!(out, "\nFindings:");
        for finding in &verdict.findings {
            let severity = match finding.severity {
                Severity::Error => style.paint("31;1", "error"),
                Severity::Warning => style.paint("33", "warning"),
                Severity::Info => style.paint("36", "info"),
            };
            // A policy given as text has a span: say where in that text.
            let place = finding
                .span
                .map(|span| {
                    format!(
                        " (line {}, column {} of the policy text)",
                        span.line, span.column
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {severity} [{}] at {}{place}\n    {}\n    help: {}",
                finding.code, finding.path, finding.message, finding.help
            );
        }
    }
    out.push('\n');
    match &verdict.answer {
        Answer::Rejected { error, .. } => {
            let _ = writeln!(out, "{}", style.paint("31;1", &error_line(error)));
        }
        Answer::Accepted(result) => {
            let _ = writeln!(
                out,
                "{}",
                style.paint(
                    "32;1",
                    "Accepted. STS would return (simulated credentials):"
                )
            );
            let _ = writeln!(out, "{}", credentials_json(result));
        }
    }
    out
}

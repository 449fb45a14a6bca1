//! What `stsplay test` prints and writes: a readable summary (one line per case, then a diff of
//! expected versus actual for every failure, then the totals) and JUnit XML for CI systems.

use super::expect::{Comparison, Field};
use super::run::CaseResult;
use crate::engine::verdict::{Severity, Status, Verdict};
use std::fmt::Write as _;

/// One test file's results.
#[derive(Clone, Debug, PartialEq)]
pub struct FileReport {
    /// The file as it was named.
    pub path: String,
    /// Its cases' results, or why the file could not be used at all.
    pub outcome: FileOutcome,
}

/// Whether a file ran.
#[derive(Clone, Debug, PartialEq)]
pub enum FileOutcome {
    /// Every case ran (or was individually unusable).
    Ran(Vec<(String, CaseResult)>),
    /// The file could not be read, parsed or understood: the message names where.
    Unusable(String),
}

/// Counts over all files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Cases that ran and matched.
    pub passed: usize,
    /// Cases that ran and did not match.
    pub failed: usize,
    /// Cases that could not be turned into a scenario.
    pub unusable_cases: usize,
    /// Files that could not be used at all.
    pub unusable_files: usize,
    /// Files that ran.
    pub files: usize,
}

impl Totals {
    /// Count the results.
    pub fn of(reports: &[FileReport]) -> Totals {
        let mut totals = Totals::default();
        for report in reports {
            match &report.outcome {
                FileOutcome::Unusable(_) => totals.unusable_files += 1,
                FileOutcome::Ran(cases) => {
                    totals.files += 1;
                    for (_, result) in cases {
                        match result {
                            CaseResult::Unusable(_) => totals.unusable_cases += 1,
                            result if result.passed() => totals.passed += 1,
                            _ => totals.failed += 1,
                        }
                    }
                }
            }
        }
        totals
    }

    /// The exit code: 2 when anything was unusable, else 1 when a case failed, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.unusable_cases > 0 || self.unusable_files > 0 {
            2
        } else if self.failed > 0 {
            1
        } else {
            0
        }
    }
}

fn paint(colour: bool, code: &str, text: &str) -> String {
    if colour {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

/// The readable summary.
pub fn summary(reports: &[FileReport], colour: bool) -> String {
    let mut out = String::new();
    let mut failures = String::new();
    for report in reports {
        match &report.outcome {
            FileOutcome::Unusable(message) => {
                let line = format!("! {}: {message}", report.path);
                let _ = writeln!(out, "{}\n", paint(colour, "33;1", &line));
            }
            FileOutcome::Ran(cases) => {
                let _ = writeln!(out, "{}", report.path);
                for (name, result) in cases {
                    let line = match result {
                        CaseResult::Unusable(err) => {
                            paint(colour, "33;1", &format!("! {name}: unusable: {err}"))
                        }
                        result if result.passed() => paint(colour, "32", &format!("✔ {name}")),
                        CaseResult::Ran {
                            verdict,
                            comparison,
                        } => {
                            let _ = writeln!(
                                failures,
                                "{}",
                                paint(colour, "31;1", &format!("✘ {} › {name}", report.path))
                            );
                            for line in diff(comparison, verdict).lines() {
                                let _ = writeln!(failures, "    {line}");
                            }
                            failures.push('\n');
                            paint(colour, "31;1", &format!("✘ {name}"))
                        }
                    };
                    let _ = writeln!(out, "  {line}");
                }
                write_findings(&mut out, cases, colour);
                out.push('\n');
            }
        }
    }
    if !failures.is_empty() {
        let _ = write!(out, "Failures\n\n{failures}");
    }
    let totals = Totals::of(reports);
    let cases = totals.passed + totals.failed + totals.unusable_cases;
    let mut line = format!(
        "{cases} {} in {} {}: {} passed, {} failed",
        plural(cases, "case", "cases"),
        totals.files,
        plural(totals.files, "file", "files"),
        totals.passed,
        totals.failed
    );
    if totals.unusable_cases > 0 {
        let _ = write!(line, ", {} unusable", totals.unusable_cases);
    }
    if totals.unusable_files > 0 {
        let _ = write!(
            line,
            "; {} unusable {}",
            totals.unusable_files,
            plural(totals.unusable_files, "file", "files")
        );
    }
    let code = match totals.exit_code() {
        0 => "32;1",
        1 => "31;1",
        _ => "33;1",
    };
    let _ = writeln!(out, "{}", paint(colour, code, &line));
    out
}

/// The lint pack's findings about the file's setup (its trust policy and providers), once each
/// though every case reports them: the same code at the same place counts once.
fn write_findings(out: &mut String, cases: &[(String, CaseResult)], colour: bool) {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let mut lines = Vec::new();
    for (_, result) in cases {
        let CaseResult::Ran { verdict, .. } = result else {
            continue;
        };
        for finding in &verdict.findings {
            let key = (finding.code.as_str(), finding.path.as_str());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let severity = finding.severity.as_str();
            let colour_code = match finding.severity {
                Severity::Error => "31",
                Severity::Warning => "33",
                Severity::Info => "36",
            };
            lines.push(format!(
                "    {} at {}: {}",
                paint(colour, colour_code, &format!("{severity} {}", finding.code)),
                finding.path,
                finding.message
            ));
        }
    }
    if !lines.is_empty() {
        let _ = writeln!(
            out,
            "  findings (the lint pack; `stsplay lint` shows each with its help):"
        );
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn shown(value: Option<&str>) -> &str {
    value.unwrap_or("null")
}

/// Expected versus actual for one case, diff-style: `-` expected, `+` actual, two spaces for a
/// field that matches or is not checked. Then the failing step's explanation.
pub fn diff(comparison: &Comparison, verdict: &Verdict) -> String {
    let mut out = String::from("--- expected\n+++ actual\n");
    for field in &comparison.fields {
        let actual = shown(field.actual.as_deref());
        match &field.expected {
            Some(expected) if field.differs() => {
                let _ = writeln!(out, "- {}: {}", field.name, shown(expected.as_deref()));
                let _ = writeln!(out, "+ {}: {actual}", field.name);
            }
            Some(_) => {
                let _ = writeln!(out, "  {}: {actual}", field.name);
            }
            None => {
                let _ = writeln!(out, "  {}: {actual} (not checked)", field.name);
            }
        }
    }
    for code in &comparison.missing_findings {
        let _ = writeln!(out, "- finding {code}: reported");
        let _ = writeln!(out, "+ finding {code}: not reported");
    }
    for code in &comparison.unexpected_findings {
        let _ = writeln!(out, "- finding {code}: not reported");
        let _ = writeln!(out, "+ finding {code}: reported");
    }
    match verdict.steps.iter().find(|s| s.status == Status::Fail) {
        None => out.push_str("failing step: none (STS returned credentials)\n"),
        Some(step) => {
            let _ = writeln!(out, "failing step: {} ({})", step.id.as_str(), step.title);
            let _ = writeln!(out, "  {}", step.detail);
            for check in step.checks.iter().filter(|c| c.status == Status::Fail) {
                let _ = writeln!(
                    out,
                    "  {} {}: {}",
                    check.status.icon(),
                    check.id,
                    check.detail
                );
            }
        }
    }
    out
}

/// A one-line account of what differed, for JUnit's `message` attribute.
fn headline(comparison: &Comparison) -> String {
    let mut parts: Vec<String> = comparison
        .fields
        .iter()
        .filter(|f| f.differs())
        .map(|f: &Field| {
            let expected = f.expected.as_ref().and_then(|e| e.as_deref());
            format!(
                "{}: expected {}, got {}",
                f.name,
                shown(expected),
                shown(f.actual.as_deref())
            )
        })
        .collect();
    parts.extend(
        comparison
            .missing_findings
            .iter()
            .map(|code| format!("finding {code} not reported")),
    );
    parts.extend(
        comparison
            .unexpected_findings
            .iter()
            .map(|code| format!("finding {code} reported")),
    );
    parts.join("; ")
}

/// JUnit XML: `testsuites`, one `testsuite` per file and one `testcase` per case. A mismatch is
/// a `failure` (with the diff as its text); an unusable case or file is an `error`.
pub fn junit(reports: &[FileReport]) -> String {
    let totals = Totals::of(reports);
    let tests = totals.passed + totals.failed + totals.unusable_cases + totals.unusable_files;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"stsplay test\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\">",
        totals.failed,
        totals.unusable_cases + totals.unusable_files
    );
    for report in reports {
        let suite = attr(&report.path);
        match &report.outcome {
            FileOutcome::Unusable(message) => {
                let _ = writeln!(
                    out,
                    "  <testsuite name=\"{suite}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">"
                );
                let _ = writeln!(
                    out,
                    "    <testcase name=\"(test file)\" classname=\"{suite}\">\n      <error type=\"unusable\" message=\"{}\"/>\n    </testcase>",
                    attr(message)
                );
            }
            FileOutcome::Ran(cases) => {
                let file_totals = Totals::of(std::slice::from_ref(report));
                let _ = writeln!(
                    out,
                    "  <testsuite name=\"{suite}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">",
                    cases.len(),
                    file_totals.failed,
                    file_totals.unusable_cases
                );
                for (name, result) in cases {
                    let head = format!(
                        "    <testcase name=\"{}\" classname=\"{suite}\"",
                        attr(name)
                    );
                    match result {
                        CaseResult::Unusable(err) => {
                            let _ = writeln!(
                                out,
                                "{head}>\n      <error type=\"unusable\" message=\"{}\"/>\n    </testcase>",
                                attr(&err.to_string())
                            );
                        }
                        result if result.passed() => {
                            let _ = writeln!(out, "{head}/>");
                        }
                        CaseResult::Ran {
                            verdict,
                            comparison,
                        } => {
                            let _ = writeln!(
                                out,
                                "{head}>\n      <failure type=\"mismatch\" message=\"{}\">{}</failure>\n    </testcase>",
                                attr(&headline(comparison)),
                                text(&diff(comparison, verdict))
                            );
                        }
                    }
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// XML 1.0 allows neither these control characters nor U+FFFE/U+FFFF, even escaped.
fn xml_char(c: char) -> char {
    let allowed =
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'));
    if allowed { c } else { '\u{fffd}' }
}

/// Escape character data.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Escape an attribute value (double-quoted), keeping line breaks as character references.
fn attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_xml_well_formed() {
        assert_eq!(text("a<b & c>d"), "a&lt;b &amp; c&gt;d");
        assert_eq!(
            attr("\"x\"\n'y'\u{1}"),
            "&quot;x&quot;&#10;&apos;y&apos;\u{fffd}"
        );
    }
}

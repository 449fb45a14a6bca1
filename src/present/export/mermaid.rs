//! The simulated call as a Mermaid `sequenceDiagram`: the playground's lanes and arrows
//! ([`crate::present::diagram`]), one message per engine step, a note for every trust-policy
//! condition the engine evaluated, and a closing note with STS's answer.
//!
//! Arrows: `->>` a step that passed, `-x` the step that failed, `-->>` a step never reached.
//! User text (issuers, condition keys and values, explanations) is escaped so that it cannot end
//! a message or start a comment, a directive or HTML: see [`escape`].

use crate::engine::scenario::Scenario;
use crate::engine::verdict::{Answer, Check, ConditionExplain, Status, StepId, Verdict};
use crate::present::aws_cli::error_line;
use crate::present::diagram::{Diagram, Lane};
use std::fmt::Write as _;

/// Lines in notes are wrapped near this many characters, so long explanations stay readable.
const NOTE_WIDTH: usize = 72;

/// Render the diagram.
pub fn render(scenario: &Scenario, verdict: &Verdict) -> String {
    let diagram = Diagram::new(scenario, verdict);
    let outcome = if verdict.error().is_some() {
        "rejected"
    } else {
        "accepted"
    };
    let mut out = String::from("sequenceDiagram\n");
    let _ = writeln!(
        out,
        "    title stsplay AssumeRoleWithWebIdentity ({outcome})"
    );
    for (lane, title) in Lane::ALL.iter().zip(&diagram.lane_titles) {
        let _ = writeln!(
            out,
            "    participant {} as {}",
            participant(*lane),
            escape(title, Place::Alias)
        );
    }
    for arrow in &diagram.arrows {
        let (from, to) = (participant(arrow.from), participant(arrow.to));
        let Some(step) = arrow.step else {
            // The prelude: the workload fetches its token before STS is involved.
            let _ = writeln!(
                out,
                "    {from}->>{to}: {}",
                escape(&arrow.label, Place::Text)
            );
            continue;
        };
        if step == StepId::Credentials
            && let Some(error) = verdict.error()
        {
            let _ = writeln!(
                out,
                "    {from}--x{to}: {} error: {}",
                Status::Fail.icon(),
                escape(error.code.as_str(), Place::Text)
            );
            continue;
        }
        let line = match arrow.status {
            Status::Pass => "->>",
            Status::Fail => "-x",
            Status::Skip => "-->>",
        };
        let assumed = if arrow.assumed { " [assumed]" } else { "" };
        let skipped = if arrow.status == Status::Skip {
            " (not reached)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    {from}{line}{to}: {} {}: {}{assumed}{skipped}",
            arrow.status.icon(),
            step.as_str(),
            escape(&arrow.label, Place::Text)
        );
        if step == StepId::TrustPolicy {
            for check in trust_policy_conditions(verdict) {
                if let Some(condition) = &check.condition {
                    let _ = writeln!(
                        out,
                        "    Note over {},{}: {}",
                        participant(Lane::Sts),
                        participant(Lane::Iam),
                        condition_note(check, condition)
                    );
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "    Note over {},{}: {}",
        participant(Lane::Workload),
        participant(Lane::Sts),
        ending_note(verdict)
    );
    out
}

/// The participant ids: fixed words, never user text.
fn participant(lane: Lane) -> &'static str {
    match lane {
        Lane::Workload => "Workload",
        Lane::IdentityProvider => "IdP",
        Lane::Sts => "STS",
        Lane::Iam => "IAM",
    }
}

fn trust_policy_conditions(verdict: &Verdict) -> impl Iterator<Item = &Check> {
    verdict
        .steps
        .iter()
        .filter(|step| step.id == StepId::TrustPolicy)
        .flat_map(|step| step.checks.iter())
        .filter(|check| check.condition.is_some())
}

/// `✔ statement[0].condition[1] matched: why`, then the operator and key, the policy's values
/// and the request's values (JSON-quoted, so every value's boundaries are visible).
fn condition_note(check: &Check, condition: &ConditionExplain) -> String {
    let id = check
        .id
        .strip_prefix("trust_policy.")
        .unwrap_or(check.id.as_str());
    let (icon, result) = if condition.matched {
        (Status::Pass.icon(), "matched")
    } else {
        (Status::Fail.icon(), "not matched")
    };
    let policy = serde_json::to_string(&condition.policy_values).unwrap_or_default();
    let request = match &condition.context_values {
        Some(values) => serde_json::to_string(values).unwrap_or_default(),
        None => "(key absent)".to_string(),
    };
    note(&[
        format!("{icon} {id} {result}: {}", condition.reason),
        format!("{} {}", condition.operator, condition.key),
        format!("policy: {policy}"),
        format!("request: {request}"),
    ])
}

/// STS's answer: the AWS CLI's error line and our explanation, or the credentials' identity.
fn ending_note(verdict: &Verdict) -> String {
    match &verdict.answer {
        Answer::Rejected { failed_step, error } => {
            let failed = verdict.steps.iter().find(|step| step.id == *failed_step);
            let mut lines = vec![match failed {
                Some(step) => format!(
                    "{} Rejected at {}: {}",
                    Status::Fail.icon(),
                    step.id.as_str(),
                    step.detail
                ),
                None => format!("{} Rejected", Status::Fail.icon()),
            }];
            lines.push(error_line(error));
            note(&lines)
        }
        Answer::Accepted(result) => note(&[
            format!(
                "{} Accepted: credentials (simulated) for {}",
                Status::Pass.icon(),
                result.assumed_role_user.arn
            ),
            format!("expiring {}", result.credentials.expiration),
        ]),
    }
}

/// Escape each line, wrap long ones, and join them with Mermaid's line break.
fn note(lines: &[String]) -> String {
    let wrapped: Vec<String> = lines
        .iter()
        .flat_map(|line| wrap(line, NOTE_WIDTH))
        .map(|line| escape(&line, Place::Text))
        .collect();
    wrapped.join("<br/>")
}

/// Split at spaces so that lines stay near `width` characters (a longer word stays whole).
/// Only the spaces where lines break are replaced, so joining the lines with spaces gives the
/// text back.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            } else {
                line.push(' ');
            }
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// Where escaped text goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// After the `:` of a message or note.
    Text,
    /// A participant's display name (`participant IdP as …`). The participant grammar also
    /// gives `:`, `,` and `@` meanings (`participant A@{…}`), so they are escaped too, although
    /// Mermaid 12 reads them literally in a display name.
    Alias,
}

/// Make user text inert in a Mermaid sequence diagram.
///
/// Mermaid ends a statement at `;` or a line break, starts a comment at `%%` and an entity at
/// `#`, and renders `<…>` and `&…;` as HTML. Those characters are written as Mermaid's numeric
/// entities (`#59;` for `;`), which it decodes for display only; control characters and Unicode
/// line separators are shown as `\n`, `\u2028` and the like.
fn escape(text: &str, place: Place) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' | ';' | '%' | '<' | '>' | '&' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            ':' | ',' | '@' if place == Place::Alias => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            '\n' => out.push_str("#92;n"),
            '\r' => out.push_str("#92;r"),
            '\t' => out.push_str("#92;t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "#92;u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

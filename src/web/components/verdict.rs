//! The verdict: AWS's answer verbatim, then the explanation AWS never gives (the trust-policy
//! table, the fix hint, the findings), or the simulated credentials.

use crate::engine::verdict::{Check, Outcome, Status, StepId, Verdict};
use crate::present::aws_cli::{credentials_json, environment, error_line};
use crate::web::state::{Run, use_playground};
use leptos::prelude::*;

/// The verdict region, with the stable test hooks `data-testid="verdict"`, `data-outcome` and
/// `data-code`.
#[component]
pub fn VerdictPanel() -> impl IntoView {
    let playground = use_playground();
    // Borrowed, not `get()`: the run holds the whole scenario, which can be large.
    move || {
        playground.run.with(|run| match run {
        Run::Unusable(err) => view! {
            <div class="verdict unusable" id="verdict" tabindex="-1" data-testid="verdict" data-outcome="unusable" data-code="">
                <h2><span aria-hidden="true">"⚠ "</span>"The scenario is not usable"</h2>
                <p class="mono">{err.in_scenario()}</p>
                <p class="help">"The AWS CLI would refuse such input before calling STS. Fix the field named above."</p>
            </div>
        }
        .into_any(),
        Run::Verdict { verdict, .. } => render(verdict.as_ref().clone()).into_any(),
    })
    }
}

/// How many trust-policy rows and findings the page shows at most.
const SHOWN: usize = 200;

fn render(verdict: Verdict) -> impl IntoView {
    let outcome = match verdict.outcome() {
        Outcome::Accepted => "accepted",
        Outcome::Rejected => "rejected",
    };
    let code = verdict
        .error()
        .map(|e| e.code.to_string())
        .unwrap_or_default();
    let failed = verdict
        .steps
        .iter()
        .find(|s| s.status == Status::Fail)
        .cloned();
    let mut conditions: Vec<Check> = verdict
        .steps
        .iter()
        .filter(|s| s.id == StepId::TrustPolicy)
        .flat_map(|s| s.checks.clone())
        .filter(|c| {
            c.condition.is_some() || c.id.matches('.').count() == 1 && c.id.contains("statement[")
        })
        .collect();
    // A pasted policy may hold thousands of statements: the page lists the first rows and says
    // how many more there are (`stsplay check` prints them all), so an edit stays fast.
    let more_rows = conditions.len().saturating_sub(SHOWN);
    conditions.truncate(SHOWN);
    let more_findings = verdict.findings.len().saturating_sub(SHOWN);
    view! {
        <div class=format!("verdict {outcome}") id="verdict" tabindex="-1" data-testid="verdict" data-outcome=outcome data-code=code>
            {match (verdict.error(), verdict.result()) {
                (Some(error), _) => view! {
                    <h2>
                        <span aria-hidden="true">"✘ "</span>"Rejected"
                        {failed.as_ref().map(|s| view! { <span class="at">{format!(" at “{}”", s.title)}</span> })}
                    </h2>
                    <p class="label">"What AWS answers (exactly as the AWS CLI prints it):"</p>
                    <pre class="aws-cli" data-testid="aws-error">{error_line(error)}</pre>
                    <p class="label">"Why (stsplay's explanation; AWS does not say this):"</p>
                    <p class="why" data-testid="why">{failed.as_ref().map(|s| crate::web::rich(&s.detail))}</p>
                    {failed.as_ref().filter(|s| s.assumed).map(|_| view! {
                        <p class="help"><span class="assumed-badge">"assumed"</span>" AWS does not document this step's order or message; see the README's fidelity section."</p>
                    })}
                }.into_any(),
                (None, Some(result)) => view! {
                    <h2><span aria-hidden="true">"✔ "</span>"Accepted"</h2>
                    <p class="label">"STS returns (simulated credentials, never valid):"</p>
                    <pre class="aws-cli" data-testid="credentials-json">{credentials_json(result)}</pre>
                    <p class="label">"As environment variables (simulated):"</p>
                    <pre class="aws-cli">{environment(result)}</pre>
                }.into_any(),
                (None, None) => view! { <h2>"No answer"</h2> }.into_any(),
            }}
            {(!conditions.is_empty()).then(|| view! { <PolicyTable checks=conditions/> })}
            {(!verdict.findings.is_empty()).then(|| view! {
                <h3>"Findings"</h3>
                <ul class="findings" data-testid="findings">
                    {verdict.findings.iter().take(SHOWN).map(|f| {
                        let severity = f.severity.as_str();
                        view! {
                            <li class=format!("finding {severity}") data-code=f.code.clone()>
                                <strong>{format!("{severity}: {}", f.code)}</strong>" "{crate::web::rich(&f.message)}
                                <span class="finding-help">{crate::web::rich(&f.help)}</span>
                            </li>
                        }
                    }).collect_view()}
                    {(more_findings > 0).then(|| view! { <li>{format!("… and {more_findings} more (stsplay lint lists them all).")}</li> })}
                </ul>
            })}
            {(more_rows > 0).then(|| view! { <p class="help">{format!("… and {more_rows} more rows of the trust-policy table (stsplay check prints them all).")}</p> })}
        </div>
    }
}

/// One row per statement and per condition: key, the token's value, the policy's values, the
/// operator, matched or not, and why.
#[component]
fn PolicyTable(checks: Vec<Check>) -> impl IntoView {
    view! {
        <h3>"Trust policy, statement by statement"</h3>
        <div class="table-scroll">
        <table class="policy-table" data-testid="policy-table">
            <thead>
                <tr>
                    <th scope="col">"Check"</th>
                    <th scope="col">"Key"</th>
                    <th scope="col">"Request value"</th>
                    <th scope="col">"Operator"</th>
                    <th scope="col">"Policy values"</th>
                    <th scope="col">"Result"</th>
                </tr>
            </thead>
            <tbody>
                {checks.into_iter().map(|check| {
                    let ok = check.status == Status::Pass;
                    let result = if ok { "✔ holds" } else { "✘ fails" };
                    match check.condition {
                        Some(c) => view! {
                            <tr class=if ok { "pass" } else { "fail" } data-check=check.id.clone()>
                                <td>{short_id(&check.id)}</td>
                                <td class="mono">{breakable(&c.key)}</td>
                                <td class="mono">{breakable(&c.context_values.map(|v| v.join(", ")).unwrap_or_else(|| "(absent)".to_string()))}</td>
                                <td class="mono">{c.operator}</td>
                                <td class="mono">{breakable(&c.policy_values.join(", "))}</td>
                                <td>{result}" "<span class="why">{c.reason}</span></td>
                            </tr>
                        }.into_any(),
                        None => view! {
                            <tr class=format!("statement {}", if ok { "pass" } else { "fail" }) data-check=check.id.clone()>
                                <th scope="row">{short_id(&check.id)}</th>
                                <td colspan="5">{if ok { "✔ " } else { "✘ " }}{crate::web::rich(&check.detail)}</td>
                            </tr>
                        }.into_any(),
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// `trust_policy.statement[0].condition[1]` → "cond. 1"; `trust_policy.statement[2]` → "Statement 2".
fn short_id(id: &str) -> String {
    match id.rsplit_once(".condition[") {
        Some((_, rest)) => format!("cond. {}", rest.trim_end_matches(']')),
        None => id
            .rsplit_once("statement[")
            .map(|(_, rest)| format!("Statement {}", rest.trim_end_matches(']')))
            .unwrap_or_else(|| id.to_string()),
    }
}

/// Text that may wrap only after a dot, colon or slash (`token.actions.` / `githubusercontent.com:`
/// / `sub`), never inside a word.
fn breakable(text: &str) -> impl IntoView + use<> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if matches!(c, '.' | ':' | '/') {
            let end = at + c.len_utf8();
            parts.push(text.get(start..end).unwrap_or_default().to_string());
            start = end;
        }
    }
    parts.push(text.get(start..).unwrap_or_default().to_string());
    parts
        .into_iter()
        .map(|part| view! { {part}<wbr/> })
        .collect_view()
}

/// The verdict line: outcome, AWS code and the failed step's title, always in view. It is the
/// page's one live region, so a screen reader hears the outcome once per change; following it
/// moves to the full explanation.
#[component]
pub fn VerdictBar() -> impl IntoView {
    let playground = use_playground();
    let line = Memo::new(move |_| {
        playground.run.with(|run| match run {
            Run::Unusable(err) => (
                "unusable",
                format!("⚠ Not a usable scenario: {}", err.in_scenario()),
            ),
            Run::Verdict { verdict, .. } => match verdict.error() {
                Some(error) => {
                    let step = verdict
                        .steps
                        .iter()
                        .find(|s| s.status == Status::Fail)
                        .map(|s| format!(" · at “{}”", s.title))
                        .unwrap_or_default();
                    ("rejected", format!("✘ Rejected · {}{step}", error.code))
                }
                None => (
                    "accepted",
                    "✔ Accepted · STS returns temporary credentials".to_string(),
                ),
            },
        })
    });
    let show_answer = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(pane) = use_context::<RwSignal<super::layout::PhonePane>>() {
            pane.set(super::layout::PhonePane::Answer);
        }
        if let Some(verdict) = crate::web::focus("#verdict") {
            verdict.scroll_into_view();
        }
    };
    view! {
        <div class="verdict-line" aria-live="polite" aria-atomic="true">
            <a class=move || format!("verdict-bar {}", line.get().0) href="#verdict" data-testid="verdict-bar"
                data-outcome=move || line.get().0 title="Show the full answer" on:click=show_answer>
                {move || line.get().1}
            </a>
        </div>
    }
}

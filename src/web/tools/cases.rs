//! "Test cases": pin what STS must do for sets of claims, see them pass or fail as the policy
//! changes, and copy them out as a test file for `stsplay test` in CI. `crate::suite` composes and
//! runs the cases; this component collects them and renders the results.

use super::{Tools, use_tools};
use crate::engine::clock::Epoch;
use crate::signing::SigningKey;
use crate::suite::compose::{pin_case, test_file};
use crate::suite::file::TestFile;
use crate::suite::run::{CaseResult, run_file};
use leptos::prelude::*;
use serde_json::{Map, Value, json};

/// One case's line in the table.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseLine {
    passed: bool,
    /// What STS did, e.g. "accepted" or "rejected: AccessDenied"; or why the case cannot run.
    actual: String,
}

/// What STS does with every case against the current scenario, in case order.
fn run_cases(doc: &Value, cases: &[Value], now: Epoch) -> Result<Vec<CaseLine>, String> {
    let key = SigningKey::generate_p256().map_err(|e| e.to_string())?;
    let file = TestFile::from_value(&test_file(doc, cases)).map_err(|e| e.to_string())?;
    Ok(run_file(&file, now, &key)
        .into_iter()
        .map(|(_, result)| match result {
            CaseResult::Ran {
                verdict,
                comparison,
            } => CaseLine {
                passed: comparison.passed(),
                actual: match verdict.error() {
                    Some(error) => format!("rejected: {}", error.code),
                    None => "accepted".to_string(),
                },
            },
            CaseResult::Unusable(err) => CaseLine {
                passed: false,
                actual: format!("cannot run: {err}"),
            },
        })
        .collect())
}

/// The label of a case: its `sub` when it has one.
fn subject_of(case: &Value) -> String {
    case.pointer("/claims/sub")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            case.get("github").map(|g| {
                let text = |m: &str| g.get(m).and_then(Value::as_str).unwrap_or("?").to_string();
                format!(
                    "{}/{} ({})",
                    text("owner"),
                    text("repository"),
                    text("event")
                )
            })
        })
        .unwrap_or_default()
}

/// What every case gives now, kept current while the panel is open (each case signs and
/// simulates, so a closed panel runs nothing). `None` while closed or while the scenario is
/// unusable.
pub type Results = Memo<Option<Result<Vec<CaseLine>, String>>>;

/// The cases' results for the panel whose open state is `open`.
pub fn results(tools: Tools, open: ReadSignal<bool>) -> Results {
    Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        let now = tools.now()?;
        Some(
            tools
                .doc
                .with(|doc| tools.cases.with(|cases| run_cases(doc, cases, now))),
        )
    })
}

/// The panel's summary line: how many cases pass.
#[component]
pub fn CasesSummary(results: Results) -> impl IntoView {
    let cases = use_tools().cases;
    move || {
        let count = cases.with(Vec::len);
        match results.get() {
            Some(Ok(lines)) if count > 0 => {
                let passed = lines.iter().filter(|l| l.passed).count();
                format!("Test cases: {passed} of {count} pass")
            }
            _ => format!("Test cases ({count})"),
        }
    }
}

/// The panel.
#[component]
pub fn TestCases(results: Results) -> impl IntoView {
    let tools = use_tools();
    let cases = tools.cases;
    let show_file = RwSignal::new(false);
    let file_text = move || {
        tools.doc.with(|doc| {
            cases.with(|cases| {
                serde_json::to_string_pretty(&test_file(doc, cases)).unwrap_or_default()
            })
        })
    };

    let add_current = move |_| {
        let token = tools
            .doc
            .with_untracked(|doc| crate::workspace::token_text(doc).to_string());
        let Ok(decoded) = crate::engine::token::decode(&token) else {
            tools.notice("The current token is not a JWT, so it has no claims to pin.");
            return;
        };
        let Some(now) = tools.now() else {
            tools.notice("Fix the scenario first: the cases need its clock.");
            return;
        };
        let mut case = Map::new();
        let number = cases.with_untracked(Vec::len) + 1;
        let sub = decoded
            .claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or("no sub");
        case.insert("name".into(), format!("case {number}: {sub}").into());
        case.insert("claims".into(), Value::Object(decoded.claims));
        let pinned = SigningKey::generate_p256()
            .map_err(|e| e.to_string())
            .and_then(|key| {
                tools
                    .doc
                    .with_untracked(|doc| pin_case(doc, case, now, &key))
                    .map_err(|e| e.to_string())
            });
        match pinned {
            Ok(case) => tools.edit_cases(|c| c.push(case)),
            Err(problem) => tools.notice(&format!("Cannot add the case: {problem}")),
        }
    };
    let copy_file = move |_| {
        let text = file_text();
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&text);
        tools.notice(
            "Copied the test file. Save it as NAME.stsplay-test.json and run `stsplay test NAME.stsplay-test.json` (in CI too).",
        );
        show_file.set(true);
    };
    view! {
            <p class="help">"Pin what STS must do with a set of claims. Cases re-run against every edit of the policy, provider or clock; copy them as a test file and run "<code>"stsplay test"</code>" in CI. Each case is signed with a throwaway key."</p>
            <div class="case-actions">
                <button type="button" data-testid="case-add" on:click=add_current>"Add the current token as a case"</button>
                <button type="button" data-testid="cases-copy" prop:disabled=move || cases.with(Vec::is_empty) on:click=copy_file>"Copy as test file"</button>
            </div>
            {move || match results.get() {
                Some(Err(problem)) => view! { <p class="json-error" role="alert">{problem}</p> }.into_any(),
                _ => ().into_any(),
            }}
            <Show when=move || cases.with(|c| !c.is_empty())>
                <table class="cases-table">
                    <thead><tr><th>"Case"</th><th>"Subject"</th><th>"Expected"</th><th>"STS now"</th><th></th></tr></thead>
                    <tbody>
                        {move || cases.get().into_iter().enumerate().map(|(index, case)| {
                            let line = move || results.with(|r| match r {
                                Some(Ok(lines)) => lines.get(index).cloned(),
                                _ => None,
                            });
                            let expected = case.pointer("/expect/outcome").and_then(Value::as_str).unwrap_or("accepted").to_string();
                            let code = case.pointer("/expect/code").and_then(Value::as_str).map(|c| format!(" ({c})")).unwrap_or_default();
                            let name = case.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
                            view! {
                                <tr data-case=index data-passed=move || line().map(|l| l.passed.to_string()).unwrap_or_default()>
                                    <td>
                                        <input type="text" aria-label="Case name" prop:value=name
                                            on:change=move |ev| {
                                                let text = event_target_value(&ev);
                                                tools.edit_cases(|c| if let Some(Value::Object(case)) = c.get_mut(index) {
                                                    case.insert("name".into(), text.into());
                                                });
                                            }/>
                                    </td>
                                    <td class="mono">{subject_of(&case)}</td>
                                    <td>
                                        <select aria-label="Expected outcome"
                                            on:change=move |ev| {
                                                let outcome = event_target_value(&ev);
                                                tools.edit_cases(|c| if let Some(Value::Object(case)) = c.get_mut(index) {
                                                    case.insert("expect".into(), json!({"outcome": outcome}));
                                                });
                                            }>
                                            <option value="accepted" selected=expected == "accepted">"accepted"</option>
                                            <option value="rejected" selected=expected == "rejected">{format!("rejected{code}")}</option>
                                        </select>
                                    </td>
                                    <td class="case-result">
                                        {move || match line() {
                                            Some(line) => {
                                                let mark = if line.passed { "✔ " } else { "✘ " };
                                                view! { <span class=if line.passed { "pass" } else { "fail" }>{mark}{line.actual}</span> }.into_any()
                                            }
                                            None => "…".into_any(),
                                        }}
                                    </td>
                                    <td>
                                        <button type="button" class="link" aria-label="Remove this case"
                                            on:click=move |_| tools.edit_cases(|c| { if index < c.len() { c.remove(index); } })>"×"</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
            <Show when=move || show_file.get()>
                <textarea class="mono case-file" readonly rows="12" aria-label="Test file" data-testid="cases-file"
                    prop:value=file_text></textarea>
            </Show>
    }
}

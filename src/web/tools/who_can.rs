//! "Who else can assume this role?": counterexample tokens the trust policy admits, each
//! confirmed by the engine and graded. `crate::who_can` searches and grades; this panel runs it on
//! request and renders the report, and can pin a counterexample as a test case that must fail.

use super::use_tools;
use crate::signing::SigningKey;
use crate::web::state::Run;
use crate::who_can::{Admitted, Grade, Report, who_can};
use leptos::prelude::*;
use serde_json::{Map, Value, json};

/// The search runs one simulation per candidate token (tens to hundreds), so it runs when asked,
/// not on every keystroke.
fn search(doc: &Value, now: i64) -> Result<Report, String> {
    let key = SigningKey::generate_p256().map_err(|e| e.to_string())?;
    who_can(doc, now, &key).map_err(|e| {
        if e.path.is_empty() {
            e.message
        } else {
            format!("at `{}`: {}", e.path, e.message)
        }
    })
}

/// A test case that pins `admitted` as refused (what the author presumably wants).
fn must_be_refused(admitted: &Admitted) -> Value {
    let mut case = Map::new();
    case.insert(
        "name".into(),
        format!("must be refused: {}", admitted.title).into(),
    );
    match &admitted.github {
        Some(github) => case.insert("github".into(), Value::Object(github.clone())),
        None => case.insert("claims".into(), Value::Object(admitted.claims.clone())),
    };
    case.insert("expect".into(), json!({"outcome": "rejected"}));
    Value::Object(case)
}

/// The panel.
#[component]
pub fn WhoCan() -> impl IntoView {
    let tools = use_tools();
    let report = RwSignal::new(None::<Result<Report, String>>);
    // The document the report was made from, to say when it is out of date.
    let searched = RwSignal::new(None::<Value>);
    let stale =
        move || searched.with(|s| s.as_ref().is_some_and(|s| tools.doc.with(|doc| s != doc)));
    let run = move |_| {
        let now = tools.run.with_untracked(|run| match run {
            Run::Verdict { scenario, .. } => Ok(scenario.now),
            Run::Unusable(err) => Err(format!("Fix the scenario first: {}", err.in_scenario())),
        });
        let doc = tools.doc.get_untracked();
        report.set(Some(now.and_then(|now| search(&doc, now))));
        searched.set(Some(doc));
    };
    let pin = move |admitted: &Admitted| {
        let case = must_be_refused(admitted);
        tools.edit_cases(|cases| cases.push(case));
        tools.notice(
            "Added a test case that expects STS to refuse this token; it fails until the policy is tightened (see \"Test cases\").",
        );
    };

    view! {
            <p class="help">"Tokens the trust policy admits that its author probably did not intend: another repository, a fork's or a pull request's subject, any branch, another environment, a reusable workflow's caller, the other "<code>"sub"</code>" format. Each is built like a real one, signed with a throwaway key and confirmed by the simulated STS. The same search as "<code>"stsplay who-can"</code>"."</p>
            <div class="case-actions">
                <button type="button" data-testid="who-can-run" on:click=run>"Search"</button>
                <Show when=stale>
                    <span class="help" role="status" data-testid="who-can-stale">"The scenario changed since this search: search again."</span>
                </Show>
            </div>
            {move || match report.get() {
                None => ().into_any(),
                Some(Err(problem)) => view! { <p class="json-error" role="alert">{problem}</p> }.into_any(),
                Some(Ok(report)) => {
                    let count = |grade: Grade| report.counterexamples.iter().filter(|a| a.grade == grade).count();
                    let summary = format!(
                        "Tried {} tokens. Admitted beyond what the policy names: {} dangerous, {} caution, {} safe.",
                        report.tried, count(Grade::Dangerous), count(Grade::Caution), count(Grade::Safe)
                    );
                    let intended = report.intended.clone();
                    view! {
                        <p data-testid="who-can-summary"><strong>{summary}</strong></p>
                        <ul class="assumptions">
                            {report.assumptions.iter().map(|a| view! { <li class="help">{crate::web::rich(a)}</li> }).collect_view()}
                        </ul>
                        <ol class="counterexamples" data-testid="counterexamples">
                            {report.counterexamples.iter().map(|admitted| {
                                let pinned = admitted.clone();
                                view! { <AdmittedItem admitted=admitted.clone() on_pin=move || pin(&pinned)/> }
                            }).collect_view()}
                        </ol>
                        <details class="intended">
                            <summary>{format!("What the policy names ({} accepted)", intended.len())}</summary>
                            <ol>
                                {intended.into_iter().map(|admitted| view! {
                                    <li><span class="mono">{admitted.key_claims.get("sub").and_then(Value::as_str).unwrap_or_default().to_string()}</span>" "{crate::web::rich(&admitted.title)}</li>
                                }).collect_view()}
                            </ol>
                        </details>
                    }.into_any()
                }
            }}
    }
}

/// One admitted token: grade, what it is, why it matters, its key claims, the statement that let
/// it in.
#[component]
fn AdmittedItem(admitted: Admitted, on_pin: impl Fn() + 'static) -> impl IntoView {
    let grade = admitted.grade.as_str();
    let statement = admitted.statement.as_ref().map(|s| match &s.sid {
        Some(sid) => format!("statement {} (Sid {sid})", s.index),
        None => format!("statement {}", s.index),
    });
    view! {
        <li class=format!("admitted {grade}") data-grade=grade data-id=admitted.id.clone()>
            <span class=format!("grade {grade}")>{grade.to_uppercase()}</span>" "
            <strong>{crate::web::rich(&admitted.title)}</strong>
            <p>{crate::web::rich(&admitted.reason)}</p>
            <table class="claims-mini">
                {admitted.key_claims.iter().map(|(name, value)| {
                    let shown = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
                    view! { <tr><th>{name.clone()}</th><td class="mono">{shown}</td></tr> }
                }).collect_view()}
            </table>
            {statement.map(|s| view! { <p class="help">"Admitted by "{s}"."</p> })}
            <button type="button" data-testid="who-can-pin" on:click=move |_| on_pin()>"Add as a test case that must be refused"</button>
        </li>
    }
}

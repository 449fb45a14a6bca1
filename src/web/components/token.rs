//! The decoded token: header and claims with explanations; the culprit rows are highlighted.

use crate::present::token_view::{Row, TokenView};
use crate::web::state::{Run, use_playground};
use leptos::prelude::*;

/// The decoded view of the current token.
#[component]
pub fn DecodedToken() -> impl IntoView {
    let playground = use_playground();
    let view_model = move || {
        playground.run.with(|run| match run {
            Run::Verdict { scenario, verdict } => Some(
                TokenView::new(&scenario.request.web_identity_token, scenario.now, verdict)
                    .map_err(|e| e.to_string()),
            ),
            Run::Unusable(_) => None,
        })
    };
    view! {
        <div class="decoded-token" data-testid="decoded-token">
            <h2>"Decoded token"</h2>
            {move || match view_model() {
                None => view! { <p class="help">"Fix the scenario to see the token."</p> }.into_any(),
                Some(Err(problem)) => view! {
                    <p class="json-error" role="alert">"Not a JWT: " {problem}</p>
                }.into_any(),
                Some(Ok(token)) => view! {
                    <h3>"Header"</h3>
                    <Rows rows=token.header/>
                    <h3>"Claims"</h3>
                    <Rows rows=token.claims/>
                    <p class="help">{format!("Signature: {} bytes.", token.signature_bytes)}</p>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Rows(rows: Vec<Row>) -> impl IntoView {
    view! {
        <table class="claims">
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let class = if row.culprit { "culprit" } else { "" };
                        let claim = row.name.clone();
                        view! {
                            <tr class=class data-claim=claim data-culprit=row.culprit.to_string()>
                                <th scope="row" class="mono">
                                    {row.culprit.then_some("✘ ")}
                                    {row.name}
                                </th>
                                <td>
                                    <code class="value">{row.value}</code>
                                    {row.when.map(|when| view! { <span class="when">{when}</span> })}
                                    <span class="explain">{row.explanation}</span>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

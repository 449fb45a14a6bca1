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
            <super::tool_slot::ToolSlot kind="github-builder" class="github-builder" testid="github-builder"
                title="Build a GitHub Actions token".to_string()/>
            {move || match view_model() {
                None => view! { <p class="help">"Fix the scenario to see the token."</p> }.into_any(),
                Some(Err(problem)) => view! {
                    <p class="json-error" role="alert">"Not a JWT: " {problem}</p>
                }.into_any(),
                Some(Ok(token)) => view! {
                    <h3>"Header"</h3>
                    <Rows rows=token.header editable=false/>
                    <h3>"Claims"</h3>
                    <p class="help">"Edit a value (JSON, or plain text for a string) and press Enter. A token signed by the playground's key is re-signed; any other token keeps its now-broken signature."</p>
                    <Rows rows=token.claims editable=true/>
                    <p class="help">{format!("Signature: {} bytes.", token.signature_bytes)}</p>
                    <ResignButtons/>
                }.into_any(),
            }}
        </div>
    }
}

/// Re-sign the current claims with a key made in this browser.
#[component]
fn ResignButtons() -> impl IntoView {
    let playground = use_playground();
    view! {
        <div class="resign">
            <button type="button" data-testid="resign" prop:disabled=move || playground.signing.get()
                on:click=move |_| playground.resign(false)>
                "Re-sign with the playground key (ES256)"
            </button>
            <button type="button" data-testid="resign-rsa" prop:disabled=move || playground.signing.get()
                on:click=move |_| playground.resign(true)>
                "… with an RSA 2048 key (RS256)"
            </button>
            <Show when=move || playground.signing.get()>
                <span class="help" role="status">"Signing…"</span>
            </Show>
        </div>
    }
}

#[component]
fn Rows(rows: Vec<Row>, editable: bool) -> impl IntoView {
    let playground = use_playground();
    view! {
        <table class="claims">
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let class = if row.culprit { "culprit" } else { "" };
                        let claim = row.name.clone();
                        let value_cell = if editable {
                                        let name = row.name.clone();
                                        let label = format!("Value of {}", row.name);
                                        let value = row.value.clone();
                                        // Strings are edited without their quotes.
                                        let shown = serde_json::from_str::<serde_json::Value>(&value)
                                            .ok()
                                            .and_then(|v| v.as_str().map(str::to_string))
                                            .unwrap_or(value);
                                        view! {
                                            <input class="mono value" type="text" aria-label=label prop:value=shown
                                                data-testid=format!("claim-{name}")
                                                on:change=move |ev| playground.edit_claim(&name, &event_target_value(&ev))/>
                                        }.into_any()
                                    } else {
                                        view! { <code class="value">{row.value}</code> }.into_any()
                                    };
                        view! {
                            <tr class=class data-claim=claim data-culprit=row.culprit.to_string()>
                                <th scope="row" class="mono">
                                    {row.culprit.then_some("✘ ")}
                                    {row.name}
                                </th>
                                <td>
                                    {value_cell}
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

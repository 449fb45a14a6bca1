//! The decoded token (the token pane's Decoded tab): header and claims with explanations, the
//! culprit rows highlighted, each claim editable, re-signing, and the GitHub Actions claim builder.
//! It lives in the tools module because the page shows the encoded token first and most visits
//! never open this tab; the page mounts it on the tab's first opening. Edits go back to the page
//! (`editClaim`, `resign`), which owns the document and the keys, and arrive here as a new document.

use super::github::GithubClaimsForm;
use super::{Tools, use_tools};
use crate::present::token_view::{Row, TokenView};
use crate::web::state::Run;
use leptos::prelude::*;

/// The decoded view of the current token; it follows the document only while `open` (the tab is
/// shown), so a hidden tab costs the edit loop nothing.
#[component]
pub fn DecodedToken(open: ReadSignal<bool>) -> impl IntoView {
    let tools = use_tools();
    let view_model = move || {
        if !open.get() {
            return None;
        }
        tools.run.with(|run| match run {
            Run::Verdict { scenario, verdict } => Some(
                TokenView::new(&scenario.request.web_identity_token, scenario.now, verdict)
                    .map_err(|e| e.to_string()),
            ),
            Run::Unusable(_) => Some(Err("Fix the scenario to see the token.".to_string())),
        })
    };
    // The builder is made when its panel first opens, so that it starts from the token then.
    let builder_open = RwSignal::new(false);
    let builder_made = RwSignal::new(false);
    view! {
        <div class="decoded-token" data-testid="decoded-token">
            <h2>"Decoded token"</h2>
            <details class="github-builder" data-testid="github-builder"
                on:toggle=move |ev| {
                    let now_open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                    builder_open.set(now_open);
                    if now_open {
                        builder_made.set(true);
                    }
                }>
                <summary>"Build a GitHub Actions token"</summary>
                {move || builder_made.get().then(|| view! { <GithubClaimsForm open=builder_open.read_only()/> })}
            </details>
            {move || match view_model() {
                None => ().into_any(),
                Some(Err(problem)) => view! {
                    <p class="json-error" role="alert">{problem}</p>
                }.into_any(),
                Some(Ok(token)) => view! {
                    <h3>"Header"</h3>
                    <Rows rows=token.header editable=false/>
                    <h3>"Claims"</h3>
                    <p class="help">"Edit a value (JSON, or plain text for a string) and press Enter. A token signed by the playground's key is re-signed; any other token keeps its now-broken signature."</p>
                    <Rows rows=token.claims editable=true/>
                    <p class="help">{format!("Signature: {} bytes.", token.signature_bytes)}</p>
                    <ResignButtons tools/>
                }.into_any(),
            }}
        </div>
    }
}

/// Re-sign the current claims with a key made in this browser.
#[component]
fn ResignButtons(tools: Tools) -> impl IntoView {
    view! {
        <div class="resign">
            <button type="button" data-testid="resign" prop:disabled=move || tools.signing.get()
                on:click=move |_| tools.resign(false)>
                "Re-sign with the playground key (ES256)"
            </button>
            <button type="button" data-testid="resign-rsa" prop:disabled=move || tools.signing.get()
                on:click=move |_| tools.resign(true)>
                "… with an RSA 2048 key (RS256)"
            </button>
            <Show when=move || tools.signing.get()>
                <span class="help" role="status">"Signing…"</span>
            </Show>
        </div>
    }
}

#[component]
fn Rows(rows: Vec<Row>, editable: bool) -> impl IntoView {
    let tools = use_tools();
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
                                    on:change=move |ev| tools.edit_claim(&name, &event_target_value(&ev))/>
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

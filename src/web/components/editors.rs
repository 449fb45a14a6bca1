//! Text editors: the token, JSON editors for the JWKS and the trust policy, and the whole
//! scenario as JSON. Each keeps the user's own text while typing and reloads it only when the
//! document is replaced from elsewhere (a preset, the whole-JSON editor, undo).

use crate::web::state::use_playground;
use crate::workspace::{TOKEN, json_error_at, set, set_json_text, text_at};
use leptos::prelude::*;
use serde_json::Value;

/// The web identity token.
#[component]
pub fn TokenEditor() -> impl IntoView {
    let playground = use_playground();
    view! {
        <div class="editor" data-testid="editor-token">
            <label for="token">"Web identity token (JWT)"</label>
            <p class="help">"Paste an ID token, or pick a preset. Edit claims in the decoded view below."</p>
            {move || {
                playground.revision.track();
                let initial = playground.doc.with_untracked(|doc| text_at(doc, TOKEN));
                view! {
                    <textarea
                        id="token"
                        class="mono token"
                        rows="6"
                        spellcheck="false"
                        prop:value=initial
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            playground.edit(|doc| set(doc, TOKEN, Value::String(text.trim().to_string())));
                        }
                    ></textarea>
                }
            }}
        </div>
    }
}

/// A JSON editor bound to one slot of the document, with the parse error shown in place.
#[component]
pub fn JsonEditor(
    title: &'static str,
    testid: &'static str,
    #[prop(into)] at: Signal<String>,
    help: &'static str,
) -> impl IntoView {
    let playground = use_playground();
    let error = move || playground.doc.with(|doc| json_error_at(doc, &at.get()));
    view! {
        <div class="editor" data-testid=testid>
            <label for=testid>{title}</label>
            <p class="help">{help}</p>
            {move || {
                playground.revision.track();
                let slot = at.get();
                let initial = playground.doc.with_untracked(|doc| text_at(doc, &slot));
                view! {
                    <textarea
                        id=testid
                        class="mono"
                        rows="9"
                        spellcheck="false"
                        aria-invalid=move || error().is_some().to_string()
                        prop:value=initial
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let slot = at.get_untracked();
                            playground.edit(|doc| {
                                set_json_text(doc, &slot, &text);
                            });
                        }
                    ></textarea>
                }
            }}
            <Show when=move || error().is_some()>
                <p class="json-error" role="alert" data-testid=format!("{testid}-error")>
                    <span aria-hidden="true">"⚠ "</span>
                    "Not valid JSON, "
                    {move || error().map(|e| e.to_string()).unwrap_or_default()}
                    ". STS receives this text as it is."
                </p>
            </Show>
        </div>
    }
}

/// The whole scenario as JSON: it round-trips with every other editor.
#[component]
pub fn ScenarioJson() -> impl IntoView {
    let playground = use_playground();
    let draft_error = RwSignal::new(None::<String>);
    view! {
        <details class="editor whole" data-testid="editor-scenario">
            <summary>"Advanced: the whole scenario as JSON"</summary>
            <p class="help">
                "The same format as "<code>"stsplay check"</code>", test fixtures and share links. Edits apply when the JSON is valid."
            </p>
            {move || {
                // Re-render when any other editor changes the document, unless this editor is being typed in.
                let text = playground.doc.with(|doc| serde_json::to_string_pretty(doc).unwrap_or_default());
                view! {
                    <textarea
                        class="mono"
                        rows="24"
                        spellcheck="false"
                        aria-label="Whole scenario JSON"
                        prop:value=text
                        on:change=move |ev| {
                            match serde_json::from_str::<Value>(&event_target_value(&ev)) {
                                Ok(doc) => {
                                    draft_error.set(None);
                                    playground.replace(doc);
                                }
                                Err(err) => draft_error.set(Some(crate::workspace::JsonTextError::from(&err).to_string())),
                            }
                        }
                    ></textarea>
                }
            }}
            <Show when=move || draft_error.with(Option::is_some)>
                <p class="json-error" role="alert">
                    "Not applied: " {move || draft_error.get().unwrap_or_default()}
                </p>
            </Show>
        </details>
    }
}

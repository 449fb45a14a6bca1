//! Text editors: the token, JSON editors for the JWKS and the trust policy, and the whole
//! scenario as JSON. Each keeps the user's own text while typing and reloads it only when the
//! document is replaced from elsewhere (a preset, the whole-JSON editor, undo).

use crate::engine::verdict::Span;
use crate::web::state::{Run, use_playground};
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

/// A JSON editor bound to one slot of the document, with the parse error shown in place and,
/// with `findings`, the lint findings about that slot listed under it (click one to select the
/// text it is about).
#[component]
pub fn JsonEditor(
    title: &'static str,
    testid: &'static str,
    #[prop(into)] at: Signal<String>,
    help: &'static str,
    #[prop(optional)] findings: bool,
) -> impl IntoView {
    let playground = use_playground();
    let error = move || playground.doc.with(|doc| json_error_at(doc, &at.get()));
    // The text as the user sees it, which is what spans point into.
    let text = RwSignal::new(String::new());
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    view! {
        <div class="editor" data-testid=testid>
            <label for=testid>{title}</label>
            <p class="help">{help}</p>
            {move || {
                playground.revision.track();
                let slot = at.get();
                let initial = playground.doc.with_untracked(|doc| text_at(doc, &slot));
                text.set(initial.clone());
                view! {
                    <textarea
                        id=testid
                        node_ref=textarea
                        class="mono"
                        rows="9"
                        spellcheck="false"
                        aria-invalid=move || error().is_some().to_string()
                        prop:value=initial
                        on:input=move |ev| {
                            let typed = event_target_value(&ev);
                            let slot = at.get_untracked();
                            playground.edit(|doc| {
                                set_json_text(doc, &slot, &typed);
                            });
                            text.set(typed);
                        }
                    ></textarea>
                }
            }}
            {findings.then(|| view! { <InlineFindings at=at text=text textarea=textarea/> })}
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
    // Text that is not valid JSON stays here, not applied, until it is fixed: closing and
    // reopening the view, or an edit elsewhere, does not throw it away.
    let draft = RwSignal::new(None::<String>);
    // The text exists only while the view is open: the whole document, pretty-printed, would
    // otherwise be rebuilt on every edit anywhere (and at start), for a view that is mostly closed.
    let open = RwSignal::new(false);
    view! {
        <details
            class="editor whole"
            data-testid="editor-scenario"
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
        >
            <summary>"Advanced: the whole scenario as JSON"</summary>
            <p class="help">
                "The same format as "<code>"stsplay check"</code>", test fixtures and share links. Edits apply when the JSON is valid."
            </p>
            {move || open.get().then(|| {
                // Re-render when any other editor changes the document.
                let text = playground.doc.with(|doc| {
                    draft.get_untracked().unwrap_or_else(|| serde_json::to_string_pretty(doc).unwrap_or_default())
                });
                view! {
                    <textarea
                        class="mono"
                        rows="24"
                        spellcheck="false"
                        aria-label="Whole scenario JSON"
                        prop:value=text
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            match serde_json::from_str::<Value>(&text) {
                                Ok(doc) => {
                                    draft_error.set(None);
                                    draft.set(None);
                                    playground.replace(doc);
                                }
                                Err(err) => {
                                    draft_error.set(Some(crate::workspace::JsonTextError::from(&err).to_string()));
                                    draft.set(Some(text));
                                }
                            }
                        }
                    ></textarea>
                }
            })}
            <Show when=move || draft_error.with(Option::is_some)>
                <p class="json-error" role="alert">
                    "Not applied: " {move || draft_error.get().unwrap_or_default()}
                </p>
            </Show>
        </details>
    }
}

/// The findings about the slot `at`, located in the editor's `text`: severity, line and column,
/// message and help. Clicking one selects its text in the editor.
#[component]
fn InlineFindings(
    at: Signal<String>,
    text: RwSignal<String>,
    textarea: NodeRef<leptos::html::Textarea>,
) -> impl IntoView {
    let playground = use_playground();
    let located = move || {
        let at = at.get();
        playground.run.with(|run| match run {
            Run::Verdict { verdict, .. } => text.with(|text| {
                verdict
                    .findings
                    .iter()
                    .filter(|f| f.path == at || f.path.starts_with(&format!("{at}/")))
                    .map(|f| (f.clone(), f.locate(text, &at)))
                    .collect::<Vec<_>>()
            }),
            Run::Unusable(_) => Vec::new(),
        })
    };
    let select = move |span: Span| {
        let Some(element) = textarea.get_untracked() else {
            return;
        };
        // Spans are byte offsets; the textarea counts UTF-16 code units.
        let (start, end) = text.with_untracked(|text| {
            let units = |byte: usize| {
                text.get(..byte)
                    .map(|prefix| prefix.encode_utf16().count())
                    .unwrap_or(0)
            };
            (units(span.start), units(span.end))
        });
        let _ = element.focus();
        let _ = element.set_selection_range(
            u32::try_from(start).unwrap_or(0),
            u32::try_from(end).unwrap_or(0),
        );
    };
    view! {
        <Show when=move || !located().is_empty()>
            <ul class="findings inline" data-testid="editor-findings" aria-label="Findings about this policy">
                {move || located().into_iter().map(|(finding, span)| {
                    let severity = finding.severity.as_str();
                    let place = span.map(|s| format!("{}:{} ", s.line, s.column)).unwrap_or_default();
                    view! {
                        <li class=format!("finding {severity}") data-code=finding.code.clone()
                            data-line=span.map(|s| s.line.to_string()).unwrap_or_default()>
                            <button type="button" class="link" disabled=span.is_none()
                                title="Select this in the editor"
                                on:click=move |_| { if let Some(span) = span { select(span); } }>
                                <span class="mono">{place}</span>
                                <strong>{format!("{severity}: {}", finding.code)}</strong>
                            </button>
                            " "{crate::web::rich(&finding.message)}
                            <span class="finding-help">{crate::web::rich(&finding.help)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}

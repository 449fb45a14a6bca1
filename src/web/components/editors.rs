//! The input panes: the token (encoded, or decoded as on jwt.io), and JSON editors for the JWKS and
//! the trust policy, each a [`CodeEditor`] with a one-line status under it; and the whole scenario
//! as JSON. Each keeps the user's own text while typing and reloads it only when the document is
//! replaced from elsewhere (a preset, the whole-JSON editor, undo, a re-sign).

use super::code::{CodeEditor, Language, Marker};
use super::tool_slot::ToolPane;
use crate::engine::verdict::{Severity, Span};
use crate::present::highlight::{self, Level, Mark};
use crate::web::state::{Run, use_playground};
use crate::workspace::{TOKEN, json_error_at, set, set_json_text, text_at};
use leptos::prelude::*;
use serde_json::Value;

/// The web identity token: the encoded text coloured by segment, or the decoded header and claims.
#[component]
pub fn TokenEditor() -> impl IntoView {
    let playground = use_playground();
    let decoded = RwSignal::new(false);
    let tab = move |is_decoded: bool, label: &'static str, testid: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                data-testid=testid
                aria-selected=move || (decoded.get() == is_decoded).to_string()
                tabindex=move || if decoded.get() == is_decoded { "0" } else { "-1" }
                on:click=move |_| decoded.set(is_decoded)
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight") {
                        ev.prevent_default();
                        decoded.update(|d| *d = !*d);
                        focus_selected_tab(&ev);
                    }
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="pane token-pane" data-testid="editor-token" aria-labelledby="token-title">
            <div class="pane-head">
                <h2 id="token-title"><label for="token">"Token"</label></h2>
                <div class="tabs" id="token-tabs" role="tablist" aria-label="Token view">
                    {tab(false, "Encoded", "token-encoded")}
                    {tab(true, "Decoded", "token-decoded")}
                </div>
            </div>
            // A token replaced from outside (a preset, a claim edit, a re-sign) is a new editor.
            {move || {
                playground.revision.track();
                let text = RwSignal::new(playground.doc.with_untracked(|doc| text_at(doc, TOKEN)));
                view! { <TokenBody text decoded/> }
            }}
            // Outside the editor that is rebuilt on a reload, so that the decoded view and the
            // claim builder in it stay open while the playground re-signs the token. It is a tool
            // (`web/tools/decoded.rs`), loaded the first time the tab opens.
            <div class="pane-body decoded-body" hidden=move || !decoded.get()>
                <ToolPane kind="decoded-token" shown=decoded testid="decoded-pane"/>
            </div>
        </section>
    }
}

#[component]
fn TokenBody(text: RwSignal<String>, decoded: RwSignal<bool>) -> impl IntoView {
    let playground = use_playground();
    let status = move || {
        text.with(|token| {
            if token.trim().is_empty() {
                return (
                    false,
                    "No token: paste an ID token, or pick a preset.".to_string(),
                );
            }
            match crate::engine::token::decode(token.trim()) {
                Ok(decoded) => {
                    let alg = decoded.header_str("alg").unwrap_or("no alg");
                    let kid = decoded
                        .header_str("kid")
                        .map(|kid| format!(", kid {kid}"))
                        .unwrap_or_default();
                    let issuer = decoded.claim_str("iss").unwrap_or("no iss");
                    (
                        false,
                        format!(
                            "JWT: {alg}{kid}; {} claims; issuer {issuer}",
                            decoded.claims.len()
                        ),
                    )
                }
                // An opaque OAuth access token (Facebook, Login with Amazon) is not a JWT.
                Err(err) => (
                    true,
                    format!("Not a JWT ({err}). STS receives it as it is."),
                ),
            }
        })
    };
    view! {
        <div class="pane-body" hidden=move || decoded.get()>
            <CodeEditor
                id="token".to_string()
                language=Language::Jwt
                text=text
                markers=Signal::derive(Vec::new)
                invalid=Signal::derive(move || status().0)
                described_by="token-status".to_string()
                on_input=Callback::new(move |(typed, _): (String, bool)| {
                    playground.edit(|doc| set(doc, TOKEN, Value::String(typed.trim().to_string())));
                })
            />
        </div>
        <p class=move || format!("editor-status{}", if status().0 { " bad" } else { "" }) id="token-status">
            {move || status().1}
        </p>
    }
}

/// Move focus to the tab that is now selected (tabs in a tablist move with the arrow keys). The
/// selection changes on the next render, so the other tab of this list is focused now.
fn focus_selected_tab(ev: &leptos::ev::KeyboardEvent) {
    let list = event_target::<web_sys::Element>(ev).parent_element();
    if let Some(id) = list.map(|list| list.id()).filter(|id| !id.is_empty()) {
        crate::web::focus(&format!("#{id} [role=tab][aria-selected=false]"));
    }
}

/// A JSON editor bound to one slot of the document, with the parse error marked at its place and
/// named in the status line and, with `findings`, the lint findings about that slot underlined
/// and listed under it (click one to select the text it is about).
#[component]
pub fn JsonEditor(
    title: &'static str,
    testid: &'static str,
    #[prop(into)] at: Signal<String>,
    help: &'static str,
    #[prop(optional)] findings: bool,
) -> impl IntoView {
    let playground = use_playground();
    view! {
        <section class="pane json-pane" data-testid=testid aria-label=title>
            <div class="pane-head">
                <h2><label for=testid>{title}</label></h2>
                <span class="pane-help">{help}</span>
            </div>
            // A text replaced from outside (a preset, undo, the whole-JSON editor) is a new editor.
            {move || {
                playground.revision.track();
                let slot = at.get();
                let text = RwSignal::new(playground.doc.with_untracked(|doc| text_at(doc, &slot)));
                view! { <JsonBody testid at text findings/> }
            }}
        </section>
    }
}

#[component]
fn JsonBody(
    testid: &'static str,
    at: Signal<String>,
    text: RwSignal<String>,
    findings: bool,
) -> impl IntoView {
    let playground = use_playground();
    let error = move || playground.doc.with(|doc| json_error_at(doc, &at.get()));
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    // The findings about this slot; the first `LISTED` are located in the text (locating reads
    // the text, and a pasted policy can have thousands of findings).
    let about = Memo::new(move |_| {
        if !findings {
            return Vec::new();
        }
        let at = at.get();
        playground.run.with(|run| match run {
            Run::Verdict { verdict, .. } => verdict
                .findings
                .iter()
                .filter(|f| f.path == at || f.path.starts_with(&format!("{at}/")))
                .cloned()
                .collect::<Vec<_>>(),
            Run::Unusable(_) => Vec::new(),
        })
    });
    let located = Memo::new(move |_| {
        let at = at.get();
        about.with(|about| {
            text.with(|text| {
                // In a text too long to colour (see `code.rs`), findings are listed unlocated.
                let locate = text.len() <= super::code::COLOUR_LIMIT;
                about
                    .iter()
                    .take(LISTED)
                    .map(|f| (f.clone(), locate.then(|| f.locate(text, &at)).flatten()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let markers = Signal::derive(move || {
        let mut markers: Vec<Marker> = located.with(|located| {
            located
                .iter()
                .filter_map(|(finding, span)| {
                    let span = (*span)?;
                    Some(Marker {
                        mark: Mark {
                            start: span.start,
                            end: span.end,
                            level: level_of(finding.severity),
                        },
                        line: span.line,
                        message: format!(
                            "{}: {}: {}",
                            finding.severity.as_str(),
                            finding.code,
                            finding.message.replace('`', "")
                        ),
                    })
                })
                .collect()
        });
        if let Some(error) = error() {
            text.with(|text| {
                let offset = highlight::offset_of(text, error.line, error.column);
                markers.push(Marker {
                    mark: highlight::mark_at(text, offset, Level::Error),
                    line: error.line,
                    message: format!("Not valid JSON: {}", error.message),
                });
            });
        }
        markers
    });
    let status_id = format!("{testid}-status");
    let summary = move || {
        let counts = about.with(|about| {
            let count = |s: Severity| about.iter().filter(|f| f.severity == s).count();
            (
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
            )
        });
        if text.with(|t| t.trim().is_empty()) {
            return "Empty: STS gets no value here.".to_string();
        }
        let parts: Vec<String> = [
            (counts.0, "error"),
            (counts.1, "warning"),
            (counts.2, "info"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| {
            let plural = if n > 1 && word != "info" { "s" } else { "" };
            format!("{n} {word}{plural}")
        })
        .collect();
        if parts.is_empty() {
            "✔ Valid JSON".to_string()
        } else {
            format!("✔ Valid JSON · findings: {}", parts.join(", "))
        }
    };
    view! {
        <div class="pane-body">
            <CodeEditor
                id=testid.to_string()
                language=Language::Json
                text=text
                markers=markers
                invalid=Signal::derive(move || error().is_some())
                described_by=status_id.clone()
                textarea=textarea
                on_input=Callback::new(move |(typed, pasted): (String, bool)| {
                    // `aws iam get-role` output or a URL-encoded policy pasted into the policy
                    // editor is unwrapped and spread over the role, and the user is told so.
                    let recognised = (findings && pasted)
                        .then(|| playground.doc.with_untracked(|doc| crate::paste::policy_paste(doc, &typed)))
                        .flatten();
                    match recognised {
                        Some(recognised) => playground.apply_paste(recognised),
                        None => {
                            let slot = at.get_untracked();
                            playground.edit(|doc| {
                                set_json_text(doc, &slot, &typed);
                            });
                        }
                    }
                })
            />
        </div>
        {findings.then(|| view! { <InlineFindings located=located total=Signal::derive(move || about.with(Vec::len)) text=text textarea=textarea/> })}
        <p class=move || format!("editor-status{}", if error().is_some() { " bad" } else { "" }) id=status_id>
            {move || match error() {
                Some(error) => view! {
                    <span class="json-error" data-testid=format!("{testid}-error")>
                        <span aria-hidden="true">"⚠ "</span>
                        "Not valid JSON, " {error.to_string()} ". STS receives this text as it is."
                    </span>
                }.into_any(),
                None => summary().into_any(),
            }}
        </p>
    }
}

type Located = (crate::engine::verdict::Finding, Option<Span>);

/// How many findings the list under the policy shows.
const LISTED: usize = 100;

fn finding_key(
    (index, (finding, span)): &(usize, Located),
) -> (usize, String, String, Option<(usize, usize)>) {
    (
        *index,
        finding.code.clone(),
        finding.message.clone(),
        span.map(|s| (s.start, s.end)),
    )
}

fn level_of(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
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

/// The findings about the slot, located in the editor's `text`: severity, line and column,
/// message and help. Clicking one selects its text in the editor.
#[component]
fn InlineFindings(
    located: Memo<Vec<(crate::engine::verdict::Finding, Option<Span>)>>,
    /// How many findings there are in all (only the first `LISTED` are located and listed).
    total: Signal<usize>,
    text: RwSignal<String>,
    textarea: NodeRef<leptos::html::Textarea>,
) -> impl IntoView {
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
    // Keyed: a changed finding is a new line, never an old one's nodes moved elsewhere.
    // At most `LISTED` are listed (a pasted policy may hold thousands); the status line counts all.
    let items = move || located.get().into_iter().enumerate().collect::<Vec<_>>();
    let unlisted = move || total.get().saturating_sub(LISTED);
    // The list keeps its height whether it holds findings or not, so the editor never moves.
    view! {
        <ul class="findings inline" data-testid="editor-findings" aria-label="Findings about this policy">
            <Show when=move || located.with(Vec::is_empty)>
                <li class="none">"No findings: the lint pack has nothing to say about this policy."</li>
            </Show>
            <For
                each=items
                key=finding_key
                children=move |(_, (finding, span))| {
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
                }
            />
            <Show when=move || { unlisted() > 0 }>
                <li class="none">{move || format!("… and {} more.", unlisted())}</li>
            </Show>
        </ul>
    }
}

//! A code editor without an editor library: a transparent `<textarea>` over a coloured `<pre>`
//! (`present::highlight`), with line numbers and a marker in the gutter for each problem. The text
//! area does all the editing, so paste, undo, IME, spell-check off and screen readers behave as in
//! any text field, and the page never rewrites the text while the user types. Both layers sit in
//! one grid cell of one scrolling box, so they scroll together and cannot drift apart.

use crate::present::highlight::{self, Level, Mark, Piece, Token};
use leptos::prelude::*;

/// What the editor holds, which decides its colouring and wrapping.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// JSON: line numbers, no wrapping.
    Json,
    /// A JWT: coloured by segment, wrapped anywhere, no line numbers.
    Jwt,
}

/// Texts longer than this (bytes) are shown without colouring.
pub(super) const COLOUR_LIMIT: usize = 100_000;
/// At most this many problems are marked in the gutter (the status line counts them all).
const MARKER_LIMIT: usize = 200;

/// A problem to show in the editor: its span underlined, its line marked in the gutter.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// The span, in bytes of the text.
    pub mark: Mark,
    /// 1-based line of the span's start.
    pub line: usize,
    /// What the gutter marker's tooltip says.
    pub message: String,
}

/// The editor. `text` starts as the text to edit and then follows typing; the caller keeps the
/// document in step through `on_input`. A text replaced from outside is a new editor (the caller
/// renders it anew), so the page never writes into a text area the user is typing in.
#[component]
pub fn CodeEditor(
    id: String,
    language: Language,
    text: RwSignal<String>,
    #[prop(into)] markers: Signal<Vec<Marker>>,
    /// Called on every input with the new text and whether it came from a paste.
    on_input: Callback<(String, bool)>,
    #[prop(into)] invalid: Signal<bool>,
    /// The id of the status line that describes the editor.
    described_by: String,
    #[prop(optional)] textarea: Option<NodeRef<leptos::html::Textarea>>,
    #[prop(optional)] label: Option<&'static str>,
) -> impl IntoView {
    let textarea = textarea.unwrap_or_default();
    // Colouring is for texts a person edits: past `COLOUR_LIMIT` bytes (a pasted hostile or huge
    // document) the text is shown plain, so an edit stays fast; problems are still marked in the
    // gutter and named in the status line.
    let coloured = move || text.with(|t| t.len() <= COLOUR_LIMIT);
    let lines = move || {
        text.with(|text| match language {
            Language::Json if text.len() <= COLOUR_LIMIT => {
                let marks: Vec<Mark> = markers.with(|m| m.iter().map(|m| m.mark).collect());
                highlight::json(text, &marks)
            }
            Language::Json => Vec::new(),
            Language::Jwt => vec![highlight::jwt(text)],
        })
    };
    // The line numbers as one text node, and over them a marker for each line with a problem
    // (the worst one's colour, every message in its tooltip), placed by line.
    let numbers = move || {
        let count = text.with(|t| t.split('\n').count());
        let mut numbers = String::with_capacity(count.saturating_mul(6));
        for n in 1..=count {
            if n > 1 {
                numbers.push('\n');
            }
            numbers.push_str(&n.to_string());
        }
        numbers
    };
    let gutter_marks = move || {
        let mut lines: Vec<(usize, Level, String)> = Vec::new();
        markers.with(|markers| {
            for marker in markers.iter().take(MARKER_LIMIT) {
                match lines.iter_mut().find(|(line, _, _)| *line == marker.line) {
                    Some((_, level, message)) => {
                        if marker.mark.level > *level {
                            *level = marker.mark.level;
                        }
                        message.push('\n');
                        message.push_str(&marker.message);
                    }
                    None => lines.push((marker.line, marker.mark.level, marker.message.clone())),
                }
            }
        });
        lines
    };
    let wrap = match language {
        Language::Json => "off",
        Language::Jwt => "soft",
    };
    let class = match language {
        Language::Json => "code json",
        Language::Jwt => "code jwt",
    };
    view! {
        <div class=class>
            <div class="code-scroll">
                {(language == Language::Json).then(|| view! {
                    <div class="gutter" aria-hidden="true">
                        <span class="numbers">{numbers}</span>
                        // Keyed: a marker is never moved to another line (a layout shift).
                        <For each=gutter_marks key=|mark| mark.clone() children=gutter_mark/>
                    </div>
                })}
                <div class="layers">
                    // One element per line, keyed by its place and its content: a line that did not
                    // change keeps its nodes, any other is drawn anew, so no text node is ever
                    // reused at another place (which the browser would count as a layout shift).
                    <pre class="hl" aria-hidden="true">
                        {move || (!coloured()).then(|| text.get())}
                        <For
                            each=move || keyed(lines())
                            key=|(key, _)| *key
                            children=|(_, line)| view! { <span class="line">{line.into_iter().map(render_piece).collect_view()}</span> }
                        />
                    </pre>
                    <textarea
                        id=id
                        node_ref=textarea
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap=wrap
                        aria-label=label
                        aria-describedby=described_by
                        aria-invalid=move || invalid.get().to_string()
                        prop:value=text.get_untracked()
                        on:input=move |ev| {
                            let typed = event_target_value(&ev);
                            text.set(typed.clone());
                            on_input.run((typed, pasted(&ev)));
                        }
                    ></textarea>
                </div>
            </div>
        </div>
    }
}

/// A gutter marker: the line's number with the worst problem's icon, every message in its
/// tooltip, placed over that line's number.
fn gutter_mark((line, level, message): (usize, Level, String)) -> impl IntoView {
    view! {
        <span class=format!("ln has-mark m-{}", level.as_str()) title=message data-line=line
            style=format!("top: calc({}lh + 0.5rem)", line.saturating_sub(1))>
            <span class="gm">{gutter_icon(level)}</span>{line}
        </span>
    }
}

/// Whether an input event inserted pasted (or dropped) text.
pub fn pasted(ev: &leptos::ev::Event) -> bool {
    use wasm_bindgen::JsCast;
    ev.dyn_ref::<web_sys::InputEvent>().is_some_and(|ev| {
        matches!(
            ev.input_type().as_str(),
            "insertFromPaste" | "insertFromDrop"
        )
    })
}

fn gutter_icon(level: Level) -> &'static str {
    match level {
        Level::Error => "✘",
        Level::Warning => "▲",
        Level::Info => "●",
    }
}

/// Each line with its key: its index and a hash of its pieces.
fn keyed(lines: Vec<Vec<Piece>>) -> Vec<((usize, u64), Vec<Piece>)> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let mut hasher = DefaultHasher::new();
            line.hash(&mut hasher);
            ((index, hasher.finish()), line)
        })
        .collect()
}

fn render_piece(piece: Piece) -> AnyView {
    let class = match (piece.token, piece.mark) {
        (Token::Plain, None) => return piece.text.into_any(),
        (token, None) => token.class().to_string(),
        (token, Some(level)) => format!("{} m-{}", token.class(), level.as_str()),
    };
    view! { <span class=class>{piece.text}</span> }.into_any()
}

//! The header's controls: the preset menu (which always names what is loaded), sharing (link,
//! redaction, embed snippet), the keyboard help and reset. Menus open as popovers that float over
//! the workspace, so opening one never moves the editors.

use super::app::CaseCount;
use crate::share;
use crate::web::presets::{PRESETS, find};
use crate::web::shortcuts::{Shortcuts, use_shortcuts};
use crate::web::state::{Source, use_playground};
use crate::web::storage::{clear_saved_workspace, saved_case_count};
use crate::web::tools_loader::use_tools_loader;
use leptos::prelude::*;
use serde_json::Value;

/// The value of the menu's extra entry that names a document that is not a preset as loaded.
const NOT_A_PRESET: &str = "~other";

/// The preset menu, with a confirmation before replacing edits and an undo afterwards. Its
/// selection is derived from the document: a preset's name only while that preset is loaded
/// unchanged, else "Edited: …" or "Shared scenario".
#[component]
pub fn PresetPicker() -> impl IntoView {
    let playground = use_playground();
    let edited = playground.edited;
    let selected = Memo::new(move |_| match playground.source.get() {
        Source::Preset(id) if !edited.get() => id.to_string(),
        _ => NOT_A_PRESET.to_string(),
    });
    let other_label = move || match (playground.source.get(), edited.get()) {
        (Source::Preset(id), _) => format!("Edited: {}", preset_name(id)),
        (Source::Shared, false) => "Shared scenario".to_string(),
        (Source::Shared, true) => "Shared scenario, edited".to_string(),
        (Source::Saved, _) => "Your saved workspace".to_string(),
    };
    let load = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        let select = event_target::<web_sys::HtmlSelectElement>(&ev);
        let Some(preset) = find(&id) else { return };
        let Ok(doc) = serde_json::from_str::<Value>(preset.json) else {
            return;
        };
        if edited.get_untracked()
            && !window()
                .confirm_with_message(
                    "Load this preset? Your edits will be replaced (you can undo).",
                )
                .unwrap_or(false)
        {
            // The menu must keep naming what is loaded: put the refused choice back.
            select.set_value(&selected.get_untracked());
            return;
        }
        playground.load_preset(preset.id, doc);
    };
    view! {
        <div class="presets">
            <label for="preset" class="sr-only">"Preset"</label>
            <select
                id="preset"
                data-testid="preset"
                data-state=move || if selected.get() == NOT_A_PRESET { "other" } else { "preset" }
                prop:value=move || selected.get()
                on:change=load
            >
                <option value=NOT_A_PRESET disabled hidden=move || selected.get() != NOT_A_PRESET>
                    {other_label}
                </option>
                {PRESETS
                    .iter()
                    .map(|preset| view! { <option value=preset.id>{preset_name(preset.id)}</option> })
                    .collect_view()}
            </select>
            <Show when=move || playground.undo.with(Option::is_some)>
                <button
                    type="button"
                    data-testid="undo-preset"
                    on:click=move |_| playground.undo_preset()
                >
                    "Undo preset"
                </button>
            </Show>
        </div>
    }
}

/// A preset's display name (its `name`), else its id.
pub fn preset_name(id: &str) -> String {
    find(id)
        .and_then(|preset| serde_json::from_str::<Value>(preset.json).ok())
        .and_then(|doc| doc.get("name").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| id.to_string())
}

/// A button that opens a floating panel below it; Escape or the button closes it.
#[component]
fn Popover(
    label: &'static str,
    testid: &'static str,
    open: RwSignal<bool>,
    children: ChildrenFn,
) -> impl IntoView {
    let panel_id = format!("{testid}-panel");
    view! {
        <div class="popover-anchor">
            <button
                type="button"
                data-testid=testid
                aria-expanded=move || open.get().to_string()
                aria-controls=panel_id.clone()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {label}
            </button>
            <div
                class="popover"
                id=panel_id
                role="dialog"
                aria-label=label
                hidden=move || !open.get()
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        open.set(false);
                    }
                }
            >
                {children()}
            </div>
        </div>
    }
}

/// Share link (in the URL fragment, never the query), redaction, embed snippet, and reset.
#[component]
pub fn ShareControls() -> impl IntoView {
    let playground = use_playground();
    let tools = use_tools_loader();
    let case_count = expect_context::<CaseCount>().0;
    let open = RwSignal::new(false);
    let redact = RwSignal::new(false);
    let link = RwSignal::new(None::<String>);
    let snippet = RwSignal::new(None::<String>);
    let base = move || {
        let location = window().location();
        format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        )
    };
    let report = RwSignal::new(None::<Vec<String>>);
    let redacting = RwSignal::new(false);
    // A plain link is copied at once; a redacted one is shown with what was replaced, and copied
    // only when the sender has seen that.
    let make_link = move |_: leptos::ev::MouseEvent| {
        let doc = playground.doc.get_untracked();
        if redact.get_untracked() {
            // Redaction runs in the tools module, loaded now if needed.
            link.set(None);
            redacting.set(true);
            leptos::task::spawn_local(async move {
                match tools.redact(&doc).await {
                    Ok((document, lines)) => {
                        link.set(Some(format!("{}#{}", base(), share::encode(&document))));
                        report.set(Some(lines));
                    }
                    Err(problem) => playground.notice.set(Some(format!(
                        "The scenario could not be redacted ({problem}). Nothing was copied."
                    ))),
                }
                redacting.set(false);
            });
        } else {
            let url = format!("{}#{}", base(), share::encode(&doc));
            copy_to_clipboard(&url);
            report.set(None);
            link.set(Some(url));
        }
    };
    let copy_redacted = move |_| {
        if let Some(url) = link.get_untracked() {
            copy_to_clipboard(&url);
            playground
                .notice
                .set(Some("Redacted share link copied.".to_string()));
        }
    };
    // What is on screen: the preset's name while it is loaded unchanged, else the scenario itself.
    let make_snippet = move |_: leptos::ev::MouseEvent| {
        let unchanged_preset = match playground.source.get_untracked() {
            Source::Preset(id) if !playground.is_edited() => Some(id),
            _ => None,
        };
        let fragment = match unchanged_preset {
            Some(id) => format!("embed&preset={id}&autoplay"),
            None => format!(
                "embed&autoplay&{}",
                playground.doc.with_untracked(share::encode)
            ),
        };
        snippet.set(Some(format!(
            "<iframe src=\"{}#{fragment}\" title=\"STS AssumeRoleWithWebIdentity, simulated\" width=\"820\" height=\"640\" style=\"border:0\"></iframe>",
            base()
        )));
    };
    let reset = move |_| {
        let has_cases = saved_case_count() > 0;
        if (playground.is_edited() || has_cases)
            && !window()
                .confirm_with_message(
                    "Reset the workspace to the default preset? Your edits and test cases will be lost.",
                )
                .unwrap_or(false)
        {
            return;
        }
        clear_saved_workspace();
        tools.clear_cases();
        case_count.set(0);
        let _ = window()
            .history()
            .map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&base())));
        if let Some(preset) = PRESETS.first()
            && let Ok(doc) = serde_json::from_str::<Value>(preset.json)
        {
            playground.load_preset(preset.id, doc);
        }
        playground
            .notice
            .set(Some("Workspace reset to the default preset.".to_string()));
    };
    // The documented hooks (`share`, `redact`, `embed-snippet`) stay in the header itself; what
    // they make opens in a panel below, which floats over the workspace.
    view! {
        <div class="popover-anchor share">
            <button type="button" data-testid="share" aria-controls="share-panel"
                on:click=move |ev| { make_link(ev); snippet.set(None); open.set(true); }>
                "Share"<span class="btn-text">" link"</span>
            </button>
            <label class="inline" title="Replace identifying claims (repository, owner, actor, ids…) before making the link">
                <input type="checkbox" data-testid="redact" prop:checked=move || redact.get()
                    on:change=move |ev| {
                        redact.set(event_target_checked(&ev));
                        // A redacted link not yet copied is forgotten.
                        link.set(None);
                        report.set(None);
                    }/>
                " redact"
            </label>
            <button type="button" data-testid="embed-snippet" aria-controls="share-panel"
                on:click=move |ev| { make_snippet(ev); link.set(None); report.set(None); open.set(true); }>
                "Embed"
            </button>
            <div class="popover" id="share-panel" role="dialog" aria-label="Share" data-testid="share-panel"
                hidden=move || !open.get() || (link.with(Option::is_none) && snippet.with(Option::is_none) && !redacting.get())
                on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { open.set(false); }>
                <button type="button" class="drawer-close" aria-label="Close" on:click=move |_| open.set(false)>"×"</button>
                <Show when=move || redacting.get()>
                    <p class="help" role="status">"Redacting…"</p>
                </Show>
                <Show when=move || link.with(Option::is_some)>
                    <p class="help">"The scenario travels in the part after #, which browsers never send to a server."</p>
                    <label class="stacked">
                        {move || if report.with(Option::is_some) { "Redacted link (not copied yet):" } else { "Link (copied):" }}
                        <input class="mono" type="text" readonly data-testid="share-link" prop:value=move || link.get().unwrap_or_default()/>
                    </label>
                </Show>
                {move || report.get().map(|report| view! { <RedactionPreview report copy=copy_redacted/> })}
                <Show when=move || snippet.with(Option::is_some)>
                    <label class="stacked">"Paste into your docs (it shows what is on screen now):"
                        <textarea class="mono" rows="3" readonly data-testid="embed-code" prop:value=move || snippet.get().unwrap_or_default()></textarea>
                    </label>
                </Show>
            </div>
        </div>
        <button type="button" data-testid="reset" on:click=reset title="Reset the workspace to the default preset">"Reset"</button>
    }
}

/// The keyboard shortcuts, and the switch that turns the single-key ones off (WCAG 2.1.4).
#[component]
pub fn KeysHelp() -> impl IntoView {
    let Shortcuts { enabled, help_open } = use_shortcuts();
    view! {
        <Popover label="Keys" testid="keys" open=help_open>
            <p class="help">"When the focus is not in a text field:"</p>
            <dl class="keys-list">
                <dt><kbd>"Space"</kbd></dt><dd>"play or pause the diagram"</dd>
                <dt><kbd>"←"</kbd>" "<kbd>"→"</kbd></dt><dd>"step back or forward"</dd>
                <dt><kbd>"Home"</kbd></dt><dd>"replay from the start"</dd>
                <dt><kbd>"?"</kbd></dt><dd>"show these keys"</dd>
                <dt><kbd>"Esc"</kbd></dt><dd>"close a menu or a settings drawer"</dd>
            </dl>
            <label class="inline">
                <input type="checkbox" data-testid="shortcuts-enabled" prop:checked=move || enabled.get()
                    on:change=move |ev| crate::web::shortcuts::set_enabled(enabled, event_target_checked(&ev))/>
                " Single-key shortcuts"
            </label>
        </Popover>
    }
}

fn copy_to_clipboard(text: &str) {
    let clipboard = window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}

/// What redaction replaced and kept, shown before the redacted link is copied.
#[component]
fn RedactionPreview(
    report: Vec<String>,
    copy: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <div class="redaction" data-testid="redaction-report">
            <p class="help">"Replaced where they occur as whole values or whole parts (the verdict stays the same):"</p>
            <pre class="mono">{report.join("\n")}</pre>
            <button type="button" data-testid="share-copy" on:click=copy>"Copy redacted link"</button>
        </div>
    }
}

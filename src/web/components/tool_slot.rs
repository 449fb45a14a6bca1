//! A tool's shell: a collapsed `<details>` whose body the tools module fills the first time it is
//! opened (see `web/tools_loader.rs`). The page owns the shell (summary, open state, focus); the
//! tool owns what is inside.

use crate::web::tools_loader::{ToolsStatus, use_tools_loader};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The shell of the tool `kind` (`who-can`, `cases`, `exports`).
#[component]
pub fn ToolSlot(
    kind: &'static str,
    /// The summary line until the tool replaces it (the cases panel keeps its own count).
    #[prop(into)]
    title: Signal<String>,
    class: &'static str,
    testid: &'static str,
    #[prop(optional)] summary_testid: Option<&'static str>,
) -> impl IntoView {
    let loader = use_tools_loader();
    let summary = NodeRef::<html::Span>::new();
    let body = NodeRef::<html::Div>::new();
    let mounted = StoredValue::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        // A tool that could not be loaded (offline, say) is tried again on its next opening.
        let failed = matches!(loader.status.get_untracked(), ToolsStatus::Failed(_));
        if !open || (mounted.get_value() && !failed) {
            return;
        }
        if let (Some(summary), Some(body)) = (summary.get_untracked(), body.get_untracked()) {
            mounted.set_value(true);
            loader.mount(kind, summary.unchecked_into(), body.unchecked_into());
        }
    };
    // Shown only while the tool is not there yet (loading, or it could not be loaded).
    let status = move || match loader.status.get() {
        ToolsStatus::Failed(why) => Some(format!(
            "This tool could not be loaded ({why}). It is tried again when you next open it."
        )),
        ToolsStatus::Idle | ToolsStatus::Loading => Some("Loading this tool…".to_string()),
        ToolsStatus::Ready => None,
    };
    view! {
        <details class=class data-testid=testid data-tool=kind on:toggle=on_toggle>
            <summary data-testid=summary_testid><span node_ref=summary>{title}</span></summary>
            {move || status().map(|text| view! { <p class="help" role="status">{text}</p> })}
            <div class="tool-body" node_ref=body></div>
        </details>
    }
}

/// A tool in a pane the page shows and hides itself (the token pane's Decoded tab), not in a
/// `<details>`: mounted the first time `shown` turns true, and told when it is shown or hidden,
/// so that a hidden tool does no work.
#[component]
pub fn ToolPane(kind: &'static str, shown: RwSignal<bool>, testid: &'static str) -> impl IntoView {
    let loader = use_tools_loader();
    let body = NodeRef::<html::Div>::new();
    let mounted = StoredValue::new(false);
    // At the edge, like the shells' toggle handler: the tool is another module's DOM.
    Effect::new(move |_| {
        let shown = shown.get();
        let failed = matches!(loader.status.get_untracked(), ToolsStatus::Failed(_));
        if shown && (!mounted.get_value() || failed) {
            if let Some(body) = body.get_untracked() {
                mounted.set_value(true);
                let summary: web_sys::HtmlElement = document()
                    .create_element("span")
                    .map(JsCast::unchecked_into)
                    .unwrap_or_else(|_| body.clone().unchecked_into());
                loader.mount(kind, summary, body.unchecked_into());
            }
        } else {
            loader.set_shown(kind, shown);
        }
    });
    let status = move || match loader.status.get() {
        ToolsStatus::Failed(why) => Some(format!(
            "This view could not be loaded ({why}). It is tried again when you next open it."
        )),
        ToolsStatus::Idle | ToolsStatus::Loading => Some("Loading…".to_string()),
        ToolsStatus::Ready => None,
    };
    view! {
        <div class="tool-pane" data-testid=testid>
            {move || status().map(|text| view! { <p class="help" role="status">{text}</p> })}
            <div class="tool-body" node_ref=body></div>
        </div>
    }
}

//! The browser playground: a Leptos client-side app around the engine.
//!
//! Data flows one way. Inputs write the scenario document ([`state::Playground::doc`]); one memo
//! runs the engine; everything on screen is derived from the document and the verdict. The only
//! effects are at the edges: the playback timer and the page title.
//!
//! INVARIANT: the workspace's verdict comes from exactly one place, the memo in `state.rs`.
//! `playback.rs` reads the diagram, `resign.rs` rewrites the token, `storage.rs` keeps the
//! workspace between visits; the components in `components/` render and send edits. (The
//! tools in `tools/`, a second wasm module loaded on first use, run their own copies of the
//! engine on the document the page pushes to them.)

mod components;
pub use components::App;
pub mod keys;
pub mod playback;
pub mod presets;
mod resign;
pub mod shortcuts;
pub mod state;
pub mod storage;
pub mod tools;
mod tools_loader;

use leptos::prelude::*;

/// Mount the playground on the page body.
pub fn mount() {
    console_error_panic_hook::set_once();
    forbid_connections();
    // Marks for scripts/budget.mjs: where cold-load time goes (download and compile, or the app).
    // (`stsplay:complete`, once the parts rendered after the first paint are in, is set in app.rs.)
    mark("stsplay:wasm-started");
    leptos::mount::mount_to_body(components::App);
    mark("stsplay:mounted");
}

pub(crate) fn mark(name: &str) {
    if let Some(performance) = leptos::prelude::window().performance() {
        let _ = performance.mark(name);
    }
}

/// The page's own Content-Security-Policy must let the loader fetch the `.wasm`; once it has
/// loaded, a second policy forbids every connection (`connect-src 'none'`). Browsers enforce all
/// policies together, so from here on nothing the user types can leave the page.
fn forbid_connections() {
    let document = leptos::prelude::document();
    let Ok(meta) = document.create_element("meta") else {
        return;
    };
    let _ = meta.set_attribute("http-equiv", "Content-Security-Policy");
    let _ = meta.set_attribute("content", "connect-src 'none'");
    if let Some(head) = document.head() {
        let _ = head.append_child(&meta);
    }
}

/// Render an explanation, showing `backticked` parts as code (the engine's details quote user
/// values and names that way). Always text: never parsed as HTML.
pub fn rich(text: &str) -> impl IntoView + use<> {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

/// Focus the first element matching `selector`, if there is one (keyboard moves between tabs,
/// drawers and the answer). Returns it, for callers that also scroll it into view.
pub fn focus(selector: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let element = leptos::prelude::document()
        .query_selector(selector)
        .ok()
        .flatten()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let _ = element.focus();
    Some(element)
}

/// Call `target[name](...args)`, ignoring a missing method or a throw: the two wasm modules (the
/// page and its tools) talk only through such calls, and neither must fail because of the other.
pub fn call_method(target: &wasm_bindgen::JsValue, name: &str, args: &[wasm_bindgen::JsValue]) {
    use wasm_bindgen::JsCast;
    let method = js_sys::Reflect::get(target, &wasm_bindgen::JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(method) = method {
        let args: js_sys::Array = args.iter().collect();
        let _ = method.apply(target, &args);
    }
}

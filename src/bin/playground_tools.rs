//! The playground's tools as a second wasm module, loaded by the page the first time a tool is
//! opened (see `stsplay::web::tools` for what it holds and why, and `web/tools_loader.rs` for the
//! page's side). Built by `scripts/post-build.sh`; not a public API.

use stsplay::web::tools;
use wasm_bindgen::prelude::*;

/// Remember the page's `host` object (`notice(text)`, `signClaims(claimsJson, note)`,
/// `editClaim(name, valueText)`, `resign(rsa)`).
#[wasm_bindgen]
pub fn start(host: js_sys::Object) {
    tools::start(host);
}

/// The page's scenario document changed (JSON text).
#[wasm_bindgen]
pub fn set_doc(json: &str) {
    tools::set_doc(json);
}

/// Whether the page is busy signing a token.
#[wasm_bindgen]
pub fn set_signing(busy: bool) {
    tools::set_signing(busy);
}

/// Redact a scenario for sharing: JSON text in, `{"document", "report"}` as JSON text out.
#[wasm_bindgen]
pub fn redact(json: &str) -> String {
    tools::redact(json)
}

/// Forget the test cases (the page's Reset).
#[wasm_bindgen]
pub fn clear_cases() {
    tools::clear_cases();
}

/// The page showed or hid a tool mounted outside a `<details>` shell (`decoded-token`).
#[wasm_bindgen]
pub fn set_shown(kind: &str, shown: bool) {
    tools::set_shown(kind, shown);
}

/// Mount a tool (`who-can`, `cases`, `exports`, `decoded-token`) into its shell.
#[wasm_bindgen]
pub fn mount(kind: &str, summary: web_sys::HtmlElement, body: web_sys::HtmlElement) -> bool {
    tools::mount(kind, summary, body)
}

// The page calls the exports above; the module has no start-up work of its own.
fn main() {}

//! The browser playground: a Leptos client-side app around the engine.
//!
//! Data flows one way. Inputs write the scenario document ([`state::Playground::doc`]); one memo
//! runs the engine; everything on screen is derived from the document and the verdict. The only
//! effects are at the edges: the playback timer and the page title.
//!
//! INVARIANT: the workspace's verdict comes from exactly one place, the memo in `state.rs`. (The
//! test-case panel runs its own cases through `crate::suite`, which calls the same engine.)

mod components;
pub use components::App;
pub mod keys;
pub mod presets;
pub mod state;

/// Mount the playground on the page body.
pub fn mount() {
    console_error_panic_hook::set_once();
    forbid_connections();
    // Marks for scripts/budget.mjs: where cold-load time goes (download and compile, or the app).
    mark("stsplay:wasm-started");
    leptos::mount::mount_to_body(components::App);
    mark("stsplay:mounted");
}

fn mark(name: &str) {
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

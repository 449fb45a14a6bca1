//! Component and state tests of the playground, in headless Chromium with `wasm-bindgen-test`
//! (`cargo test --target wasm32-unknown-unknown --no-default-features --features web --test web`).
//! They mount the real app into the page and assert the documented hooks, not markup shape.

#![cfg(all(target_arch = "wasm32", feature = "web"))]
// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use leptos::prelude::*;
use serde_json::json;
use stsplay::share::Route;
use stsplay::web::state::{Playground, Run};
use stsplay::web::storage::STORAGE_KEY;
use stsplay::workspace::set;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn outcome(playground: &Playground) -> (String, String) {
    playground.run.with_untracked(|run| match run {
        Run::Verdict { verdict, .. } => (
            serde_json::to_value(verdict.outcome())
                .unwrap()
                .as_str()
                .unwrap()
                .to_string(),
            verdict
                .error()
                .map(|e| e.code.to_string())
                .unwrap_or_default(),
        ),
        Run::Unusable(err) => ("unusable".to_string(), err.path.clone()),
    })
}

/// A documented test hook's attribute, e.g. `[data-testid=verdict]`'s `data-outcome`.
fn hook_attr(host: &web_sys::HtmlElement, selector: &str, attribute: &str) -> Option<String> {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .get_attribute(attribute)
}

/// Wait until `selector` is in `host`, for the parts of the page that render after the first
/// paint (an animation frame, then a task). Gives up after about two seconds.
async fn rendered(host: &web_sys::HtmlElement, selector: &str) {
    for _ in 0..200 {
        if host.query_selector(selector).unwrap().is_some() {
            return;
        }
        let pause = js_sys::Promise::new(&mut |resolve, _| {
            window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(pause).await.unwrap();
    }
    panic!("{selector} was never rendered");
}

fn forget_saved_workspace() {
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item(STORAGE_KEY)
        .unwrap();
}

#[wasm_bindgen_test]
fn edits_flow_from_the_document_to_the_verdict() {
    forget_saved_workspace();
    let owner = Owner::new();
    owner.with(|| {
        let playground = Playground::new(Route::Workspace);
        assert_eq!(outcome(&playground), ("accepted".into(), String::new()));

        playground.edit(|doc| set(doc, "/providers/0/ClientIDList", json!(["sts.amazon.com"])));
        assert_eq!(
            outcome(&playground),
            ("rejected".into(), "InvalidIdentityToken".into())
        );

        // A form field of the wrong type is an unusable scenario naming its path, not a verdict.
        playground.edit(|doc| set(doc, "/request/DurationSeconds", json!("soon")));
        assert_eq!(
            outcome(&playground),
            ("unusable".into(), "/request/DurationSeconds".into())
        );
    });
}

#[wasm_bindgen_test]
fn playback_goes_from_the_failing_arrow_to_the_error_returned() {
    forget_saved_workspace();
    let owner = Owner::new();
    owner.with(|| {
        let playground = Playground::new(Route::Workspace);
        playground.edit(|doc| set(doc, "/now", json!(1_900_000_000)));
        assert_eq!(outcome(&playground).1, "ExpiredTokenException");
        playground.playback.cursor.set(0);
        for _ in 0..7 {
            playground.playback.step_forward();
        }
        // The prelude, then request, token, provider, tls, signature, claims (which fails).
        assert_eq!(playground.playback.cursor.get_untracked(), 7);
        // The next step reveals the rest: the steps never reached and the error STS returns.
        playground.playback.step_forward();
        assert_eq!(playground.playback.cursor.get_untracked(), 10);
        assert!(!playground.playback.playing.get_untracked());
        for _ in 0..5 {
            playground.playback.step_forward();
        }
        assert_eq!(playground.playback.cursor.get_untracked(), 10);
        // Back, past the steps never reached, to the failing arrow; then one more.
        playground.playback.step_back();
        assert_eq!(playground.playback.cursor.get_untracked(), 7);
        playground.playback.step_back();
        assert_eq!(playground.playback.cursor.get_untracked(), 6);
    });
}

#[wasm_bindgen_test]
async fn the_app_mounts_with_its_test_hooks() {
    forget_saved_workspace();
    let document = document();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let _mounted = leptos::mount::mount_to(host.clone(), stsplay::web::App);

    // The first render has the verdict; the diagram, below the fold, follows the first paint.
    let verdict = "[data-testid=verdict]";
    assert_eq!(
        hook_attr(&host, verdict, "data-outcome").as_deref(),
        Some("accepted")
    );
    assert_eq!(hook_attr(&host, verdict, "data-code").as_deref(), Some(""));
    let diagram = "[data-testid=diagram] g[data-step]";
    assert!(host.query_selector(diagram).unwrap().is_none());
    rendered(&host, diagram).await;
    let arrows = host
        .query_selector_all("[data-testid=diagram] g[data-step]")
        .unwrap();
    assert_eq!(arrows.length(), 10, "the prelude and nine engine steps");

    // Choose a rejected preset through the menu, as a user would.
    let select: web_sys::HtmlSelectElement = host
        .query_selector("[data-testid=preset]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    select.set_value("github-trailing-slash");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(
        hook_attr(&host, verdict, "data-outcome").as_deref(),
        Some("rejected")
    );
    assert_eq!(
        hook_attr(&host, verdict, "data-code").as_deref(),
        Some("InvalidIdentityToken")
    );
    assert_eq!(
        hook_attr(&host, "g[data-step=provider]", "data-status").as_deref(),
        Some("fail")
    );
}

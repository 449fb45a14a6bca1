//! The playground's tools, a second wasm module loaded on first use: "Who else can assume this
//! role?", "Test cases", "Export" and the GitHub Actions token builder.
//!
//! Why a second module: these tools (the counterexample search, the suite runner, the exporters,
//! the claim builder and their panels) are a third of the playground's code, and most visits never
//! open them. The page renders a `<details>` shell for each (`components/tool_slot.rs`); opening
//! one loads this module (`web/tools_loader.rs`) and mounts the tool into the shell.
//!
//! The two modules are separate Leptos apps with separate memories, so they share nothing but a
//! narrow interface, in one direction each way:
//! - the page pushes the scenario document in ([`set_doc`], after every edit) and whether it is
//!   busy signing ([`set_signing`]);
//! - the tools call back through the page's `host` object: `notice(text)` shows a message and
//!   `signClaims(claimsJson, note)` signs claims with the page's playground key, which then
//!   arrive back here as a new document.
//!
//! Each tool runs the engine on its own copy of the document; the workspace verdict stays the
//! page's (see `web/mod.rs`). The test cases live here (and in localStorage), since only the
//! tools use them.

mod cases;
mod decoded;
mod exports;
mod github;
mod who_can;

use crate::web::state::{Run, run_engine};
use crate::web::storage::{self, CASES_STORAGE_KEY};
use js_sys::Object;
use leptos::prelude::*;
use serde_json::{Map, Value};
use std::cell::{OnceCell, RefCell};
use wasm_bindgen::prelude::*;

/// The tools' shared state (copied into each mounted tool's context).
#[derive(Clone, Copy)]
pub struct Tools {
    /// The page's scenario document, as last pushed by [`set_doc`].
    pub doc: RwSignal<Value>,
    /// The engine's answer for `doc`, computed when a tool reads it.
    pub run: Memo<Run>,
    /// True while the page signs a token (the builder's button waits).
    pub signing: RwSignal<bool>,
    /// The test cases the user has collected (test-file case objects; see `suite::compose`).
    pub cases: RwSignal<Vec<Value>>,
}

impl Tools {
    /// The scenario's clock, when the scenario is usable.
    pub fn now(&self) -> Option<i64> {
        self.run.with(|run| match run {
            Run::Verdict { scenario, .. } => Some(scenario.now),
            Run::Unusable(_) => None,
        })
    }

    /// Change the test cases, and keep them for the next visit.
    pub fn edit_cases(&self, f: impl FnOnce(&mut Vec<Value>)) {
        self.cases.update(f);
        self.cases.with_untracked(|cases| save_cases(cases));
    }

    /// Show a message in the page's notice bar.
    pub fn notice(&self, text: &str) {
        call_host("notice", &[JsValue::from_str(text)]);
    }

    /// Ask the page to set claim `name` of its token to `value_text` (see `Playground::edit_claim`).
    pub fn edit_claim(&self, name: &str, value_text: &str) {
        call_host(
            "editClaim",
            &[JsValue::from_str(name), JsValue::from_str(value_text)],
        );
    }

    /// Ask the page to re-sign its token's claims with its playground key (RS256 when `rsa`).
    pub fn resign(&self, rsa: bool) {
        call_host("resign", &[JsValue::from_bool(rsa)]);
    }

    /// Ask the page to sign `claims` with its playground key and load the token; `note` becomes
    /// the notice once it is signed.
    pub fn sign_claims(&self, claims: &Map<String, Value>, note: &str) {
        let claims = Value::Object(claims.clone()).to_string();
        call_host(
            "signClaims",
            &[JsValue::from_str(&claims), JsValue::from_str(note)],
        );
    }
}

thread_local! {
    static TOOLS: OnceCell<(Owner, Tools)> = const { OnceCell::new() };
    static HOST: RefCell<Option<Object>> = const { RefCell::new(None) };
    /// Whether each tool mounted outside a `<details>` shell is shown (see [`set_shown`]).
    static SHOWN: RefCell<Vec<(Kind, RwSignal<bool>)>> = const { RefCell::new(Vec::new()) };
}

fn tools() -> Tools {
    root().1
}

/// The tools' state and the reactive owner it lives under, made on first use. The owner is kept
/// for the page's lifetime, so nothing made under it is ever disposed.
fn root() -> (Owner, Tools) {
    TOOLS.with(|cell| {
        cell.get_or_init(|| {
            let owner = Owner::new();
            let tools = owner.with(|| {
                let doc = RwSignal::new(Value::Null);
                Tools {
                    doc,
                    run: Memo::new(move |_| doc.with(run_engine)),
                    signing: RwSignal::new(false),
                    cases: RwSignal::new(saved_cases()),
                }
            });
            (owner, tools)
        })
        .clone()
    })
}

/// The tools' state from context (inside a mounted tool).
pub fn use_tools() -> Tools {
    expect_context::<Tools>()
}

fn call_host(method: &str, args: &[JsValue]) {
    if let Some(host) = HOST.with(|host| host.borrow().clone()) {
        crate::web::call_method(&host, method, args);
    }
}

/// Start: remember the page's `host` object.
pub fn start(host: Object) {
    console_error_panic_hook::set_once();
    HOST.with(|h| *h.borrow_mut() = Some(host));
    tools();
}

/// The page's scenario document changed (JSON text; a document that does not parse is ignored,
/// as the page never sends one).
pub fn set_doc(json: &str) {
    if let Ok(doc) = serde_json::from_str::<Value>(json) {
        tools().doc.set(doc);
    }
}

/// Whether the page is busy signing.
pub fn set_signing(busy: bool) {
    tools().signing.set(busy);
}

/// Redact a scenario for sharing (the page's "redact" option), with a throwaway key made here:
/// the scenario's JSON text in, `{"document": …, "report": ["line", …]}` as JSON text out (see
/// [`crate::redact::RedactionReport::lines`]), or `{"error": "…"}` when no key could be made.
/// It lives here, not in the page, because it is rarely used and would otherwise weigh on every
/// first load.
pub fn redact(json: &str) -> String {
    let doc = serde_json::from_str::<Value>(json).unwrap_or(Value::Null);
    let answer = match crate::signing::SigningKey::generate_p256() {
        Ok(key) => {
            let redacted = crate::redact::redact_scenario(&doc, &key);
            serde_json::json!({ "document": redacted.document, "report": redacted.report.lines() })
        }
        Err(problem) => serde_json::json!({ "error": problem.to_string() }),
    };
    answer.to_string()
}

/// The page showed or hid the tool `kind` mounted outside a `<details>` shell (the decoded token,
/// in the token pane's tabs).
pub fn set_shown(kind: &str, shown: bool) {
    let Some(kind) = Kind::from_name(kind) else {
        return;
    };
    if let Some(signal) =
        SHOWN.with(|s| s.borrow().iter().find(|(k, _)| *k == kind).map(|(_, s)| *s))
    {
        signal.set(shown);
    }
}

/// Forget the test cases (the page's Reset).
pub fn clear_cases() {
    tools().edit_cases(Vec::clear);
}

/// Which tool to mount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    WhoCan,
    Cases,
    Exports,
    DecodedToken,
}

impl Kind {
    /// The name the page uses (`data-tool` of the shell).
    pub fn from_name(name: &str) -> Option<Kind> {
        match name {
            "who-can" => Some(Kind::WhoCan),
            "cases" => Some(Kind::Cases),
            "exports" => Some(Kind::Exports),
            "decoded-token" => Some(Kind::DecodedToken),
            _ => None,
        }
    }
}

/// Mount a tool into its shell: `summary` is the shell's summary text (replaced for tools with a
/// live summary), `body` the element under it. The tool follows the shell's `<details>` open
/// state, so it works only while open; outside a `<details>`, it follows its parent's `hidden`
/// ancestors' `hidden` attribute, as the page reports it (`set_shown`).
pub fn mount(kind: &str, summary: web_sys::HtmlElement, body: web_sys::HtmlElement) -> bool {
    let Some(kind) = Kind::from_name(kind) else {
        return false;
    };
    let tools = tools();
    let open = RwSignal::new(true);
    if let Some(details) = body
        .parent_element()
        .and_then(|p| p.dyn_into::<web_sys::HtmlDetailsElement>().ok())
    {
        open.set(details.open());
        let shell = details.clone();
        let on_toggle = Closure::<dyn Fn()>::new(move || open.set(shell.open()));
        let _ =
            details.add_event_listener_with_callback("toggle", on_toggle.as_ref().unchecked_ref());
        // The shell lives as long as the page.
        on_toggle.forget();
    } else {
        open.set(body.closest("[hidden]").ok().flatten().is_none());
        SHOWN.with(|s| s.borrow_mut().push((kind, open)));
    }
    let open = open.read_only();
    body.set_text_content(None);
    // Each tool is its own root; its context is the shared state.
    let mount = |into: web_sys::HtmlElement, tool: fn(ReadSignal<bool>) -> AnyView| {
        leptos::mount::mount_to(into, move || {
            provide_context(tools);
            tool(open)
        })
        .forget();
    };
    match kind {
        Kind::WhoCan => mount(body, |_| view! { <who_can::WhoCan/> }.into_any()),
        Kind::Cases => {
            // One run of the cases feeds both the summary line and the table.
            let results = root().0.with(|| cases::results(tools, open));
            summary.set_text_content(None);
            leptos::mount::mount_to(summary, move || {
                provide_context(tools);
                view! { <cases::CasesSummary results=results/> }
            })
            .forget();
            leptos::mount::mount_to(body, move || {
                provide_context(tools);
                view! { <cases::TestCases results=results/> }
            })
            .forget();
        }
        Kind::Exports => mount(body, |open| {
            view! { <exports::Exports open=open/> }.into_any()
        }),
        Kind::DecodedToken => mount(body, |open| {
            view! { <decoded::DecodedToken open=open/> }.into_any()
        }),
    }
    true
}

/// The test cases saved by an earlier visit.
fn saved_cases() -> Vec<Value> {
    match storage::get(CASES_STORAGE_KEY).and_then(|text| serde_json::from_str(&text).ok()) {
        Some(Value::Array(cases)) => cases,
        _ => Vec::new(),
    }
}

/// Save the test cases (at the edge, like the page's workspace).
fn save_cases(cases: &[Value]) {
    storage::set(CASES_STORAGE_KEY, &Value::Array(cases.to_vec()).to_string());
}

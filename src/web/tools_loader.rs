//! The page's side of the tools module (`web/tools`): load it when a tool is first opened, mount
//! tools into their shells, push the scenario document to it, and answer its calls.
//!
//! The module is a second wasm file that `scripts/post-build.sh` writes to `dist/tools-HASH/`
//! (the hash keeps a cached old copy from ever meeting a new page) and names in the page's
//! `<meta name="stsplay-tools">`. It is imported as a script, never fetched: the page forbids
//! every connection once it has loaded (`connect-src 'none'`), so the tools' wasm travels
//! inside a JavaScript module as base64 and is instantiated from those bytes.

use crate::web::state::Playground;
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use serde_json::Value;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export async function import_tools(dir, attempt) {
  const base = new URL(dir, document.baseURI);
  // A failed import may be remembered by the browser: a retry asks for the files anew.
  const again = attempt > 0 ? `?attempt=${attempt}` : "";
  const [glue, wasm] = await Promise.all([
    import(new URL("stsplay_tools.js" + again, base).href),
    import(new URL("stsplay_tools_wasm.js" + again, base).href),
  ]);
  const bytes = Uint8Array.fromBase64
    ? Uint8Array.fromBase64(wasm.default)
    : Uint8Array.from(atob(wasm.default), (c) => c.charCodeAt(0));
  await glue.default({ module_or_path: bytes });
  return glue;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn import_tools(dir: &str, attempt: u32) -> Result<JsValue, JsValue>;
}

/// Where the tools module is, relative to the page.
fn tools_dir() -> String {
    document()
        .query_selector("meta[name=stsplay-tools]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| "tools/".to_string())
}

/// Whether the tools module is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolsStatus {
    /// Not asked for yet.
    Idle,
    Loading,
    Ready,
    /// It could not be loaded: why.
    Failed(String),
}

/// A tool waiting for the module: its name and its shell's summary text and body elements.
type Mount = (&'static str, web_sys::HtmlElement, web_sys::HtmlElement);

thread_local! {
    /// The module's exports, once loaded.
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// How many times loading was tried (a retry adds a query to the module's address).
    static ATTEMPTS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// Tools opened while the module was loading.
    static PENDING: RefCell<Vec<Mount>> = const { RefCell::new(Vec::new()) };
}

/// The loader, provided as context by the page.
#[derive(Clone, Copy)]
pub struct ToolsLoader {
    /// Where loading stands.
    pub status: RwSignal<ToolsStatus>,
    playground: Playground,
}

impl ToolsLoader {
    /// The loader for `playground`. Once the module is ready, every document change and the
    /// signing state are pushed to it (effects at the edge, like saving the workspace).
    pub fn new(playground: Playground) -> ToolsLoader {
        let status = RwSignal::new(ToolsStatus::Idle);
        Effect::new(move |_| {
            if status.get() == ToolsStatus::Ready {
                let json = playground.doc.with(Value::to_string);
                call("set_doc", &[JsValue::from_str(&json)]);
            }
        });
        Effect::new(move |_| {
            if status.get() == ToolsStatus::Ready {
                call(
                    "set_signing",
                    &[JsValue::from_bool(playground.signing.get())],
                );
            }
        });
        ToolsLoader { status, playground }
    }

    /// Mount the tool `kind` into its shell, loading the module first if needed.
    pub fn mount(
        &self,
        kind: &'static str,
        summary: web_sys::HtmlElement,
        body: web_sys::HtmlElement,
    ) {
        if self.status.get_untracked() == ToolsStatus::Ready {
            mount_now(kind, &summary, &body);
            return;
        }
        PENDING.with(|p| p.borrow_mut().push((kind, summary, body)));
        if matches!(
            self.status.get_untracked(),
            ToolsStatus::Idle | ToolsStatus::Failed(_)
        ) {
            self.status.set(ToolsStatus::Loading);
            let loader = *self;
            leptos::task::spawn_local(async move { loader.load().await });
        }
    }

    async fn load(self) {
        let attempt = ATTEMPTS.with(|a| {
            let n = a.get();
            a.set(n.saturating_add(1));
            n
        });
        match import_tools(&tools_dir(), attempt).await {
            Ok(module) => {
                MODULE.with(|m| *m.borrow_mut() = Some(module));
                call("start", &[self.host().into()]);
                // The tools mount on the current document (the effects above push later changes).
                let json = self.playground.doc.with_untracked(Value::to_string);
                call("set_doc", &[JsValue::from_str(&json)]);
                self.status.set(ToolsStatus::Ready);
                for (kind, summary, body) in PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()))
                {
                    mount_now(kind, &summary, &body);
                }
            }
            Err(error) => {
                PENDING.with(|p| p.borrow_mut().clear());
                let why = error
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .or_else(|| error.as_string())
                    .unwrap_or_else(|| "unknown error".to_string());
                self.status.set(ToolsStatus::Failed(why));
            }
        }
    }

    /// What the tools may ask of the page: show a notice, sign claims with the playground's key,
    /// set one claim of the token, re-sign it (the new token then reaches them as a new document).
    fn host(&self) -> Object {
        let playground = self.playground;
        let host = Object::new();
        let notice = Closure::<dyn Fn(String)>::new(move |text: String| {
            playground.notice.set(Some(text));
        });
        let sign_claims =
            Closure::<dyn Fn(String, String)>::new(move |claims: String, note: String| {
                match serde_json::from_str::<Value>(&claims) {
                    Ok(Value::Object(claims)) => playground.sign_new_claims(claims, note),
                    _ => playground.notice.set(Some(
                        "Signing failed: the claims are not a JSON object.".to_string(),
                    )),
                }
            });
        let edit_claim =
            Closure::<dyn Fn(String, String)>::new(move |name: String, text: String| {
                playground.edit_claim(&name, &text);
            });
        let resign = Closure::<dyn Fn(bool)>::new(move |rsa: bool| playground.resign(rsa));
        let _ = Reflect::set(&host, &"notice".into(), notice.as_ref());
        let _ = Reflect::set(&host, &"signClaims".into(), sign_claims.as_ref());
        let _ = Reflect::set(&host, &"editClaim".into(), edit_claim.as_ref());
        let _ = Reflect::set(&host, &"resign".into(), resign.as_ref());
        // The host lives as long as the page.
        notice.forget();
        sign_claims.forget();
        edit_claim.forget();
        resign.forget();
        host
    }

    /// The tools module, loaded now if it is not yet (also when an earlier attempt failed).
    async fn ready(&self) -> Result<JsValue, String> {
        loop {
            match self.status.get_untracked() {
                ToolsStatus::Ready => {
                    return MODULE
                        .with(|m| m.borrow().clone())
                        .ok_or_else(|| "the tools module is missing".to_string());
                }
                ToolsStatus::Loading => pause(30).await,
                ToolsStatus::Idle | ToolsStatus::Failed(_) => {
                    self.status.set(ToolsStatus::Loading);
                    self.load().await;
                    if let ToolsStatus::Failed(why) = self.status.get_untracked() {
                        return Err(why);
                    }
                }
            }
        }
    }

    /// Redact the scenario for sharing (in the tools module; see `web::tools::redact`): the
    /// redacted document and the report's lines.
    pub async fn redact(&self, doc: &Value) -> Result<(Value, Vec<String>), String> {
        let module = self.ready().await?;
        let redact = js_sys::Reflect::get(&module, &JsValue::from_str("redact"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| "the tools module cannot redact".to_string())?;
        let answer = redact
            .call1(&JsValue::NULL, &JsValue::from_str(&doc.to_string()))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let mut value: Value = serde_json::from_str(&answer).map_err(|e| e.to_string())?;
        if let Some(error) = value.get("error").and_then(Value::as_str) {
            return Err(error.to_string());
        }
        let report = value
            .get("report")
            .and_then(Value::as_array)
            .map(|lines| {
                lines
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        Ok((
            value
                .get_mut("document")
                .map(Value::take)
                .unwrap_or(Value::Null),
            report,
        ))
    }

    /// Tell the tool `kind`, mounted outside a `<details>` shell, that it is shown or hidden.
    pub fn set_shown(&self, kind: &str, shown: bool) {
        call(
            "set_shown",
            &[JsValue::from_str(kind), JsValue::from_bool(shown)],
        );
    }

    /// Forget the test cases kept by the tools (the page's Reset), if they are loaded.
    pub fn clear_cases(&self) {
        call("clear_cases", &[]);
    }
}

fn mount_now(kind: &str, summary: &web_sys::HtmlElement, body: &web_sys::HtmlElement) {
    call(
        "mount",
        &[JsValue::from_str(kind), summary.into(), body.into()],
    );
}

/// Wait `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Call one of the module's exports; nothing happens before it is loaded.
fn call(name: &str, args: &[JsValue]) {
    if let Some(module) = MODULE.with(|module| module.borrow().clone()) {
        crate::web::call_method(&module, name, args);
    }
}

/// The loader from context.
pub fn use_tools_loader() -> ToolsLoader {
    expect_context::<ToolsLoader>()
}

//! The page: header with presets, the editors and panels, the diagram, the verdict.

use super::diagram::SequenceDiagram;
use super::editors::{JsonEditor, ScenarioJson, TokenEditor};
use super::panels::{ClockPanel, ProviderPanel, RequestPanel, RolePanel};
use super::token::DecodedToken;
use super::tool_slot::ToolSlot;
use super::verdict::{VerdictBar, VerdictPanel};
use crate::share;
use crate::web::presets::{PRESETS, find};
use crate::web::state::{
    Playground, clear_saved_workspace, save_workspace, saved_case_count, use_playground,
};
use crate::web::tools_loader::{ToolsLoader, use_tools_loader};
use crate::workspace::{jwks_pointer, policy_pointer};
use leptos::prelude::*;
use serde_json::Value;

/// The whole playground (or the compact embed, for `#embed…` links).
#[component]
pub fn App() -> impl IntoView {
    let fragment = window().location().hash().unwrap_or_default();
    let route = share::route(&fragment);
    let playground = Playground::new(route);
    provide_context(playground);
    provide_context(ToolsLoader::new(playground));
    use_playback_timer(playground);
    if let Some(embed) = playground.embed.get_value() {
        match (embed.autoplay, embed.step) {
            (true, _) => playground.restart(),
            (false, Some(step)) => playground
                .cursor
                .set(step.saturating_add(1).min(playground.end())),
            (false, None) => playground.cursor.set(playground.end()),
        }
        if !embed.editable {
            return view! { <EmbedView/> }.into_any();
        }
    } else {
        playground.restart();
        // Edge effect: keep the workspace across reloads. (Embeds never overwrite it.)
        Effect::new(move |_| playground.doc.with(save_workspace));
    }

    let jwks_slot = Signal::derive(move || playground.doc.with(jwks_pointer));
    let policy_slot = Signal::derive(move || playground.doc.with(policy_pointer));
    // The closed cases panel's summary, until the tools module takes it over.
    let case_count = RwSignal::new(saved_case_count());
    provide_context(CaseCount(case_count));
    let painted = RwSignal::new(false);
    provide_context(FirstPaint(painted));
    schedule_first_paint(painted);

    view! {
        <header class="topbar">
            <h1>"stsplay"</h1>
            <p class="tagline">"See what AWS STS AssumeRoleWithWebIdentity does with your token, and why."</p>
            <PresetPicker/>
            <ShareControls/>
            <VerdictBar/>
            <p class="offline" title="The engine runs in this page as WebAssembly. The page makes no network request after loading, enforced by its Content-Security-Policy.">
                "Runs entirely in your browser: nothing you type leaves this page."
            </p>
        </header>
        <Notice/>
        <main class="workspace">
            <section class="editors" aria-label="Inputs">
                <TokenEditor/>
                <JsonEditor
                    title="JWKS (what the issuer serves)"
                    testid="editor-jwks"
                    at=jwks_slot
                    help="The keys STS fetches from the issuer's jwks_uri. Empty or null: the keys cannot be retrieved."
                />
                <JsonEditor
                    title="Trust policy"
                    testid="editor-policy"
                    at=policy_slot
                    help="The role's AssumeRolePolicyDocument."
                    findings=true
                />
            </section>
            <section class="panels" aria-label="Provider, role, request and clock">
                <ProviderPanel/>
                <RolePanel/>
                <RequestPanel/>
                <ClockPanel/>
            </section>
            <section class="decoded" aria-label="Decoded token">
                <AfterFirstPaint><DecodedToken/></AfterFirstPaint>
            </section>
            <section class="flow" aria-label="What STS does">
                <AfterFirstPaint><SequenceDiagram/></AfterFirstPaint>
            </section>
            <section class="result" aria-label="Verdict">
                <VerdictPanel/>
            </section>
            <section class="tools" aria-label="Who else can assume this role, test cases and exports">
                <AfterFirstPaint>
                <ToolSlot kind="who-can" class="who-can" testid="who-can"
                    title="Who else can assume this role?".to_string()/>
                <ToolSlot kind="cases" class="cases" testid="cases" summary_testid="cases-summary"
                    title=Signal::derive(move || format!("Test cases ({})", case_count.get()))/>
                <ToolSlot kind="exports" class="exports" testid="exports"
                    title="Export: Mermaid, Terraform, CloudFormation, AWS CLI".to_string()/>
                </AfterFirstPaint>
            </section>
            <section class="advanced" aria-label="Whole scenario">
                <AfterFirstPaint><ScenarioJson/></AfterFirstPaint>
            </section>
        </main>
        <footer>
            <p>
                "Simulated: stsplay models STS from AWS documentation and observed responses. Steps marked "
                <span class="assumed-badge">"assumed"</span>
                " rest on our documented choices where AWS is silent. Credentials shown are simulated and never valid."
            </p>
        </footer>
    }
    .into_any()
}

/// Whether the browser has painted the page once (see [`schedule_first_paint`]).
#[derive(Clone, Copy)]
struct FirstPaint(RwSignal<bool>);

/// Set `painted` once the browser has painted the first render: an animation frame runs just
/// before a paint, and a task queued from it runs just after. (A task queued straight from the
/// first render can run before any paint, and the browser then paints only once everything is in.)
fn schedule_first_paint(painted: RwSignal<bool>) {
    request_animation_frame(move || {
        set_timeout(
            move || {
                painted.set(true);
                // The deferred parts render on the microtasks this set queued; the next task
                // comes after them.
                set_timeout(
                    || crate::web::mark("stsplay:complete"),
                    std::time::Duration::ZERO,
                );
            },
            std::time::Duration::ZERO,
        );
    });
}

/// Render `children` only after the first paint, so that the browser shows the header, the
/// editors, the panels and the verdict first, without waiting for the parts that start below the
/// fold on a laptop screen: the diagram, the decoded token (about 40% of the page's elements),
/// the tools and the whole-scenario view. Measured with `./scripts/budget.sh`: deferring only the
/// decoded token, the first verdict came about 20 ms later and the whole page about 35 ms later.
#[component]
fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let FirstPaint(painted) = expect_context::<FirstPaint>();
    view! { <Show when=move || painted.get()>{children()}</Show> }
}

/// How many test cases were saved, for the cases panel's summary until its tool is loaded.
#[derive(Clone, Copy)]
struct CaseCount(RwSignal<usize>);

/// A dismissible message about what just happened.
#[component]
fn Notice() -> impl IntoView {
    let playground = use_playground();
    view! {
        <Show when=move || playground.notice.with(Option::is_some)>
            <div class="notice" role="status" data-testid="notice">
                <span>{move || playground.notice.get().unwrap_or_default()}</span>
                <button type="button" on:click=move |_| playground.notice.set(None) aria-label="Dismiss">"×"</button>
            </div>
        </Show>
    }
}

/// Share link (in the URL fragment, never the query), redaction, embed snippet, and reset.
#[component]
fn ShareControls() -> impl IntoView {
    let playground = use_playground();
    let tools = use_tools_loader();
    let case_count = expect_context::<CaseCount>().0;
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
    let make_link = move |_| {
        let mut doc = playground.doc.get_untracked();
        if redact.get_untracked() {
            doc = redacted(&doc);
        }
        let url = format!("{}#{}", base(), share::encode(&doc));
        copy_to_clipboard(&url);
        link.set(Some(url));
    };
    let make_snippet = move |_| {
        let preset = PRESETS.first().map(|p| p.id).unwrap_or_default();
        snippet.set(Some(format!(
            "<iframe src=\"{}#embed&preset={preset}&autoplay\" title=\"STS AssumeRoleWithWebIdentity, simulated\" width=\"820\" height=\"640\" style=\"border:0\"></iframe>",
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
        if let Some(doc) = PRESETS
            .first()
            .and_then(|p| serde_json::from_str::<Value>(p.json).ok())
        {
            playground.load_preset(doc);
        }
        playground
            .notice
            .set(Some("Workspace reset to the default preset.".to_string()));
    };
    view! {
        <div class="share">
            <button type="button" data-testid="share" on:click=make_link>"Copy share link"</button>
            <label class="inline">
                <input type="checkbox" data-testid="redact" prop:checked=move || redact.get()
                    on:change=move |ev| redact.set(event_target_checked(&ev))/>
                " redact before sharing"
            </label>
            <button type="button" data-testid="embed-snippet" on:click=make_snippet>"Embed"</button>
            <button type="button" data-testid="reset" on:click=reset>"Reset"</button>
            <Show when=move || link.with(Option::is_some)>
                <p class="help">
                    "Link copied (the scenario is in the part after #, which browsers never send to a server): "
                    <input class="mono" type="text" readonly data-testid="share-link" prop:value=move || link.get().unwrap_or_default()/>
                </p>
            </Show>
            <Show when=move || snippet.with(Option::is_some)>
                <p class="help">"Paste into your docs:"
                    <textarea class="mono" rows="3" readonly data-testid="embed-code" prop:value=move || snippet.get().unwrap_or_default()></textarea>
                </p>
            </Show>
        </div>
    }
}

/// The scenario with identifying claims replaced (consistently in the policy too) and the token
/// re-signed with a throwaway key that replaces the issuer's JWKS.
fn redacted(doc: &Value) -> Value {
    use crate::workspace::{TOKEN, set};
    let mut doc = doc.clone();
    let token = crate::workspace::token_text(&doc).to_string();
    let Ok(decoded) = crate::engine::token::decode(&token) else {
        return doc;
    };
    let table = share::redaction_table(&decoded.claims);
    let mut claims = Value::Object(decoded.claims.clone());
    share::redact_value(&mut claims, &table);
    let at = jwks_pointer(&doc);
    if let Some(roles) = doc.get_mut("roles") {
        share::redact_value(roles, &table);
    }
    if let Some(request) = doc.get_mut("request") {
        share::redact_value(request, &table);
    }
    let (Ok(key), Value::Object(claims)) = (crate::signing::SigningKey::generate_p256(), claims)
    else {
        return doc;
    };
    if let Ok(token) = key.sign(&decoded.header, &claims) {
        set(&mut doc, TOKEN, Value::String(token));
        set(
            &mut doc,
            &at,
            serde_json::json!({ "keys": [key.public_jwk()] }),
        );
    }
    doc
}

fn copy_to_clipboard(text: &str) {
    let clipboard = window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}

/// The compact, read-only embed: the diagram, the step log and the verdict.
#[component]
fn EmbedView() -> impl IntoView {
    let href = move || {
        let doc = use_playground().doc.get_untracked();
        let location = window().location();
        format!(
            "{}{}#{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default(),
            share::encode(&doc)
        )
    };
    view! {
        <main class="embed" data-testid="embed">
            <SequenceDiagram/>
            <VerdictPanel/>
            <p class="help"><a href=href() target="_blank" rel="noopener">"Open in the stsplay playground"</a></p>
        </main>
    }
}

/// The preset menu, with a confirmation before replacing edits and an undo afterwards.
#[component]
fn PresetPicker() -> impl IntoView {
    let playground = use_playground();
    let current = RwSignal::new(
        PRESETS
            .first()
            .map(|p| p.id)
            .unwrap_or_default()
            .to_string(),
    );
    let load = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        let Some(preset) = find(&id) else { return };
        let Ok(doc) = serde_json::from_str::<Value>(preset.json) else {
            return;
        };
        if playground.is_edited()
            && !window()
                .confirm_with_message(
                    "Load this preset? Your edits will be replaced (you can undo).",
                )
                .unwrap_or(false)
        {
            // The menu must keep naming what is loaded: put the refused choice back.
            event_target::<web_sys::HtmlSelectElement>(&ev).set_value(&current.get_untracked());
            return;
        }
        current.set(id);
        playground.load_preset(doc);
    };
    view! {
        <div class="presets">
            <label for="preset">"Preset"</label>
            <select
                id="preset"
                data-testid="preset"
                prop:value=move || current.get()
                on:change=load
            >
                {PRESETS
                    .iter()
                    .map(|preset| {
                        let name = serde_json::from_str::<Value>(preset.json)
                            .ok()
                            .and_then(|v| v.get("name").and_then(Value::as_str).map(str::to_string))
                            .unwrap_or_else(|| preset.id.to_string());
                        view! { <option value=preset.id>{name}</option> }
                    })
                    .collect_view()}
            </select>
            <Show when=move || playground.undo.with(Option::is_some)>
                <button
                    type="button"
                    data-testid="undo-preset"
                    on:click=move |_| {
                        if let Some(previous) = playground.undo.get_untracked() {
                            playground.undo.set(None);
                            playground.replace(previous);
                        }
                    }
                >
                    "Undo preset"
                </button>
            </Show>
        </div>
    }
}

/// The playback timer: an effect at the edge that owns an interval.
fn use_playback_timer(playground: Playground) {
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                if playground.playing.get_untracked() {
                    playground.step_forward();
                }
            },
            std::time::Duration::from_millis(420),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
}

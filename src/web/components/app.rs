//! The page: a one-screen workspace. The header (presets, share, keys), the inputs on the left
//! (token, JWKS, trust policy, and a strip for the provider, role, request and clock), a splitter,
//! and on the right STS's answer: the verdict line, the diagram and the full explanation. On a
//! phone, one pane at a time (Edit, Diagram, Answer) under a verdict line that stays in view.

use super::diagram::SequenceDiagram;
use super::editors::{JsonEditor, ScenarioJson, TokenEditor};
use super::header::{KeysHelp, PresetPicker, ShareControls};
use super::layout::{PhonePane, PhoneTabs, SettingsStrip, Splitter, saved_split};
use super::tool_slot::ToolSlot;
use super::verdict::{VerdictBar, VerdictPanel};
use crate::share;
use crate::web::state::{Playground, use_playground};
use crate::web::storage::{save_workspace, saved_case_count};
use crate::web::tools_loader::ToolsLoader;
use crate::workspace::{jwks_pointer, policy_pointer};
use leptos::prelude::*;

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
            (true, _) => playground.playback.restart(),
            (false, Some(step)) => playground
                .playback
                .cursor
                .set(step.saturating_add(1).min(playground.playback.end())),
            (false, None) => playground.playback.cursor.set(playground.playback.end()),
        }
        talk_to_host(&embed);
        if !embed.editable {
            return view! { <EmbedView/> }.into_any();
        }
    } else {
        playground.playback.restart();
        // Edge effect: keep the workspace across reloads. (Embeds never overwrite it.)
        Effect::new(move |_| {
            let source = playground.source.get();
            let edited = playground.edited.get();
            playground
                .doc
                .with(|doc| save_workspace(doc, source.key(), edited));
        });
    }
    crate::web::shortcuts::listen(playground);

    // Memos: the slots change only when the token's issuer or the requested role does, and an
    // editor is rebuilt only when its slot changes.
    let jwks_slot = Memo::new(move |_| playground.doc.with(jwks_pointer));
    let policy_slot = Memo::new(move |_| playground.doc.with(policy_pointer));
    // The closed cases panel's summary, until the tools module takes it over.
    let case_count = RwSignal::new(saved_case_count());
    provide_context(CaseCount(case_count));
    let painted = RwSignal::new(false);
    provide_context(FirstPaint(painted));
    schedule_first_paint(painted);
    let pane = RwSignal::new(PhonePane::Edit);
    // The verdict line switches the phone to the Answer pane.
    provide_context(pane);
    let split = RwSignal::new(saved_split());
    let workspace = NodeRef::<leptos::html::Main>::new();

    view! {
        <div class="shell" data-pane=move || pane.get().as_str()>
            <header class="topbar">
                <h1 title="See what AWS STS AssumeRoleWithWebIdentity does with your token, and why. Runs entirely in your browser: nothing you type leaves this page.">
                    "stsplay"
                </h1>
                <PresetPicker/>
                <div class="spacer"></div>
                <ShareControls/>
                <KeysHelp/>
            </header>
            <PhoneTabs pane/>
            <main class="workspace" node_ref=workspace style=move || format!("--split: {}%", split.get())>
                <section class="inputs" id="pane-edit" aria-label="Inputs: token, JWKS, trust policy, settings">
                    <TokenEditor/>
                    <JsonEditor
                        title="JWKS"
                        testid="editor-jwks"
                        at=jwks_slot
                        help="the keys the issuer serves"
                    />
                    <JsonEditor
                        title="Trust policy"
                        testid="editor-policy"
                        at=policy_slot
                        help="the role's AssumeRolePolicyDocument"
                        findings=true
                    />
                    <SettingsStrip/>
                </section>
                <Splitter split workspace/>
                <div class="results-head">
                    <VerdictBar/>
                </div>
                <div class="results">
                    <section class="flow" id="pane-diagram" aria-label="What STS does">
                        <AfterFirstPaint><SequenceDiagram/></AfterFirstPaint>
                    </section>
                    <section class="answer" id="pane-answer" aria-label="STS's answer, explained">
                        <VerdictPanel/>
                        <div class="tools">
                            <AfterFirstPaint>
                            <ToolSlot kind="who-can" class="who-can" testid="who-can"
                                title="Who else can assume this role?".to_string()/>
                            <ToolSlot kind="cases" class="cases" testid="cases" summary_testid="cases-summary"
                                title=Signal::derive(move || format!("Test cases ({})", case_count.get()))/>
                            <ToolSlot kind="exports" class="exports" testid="exports"
                                title="Export: Mermaid, Terraform, CloudFormation, AWS CLI".to_string()/>
                            </AfterFirstPaint>
                        </div>
                        <div class="advanced">
                            <AfterFirstPaint><ScenarioJson/></AfterFirstPaint>
                        </div>
                        <footer>
                            <p>
                                "Runs entirely in your browser: the page makes no network request after loading (its Content-Security-Policy forbids it). "
                                "Simulated: stsplay models STS from AWS documentation and observed responses. Steps marked "
                                <span class="assumed-badge">"assumed"</span>
                                " rest on our documented choices where AWS is silent. Credentials shown are simulated and never valid."
                            </p>
                        </footer>
                    </section>
                </div>
            </main>
            <Notice/>
        </div>
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
/// editors and the verdict first, without waiting for the diagram, the tools and the
/// whole-scenario view, or for the settings drawers' panels (closed at first). Measured with
/// `./scripts/budget.sh`: deferring the parts below the fold
/// brought the first verdict about 20 ms earlier.
#[component]
pub(super) fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let FirstPaint(painted) = expect_context::<FirstPaint>();
    view! { <Show when=move || painted.get()>{children()}</Show> }
}

/// How many test cases were saved, for the cases panel's summary until its tool is loaded.
#[derive(Clone, Copy)]
pub(super) struct CaseCount(pub(super) RwSignal<usize>);

/// A dismissible message about what just happened. It floats over the page, so it never moves
/// what the user is looking at.
#[component]
fn Notice() -> impl IntoView {
    let playground = use_playground();
    view! {
        <div class="notice-slot" role="status">
            <Show when=move || playground.notice.with(Option::is_some)>
                <div class="notice" data-testid="notice">
                    <span>{move || playground.notice.get().unwrap_or_default()}</span>
                    <button type="button" on:click=move |_| playground.notice.set(None) aria-label="Dismiss">"×"</button>
                </div>
            </Show>
        </div>
    }
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
            <VerdictBar/>
            <SequenceDiagram/>
            <VerdictPanel/>
            <p class="help"><a href=href() target="_blank" rel="noopener">"Open in the stsplay playground"</a></p>
        </main>
    }
}

/// An embed and the page around it (README, "Embedding in documentation"): the colour scheme the
/// host asked for, now and when it changes (`{"type": "stsplay:theme", "theme": "dark"}` from the
/// parent window), and the embed's height, posted to the parent whenever it changes
/// (`{"type": "stsplay:size", "frame", "height"}`), so embed.js can size the iframe. The message
/// holds nothing but the height, so it goes to any origin: the embed cannot know its host's.
fn talk_to_host(embed: &share::Embed) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let set_theme = |theme: share::Theme| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
    };
    if let Some(theme) = embed.theme {
        set_theme(theme);
    }
    let Some(parent) = window().parent().ok().flatten() else {
        return;
    };
    if js_sys::Object::is(&parent, &window()) {
        return; // not in a frame
    }
    let frame = embed.frame.clone().unwrap_or_default();
    let host = parent.clone();
    let post_size = Closure::<dyn Fn()>::new(move || {
        // The body's own height: the root's scrollHeight is never less than the frame's.
        let height = document()
            .body()
            .map(|body| body.offset_height())
            .unwrap_or_default();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"stsplay:size".into());
        let _ = js_sys::Reflect::set(&message, &"frame".into(), &frame.as_str().into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = host.post_message(&message, "*");
    });
    if let (Ok(observer), Some(body)) = (
        web_sys::ResizeObserver::new(post_size.as_ref().unchecked_ref()),
        document().body(),
    ) {
        observer.observe(&body);
    }
    // Only the parent window may change the theme.
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let from_parent = event
                .source()
                .is_some_and(|source| js_sys::Object::is(&source, &parent));
            let data = event.data();
            let field = |name: &str| {
                js_sys::Reflect::get(&data, &name.into())
                    .ok()
                    .and_then(|v| v.as_string())
            };
            if from_parent
                && field("type").as_deref() == Some("stsplay:theme")
                && let Some(theme) = field("theme").as_deref().and_then(share::Theme::parse)
            {
                set_theme(theme);
            }
        });
    let _ =
        window().add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    // Both live as long as the page.
    post_size.forget();
    on_message.forget();
}

/// The playback timer: an effect at the edge that owns an interval.
fn use_playback_timer(playground: Playground) {
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                if playground.playback.playing.get_untracked() {
                    playground.playback.step_forward();
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

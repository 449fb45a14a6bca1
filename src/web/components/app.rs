//! The page: header with presets, the editors and panels, the diagram, the verdict.

use super::diagram::SequenceDiagram;
use super::editors::{JsonEditor, ScenarioJson, TokenEditor};
use super::panels::{ClockPanel, ProviderPanel, RequestPanel, RolePanel};
use super::token::DecodedToken;
use super::verdict::VerdictPanel;
use crate::web::presets::{PRESETS, find};
use crate::web::state::{Playground, use_playground};
use crate::workspace::{jwks_pointer, policy_pointer};
use leptos::prelude::*;
use serde_json::Value;

/// The whole playground.
#[component]
pub fn App() -> impl IntoView {
    let playground = Playground::new();
    provide_context(playground);
    playground.restart();
    use_playback_timer(playground);

    let jwks_slot = Signal::derive(move || playground.doc.with(jwks_pointer));
    let policy_slot = Signal::derive(move || playground.doc.with(policy_pointer));

    view! {
        <header class="topbar">
            <h1>"stsplay"</h1>
            <p class="tagline">"See what AWS STS AssumeRoleWithWebIdentity does with your token, and why."</p>
            <PresetPicker/>
            <p class="offline" title="The engine runs in this page as WebAssembly. The page makes no network request after loading, enforced by its Content-Security-Policy.">
                <span aria-hidden="true">"🔒 "</span>"Runs entirely in your browser: nothing you type leaves this page."
            </p>
        </header>
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
                />
            </section>
            <section class="panels" aria-label="Provider, role, request and clock">
                <ProviderPanel/>
                <RolePanel/>
                <RequestPanel/>
                <ClockPanel/>
            </section>
            <section class="decoded" aria-label="Decoded token">
                <DecodedToken/>
            </section>
            <section class="flow" aria-label="What STS does">
                <SequenceDiagram/>
            </section>
            <section class="result" aria-label="Verdict">
                <VerdictPanel/>
            </section>
            <section class="advanced" aria-label="Whole scenario">
                <ScenarioJson/>
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
    let load = move |id: String| {
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
                on:change=move |ev| load(event_target_value(&ev))
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

//! The workspace's frame: the splitter between inputs and answer, the settings strip with its
//! drawers (provider, role, request, clock), and the phone's pane tabs.

use super::app::AfterFirstPaint;
use super::panels::{ClockPanel, ProviderPanel, RequestPanel, RolePanel};
use crate::engine::clock::format_rfc3339;
use crate::web::state::{Run, use_playground};
use crate::web::storage;
use crate::workspace::token_issuer;
use leptos::prelude::*;
use serde_json::Value;

/// The inputs' share of the width, in percent: default and bounds.
const SPLIT_DEFAULT: u32 = 42;
const SPLIT_MIN: u32 = 25;
const SPLIT_MAX: u32 = 70;

/// The splitter position saved by an earlier visit, else the default.
pub fn saved_split() -> u32 {
    storage::get(storage::SPLIT_KEY)
        .and_then(|text| text.parse::<u32>().ok())
        .map_or(SPLIT_DEFAULT, |split| split.clamp(SPLIT_MIN, SPLIT_MAX))
}

fn save_split(split: u32) {
    storage::set(storage::SPLIT_KEY, &split.to_string());
}

/// The window splitter between the inputs and the answer (the WAI-ARIA window splitter pattern):
/// drag it, or focus it and use ← → (Home and End for the limits); a double click resets it.
#[component]
pub fn Splitter(split: RwSignal<u32>, workspace: NodeRef<leptos::html::Main>) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let set = move |value: u32| {
        let value = value.clamp(SPLIT_MIN, SPLIT_MAX);
        split.set(value);
        save_split(value);
    };
    let to_pointer = move |client_x: i32| {
        let Some(workspace) = workspace.get_untracked() else {
            return;
        };
        let rect = workspace.get_bounding_client_rect();
        let width = rect.width();
        if width > 0.0 {
            let share = (f64::from(client_x) - rect.left()) * 100.0 / width;
            // In range after the clamp; the cast only drops the fraction.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            set(share.clamp(f64::from(SPLIT_MIN), f64::from(SPLIT_MAX)) as u32);
        }
    };
    view! {
        <div
            class="splitter"
            role="separator"
            tabindex="0"
            aria-orientation="vertical"
            aria-controls="pane-edit"
            aria-label="Resize the inputs and the answer"
            aria-valuemin=SPLIT_MIN
            aria-valuemax=SPLIT_MAX
            aria-valuenow=move || split.get()
            data-testid="splitter"
            title="Drag, or use ← and →; double-click to reset"
            class:dragging=move || dragging.get()
            on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                let target = event_target::<web_sys::Element>(&ev);
                let _ = target.set_pointer_capture(ev.pointer_id());
                dragging.set(true);
                ev.prevent_default();
            }
            on:pointermove=move |ev: leptos::ev::PointerEvent| {
                if dragging.get_untracked() {
                    to_pointer(ev.client_x());
                }
            }
            on:pointerup=move |_| dragging.set(false)
            on:pointercancel=move |_| dragging.set(false)
            on:dblclick=move |_| set(SPLIT_DEFAULT)
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                let now = split.get_untracked();
                let next = match ev.key().as_str() {
                    "ArrowLeft" => now.saturating_sub(2),
                    "ArrowRight" => now.saturating_add(2),
                    "Home" => SPLIT_MIN,
                    "End" => SPLIT_MAX,
                    "Enter" => SPLIT_DEFAULT,
                    _ => return,
                };
                ev.prevent_default();
                set(next);
            }
        ></div>
    }
}

/// The phone's panes: one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhonePane {
    /// The inputs.
    Edit,
    /// The diagram and the step log.
    Diagram,
    /// The verdict explained, and the tools.
    Answer,
}

impl PhonePane {
    /// The name used in `data-pane` and the tab ids.
    pub fn as_str(self) -> &'static str {
        match self {
            PhonePane::Edit => "edit",
            PhonePane::Diagram => "diagram",
            PhonePane::Answer => "answer",
        }
    }

    const ALL: [PhonePane; 3] = [PhonePane::Edit, PhonePane::Diagram, PhonePane::Answer];

    fn title(self) -> &'static str {
        match self {
            PhonePane::Edit => "Edit",
            PhonePane::Diagram => "Diagram",
            PhonePane::Answer => "Answer",
        }
    }
}

/// The phone's pane switcher (hidden on wider screens, where every pane is shown).
#[component]
pub fn PhoneTabs(pane: RwSignal<PhonePane>) -> impl IntoView {
    let step = move |by: isize| {
        let at = PhonePane::ALL
            .iter()
            .position(|p| *p == pane.get_untracked())
            .unwrap_or(0);
        let next = at
            .checked_add_signed(by)
            .unwrap_or(PhonePane::ALL.len() - 1)
            % PhonePane::ALL.len();
        if let Some(next) = PhonePane::ALL.get(next) {
            pane.set(*next);
        }
    };
    view! {
        <nav class="phone-tabs" role="tablist" aria-label="Pane">
            {PhonePane::ALL.into_iter().map(|this| view! {
                <button
                    type="button"
                    role="tab"
                    id=format!("tab-{}", this.as_str())
                    data-testid=format!("pane-{}", this.as_str())
                    aria-controls=format!("pane-{}", this.as_str())
                    aria-selected=move || (pane.get() == this).to_string()
                    tabindex=move || if pane.get() == this { "0" } else { "-1" }
                    on:click=move |_| pane.set(this)
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        let by = match ev.key().as_str() {
                            "ArrowRight" => 1,
                            "ArrowLeft" => -1,
                            _ => return,
                        };
                        ev.prevent_default();
                        step(by);
                        crate::web::focus(&format!("#tab-{}", pane.get_untracked().as_str()));
                    }
                >
                    {this.title()}
                </button>
            }).collect_view()}
        </nav>
    }
}

/// Which settings drawer is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Setting {
    Provider,
    Role,
    Request,
    Clock,
}

impl Setting {
    const ALL: [Setting; 4] = [
        Setting::Provider,
        Setting::Role,
        Setting::Request,
        Setting::Clock,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Setting::Provider => "provider",
            Setting::Role => "role",
            Setting::Request => "request",
            Setting::Clock => "clock",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Setting::Provider => "Provider",
            Setting::Role => "Role",
            Setting::Request => "Request",
            Setting::Clock => "Clock",
        }
    }
}

/// The provider, role, request and clock as a one-row strip of chips under the editors, each
/// naming its current value; a chip opens its panel as a drawer over the editors (Escape closes
/// it), so the editors never move.
#[component]
pub fn SettingsStrip() -> impl IntoView {
    let playground = use_playground();
    let open = RwSignal::new(None::<Setting>);
    let summary = move |setting: Setting| {
        playground.doc.with(|doc| {
            let text = |at: &str| doc.pointer(at).and_then(Value::as_str).map(str::to_string);
            match setting {
                Setting::Provider => text("/providers/0/Url")
                    .or_else(|| token_issuer(doc))
                    .unwrap_or_else(|| "none".to_string()),
                Setting::Role => text("/request/RoleArn")
                    .map(|arn| arn.rsplit('/').next().unwrap_or_default().to_string())
                    .unwrap_or_else(|| "none".to_string()),
                Setting::Request => match doc.pointer("/request/DurationSeconds") {
                    Some(Value::Number(n)) => format!("{n} s"),
                    Some(Value::String(s)) => format!("{s} s"),
                    _ => "3600 s".to_string(),
                },
                Setting::Clock => match doc.get("now") {
                    Some(Value::Number(n)) => n.as_i64().map(format_rfc3339).unwrap_or_default(),
                    Some(Value::String(s)) => s.clone(),
                    _ => "system".to_string(),
                },
            }
        })
    };
    // A chip is marked when the engine names its panel as the problem.
    let culprit = move |setting: Setting| {
        playground.run.with(|run| match run {
            Run::Unusable(err) => match setting {
                Setting::Provider => err.path.starts_with("/providers"),
                Setting::Role => err.path.starts_with("/roles") || err.path == "/request/RoleArn",
                Setting::Request => err.path.starts_with("/request"),
                Setting::Clock => err.path == "/now",
            },
            Run::Verdict { .. } => false,
        })
    };
    let close = move || {
        if let Some(setting) = open.get_untracked() {
            open.set(None);
            focus_chip(setting);
        }
    };
    let toggle = move |setting: Setting| {
        let opening = open.get_untracked() != Some(setting);
        open.set(opening.then_some(setting));
        if opening {
            // Into the drawer, once it is shown: its first field.
            set_timeout(
                move || focus_first_field(setting),
                std::time::Duration::ZERO,
            );
        }
    };
    view! {
        // Escape closes the open drawer from anywhere in the strip (a chip or the drawer).
        <div class="settings" data-testid="settings"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" && open.get_untracked().is_some() {
                    ev.prevent_default();
                    close();
                }
            }>
            <div class="chips" role="group" aria-label="Provider, role, request and clock">
                {Setting::ALL.into_iter().map(|setting| view! {
                    <button
                        type="button"
                        class="chip"
                        class:culprit=move || culprit(setting)
                        id=format!("chip-{}", setting.as_str())
                        data-testid=format!("setting-{}", setting.as_str())
                        aria-expanded=move || (open.get() == Some(setting)).to_string()
                        aria-controls=format!("drawer-{}", setting.as_str())
                        on:click=move |_| toggle(setting)
                    >
                        <span class="chip-name">{setting.title()}</span>
                        <span class="chip-value mono">{move || summary(setting)}</span>
                    </button>
                }).collect_view()}
            </div>
            {Setting::ALL.into_iter().map(|setting| view! {
                <div
                    class="drawer"
                    id=format!("drawer-{}", setting.as_str())
                    role="region"
                    aria-label=setting.title()
                    hidden=move || open.get() != Some(setting)
                    // Light dismiss: the drawer closes when the focus moves to something outside
                    // it (an editor, the diagram), but not to a chip, which opens its own drawer.
                    on:focusout=move |ev: leptos::ev::FocusEvent| {
                        let elsewhere = ev
                            .related_target()
                            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                            .is_some_and(|el| el.closest(".drawer, .chip").ok().flatten().is_none());
                        if elsewhere {
                            open.set(None);
                        }
                    }
                >
                    <button type="button" class="drawer-close" aria-label=format!("Close {}", setting.title())
                        on:click=move |_| close()>"×"</button>
                    // Closed at first: rendered right after the first paint.
                    <AfterFirstPaint>
                        {match setting {
                            Setting::Provider => view! { <ProviderPanel/> }.into_any(),
                            Setting::Role => view! { <RolePanel/> }.into_any(),
                            Setting::Request => view! { <RequestPanel/> }.into_any(),
                            Setting::Clock => view! { <ClockPanel/> }.into_any(),
                        }}
                    </AfterFirstPaint>
                </div>
            }).collect_view()}
        </div>
    }
}

fn focus_first_field(setting: Setting) {
    let drawer = setting.as_str();
    crate::web::focus(&format!(
        "#drawer-{drawer} input, #drawer-{drawer} textarea"
    ));
}

fn focus_chip(setting: Setting) {
    crate::web::focus(&format!("#chip-{}", setting.as_str()));
}

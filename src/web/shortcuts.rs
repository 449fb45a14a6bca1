//! Single-key shortcuts for the diagram, anywhere on the page except in text fields: Space plays
//! or pauses, ← and → step, Home replays, ? shows the keys. They can be turned off (WCAG 2.1.4,
//! character key shortcuts), and the choice is kept. Keys that a control uses itself (Space on a
//! button, arrows on tabs, the slider or the splitter) stay with that control.

use crate::web::state::Playground;
use crate::web::storage;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The shortcuts' state, provided as context.
#[derive(Clone, Copy)]
pub struct Shortcuts {
    /// Whether single-key shortcuts are on.
    pub enabled: RwSignal<bool>,
    /// Whether the keys help is open.
    pub help_open: RwSignal<bool>,
}

/// Listen for the shortcuts on the whole page (an event handler at the edge; it writes the
/// playback state the way the diagram's buttons do).
pub fn listen(playground: Playground) {
    let enabled = RwSignal::new(saved_enabled());
    let help_open = RwSignal::new(false);
    provide_context(Shortcuts { enabled, help_open });
    let handle = window_event_listener(ev::keydown, move |ev| {
        if ev.default_prevented() || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let key = ev.key();
        if key == "Escape" {
            help_open.set(false);
            return;
        }
        if !enabled.get_untracked() {
            return;
        }
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let place = target.as_ref().map(place_of).unwrap_or(Place::Page);
        let handled = match (key.as_str(), place) {
            (_, Place::TextField) => false,
            (" ", Place::Page) => {
                playground.playback.toggle_play();
                true
            }
            ("ArrowRight", Place::Page | Place::Button) => {
                playground.playback.playing.set(false);
                playground.playback.step_forward();
                true
            }
            ("ArrowLeft", Place::Page | Place::Button) => {
                playground.playback.step_back();
                true
            }
            ("Home", Place::Page | Place::Button) => {
                playground.playback.restart();
                true
            }
            ("?", _) => {
                help_open.update(|open| *open = !*open);
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    // The page lives as long as the listener.
    std::mem::forget(handle);
}

/// Where a key was pressed, as far as the shortcuts care.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Text fields, menus and sliders: every key is theirs.
    TextField,
    /// Buttons, links and summaries: Space and Enter are theirs; tabs and the splitter also own
    /// the arrows, so they count as text fields here.
    Button,
    /// Anything else (the diagram, the page).
    Page,
}

fn place_of(element: &web_sys::Element) -> Place {
    let role = element.get_attribute("role").unwrap_or_default();
    let editable = element
        .dyn_ref::<web_sys::HtmlElement>()
        .is_some_and(|el| el.is_content_editable());
    match element.tag_name().as_str() {
        "INPUT" | "TEXTAREA" | "SELECT" => Place::TextField,
        _ if editable || role == "tab" || role == "separator" => Place::TextField,
        "BUTTON" | "A" | "SUMMARY" => Place::Button,
        _ => Place::Page,
    }
}

/// The shortcuts from context.
pub fn use_shortcuts() -> Shortcuts {
    expect_context::<Shortcuts>()
}

/// Turn the single-key shortcuts on or off, and keep the choice.
pub fn set_enabled(enabled: RwSignal<bool>, on: bool) {
    enabled.set(on);
    storage::set(storage::SHORTCUTS_KEY, if on { "on" } else { "off" });
}

fn saved_enabled() -> bool {
    storage::get(storage::SHORTCUTS_KEY).is_none_or(|value| value != "off")
}

//! The playground's state: the scenario document (the single source of truth), the one memo that
//! runs the engine, and the playback cursor.

use super::presets::PRESETS;
use crate::engine::json::ScenarioError;
use crate::engine::scenario::Scenario;
use crate::engine::simulate;
use crate::engine::verdict::{Status, Verdict};
use crate::present::diagram::Diagram;
use leptos::prelude::*;
use serde_json::Value;

/// What the engine made of the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Run {
    /// The scenario was usable: its verdict.
    Verdict {
        /// The parsed scenario.
        scenario: Box<Scenario>,
        /// The engine's answer.
        verdict: Box<Verdict>,
    },
    /// The document is not a usable scenario (a form field of the wrong type, …).
    Unusable(ScenarioError),
}

/// Shared state, provided as context.
#[derive(Clone, Copy)]
pub struct Playground {
    /// The scenario document. Every input writes here.
    pub doc: RwSignal<Value>,
    /// Bumped when the document is replaced from outside an editor (preset, whole-JSON edit,
    /// undo), so editors that keep their own text reload it.
    pub revision: RwSignal<u64>,
    /// The engine's answer for the current document.
    pub run: Memo<Run>,
    /// The sequence diagram for the current answer.
    pub diagram: Memo<Option<Diagram>>,
    /// How many diagram arrows are revealed.
    pub cursor: RwSignal<usize>,
    /// Whether playback is running.
    pub playing: RwSignal<bool>,
    /// The step whose sub-checks are shown.
    pub selected: RwSignal<Option<usize>>,
    /// The document before the last preset load, for undo.
    pub undo: RwSignal<Option<Value>>,
    /// The preset last loaded, to tell whether the user has edited since.
    pub loaded: RwSignal<Value>,
}

impl Playground {
    /// Start on the default preset.
    pub fn new() -> Playground {
        let initial: Value = PRESETS
            .first()
            .and_then(|p| serde_json::from_str(p.json).ok())
            .unwrap_or(Value::Null);
        let doc = RwSignal::new(initial.clone());
        // INVARIANT: the only call to the engine in the UI.
        let run = Memo::new(move |_| {
            doc.with(|doc| match Scenario::from_value(doc) {
                Ok(scenario) => {
                    let verdict = simulate(&scenario);
                    Run::Verdict {
                        scenario: Box::new(scenario),
                        verdict: Box::new(verdict),
                    }
                }
                Err(err) => Run::Unusable(err),
            })
        });
        let diagram = Memo::new(move |_| {
            run.with(|run| match run {
                Run::Verdict { scenario, verdict } => Some(Diagram::new(scenario, verdict)),
                Run::Unusable(_) => None,
            })
        });
        Playground {
            doc,
            revision: RwSignal::new(0),
            run,
            diagram,
            cursor: RwSignal::new(0),
            playing: RwSignal::new(false),
            selected: RwSignal::new(None),
            undo: RwSignal::new(None),
            loaded: RwSignal::new(initial),
        }
    }

    /// An edit from an input: change the document and replay from the start.
    pub fn edit(&self, f: impl FnOnce(&mut Value)) {
        self.doc.update(f);
        self.restart();
    }

    /// Replace the whole document (preset, whole-JSON editor, undo): editors reload their text.
    pub fn replace(&self, doc: Value) {
        self.doc.set(doc);
        self.revision.update(|r| *r += 1);
        self.selected.set(None);
        self.restart();
    }

    /// Load a preset, remembering the current document for undo.
    pub fn load_preset(&self, doc: Value) {
        self.undo.set(Some(self.doc.get_untracked()));
        self.loaded.set(doc.clone());
        self.replace(doc);
    }

    /// True when the document differs from the preset last loaded.
    pub fn is_edited(&self) -> bool {
        self.doc
            .with_untracked(|doc| self.loaded.with_untracked(|loaded| doc != loaded))
    }

    /// Rewind playback and play again (or show everything at once with reduced motion).
    pub fn restart(&self) {
        if prefers_reduced_motion() {
            self.cursor.set(self.end());
            self.playing.set(false);
        } else {
            self.cursor.set(0);
            self.playing.set(true);
        }
    }

    /// Where playback stops: just after the failing arrow, or after the last one.
    pub fn end(&self) -> usize {
        self.diagram.with_untracked(|diagram| match diagram {
            Some(diagram) => diagram
                .arrows
                .iter()
                .position(|a| a.status == Status::Fail)
                .map(|i| i + 1)
                .unwrap_or(diagram.arrows.len()),
            None => 0,
        })
    }

    /// Advance one arrow; stop at the end.
    pub fn step_forward(&self) {
        let end = self.end();
        self.cursor.update(|c| *c = (*c + 1).min(end));
        if self.cursor.get_untracked() >= end {
            self.playing.set(false);
        }
    }

    /// Go back one arrow and pause.
    pub fn step_back(&self) {
        self.playing.set(false);
        self.cursor.update(|c| *c = c.saturating_sub(1).max(1));
    }

    /// Play or pause; playing from the end starts over.
    pub fn toggle_play(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        } else {
            if self.cursor.get_untracked() >= self.end() {
                self.cursor.set(0);
            }
            self.playing.set(true);
        }
    }
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new()
    }
}

/// The shared state from context.
pub fn use_playground() -> Playground {
    expect_context::<Playground>()
}

/// Whether the user asked the system for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

//! The playground's state: the scenario document (the single source of truth), what it was loaded
//! from, and the one memo that runs the engine. Playback is in `playback.rs`, signing the token
//! in `resign.rs`, and what is kept between visits in `storage.rs`.

use super::playback::Playback;
use super::presets::{PRESETS, find};
use super::storage;
use crate::engine::json::InputError;
use crate::engine::scenario::Scenario;
use crate::engine::simulate;
use crate::engine::verdict::Verdict;
use crate::present::diagram::Diagram;
use crate::share::{Embed, Route};
use crate::workspace::set;
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
    Unusable(InputError),
}

/// What the workspace was loaded from, so that the preset menu can name it truthfully.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A preset, by id.
    Preset(&'static str),
    /// A share link (or an embed's scenario).
    Shared,
    /// The workspace an earlier visit saved, when its origin is unknown.
    Saved,
}

impl Source {
    /// How the source is kept with the saved workspace.
    pub fn key(self) -> &'static str {
        match self {
            Source::Preset(id) => id,
            Source::Shared => "~shared",
            Source::Saved => "~saved",
        }
    }

    fn from_key(key: &str) -> Source {
        match key {
            "~shared" => Source::Shared,
            id => find(id).map_or(Source::Saved, |preset| Source::Preset(preset.id)),
        }
    }
}

/// What "Undo preset" brings back.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The document.
    pub doc: Value,
    /// What it was loaded from, and the document as loaded.
    pub source: Source,
    /// The document as it was loaded, to tell edits.
    pub loaded: Value,
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
    /// The diagram's playback.
    pub playback: Playback,
    /// The workspace before the last preset load, for undo.
    pub undo: RwSignal<Option<Snapshot>>,
    /// The document as last loaded, to tell whether the user has edited since.
    pub loaded: RwSignal<Value>,
    /// What the document was loaded from.
    pub source: RwSignal<Source>,
    /// Whether the document differs from the one last loaded (the preset menu, the saved
    /// workspace and the confirmations read it).
    pub edited: Memo<bool>,
    /// True while a key is being made or a token signed (RSA through WebCrypto is asynchronous).
    pub signing: RwSignal<bool>,
    /// A message for the user (a shared link opened, a signature broken by an edit, …).
    pub notice: RwSignal<Option<String>>,
    /// Embed mode, when the page was opened as `#embed…`.
    pub embed: StoredValue<Option<Embed>>,
}

/// Run the engine on a scenario document.
pub fn run_engine(doc: &Value) -> Run {
    match Scenario::from_value(doc) {
        Ok(scenario) => {
            let verdict = simulate(&scenario);
            Run::Verdict {
                scenario: Box::new(scenario),
                verdict: Box::new(verdict),
            }
        }
        Err(err) => Run::Unusable(err),
    }
}

impl Playground {
    /// Start from the URL fragment: a shared scenario, an embed, or the saved workspace (else the
    /// default preset).
    pub fn new(route: Route) -> Playground {
        let default_preset = || {
            PRESETS
                .first()
                .and_then(|p| {
                    Some((
                        Source::Preset(p.id),
                        serde_json::from_str::<Value>(p.json).ok()?,
                    ))
                })
                .unwrap_or((Source::Saved, Value::Null))
        };
        let preset_doc =
            |id: &str| find(id).and_then(|p| serde_json::from_str::<Value>(p.json).ok());
        let mut notice = None;
        let mut embed = None;
        // The document, what it came from, and the document as loaded (to tell edits).
        let (initial, source, loaded) = match route {
            Route::Shared(Ok(shared)) => {
                notice = Some(shared_notice(&shared.version));
                (shared.scenario.clone(), Source::Shared, shared.scenario)
            }
            Route::Shared(Err(problem)) => {
                notice = Some(format!("The share link could not be opened: {problem}."));
                restore(saved_workspace(), default_preset)
            }
            Route::Embed(options) => {
                let (doc, source) = match &options.scenario {
                    Some(Ok(shared)) => (shared.scenario.clone(), Source::Shared),
                    _ => options
                        .preset
                        .as_deref()
                        .and_then(|id| Some((Source::Preset(find(id)?.id), preset_doc(id)?)))
                        .map(|(source, doc)| (doc, source))
                        .unwrap_or_else(|| {
                            let (source, doc) = default_preset();
                            (doc, source)
                        }),
                };
                embed = Some(options);
                (doc.clone(), source, doc)
            }
            Route::Workspace => restore(saved_workspace(), default_preset),
        };
        let doc = RwSignal::new(initial.clone());
        // INVARIANT: the workspace verdict's only source (see web/mod.rs).
        let run = Memo::new(move |_| doc.with(run_engine));
        let loaded = RwSignal::new(loaded);
        let edited = Memo::new(move |_| doc.with(|doc| loaded.with(|loaded| doc != loaded)));
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
            playback: Playback::new(diagram),
            undo: RwSignal::new(None),
            loaded,
            edited,
            source: RwSignal::new(source),
            signing: RwSignal::new(false),
            notice: RwSignal::new(notice),
            embed: StoredValue::new(embed),
        }
    }

    /// Change the document from outside the editors (a claim edit, a re-sign): editors reload.
    pub fn rewrite(&self, f: impl FnOnce(&mut Value)) {
        self.doc.update(f);
        self.revision.update(|r| *r += 1);
        self.playback.restart();
    }

    /// Apply recognised AWS CLI output (see `paste`): write its values, reload the editors, and
    /// say what was done.
    pub fn apply_paste(&self, recognised: crate::paste::Recognised) {
        let crate::paste::Recognised { writes, notice } = recognised;
        self.rewrite(|doc| {
            for (at, value) in writes {
                set(doc, &at, value);
            }
        });
        self.notice.set(Some(notice));
    }

    /// An edit from an input: change the document and replay from the start.
    pub fn edit(&self, f: impl FnOnce(&mut Value)) {
        self.doc.update(f);
        self.playback.restart();
    }

    /// Replace the whole document (preset, whole-JSON editor, undo): editors reload their text.
    pub fn replace(&self, doc: Value) {
        self.doc.set(doc);
        self.revision.update(|r| *r += 1);
        self.playback.selected.set(None);
        self.playback.restart();
    }

    /// Load a preset, remembering the current workspace for undo.
    pub fn load_preset(&self, id: &'static str, doc: Value) {
        self.undo.set(Some(Snapshot {
            doc: self.doc.get_untracked(),
            source: self.source.get_untracked(),
            loaded: self.loaded.get_untracked(),
        }));
        self.source.set(Source::Preset(id));
        self.loaded.set(doc.clone());
        self.replace(doc);
    }

    /// Bring back the workspace from before the last preset load.
    pub fn undo_preset(&self) {
        if let Some(snapshot) = self.undo.get_untracked() {
            self.undo.set(None);
            self.source.set(snapshot.source);
            self.loaded.set(snapshot.loaded);
            self.replace(snapshot.doc);
        }
    }

    /// True when the document differs from the preset last loaded.
    pub fn is_edited(&self) -> bool {
        self.edited.get_untracked()
    }
}

/// The workspace saved by an earlier visit: the document, what it was loaded from, and whether
/// it was edited since.
fn saved_workspace() -> Option<(Value, Source, bool)> {
    let saved = storage::saved_workspace()?;
    Some((saved.doc, Source::from_key(&saved.source), saved.edited))
}

/// The document, its source and the document as loaded, from a saved workspace (else the default
/// preset). A preset's loaded form is the preset itself; a shared scenario saved unedited is its
/// own loaded form; one saved after edits has none (it stays "edited").
fn restore(
    saved: Option<(Value, Source, bool)>,
    default_preset: impl Fn() -> (Source, Value),
) -> (Value, Source, Value) {
    match saved {
        Some((doc, Source::Preset(id), _)) => {
            let loaded = find(id)
                .and_then(|p| serde_json::from_str::<Value>(p.json).ok())
                .unwrap_or(Value::Null);
            (doc, Source::Preset(id), loaded)
        }
        Some((doc, source, false)) => (doc.clone(), source, doc),
        Some((doc, source, true)) => (doc, source, Value::Null),
        None => {
            let (source, doc) = default_preset();
            (doc.clone(), source, doc)
        }
    }
}

fn shared_notice(version: &str) -> String {
    if version == crate::share::ENGINE_VERSION {
        "Opened a shared scenario. It stays in this browser; nothing was sent anywhere.".to_string()
    } else {
        format!(
            "Opened a scenario shared from engine {version}; this is engine {}. Verdicts may differ where the engine changed.",
            crate::share::ENGINE_VERSION
        )
    }
}

/// The shared state from context.
pub fn use_playground() -> Playground {
    expect_context::<Playground>()
}

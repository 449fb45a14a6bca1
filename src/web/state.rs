//! The playground's state: the scenario document (the single source of truth), the one memo that
//! runs the engine, and the playback cursor.

use super::presets::{PRESETS, find};
use crate::engine::json::ScenarioError;
use crate::engine::scenario::Scenario;
use crate::engine::simulate;
use crate::engine::verdict::{Status, Verdict};
use crate::present::diagram::Diagram;
use crate::share::{Embed, Route};
use crate::signing::upsert_jwk;
use crate::workspace::{TOKEN, jwks_pointer, set};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use leptos::prelude::*;
use serde_json::{Map, Value};

/// Where the workspace is kept between visits.
pub const STORAGE_KEY: &str = "stsplay.workspace.v1";
/// What the saved workspace was loaded from (a preset id, `~shared` or `~saved`, then ` edited`
/// when it was edited since).
pub const SOURCE_KEY: &str = "stsplay.workspace-source.v1";
/// Where the test cases are kept between visits (by the tools module, `web/tools`).
pub const CASES_STORAGE_KEY: &str = "stsplay.cases.v1";

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
    fn key(self) -> &'static str {
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
    /// How many diagram arrows are revealed.
    pub cursor: RwSignal<usize>,
    /// Whether playback is running.
    pub playing: RwSignal<bool>,
    /// The step whose sub-checks are shown.
    pub selected: RwSignal<Option<usize>>,
    /// The workspace before the last preset load, for undo.
    pub undo: RwSignal<Option<Snapshot>>,
    /// The document as last loaded, to tell whether the user has edited since.
    pub loaded: RwSignal<Value>,
    /// What the document was loaded from.
    pub source: RwSignal<Source>,
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
            loaded: RwSignal::new(loaded),
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
        self.restart();
    }

    /// Edit one claim of the token. A token signed by the playground's key is re-signed and stays
    /// valid; any other token keeps its signature, which then no longer verifies.
    pub fn edit_claim(&self, name: &str, value_text: &str) {
        let token = self
            .doc
            .with_untracked(|doc| crate::workspace::token_text(doc).to_string());
        let Ok(decoded) = crate::engine::token::decode(&token) else {
            return;
        };
        // A string claim stays a string (GitHub's ids are strings: "74"), unless the new text is
        // clearly a JSON array or object; other claims take the text as JSON when it parses.
        let was_string = matches!(decoded.claims.get(name), Some(Value::String(_)));
        let looks_structured = value_text.trim_start().starts_with(['[', '{']);
        let value = match serde_json::from_str::<Value>(value_text) {
            Ok(parsed) if !was_string || looks_structured => parsed,
            _ => Value::String(value_text.to_string()),
        };
        let mut claims = decoded.claims.clone();
        claims.insert(name.to_string(), value);
        // Only a token signed by one of the playground's keys is re-signed.
        let ours = decoded.header_str("kid").and_then(super::keys::alg_of);
        match ours {
            Some(alg) => self.sign_and_apply(alg, decoded.header.clone(), claims, None),
            None => {
                let mut parts = token.split('.');
                let header = parts.next().unwrap_or_default().to_string();
                let signature = parts.nth(1).unwrap_or_default().to_string();
                let payload = URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string());
                self.rewrite(|doc| {
                    set(
                        doc,
                        TOKEN,
                        Value::String(format!("{header}.{payload}.{signature}")),
                    )
                });
                self.notice.set(Some(
                    "You edited a token that the playground did not sign, so its signature no longer verifies (STS would refuse it). Use \"Re-sign with the playground key\" to sign it with a key made in this browser.".to_string(),
                ));
            }
        }
    }

    /// Sign the current claims with the playground's key (made now if needed; RSA on request) and
    /// put its public key into the issuer's JWKS.
    pub fn resign(&self, rsa: bool) {
        let token = self
            .doc
            .with_untracked(|doc| crate::workspace::token_text(doc).to_string());
        match crate::engine::token::decode(&token) {
            Ok(decoded) => {
                let alg = if rsa { "RS256" } else { "ES256" };
                let note = format!(
                    "Re-signed with the playground's {alg} key, made in this browser; the issuer's JWKS now includes its public key"
                );
                self.sign_and_apply(alg, decoded.header, decoded.claims, Some(note));
            }
            Err(err) => self.notice.set(Some(format!(
                "Cannot re-sign: the token is not a JWT ({err})."
            ))),
        }
    }

    /// Replace the token with new claims (from the tools' GitHub claim builder), signed ES256 with
    /// the playground's key, whose public key joins the issuer's JWKS.
    pub fn sign_new_claims(&self, claims: Map<String, Value>, note: String) {
        let mut header = Map::new();
        header.insert("typ".into(), "JWT".into());
        self.sign_and_apply("ES256", header, claims, Some(note));
    }

    /// Sign asynchronously (WebCrypto), then put the token and the key into the document.
    fn sign_and_apply(
        &self,
        alg: &'static str,
        header: Map<String, Value>,
        claims: Map<String, Value>,
        note: Option<String>,
    ) {
        let playground = *self;
        playground.signing.set(true);
        leptos::task::spawn_local(async move {
            match super::keys::sign(alg, &header, &claims).await {
                Ok((token, jwk, kid)) => {
                    playground.rewrite(|doc| {
                        set(doc, TOKEN, Value::String(token));
                        let at = jwks_pointer(doc);
                        let mut jwks = doc.pointer(&at).cloned().unwrap_or(Value::Null);
                        upsert_jwk(&mut jwks, jwk);
                        set(doc, &at, jwks);
                    });
                    if let Some(note) = note {
                        playground.notice.set(Some(format!("{note} (kid {kid}).")));
                    }
                }
                Err(problem) => playground
                    .notice
                    .set(Some(format!("Signing failed: {problem}"))),
            }
            playground.signing.set(false);
        });
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
        self.restart();
    }

    /// Replace the whole document (preset, whole-JSON editor, undo): editors reload their text.
    pub fn replace(&self, doc: Value) {
        self.doc.set(doc);
        self.revision.update(|r| *r += 1);
        self.selected.set(None);
        self.restart();
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

    /// Where playback stops: after the last arrow. (On a rejection the arrows after the failing
    /// one are not-reached steps and the error carried back, revealed together.)
    pub fn end(&self) -> usize {
        self.diagram
            .with_untracked(|diagram| diagram.as_ref().map_or(0, |d| d.arrows.len()))
    }

    /// Whether arrow `index` is a step that was never reached (drawn dimmed, skipped by playback).
    fn unreached(&self, index: usize) -> bool {
        self.diagram.with_untracked(|diagram| {
            diagram
                .as_ref()
                .and_then(|d| d.arrows.get(index))
                .is_some_and(|a| a.status == Status::Skip && a.error_return.is_none())
        })
    }

    /// Advance one arrow, passing over steps that were never reached; stop at the end.
    pub fn step_forward(&self) {
        let end = self.end();
        let mut next = self.cursor.get_untracked().saturating_add(1).min(end);
        while next < end && self.unreached(next.saturating_sub(1)) {
            next = next.saturating_add(1);
        }
        self.cursor.set(next);
        if next >= end {
            self.playing.set(false);
        }
    }

    /// Go back one arrow (passing over steps that were never reached) and pause.
    pub fn step_back(&self) {
        self.playing.set(false);
        let mut back = self.cursor.get_untracked().saturating_sub(1).max(1);
        while back > 1 && self.unreached(back.saturating_sub(1)) {
            back = back.saturating_sub(1);
        }
        self.cursor.set(back);
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

/// The workspace saved by an earlier visit: the document and what it was loaded from.
fn saved_workspace() -> Option<(Value, Source, bool)> {
    let storage = window().local_storage().ok().flatten()?;
    let text = storage.get_item(STORAGE_KEY).ok().flatten()?;
    let doc = serde_json::from_str(&text).ok()?;
    let origin = storage
        .get_item(SOURCE_KEY)
        .ok()
        .flatten()
        .unwrap_or_default();
    // `<source>` or `<source> edited`.
    let (key, edited) = match origin.strip_suffix(" edited") {
        Some(key) => (key.to_string(), true),
        None => (origin, false),
    };
    Some((doc, Source::from_key(&key), edited))
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

/// How many test cases an earlier visit saved (the tools module keeps them; the page only counts
/// them, for the Reset confirmation and the closed panel's summary).
pub fn saved_case_count() -> usize {
    let text = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(CASES_STORAGE_KEY).ok().flatten());
    match text.and_then(|text| serde_json::from_str(&text).ok()) {
        Some(Value::Array(cases)) => cases.len(),
        _ => 0,
    }
}

/// Save the workspace and what it was loaded from (an effect at the edge, on every change).
pub fn save_workspace(doc: &Value, source: Source, edited: bool) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(STORAGE_KEY, &doc.to_string());
        let origin = if edited {
            format!("{} edited", source.key())
        } else {
            source.key().to_string()
        };
        let _ = storage.set_item(SOURCE_KEY, &origin);
    }
}

/// Forget the saved workspace and test cases.
pub fn clear_saved_workspace() {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.remove_item(STORAGE_KEY);
        let _ = storage.remove_item(SOURCE_KEY);
        let _ = storage.remove_item(CASES_STORAGE_KEY);
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

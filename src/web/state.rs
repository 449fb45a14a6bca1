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
                .and_then(|p| serde_json::from_str::<Value>(p.json).ok())
                .unwrap_or(Value::Null)
        };
        let mut notice = None;
        let mut embed = None;
        let initial = match route {
            Route::Shared(Ok(shared)) => {
                notice = Some(if shared.version == crate::share::ENGINE_VERSION {
                    "Opened a shared scenario. It stays in this browser; nothing was sent anywhere."
                        .to_string()
                } else {
                    format!(
                        "Opened a scenario shared from engine {}; this is engine {}. Verdicts may differ where the engine changed.",
                        shared.version,
                        crate::share::ENGINE_VERSION
                    )
                });
                shared.scenario
            }
            Route::Shared(Err(problem)) => {
                notice = Some(format!("The share link could not be opened: {problem}."));
                saved_workspace().unwrap_or_else(default_preset)
            }
            Route::Embed(options) => {
                let doc = options
                    .preset
                    .as_deref()
                    .and_then(find)
                    .and_then(|p| serde_json::from_str::<Value>(p.json).ok())
                    .unwrap_or_else(default_preset);
                embed = Some(options);
                doc
            }
            Route::Workspace => saved_workspace().unwrap_or_else(default_preset),
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
            loaded: RwSignal::new(initial),
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

/// The workspace saved by an earlier visit.
fn saved_workspace() -> Option<Value> {
    let storage = window().local_storage().ok().flatten()?;
    let text = storage.get_item(STORAGE_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
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

/// Save the workspace (an effect at the edge, called on every change).
pub fn save_workspace(doc: &Value) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(STORAGE_KEY, &doc.to_string());
    }
}

/// Forget the saved workspace and test cases.
pub fn clear_saved_workspace() {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.remove_item(STORAGE_KEY);
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

//! What the playground keeps between visits, in the browser's local storage: the workspace and
//! what it was loaded from, the test cases (kept by the tools module; the page only counts them),
//! the splitter's position and the shortcuts switch. Every read and write of local storage is
//! here; a browser that refuses storage simply forgets.

use leptos::prelude::*;
use serde_json::Value;

/// Where the workspace is kept between visits.
pub const STORAGE_KEY: &str = "stsplay.workspace.v1";
/// What the saved workspace was loaded from (a preset id, `~shared` or `~saved`, then ` edited`
/// when it was edited since).
pub const SOURCE_KEY: &str = "stsplay.workspace-source.v1";
/// Where the test cases are kept between visits (by the tools module, `web/tools`).
pub const CASES_STORAGE_KEY: &str = "stsplay.cases.v1";
/// Where the splitter's position is kept.
pub const SPLIT_KEY: &str = "stsplay.split.v1";
/// Where the single-key shortcuts switch is kept.
pub const SHORTCUTS_KEY: &str = "stsplay.shortcuts.v1";

/// The text kept under `key`.
pub fn get(key: &str) -> Option<String> {
    window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item(key)
        .ok()
        .flatten()
}

/// Keep `value` under `key`.
pub fn set(key: &str, value: &str) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(key, value);
    }
}

fn remove(key: &str) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.remove_item(key);
    }
}

/// A workspace saved by an earlier visit.
pub struct SavedWorkspace {
    /// The scenario document.
    pub doc: Value,
    /// What it was loaded from: a preset id, `~shared` or `~saved`.
    pub source: String,
    /// Whether it was edited since.
    pub edited: bool,
}

/// The workspace saved by an earlier visit.
pub fn saved_workspace() -> Option<SavedWorkspace> {
    let doc = serde_json::from_str(&get(STORAGE_KEY)?).ok()?;
    let origin = get(SOURCE_KEY).unwrap_or_default();
    // `<source>` or `<source> edited`.
    let (source, edited) = match origin.strip_suffix(" edited") {
        Some(source) => (source.to_string(), true),
        None => (origin, false),
    };
    Some(SavedWorkspace {
        doc,
        source,
        edited,
    })
}

/// Save the workspace and what it was loaded from (an effect at the edge, on every change).
pub fn save_workspace(doc: &Value, source: &str, edited: bool) {
    set(STORAGE_KEY, &doc.to_string());
    let origin = if edited {
        format!("{source} edited")
    } else {
        source.to_string()
    };
    set(SOURCE_KEY, &origin);
}

/// How many test cases an earlier visit saved (for the Reset confirmation and the closed
/// panel's summary).
pub fn saved_case_count() -> usize {
    match get(CASES_STORAGE_KEY).and_then(|text| serde_json::from_str(&text).ok()) {
        Some(Value::Array(cases)) => cases.len(),
        _ => 0,
    }
}

/// Forget the saved workspace and test cases.
pub fn clear_saved_workspace() {
    remove(STORAGE_KEY);
    remove(SOURCE_KEY);
    remove(CASES_STORAGE_KEY);
}

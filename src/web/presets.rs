//! The built-in presets. Each is a fixture under `tests/fixtures/scenarios/presets/`, so the
//! fixture suite asserts every preset's verdict; `tests/scenarios.rs` checks this list is complete.

/// A preset: its file name (the id used in links) and its scenario JSON.
pub struct Preset {
    /// The file stem, e.g. `github-actions-main`.
    pub id: &'static str,
    /// The scenario document, with `name` and `description`.
    pub json: &'static str,
}

macro_rules! preset {
    ($id:literal) => {
        Preset {
            id: $id,
            json: include_str!(concat!(
                "../../tests/fixtures/scenarios/presets/",
                $id,
                ".json"
            )),
        }
    };
}

/// Every preset, the default first.
pub const PRESETS: &[Preset] = &[
    preset!("github-actions-main"),
    preset!("github-pull-request-rejected"),
    preset!("github-environment-sub"),
    preset!("github-tag"),
    preset!("github-immutable-sub"),
    preset!("github-wrong-audience"),
    preset!("github-expired"),
    preset!("github-inside-grace"),
    preset!("github-tampered"),
    preset!("github-unknown-kid"),
    preset!("github-trailing-slash"),
    preset!("github-untrusted-tls"),
    preset!("github-explicit-deny"),
    preset!("google-azp"),
    preset!("cognito-amr"),
    preset!("session-tags-without-tagsession"),
    preset!("github-duration-above-max"),
];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

//! Share links: a whole scenario in the URL fragment, compressed, and versioned with the engine
//! version that produced it. The fragment never reaches a server (browsers do not send it), and
//! the query string is never used.
//!
//! Format: `#s=<engine version>~<base64url(deflate(scenario JSON))>`.
//!
//! Links already made must keep opening: `tests/fixtures/share-links/` holds links written by
//! earlier builds with the scenario and verdict each must open to (`tests/share_links.rs`).
//! Every later format change must keep reading them; never regenerate those files.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The engine version written into links.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Largest decompressed scenario we accept from a link, so a hostile link cannot exhaust memory.
pub const MAX_DECOMPRESSED_BYTES: usize = 2 * 1024 * 1024;

/// A decoded link.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    /// The scenario document.
    pub scenario: Value,
    /// The engine version that made the link.
    pub version: String,
}

/// Encode a scenario as a URL fragment (without the leading `#`).
pub fn encode(scenario: &Value) -> String {
    let json = scenario.to_string();
    let compressed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("s={ENGINE_VERSION}~{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// Decode a fragment (with or without the leading `#`). `None` when the fragment is not a share
/// link; an error message when it is one but is damaged.
pub fn decode(fragment: &str) -> Option<Result<Shared, String>> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let payload = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("s="))?;
    Some(decode_payload(payload))
}

fn decode_payload(payload: &str) -> Result<Shared, String> {
    let (version, data) = payload
        .split_once('~')
        .ok_or_else(|| "the link has no version".to_string())?;
    let compressed = URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|e| format!("the link is damaged (not base64url: {e})"))?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECOMPRESSED_BYTES)
            .map_err(|_| "the link is damaged or too large to open".to_string())?;
    let scenario = serde_json::from_slice(&json)
        .map_err(|e| format!("the link does not hold a JSON scenario: {e}"))?;
    Ok(Shared {
        scenario,
        version: version.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn links_round_trip() {
        let scenario = json!({"now": 1, "request": {"RoleArn": "arn:aws:iam::123456789012:role/x", "WebIdentityToken": "a.b.c"}});
        let fragment = encode(&scenario);
        assert!(fragment.starts_with(&format!("s={ENGINE_VERSION}~")));
        let shared = decode(&format!("#{fragment}")).unwrap().unwrap();
        assert_eq!(shared.scenario, scenario);
        assert_eq!(shared.version, ENGINE_VERSION);
    }

    #[test]
    fn damaged_links_say_so() {
        assert!(decode("#embed&preset=x").is_none());
        assert!(decode("#s=0.1.0~%%%").unwrap().is_err());
        assert!(decode("#s=nonsense").unwrap().is_err());
        let not_json = format!(
            "s=1~{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"nope", 6))
        );
        assert!(decode(&not_json).unwrap().unwrap_err().contains("JSON"));
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let bomb = vec![b' '; MAX_DECOMPRESSED_BYTES + 10];
        let link = format!(
            "s=1~{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 9))
        );
        assert!(decode(&link).unwrap().is_err());
    }
}

/// What the page's URL fragment asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// The normal workspace (restored from local storage, or the default preset).
    Workspace,
    /// A shared scenario.
    Shared(Result<Shared, String>),
    /// The compact embed for documentation iframes.
    Embed(Embed),
}

/// Embed options: `#embed&preset=github-expired&step=4&autoplay&editable`, or a scenario of
/// its own as in a share link: `#embed&autoplay&s=<version>~<data>`; `theme=light|dark` and
/// `frame=<name>` come from embed.js (README, "Embedding in documentation").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embed {
    /// The preset to show (default: the first).
    pub preset: Option<String>,
    /// A scenario carried in the fragment, as in a share link (it wins over `preset`).
    pub scenario: Option<Result<Shared, String>>,
    /// How many steps to reveal at first (default: all).
    pub step: Option<usize>,
    /// Play the animation on load.
    pub autoplay: bool,
    /// Show the editors too.
    pub editable: bool,
    /// `light` or `dark`, as the host page is (embed.js says); else the reader's system setting.
    pub theme: Option<Theme>,
    /// The host's name for this frame (embed.js numbers its frames), echoed in size messages.
    pub frame: Option<String>,
}

/// A colour scheme the host page asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// `light` or `dark`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Theme> {
        match text {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The value of the page's `data-theme` attribute (style.css).
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Read the URL fragment.
pub fn route(fragment: &str) -> Route {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let parts: Vec<&str> = fragment.split('&').filter(|p| !p.is_empty()).collect();
    if parts.first() == Some(&"embed") {
        let mut embed = Embed::default();
        for part in parts.iter().skip(1) {
            match part.split_once('=') {
                Some(("preset", id)) => embed.preset = Some(id.to_string()),
                Some(("s", payload)) => embed.scenario = Some(decode_payload(payload)),
                Some(("step", n)) => embed.step = n.parse().ok(),
                Some(("theme", theme)) => embed.theme = Theme::parse(theme),
                // A short name of the host's choosing; anything else is ignored.
                Some(("frame", name))
                    if !name.is_empty()
                        && name.len() <= 64
                        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
                {
                    embed.frame = Some(name.to_string());
                }
                None if *part == "autoplay" => embed.autoplay = true,
                None if *part == "editable" => embed.editable = true,
                _ => {}
            }
        }
        return Route::Embed(embed);
    }
    match decode(fragment) {
        Some(shared) => Route::Shared(shared),
        None => Route::Workspace,
    }
}

#[cfg(test)]
mod route_tests {
    use super::*;

    #[test]
    fn reads_embed_options_and_share_links() {
        assert_eq!(
            route("#embed&preset=github-expired&step=4&autoplay"),
            Route::Embed(Embed {
                preset: Some("github-expired".into()),
                step: Some(4),
                autoplay: true,
                editable: false,
                scenario: None,
                theme: None,
                frame: None,
            })
        );
        // embed.js's options: the host's theme and its name for the frame (anything but a short
        // name is ignored).
        let Route::Embed(embed) = route("#embed&theme=dark&frame=stsplay-2") else {
            panic!("not an embed");
        };
        assert_eq!(
            (embed.theme, embed.frame.as_deref()),
            (Some(Theme::Dark), Some("stsplay-2"))
        );
        let Route::Embed(embed) = route("#embed&theme=blue&frame=<x>") else {
            panic!("not an embed");
        };
        assert_eq!((embed.theme, embed.frame), (None, None));
        // An embed of an edited scenario carries it, as a share link does.
        let scenario = serde_json::json!({"now": 7});
        let Route::Embed(embed) = route(&format!("#embed&autoplay&{}", encode(&scenario))) else {
            panic!("not an embed");
        };
        assert!(embed.autoplay);
        assert_eq!(
            embed.scenario.map(|s| s.map(|s| s.scenario)),
            Some(Ok(scenario))
        );
        assert_eq!(route(""), Route::Workspace);
        assert_eq!(route("#"), Route::Workspace);
        assert!(matches!(
            route(&format!("#{}", encode(&serde_json::json!({"a": 1})))),
            Route::Shared(Ok(_))
        ));
    }
}

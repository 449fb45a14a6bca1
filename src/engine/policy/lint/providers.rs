//! Who a statement trusts: the web identity providers a `Federated` principal names, and the
//! condition-key prefix each one's keys carry (`token.actions.githubusercontent.com:sub`).

use crate::engine::arn::OidcProviderArn;

/// GitHub's OIDC issuer host.
pub(super) const GITHUB_HOST: &str = "token.actions.githubusercontent.com";

/// The identity providers built into STS, by principal name: (name, keys carry `app_id`
/// rather than `aud`).
const BUILT_IN: [(&str, bool); 4] = [
    ("accounts.google.com", false),
    ("cognito-identity.amazonaws.com", false),
    ("www.amazon.com", true),
    ("graph.facebook.com", true),
];

/// A web identity provider a statement trusts.
// Visible as far as `Stmt`, which holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::engine::policy) struct Provider<'a> {
    /// The condition-key prefix, e.g. `token.actions.githubusercontent.com` or
    /// `accounts.google.com`.
    pub prefix: &'a str,
    /// Built into STS (no IAM provider, hence no list of client IDs to check `aud` against).
    pub built_in: bool,
    /// An OAuth IdP whose audience key is `app_id` (Login with Amazon, Facebook).
    pub oauth: bool,
}

/// The web identity provider a `Federated` principal names: an IAM OIDC provider ARN, or a
/// provider built into STS. `None` for SAML providers and anything else.
pub(super) fn web_identity_provider(principal: &str) -> Option<Provider<'_>> {
    if let Some((name, oauth)) = BUILT_IN.iter().find(|(name, _)| *name == principal) {
        return Some(Provider {
            prefix: name,
            built_in: true,
            oauth: *oauth,
        });
    }
    OidcProviderArn::parse(principal).ok().map(|arn| Provider {
        prefix: arn.host,
        built_in: false,
        oauth: false,
    })
}

/// The prefix of a provider URL as a scenario or the command line gives it.
pub(super) fn url_prefix(url: &str) -> &str {
    url.strip_prefix("https://").unwrap_or(url)
}

/// `token.actions.githubusercontent.com`, or a GitHub Enterprise issuer with a slug
/// (`token.actions.githubusercontent.com/<slug>`); the host ignoring case.
pub(super) fn is_github(prefix: &str) -> bool {
    github_slug(prefix).is_some()
}

/// The enterprise slug of a GitHub prefix: `Some("")` for github.com, `Some(slug)` for a GitHub
/// Enterprise issuer, `None` when the prefix is not GitHub's.
pub(super) fn github_slug(prefix: &str) -> Option<&str> {
    let host = prefix.get(..GITHUB_HOST.len())?;
    if !host.eq_ignore_ascii_case(GITHUB_HOST) {
        return None;
    }
    match prefix.get(GITHUB_HOST.len()..)? {
        "" => Some(""),
        rest => rest
            .strip_prefix('/')
            .filter(|slug| !slug.is_empty() && !slug.contains('/')),
    }
}

/// The prefixes a statement's keys can carry when it names no provider itself: the built-in
/// providers and GitHub's.
pub(super) fn well_known_prefixes() -> impl Iterator<Item = &'static str> {
    BUILT_IN
        .iter()
        .map(|(name, _)| *name)
        .chain(std::iter::once(GITHUB_HOST))
}

/// A condition key split at its first colon: (`token.actions.githubusercontent.com`, `sub`).
/// Only prefixes that look like a host (with a dot) are providers' prefixes; `aws:`, `sts:` and
/// service prefixes are not.
pub(super) fn provider_key(key: &str) -> Option<(&str, &str)> {
    key.split_once(':')
        .filter(|(prefix, _)| prefix.contains('.'))
}

/// Levenshtein distance ignoring ASCII case; `None` for texts too long to be worth it.
pub(super) fn edit_distance(a: &str, b: &str) -> Option<usize> {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    if a.len() > 256 || b.len() > 256 {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        // Distances are at most 256 (checked above), so saturating never saturates.
        let mut current = vec![i.saturating_add(1)];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j)?.saturating_add(usize::from(ca != cb));
            let delete = previous.get(j.saturating_add(1))?.saturating_add(1);
            let insert = current.get(j)?.saturating_add(1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied()
}

/// The candidate closest to `text` by edit distance.
pub(super) fn closest<'c>(text: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .filter_map(|candidate| edit_distance(text, candidate).map(|d| (d, *candidate)))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

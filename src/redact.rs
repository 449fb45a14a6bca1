//! "Redact before sharing": the scenario with the token's identifying claim values replaced by
//! placeholders, in a way that cannot change what STS answers.
//!
//! The rule (README, "The playground"):
//!
//! - Only the values of the claims in [`REDACTED_CLAIMS`] are redacted, and only as whole
//!   *parts*: a value is split at `:`, `/` and `@` (the separators GitHub's `sub`,
//!   `job_workflow_ref` and immutable subjects use), and each part that identifies someone
//!   becomes a placeholder. `repo:octo-org/octo-repo:ref:refs/heads/main` becomes
//!   `repo:example-org/example-repo:ref:refs/heads/main`; GitHub's fixed words (`repo`, `ref`,
//!   `refs`, `heads`, …), AWS region names, one-character parts and parts holding a wildcard or
//!   a policy variable stay as they are.
//! - The same part gets the same placeholder wherever it is compared with those claims: in the
//!   claims, in trust-policy condition values whose key names one of those claims
//!   (`<provider>:sub`, `<provider>:repository_owner`, …), and in `RoleSessionName`. Nothing else
//!   is touched: policy keys and structure (`Version`, `Effect`, `Principal`, `Action`), ARNs,
//!   the account, providers, issuers and `aud` stay exactly as they are, so a placeholder can
//!   never break them even when a claim part happens to equal one of them.
//! - Placeholders keep the shape matching depends on: no separator or wildcard characters,
//!   digits for digits (same length), and case variants stay case variants of each other, so
//!   `StringEquals`, `StringLike` with whole-part wildcards and `StringEqualsIgnoreCase` match
//!   exactly as before.
//! - The token is re-signed so its signature fails or passes as before: when it verified with a
//!   key of the issuer's JWKS, that key is replaced by the given throwaway key under the same
//!   `kid` (the header keeps its `kid`, its `alg` becomes the key's); when it did not verify
//!   (tampered, unknown `kid`, no JWKS…), the header is kept byte for byte and the signature is
//!   replaced by bytes of the same length that still do not verify.
//! - Finally the verdict of the redacted scenario is compared with the original's (outcome, AWS
//!   code, failed step and every step's status). A policy pattern with a wildcard inside a part
//!   (`repo:octo-*`) or a numeric comparison against a constant can depend on more than a part's
//!   identity; then the parts whose redaction changes the verdict are kept, and the report says so.

use crate::engine::jwk::{read_jwks, verify};
use crate::engine::scenario::Scenario;
use crate::engine::simulate;
use crate::engine::token::{DecodedToken, decode};
use crate::engine::verdict::{ErrorCode, Outcome, StepId};
use crate::signing::SigningKey;
use crate::workspace::{TOKEN, set, token_text};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Identifying claims whose values are redacted. `iss`, `aud`, times and the Google `azp` (a
/// client ID that STS matches as the audience, like `aud`) stay, because they decide the verdict
/// and name applications, not people; everything that names a person, an organisation, a
/// repository or a run goes. A Cognito `sub` (an identity ID) and a Google `sub` (a user number)
/// are redacted like any other `sub`.
pub const REDACTED_CLAIMS: &[&str] = &[
    "repository_owner",
    "repository_owner_id",
    "repository",
    "repository_id",
    "actor",
    "actor_id",
    "enterprise",
    "enterprise_id",
    "environment",
    "sub",
    "email",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "workflow",
    "workflow_ref",
    "job_workflow_ref",
    "ref",
    "head_ref",
    "base_ref",
    "sha",
    "workflow_sha",
    "job_workflow_sha",
    "run_id",
    "run_number",
    "run_attempt",
    "jti",
];

/// The separators between the parts of a claim value.
pub const SEPARATORS: [char; 3] = [':', '/', '@'];

/// Parts that never identify anyone: GitHub's fixed words in subjects and refs, and booleans.
const KEEP_PARTS: &[&str] = &[
    "repo",
    "ref",
    "refs",
    "heads",
    "tags",
    "pull",
    "merge",
    "pull_request",
    "pull_request_target",
    "environment",
    "main",
    "master",
    ".github",
    "workflows",
    "job_workflow_ref",
    "true",
    "false",
];

/// The redacted scenario and what was done to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Redacted {
    /// The scenario to share.
    pub document: Value,
    /// What was replaced, kept and changed, for the sender to review before copying.
    pub report: RedactionReport,
}

/// What redaction did, for the sender to review.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedactionReport {
    /// Every replaced value.
    pub replaced: Vec<Replacement>,
    /// Identifying parts left as they were, with why.
    pub kept: Vec<Kept>,
    /// Other changes, one sentence each (re-signing, removed members).
    pub notes: Vec<String>,
}

/// One replaced value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// The original text (a whole claim value part).
    pub original: String,
    /// What replaces it.
    pub placeholder: String,
    /// The token claims it was replaced in.
    pub claims: Vec<String>,
    /// JSON pointers of the other document values it was replaced in (policy conditions, the
    /// request).
    pub pointers: Vec<String>,
}

/// An identifying part that stays, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    /// The part.
    pub original: String,
    /// Why it stays, as a sentence.
    pub reason: String,
}

impl RedactionReport {
    /// The report as lines of text for the sender: each replacement (`original → placeholder`,
    /// and the claims it came from), each part kept and why, and the other changes.
    pub fn lines(&self) -> Vec<String> {
        let replaced = self.replaced.iter().map(|r| {
            format!(
                "{} → {}   ({})",
                r.original,
                r.placeholder,
                r.claims.join(", ")
            )
        });
        let kept = self
            .kept
            .iter()
            .map(|k| format!("kept: {} ({})", k.original, k.reason));
        replaced
            .chain(kept)
            .chain(self.notes.iter().cloned())
            .collect()
    }
}

/// Redact `doc` for sharing, re-signing the token with `key` (a throwaway key: the playground
/// makes a fresh one per link; tests pass a fixed one). Never fails: a document without a
/// decodable token is returned without its `mint` member and otherwise unchanged, and the report
/// says why.
pub fn redact_scenario(doc: &Value, key: &SigningKey) -> Redacted {
    let mut report = RedactionReport::default();
    let mut base = doc.clone();
    if let Some(map) = base.as_object_mut() {
        if map.remove("mint").is_some() {
            report.notes.push(
                "Removed `mint` (the recipe the test fixtures mint their token from, which repeats the claims)."
                    .to_string(),
            );
        }
        if map.remove("expect").is_some() {
            report.notes.push(
                "Removed `expect` (a fixture's expected verdict, which repeats the subject); the link's verdict is computed when it opens."
                    .to_string(),
            );
        }
    }
    let decoded = match decode(token_text(&base)) {
        Ok(decoded) => decoded,
        Err(err) => {
            report.notes.push(format!(
                "The token was not redacted: it does not decode ({}).",
                err.detail
            ));
            return Redacted {
                document: base,
                report,
            };
        }
    };
    let classes = classes(&base, &decoded, &mut report.kept);
    if classes.is_empty() {
        report
            .notes
            .push("The token carries no identifying claim values to replace.".to_string());
        return Redacted {
            document: base,
            report,
        };
    }
    let original = fingerprint(&base);
    let mut skip = BTreeSet::new();
    let mut applied = apply(&base, &decoded, &classes, &skip, key);
    if fingerprint(&applied.document) != original {
        // A policy depends on more than the identity of some part: find the one part whose
        // redaction changes the verdict, else keep them all.
        let culprit = (0..classes.len()).find(|index| {
            let only = BTreeSet::from([*index]);
            fingerprint(&apply(&base, &decoded, &classes, &only, key).document) == original
        });
        skip = match culprit {
            Some(index) => BTreeSet::from([index]),
            None => (0..classes.len()).collect(),
        };
        applied = apply(&base, &decoded, &classes, &skip, key);
        for index in &skip {
            if let Some(class) = classes.get(*index) {
                for spelling in &class.spellings {
                    report.kept.push(Kept {
                        original: spelling.clone(),
                        reason: "the trust policy depends on more than this value's identity (a wildcard inside it, or a numeric comparison), so replacing it would change STS's answer".to_string(),
                    });
                }
            }
        }
    }
    report.replaced = applied.replaced;
    report.notes.extend(applied.notes);
    Redacted {
        document: applied.document,
        report,
    }
}

/// The parts of a value, with the separators between them: `a:b/c` → `a`, `:`, `b`, `/`, `c`.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if SEPARATORS.contains(&c) {
            out.push(text.get(start..at).unwrap_or_default());
            out.push(text.get(at..at + c.len_utf8()).unwrap_or_default());
            start = at + c.len_utf8();
        }
    }
    out.push(text.get(start..).unwrap_or_default());
    out
}

fn parts(text: &str) -> impl Iterator<Item = &str> {
    text.split(SEPARATORS)
}

fn is_region(part: &str) -> bool {
    // `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-4`.
    let words: Vec<&str> = part.split('-').collect();
    // Every middle word is a non-empty lowercase word (`aa--0` is not a region).
    matches!(words.as_slice(), [area, middle @ .., digit] if words.len() >= 3
        && area.len() == 2 && area.bytes().all(|b| b.is_ascii_lowercase())
        && middle.iter().all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && digit.len() == 1 && digit.bytes().all(|b| b.is_ascii_digit()))
}

/// Why a part of an identifying claim is not redacted, if it is not.
fn not_identifying(part: &str) -> Option<&'static str> {
    if part.chars().count() < 2 || KEEP_PARTS.contains(&part) || is_region(part) {
        Some("")
    } else if part.contains(['*', '?', '$', '{', '}']) {
        Some(
            "it holds a wildcard or policy-variable character, which a placeholder cannot stand in for",
        )
    } else {
        None
    }
}

/// The string values of a claim: a string, or the strings of an array.
fn claim_strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(text) => vec![text.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether a trust-policy condition key compares a redacted claim (`<provider>:<claim>`).
fn redacted_key(key: &str) -> bool {
    key.rsplit_once(':').is_some_and(|(provider, claim)| {
        !provider.is_empty()
            && !provider.eq_ignore_ascii_case("aws")
            && !provider.eq_ignore_ascii_case("sts")
            && REDACTED_CLAIMS
                .iter()
                .any(|name| name.eq_ignore_ascii_case(claim))
    })
}

/// A value the redaction rewrites outside the token, with its pointer.
struct Slot {
    pointer: String,
    text: String,
}

/// The policy condition values and request members that are compared with redacted claims.
fn slots(doc: &Value) -> Vec<Slot> {
    let mut out = Vec::new();
    if let Some(name) = doc
        .pointer("/request/RoleSessionName")
        .and_then(Value::as_str)
    {
        out.push(Slot {
            pointer: "/request/RoleSessionName".to_string(),
            text: name.to_string(),
        });
    }
    let roles = doc.get("roles").and_then(Value::as_array);
    for (index, role) in roles.into_iter().flatten().enumerate() {
        let (role, at) = match (role.get("Role"), role.get("RoleName")) {
            (Some(inner), None) => (inner, format!("/roles/{index}/Role")),
            _ => (role, format!("/roles/{index}")),
        };
        let at = format!("{at}/AssumeRolePolicyDocument");
        match role.get("AssumeRolePolicyDocument") {
            Some(policy @ Value::Object(_)) => condition_slots(policy, &at, &mut out),
            // A policy given as JSON text is rewritten inside its text.
            Some(Value::String(text)) => {
                if let Some(policy) = policy_from_text(text) {
                    let mut inner = Vec::new();
                    condition_slots(&policy, "", &mut inner);
                    out.extend(inner.into_iter().map(|slot| Slot {
                        pointer: format!("{at}#{}", slot.pointer),
                        text: slot.text,
                    }));
                }
            }
            _ => {}
        }
    }
    out
}

/// A policy given as JSON text, or as URL-encoded JSON text (as IAM returns it); rewritten, it
/// is stored as plain JSON text, which the engine reads the same way.
fn policy_from_text(text: &str) -> Option<Value> {
    crate::engine::policy::policy_json(&Value::String(text.to_string())).ok()
}

fn escape(token: &str) -> String {
    crate::engine::policy::escape_pointer_token(token)
}

fn condition_slots(policy: &Value, at: &str, out: &mut Vec<Slot>) {
    let statements: Vec<(String, &Value)> = match policy.get("Statement") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("{at}/Statement/{i}"), s))
            .collect(),
        Some(single @ Value::Object(_)) => vec![(format!("{at}/Statement"), single)],
        _ => Vec::new(),
    };
    for (statement_at, statement) in statements {
        let Some(Value::Object(operators)) = statement.get("Condition") else {
            continue;
        };
        for (operator, keys) in operators {
            let Value::Object(keys) = keys else { continue };
            for (key, values) in keys {
                if !redacted_key(key) {
                    continue;
                }
                let key_at = format!(
                    "{statement_at}/Condition/{}/{}",
                    escape(operator),
                    escape(key)
                );
                match values {
                    Value::String(text) => out.push(Slot {
                        pointer: key_at,
                        text: text.clone(),
                    }),
                    Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            if let Value::String(text) = item {
                                out.push(Slot {
                                    pointer: format!("{key_at}/{i}"),
                                    text: text.clone(),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// One identifying part, in all the spellings (case variants) found, with their placeholders.
struct Class {
    spellings: Vec<String>,
    placeholders: Vec<String>,
}

/// Find the identifying parts and choose their placeholders.
fn classes(doc: &Value, decoded: &DecodedToken, kept: &mut Vec<Kept>) -> Vec<Class> {
    // Identifying parts, by lower-case form, in order of first appearance, with a name hint.
    let mut found: Vec<(String, Vec<String>, &'static str)> = Vec::new();
    for name in REDACTED_CLAIMS {
        let Some(value) = decoded.claims.get(*name) else {
            continue;
        };
        for text in claim_strings(value) {
            let whole = !text.contains(SEPARATORS);
            for (position, part) in parts(text).enumerate() {
                if let Some(reason) = not_identifying(part) {
                    if !reason.is_empty() && !kept.iter().any(|k| k.original == part) {
                        kept.push(Kept {
                            original: part.to_string(),
                            reason: reason.to_string(),
                        });
                    }
                    continue;
                }
                let lower = part.to_lowercase();
                match found.iter_mut().find(|(l, _, _)| *l == lower) {
                    Some((_, spellings, _)) => {
                        if !spellings.iter().any(|s| s == part) {
                            spellings.push(part.to_string());
                        }
                    }
                    None => {
                        found.push((lower, vec![part.to_string()], hint(name, whole, position)))
                    }
                }
            }
        }
    }
    // Case variants of those parts in the places compared with them.
    let slots = slots(doc);
    for slot in &slots {
        for part in parts(&slot.text) {
            let lower = part.to_lowercase();
            if let Some((_, spellings, _)) = found.iter_mut().find(|(l, _, _)| *l == lower)
                && !spellings.iter().any(|s| s == part)
            {
                spellings.push(part.to_string());
            }
        }
    }
    // Every part already in the document or the claims, so a placeholder never collides.
    let mut taken: BTreeSet<String> = BTreeSet::new();
    collect_parts(doc, &mut taken);
    collect_parts(&Value::Object(decoded.claims.clone()), &mut taken);
    let mut out = Vec::new();
    for (_, spellings, hint) in found {
        let Some(first) = spellings.first() else {
            continue;
        };
        let Some(base) = placeholder(first, hint, &mut taken) else {
            for spelling in &spellings {
                kept.push(Kept {
                    original: spelling.clone(),
                    reason: "no placeholder of the same shape is free".to_string(),
                });
            }
            continue;
        };
        let placeholders = case_variants(&base, &spellings);
        out.push(Class {
            spellings,
            placeholders,
        });
    }
    out
}

fn collect_parts(value: &Value, taken: &mut BTreeSet<String>) {
    match value {
        Value::String(text) => taken.extend(parts(text).map(str::to_lowercase)),
        Value::Array(items) => items.iter().for_each(|item| collect_parts(item, taken)),
        Value::Object(map) => map.values().for_each(|item| collect_parts(item, taken)),
        _ => {}
    }
}

/// A readable base for a placeholder, from the claim the part was first found in.
fn hint(claim: &str, whole: bool, position: usize) -> &'static str {
    match (claim, whole, position) {
        ("repository_owner" | "enterprise", true, _) => "example-org",
        ("repository", false, 0) => "example-org",
        ("repository", false, 1) => "example-repo",
        ("actor" | "preferred_username", true, _) => "example-user",
        ("environment", true, _) => "example-env",
        ("workflow", true, _) => "example-workflow",
        ("ref" | "head_ref" | "base_ref", _, _) => "example-branch",
        ("email", false, 0) => "someone",
        ("email", false, _) => "example.com",
        ("name" | "given_name" | "family_name", _, _) => "example-name",
        _ => "redacted",
    }
}

/// A free placeholder of `original`'s shape: digits for digits (same length, no new leading
/// zero), lower-case hex for lower-case hex (same length), else a readable name.
fn placeholder(original: &str, hint: &str, taken: &mut BTreeSet<String>) -> Option<String> {
    let length = original.len();
    let digits = original.bytes().all(|b| b.is_ascii_digit());
    let hex = length >= 7
        && original
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && original.bytes().any(|b| b.is_ascii_digit());
    let candidates: Box<dyn Iterator<Item = String>> = if digits {
        let lead = if original.starts_with('0') { '0' } else { '1' };
        Box::new((0u64..10_000).map(move |n| {
            let tail = format!("{n:0>width$}", width = length.saturating_sub(1));
            format!("{lead}{tail}")
        }))
    } else if hex {
        Box::new((1u64..10_000).map(move |n| format!("{n:0>length$x}")))
    } else {
        let hint = hint.to_string();
        Box::new(
            std::iter::once(hint.clone()).chain((2u64..10_000).map(move |n| format!("{hint}-{n}"))),
        )
    };
    let chosen = candidates
        .filter(|c| c.len() == length || !(digits || hex))
        .find(|c| !taken.contains(&c.to_lowercase()))?;
    taken.insert(chosen.to_lowercase());
    Some(chosen)
}

/// One placeholder per spelling: the first spelling gets `base`; each other spelling a distinct
/// case variant of it, so spellings equal ignoring case stay equal ignoring case only.
fn case_variants(base: &str, spellings: &[String]) -> Vec<String> {
    let letters = base.chars().filter(char::is_ascii_alphabetic).count();
    let mut out: Vec<String> = Vec::new();
    let mut pattern: u64 = 0;
    for _ in spellings {
        let variant = loop {
            let mut bit = 0;
            let candidate: String = base
                .chars()
                .map(|c| {
                    if c.is_ascii_alphabetic() {
                        let upper = bit < 64 && (pattern >> bit) & 1 == 1;
                        bit += 1;
                        if upper { c.to_ascii_uppercase() } else { c }
                    } else {
                        c
                    }
                })
                .collect();
            pattern += 1;
            if !out.contains(&candidate) || letters == 0 || pattern > (1 << letters.min(20)) {
                break candidate;
            }
        };
        out.push(variant);
    }
    out
}

/// The placeholder table: exact spelling → placeholder.
fn table(classes: &[Class], skip: &BTreeSet<usize>) -> BTreeMap<String, String> {
    let mut table = BTreeMap::new();
    for (index, class) in classes.iter().enumerate() {
        if skip.contains(&index) {
            continue;
        }
        for (spelling, placeholder) in class.spellings.iter().zip(&class.placeholders) {
            // Digits have no case, so a spelling without letters has no variants to clash.
            if spelling != placeholder {
                table.insert(spelling.clone(), placeholder.clone());
            }
        }
    }
    table
}

/// `text` with every whole part found in `table` replaced; the replaced originals are added to
/// `hits`.
fn substitute(text: &str, table: &BTreeMap<String, String>, hits: &mut Vec<String>) -> String {
    pieces(text)
        .into_iter()
        .map(|piece| match table.get(piece) {
            Some(placeholder) => {
                hits.push(piece.to_string());
                placeholder.as_str()
            }
            None => piece,
        })
        .collect()
}

/// `text` (prose) with every whole word found in `table` replaced: a word is a run of letters,
/// digits, `_`, `-` and inner `.`.
fn substitute_words(
    text: &str,
    table: &BTreeMap<String, String>,
    hits: &mut Vec<String>,
) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        // A sentence's full stop is not part of the word.
        let trimmed = word.trim_end_matches('.');
        match table.get(trimmed) {
            Some(placeholder) => {
                hits.push(trimmed.to_string());
                out.push_str(placeholder);
                out.push_str(word.get(trimmed.len()..).unwrap_or_default());
            }
            None => out.push_str(word),
        }
        let mut chars = after.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

struct Applied {
    document: Value,
    replaced: Vec<Replacement>,
    notes: Vec<String>,
}

fn apply(
    base: &Value,
    decoded: &DecodedToken,
    classes: &[Class],
    skip: &BTreeSet<usize>,
    key: &SigningKey,
) -> Applied {
    let table = table(classes, skip);
    let mut doc = base.clone();
    let mut replaced: BTreeMap<String, Replacement> = BTreeMap::new();
    let mut record = |hits: Vec<String>, claim: Option<&str>, pointer: Option<&str>| {
        for original in hits {
            let entry = replaced
                .entry(original.clone())
                .or_insert_with(|| Replacement {
                    placeholder: table.get(&original).cloned().unwrap_or_default(),
                    original,
                    claims: Vec::new(),
                    pointers: Vec::new(),
                });
            if let Some(claim) = claim
                && !entry.claims.iter().any(|c| c == claim)
            {
                entry.claims.push(claim.to_string());
            }
            if let Some(pointer) = pointer
                && !entry.pointers.iter().any(|p| p == pointer)
            {
                entry.pointers.push(pointer.to_string());
            }
        }
    };

    // The claims.
    let mut claims = decoded.claims.clone();
    for name in REDACTED_CLAIMS {
        let Some(value) = claims.get_mut(*name) else {
            continue;
        };
        let mut hits = Vec::new();
        match value {
            Value::String(text) => *text = substitute(text, &table, &mut hits),
            Value::Array(items) => {
                for item in items.iter_mut() {
                    if let Value::String(text) = item {
                        *text = substitute(text, &table, &mut hits);
                    }
                }
            }
            _ => {}
        }
        record(hits, Some(name), None);
    }

    // The policy conditions and the request.
    for slot in slots(base) {
        let mut hits = Vec::new();
        let text = substitute(&slot.text, &table, &mut hits);
        if hits.is_empty() {
            continue;
        }
        match slot.pointer.split_once('#') {
            None => set(&mut doc, &slot.pointer, Value::String(text)),
            Some((policy_at, inner)) => {
                let rewritten = doc
                    .pointer(policy_at)
                    .and_then(Value::as_str)
                    .and_then(policy_from_text)
                    .map(|mut policy| {
                        set(&mut policy, inner, Value::String(text));
                        policy.to_string()
                    });
                if let Some(rewritten) = rewritten {
                    set(&mut doc, policy_at, Value::String(rewritten));
                }
            }
        }
        record(hits, None, Some(&slot.pointer));
    }

    // The title and description (free text, never read by the engine): whole words.
    for member in ["name", "description"] {
        let at = format!("/{member}");
        if let Some(text) = doc.pointer(&at).and_then(Value::as_str) {
            let mut hits = Vec::new();
            let rewritten = substitute_words(text, &table, &mut hits);
            if !hits.is_empty() {
                set(&mut doc, &at, Value::String(rewritten));
                record(hits, None, Some(&at));
            }
        }
    }

    let mut notes = Vec::new();
    if claims != decoded.claims {
        notes.push(resign(&mut doc, decoded, &claims, key));
    }
    Applied {
        document: doc,
        replaced: replaced.into_values().collect(),
        notes,
    }
}

/// Put the redacted claims into the token, keeping its signature's fate; returns the note.
fn resign(
    doc: &mut Value,
    decoded: &DecodedToken,
    claims: &Map<String, Value>,
    key: &SigningKey,
) -> String {
    let alg = decoded.header_str("alg").unwrap_or_default().to_string();
    let jwks_at = decoded.claim_str("iss").map(|iss| {
        crate::engine::json::pointer(&crate::engine::json::pointer("/idps", iss), "jwks")
    });
    // The JWKS as an object (it may be given as JSON text), and the index of the key that
    // verifies the original signature.
    let jwks = jwks_at.as_deref().and_then(|at| doc.pointer(at)).cloned();
    let (jwks_object, as_text) = match &jwks {
        Some(Value::String(text)) => (serde_json::from_str::<Value>(text).ok(), true),
        Some(value @ Value::Object(_)) => (Some(value.clone()), false),
        _ => (None, false),
    };
    let verifying = jwks_object.as_ref().and_then(|jwks| {
        read_jwks(jwks, "").ok()?.into_iter().find_map(|entry| {
            let public = entry.key.as_ref().ok()?;
            verify(
                public,
                &alg,
                decoded.signing_input.as_bytes(),
                &decoded.signature,
            )
            .then_some(entry.index)
        })
    });
    let header_b64 = token_text(doc)
        .split('.')
        .next()
        .unwrap_or_default()
        .to_string();
    let payload_b64 = URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string());

    if let (Some(index), Some(mut jwks), Some(at)) = (verifying, jwks_object, jwks_at) {
        let Some(slot) = jwks
            .get_mut("keys")
            .and_then(Value::as_array_mut)
            .and_then(|keys| keys.get_mut(index))
        else {
            return garble(doc, &header_b64, &payload_b64, decoded);
        };
        let original = slot.as_object().cloned().unwrap_or_default();
        let mut jwk = Map::new();
        if let Value::Object(public) = key.public_jwk() {
            for (name, value) in public {
                if !matches!(name.as_str(), "kid" | "alg" | "use") {
                    jwk.insert(name, value);
                }
            }
        }
        for (name, value) in &original {
            let material = matches!(
                name.as_str(),
                "kty"
                    | "n"
                    | "e"
                    | "crv"
                    | "x"
                    | "y"
                    | "d"
                    | "p"
                    | "q"
                    | "dp"
                    | "dq"
                    | "qi"
                    | "k"
                    | "x5c"
                    | "x5t"
                    | "x5t#S256"
                    | "x5u"
            );
            if material {
                continue;
            }
            // A key `alg` equal to the token's follows it; a different one stays different.
            let value = if name == "alg" && value.as_str() == Some(alg.as_str()) {
                Value::from(key.alg())
            } else {
                value.clone()
            };
            jwk.insert(name.clone(), value);
        }
        *slot = Value::Object(jwk);
        let Ok(token) = key.sign_keeping_kid(&decoded.header, claims) else {
            return garble(doc, &header_b64, &payload_b64, decoded);
        };
        set(doc, TOKEN, Value::String(token));
        let stored = if as_text {
            Value::String(jwks.to_string())
        } else {
            jwks
        };
        set(doc, &at, stored);
        format!(
            "The token was re-signed with a throwaway {} key, published in the issuer's JWKS in place of the key that verified it, under the same key id.",
            key.alg()
        )
    } else {
        garble(doc, &header_b64, &payload_b64, decoded)
    }
}

/// The redacted claims under the original header, with a signature of the original's length
/// that does not verify (the original did not either).
fn garble(doc: &mut Value, header_b64: &str, payload_b64: &str, decoded: &DecodedToken) -> String {
    let signing_input = format!("{header_b64}.{payload_b64}");
    let mut bytes = Vec::with_capacity(decoded.signature.len());
    let mut counter: u32 = 0;
    while bytes.len() < decoded.signature.len() {
        let mut hasher = Sha256::new();
        hasher.update(counter.to_be_bytes());
        hasher.update(signing_input.as_bytes());
        bytes.extend_from_slice(&hasher.finalize());
        counter += 1;
    }
    bytes.truncate(decoded.signature.len());
    let token = format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(bytes));
    set(doc, TOKEN, Value::String(token));
    "The token's signature did not verify before redaction; its header is kept and its signature replaced by bytes that still do not verify.".to_string()
}

/// What must not change: outcome, AWS code, failed step and every step's status; or, for a
/// scenario that cannot be read, where it fails to read.
#[derive(PartialEq, Eq, Debug)]
enum Fingerprint {
    Verdict(Outcome, Option<ErrorCode>, Option<StepId>, Vec<String>),
    Unusable(String),
}

fn fingerprint(doc: &Value) -> Fingerprint {
    match Scenario::from_value(doc) {
        Ok(scenario) => {
            let verdict = simulate(&scenario);
            Fingerprint::Verdict(
                verdict.outcome(),
                verdict.error().map(|e| e.code),
                verdict.failed_step(),
                verdict
                    .steps
                    .iter()
                    .map(|s| format!("{}:{}", s.id.as_str(), s.status.as_str()))
                    .collect(),
            )
        }
        Err(err) => Fingerprint::Unusable(err.path),
    }
}

#[cfg(test)]
mod region_tests {
    use super::is_region;

    #[test]
    fn only_real_region_shapes_are_regions() {
        for region in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "ap-southeast-4",
        ] {
            assert!(is_region(region), "{region}");
        }
        // A part that merely has the outline of one is identifying, and is redacted.
        for part in [
            "aa--0",
            "us-1",
            "US-east-1",
            "us-east-12",
            "us-east1-1",
            "a-east-1",
        ] {
            assert!(!is_region(part), "{part}");
        }
    }
}

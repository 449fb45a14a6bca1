//! Reading what a trust policy asks of a token: the values of its positive string conditions,
//! IAM wildcards (`*`, `?`), filling a pattern's wildcards with a chosen word, and GitHub's
//! default `sub` (`repo:OWNER/REPO:CONTEXT`, or `repo:OWNER@ID/REPO@ID:CONTEXT`) taken apart.
//!
//! None of this decides whether STS accepts anything: candidates built from these readings are
//! always confirmed by the engine. It only helps propose candidates that the patterns admit.

use crate::engine::policy::{Effect, PolicyDocument, PrincipalValue, Statement};

/// Does `pattern`, with IAM's wildcards (`*` any run, `?` one character), match all of `text`?
/// Case-sensitive, as `StringLike` is. The classic two-pointer match: it only backtracks to the
/// most recent `*`, so it stays polynomial on any input.
pub(crate) fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while let Some(&c) = text.get(t) {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p + 1, t));
                p += 1;
            }
            Some(&pc) if pc == '?' || pc == c => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((after_star, from)) => {
                    p = after_star;
                    t = from + 1;
                    star = Some((after_star, from + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}

/// Does the text hold an IAM wildcard?
pub(crate) fn has_wildcard(text: &str) -> bool {
    text.contains('*') || text.contains('?')
}

/// Replace every `*` with `word` and every `?` with `x`.
pub(crate) fn fill(pattern: &str, word: &str) -> String {
    pattern.replace('*', word).replace('?', "x")
}

/// Fill a GitHub account or repository name pattern, then tidy the hyphens so the result is a
/// name GitHub would allow (`octo-*` with `-lookalike` gives `octo-lookalike`, not `octo--…`).
pub(crate) fn fill_name(pattern: &str, word: &str) -> String {
    let filled = fill(pattern, word);
    let mut tidy = String::with_capacity(filled.len());
    for c in filled.chars() {
        let keep = c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if !keep || (c == '-' && tidy.ends_with('-')) {
            continue;
        }
        tidy.push(c);
    }
    tidy.trim_matches('-').to_string()
}

/// `StringEquals`, `StringLike` and `StringEqualsIgnoreCase`, with or without a set qualifier or
/// `IfExists`: the operators whose values say what a claim may be.
fn is_positive_string_operator(operator: &str) -> bool {
    let lower = operator.to_ascii_lowercase();
    let base = lower
        .strip_prefix("foranyvalue:")
        .or_else(|| lower.strip_prefix("forallvalues:"))
        .unwrap_or(&lower);
    let base = base.strip_suffix("ifexists").unwrap_or(base);
    matches!(
        base,
        "stringequals" | "stringlike" | "stringequalsignorecase"
    )
}

/// The values of the statement's positive string conditions on `key` (key names ignore case, as
/// IAM's do), in document order.
pub(crate) fn values_for(statement: &Statement, key: &str) -> Vec<String> {
    statement
        .conditions
        .iter()
        .filter(|entry| entry.key.eq_ignore_ascii_case(key))
        .filter(|entry| is_positive_string_operator(&entry.operator))
        .flat_map(|entry| entry.values.iter().cloned())
        .collect()
}

/// Does the statement have any condition on `key`, whatever the operator?
pub(crate) fn conditions_key(statement: &Statement, key: &str) -> bool {
    statement
        .conditions
        .iter()
        .any(|entry| entry.key.eq_ignore_ascii_case(key))
}

/// Which policy value a request value matched, for a positive string operator: the first value
/// equal to it (`StringEquals`), equal ignoring case, or matching as a wildcard pattern
/// (`StringLike`). `None` for other operators or when nothing matches.
pub(crate) fn matched_value(
    operator: &str,
    policy_values: &[String],
    value: &str,
) -> Option<String> {
    if !is_positive_string_operator(operator) {
        return None;
    }
    let lower = operator.to_ascii_lowercase();
    policy_values
        .iter()
        .find(|policy| {
            if lower.contains("stringlike") {
                glob_matches(policy, value)
            } else if lower.contains("ignorecase") {
                policy.eq_ignore_ascii_case(value)
            } else {
                *policy == value
            }
        })
        .cloned()
}

/// The Allow statements whose principal could name the caller `principal` (the provider ARN or
/// a built-in IdP's name): it is listed under `Federated`, or the statement names everyone.
/// When none does, every Allow statement (the engine will say why each fails).
pub(crate) fn relevant_statements<'p>(
    policy: &'p PolicyDocument,
    principal: &str,
) -> Vec<(usize, &'p Statement)> {
    let allows: Vec<(usize, &Statement)> = policy
        .statements()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.effect == Effect::Allow)
        .collect();
    let naming: Vec<(usize, &Statement)> = allows
        .iter()
        .copied()
        .filter(|(_, s)| match &s.principal {
            Some(block) if !block.negated => match &block.value {
                PrincipalValue::Any => true,
                typed @ PrincipalValue::Typed(_) => {
                    typed
                        .values_of("Federated")
                        .iter()
                        .any(|v| v == principal || v == "*")
                        || typed.values_of("AWS").iter().any(|v| v == "*")
                }
            },
            _ => false,
        })
        .collect();
    if naming.is_empty() { allows } else { naming }
}

/// The first `Federated` principal value (and its statement's index) of the first Allow
/// statement that names one other than `*`.
pub(crate) fn first_federated(policy: &PolicyDocument) -> Option<(usize, String)> {
    policy
        .statements()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.effect == Effect::Allow)
        .filter_map(|(index, s)| s.principal.as_ref().map(|block| (index, block)))
        .filter(|(_, block)| !block.negated)
        .flat_map(|(index, block)| {
            block
                .value
                .values_of("Federated")
                .iter()
                .map(move |value| (index, value))
        })
        .find(|(_, value)| *value != "*")
        .map(|(index, value)| (index, value.clone()))
}

/// A GitHub default-format `sub` pattern, taken apart. Each part is still a pattern (it may hold
/// wildcards); a part the value does not reach is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SubPattern {
    /// The owner name (before `@` in the immutable format).
    pub owner: String,
    /// The owner id, in the immutable format.
    pub owner_id: Option<String>,
    /// The repository name.
    pub repository: Option<String>,
    /// The repository id, in the immutable format.
    pub repository_id: Option<String>,
    /// Everything after the repository: `ref:refs/heads/main`, `environment:prod`,
    /// `pull_request`, `*`.
    pub context: Option<String>,
}

impl SubPattern {
    /// Read `repo:OWNER[@ID]/REPO[@ID]:CONTEXT`; `None` when the value does not start with `repo:`
    /// (a custom template, or a pattern such as `*`).
    pub(crate) fn parse(value: &str) -> Option<SubPattern> {
        let rest = value.strip_prefix("repo:")?;
        let (owner_part, after_owner) = match rest.split_once('/') {
            // A `:` before the `/` means the slash belongs to the context (`repo:o*:ref:refs/…`).
            Some((owner, after)) if !owner.contains(':') => (owner, Some(after)),
            _ => match rest.split_once(':') {
                Some((owner, context)) => {
                    let (owner, owner_id) = split_id(owner);
                    return Some(SubPattern {
                        owner,
                        owner_id,
                        repository: None,
                        repository_id: None,
                        context: Some(context.to_string()),
                    });
                }
                None => (rest, None),
            },
        };
        let (owner, owner_id) = split_id(owner_part);
        let (repository, repository_id, context) = match after_owner {
            None => (None, None, None),
            Some(after) => {
                let (repo_part, context) = match after.split_once(':') {
                    Some((repo, context)) => (repo, Some(context.to_string())),
                    None => (after, None),
                };
                let (repo, repo_id) = split_id(repo_part);
                (Some(repo), repo_id, context)
            }
        };
        Some(SubPattern {
            owner,
            owner_id,
            repository,
            repository_id,
            context,
        })
    }

    /// True when the pattern is written in the immutable format (`owner@id`).
    pub(crate) fn immutable(&self) -> bool {
        self.owner_id.is_some() || self.repository_id.is_some()
    }
}

fn split_id(part: &str) -> (String, Option<String>) {
    match part.split_once('@') {
        Some((name, id)) => (name.to_string(), Some(id.to_string())),
        None => (part.to_string(), None),
    }
}

/// A stable, made-up numeric id for a made-up name, so that the same input always gives the same
/// claims (and different names get different ids).
pub(crate) fn stable_id(name: &str, digits: u32) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let floor = 10u64.pow(digits.saturating_sub(1));
    let span = 9 * floor;
    (floor + hash % span.max(1)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_as_iam_does() {
        let cases = [
            (
                "repo:octo-org/*",
                "repo:octo-org/app:ref:refs/heads/main",
                true,
            ),
            ("repo:octo-org/*", "repo:octo-org", false),
            (
                "repo:octo-org/app:*",
                "repo:octo-org/app:pull_request",
                true,
            ),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("*", "", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("exact", "Exact", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(glob_matches(pattern, text), expected, "{pattern} ~ {text}");
        }
    }

    #[test]
    fn names_are_filled_and_tidied() {
        assert_eq!(fill_name("octo-*", "-lookalike"), "octo-lookalike");
        assert_eq!(fill_name("octo-org*", "-lookalike"), "octo-org-lookalike");
        assert_eq!(fill_name("*-org", "-lookalike"), "lookalike-org");
        assert_eq!(fill("ref:refs/tags/v*", "9.9.9"), "ref:refs/tags/v9.9.9");
    }

    #[test]
    fn github_subjects_come_apart() {
        let sub = SubPattern::parse("repo:octo-org@65/app@74:ref:refs/heads/main").unwrap();
        assert_eq!(sub.owner, "octo-org");
        assert_eq!(sub.owner_id.as_deref(), Some("65"));
        assert_eq!(sub.repository.as_deref(), Some("app"));
        assert_eq!(sub.repository_id.as_deref(), Some("74"));
        assert_eq!(sub.context.as_deref(), Some("ref:refs/heads/main"));
        assert!(sub.immutable());
        let sub = SubPattern::parse("repo:octo-org/*").unwrap();
        assert_eq!(sub.repository.as_deref(), Some("*"));
        assert_eq!(sub.context, None);
        let sub = SubPattern::parse("repo:octo*:ref:refs/heads/main").unwrap();
        assert_eq!(sub.owner, "octo*");
        assert_eq!(sub.repository, None);
        assert_eq!(sub.context.as_deref(), Some("ref:refs/heads/main"));
        assert_eq!(SubPattern::parse("*"), None);
    }

    #[test]
    fn stable_ids_are_stable_and_distinct() {
        assert_eq!(stable_id("octo-org", 5), stable_id("octo-org", 5));
        assert_ne!(stable_id("octo-org", 5), stable_id("another-org", 5));
        assert_eq!(stable_id("x", 6).len(), 6);
    }
}

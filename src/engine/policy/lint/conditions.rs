//! Rules about one condition (one operator, one key): set operators on single-valued keys,
//! wildcards where they are literal or absent, policy variables that stay text, and key prefixes
//! that name no provider the statement trusts.

use super::providers::{
    closest, edit_distance, github_slug, provider_key, url_prefix, well_known_prefixes,
};
use super::rules::Rule;
use super::statements::describe_slug;
use super::{Doc, Draft, Findings, Stmt, has_bare_wildcard, mentions_variable};
use crate::engine::policy::Effect;
use crate::engine::policy::document::ConditionEntry;
use crate::engine::policy::operator::{Comparison, SetQualifier};
use crate::engine::verdict::{Part, Severity};

/// Keys that carry several values in an `AssumeRoleWithWebIdentity` request: Cognito's `amr`
/// and the session-tag keys. Every other key STS sets is single-valued.
fn is_multivalued(key: &str) -> bool {
    key.eq_ignore_ascii_case("aws:TagKeys")
        || key.eq_ignore_ascii_case("sts:TransitiveTagKeys")
        || key
            .rsplit_once(':')
            .is_some_and(|(_, name)| name.eq_ignore_ascii_case("amr"))
}

/// `for-all-values-in-allow` (Access Analyzer's FORALLVALUES_WITH_SINGLE_VALUED_KEY) and
/// `for-any-value-on-single-valued-key`, in Allow statements.
pub(super) fn set_operators(statement: &Stmt, entry: &ConditionEntry, out: &mut Findings) {
    if statement.statement.effect != Effect::Allow || is_multivalued(&entry.key) {
        return;
    }
    let operator = &entry.operator;
    let key = &entry.key;
    let anchor = || (statement.operator_path(entry), Part::Name);
    match entry.parsed.set {
        SetQualifier::Plain => {}
        SetQualifier::ForAllValues => out.push(Draft {
            rule: Rule::ForAllValuesInAllow,
            severity: Severity::Warning,
            path: statement.entry_path(entry),
            anchor: anchor(),
            message: format!(
                "`{operator}` on `{key}` in an Allow statement holds when the key is absent from the request, so a token without this claim passes."
            ),
            help: format!(
                "Use a plain operator for a single-valued key such as this one, or add `\"Null\": {{\"{key}\": \"false\"}}`."
            ),
        }),
        SetQualifier::ForAnyValue => {
            let guardrail = provider_key(key).is_some_and(|(prefix, name)| {
                github_slug(prefix).is_some()
                    && (name.eq_ignore_ascii_case("sub")
                        || name.eq_ignore_ascii_case("job_workflow_ref"))
            });
            out.push(Draft {
                rule: Rule::ForAnyValueOnSingleValuedKey,
                severity: Severity::Info,
                path: statement.entry_path(entry),
                anchor: anchor(),
                message: format!(
                    "`{operator}` on `{key}`, a single-valued key, works like the plain operator here{}.",
                    if guardrail {
                        ", but IAM's GitHub guardrail does not count it as constraining the key"
                    } else {
                        ""
                    }
                ),
                help: "Drop the `ForAnyValue:` prefix: set operators are for multivalued keys such as `aws:TagKeys` or Cognito's `amr`.".to_string(),
            });
        }
    }
}

/// `wildcard-in-string-equals` (Access Analyzer's WILDCARD_WITHOUT_LIKE_OPERATOR) and
/// `string-like-without-wildcard`.
pub(super) fn wildcards(statement: &Stmt, entry: &ConditionEntry, out: &mut Findings) {
    let operator = &entry.operator;
    match entry.parsed.comparison {
        Comparison::StringEquals | Comparison::StringEqualsIgnoreCase => {
            let Some((index, value)) = entry
                .values
                .iter()
                .enumerate()
                .find(|(_, value)| has_bare_wildcard(value))
            else {
                return;
            };
            out.push(Draft {
                rule: Rule::WildcardInStringEquals,
                severity: Severity::Warning,
                path: statement.entry_path(entry),
                anchor: (statement.value_path(entry, index), Part::Value),
                message: format!(
                    "`{operator}` compares `*` and `?` literally, so `{value}` matches only that exact text."
                ),
                help: "Use `StringLike` (or `StringNotLike`) for wildcards.".to_string(),
            });
        }
        Comparison::StringLike => {
            let exact = entry
                .values
                .iter()
                .all(|value| !has_bare_wildcard(value) && !mentions_variable(value));
            if !exact {
                return;
            }
            let equals = operator.replace("Like", "Equals").replace("like", "Equals");
            let at = statement.entry_path(entry);
            out.push(Draft {
                rule: Rule::StringLikeWithoutWildcard,
                severity: Severity::Info,
                path: at.clone(),
                anchor: (at, Part::Name),
                message: format!(
                    "`{operator}` on `{}` has no `*` or `?` in its values, so it compares exactly, as `{equals}` does.",
                    entry.key
                ),
                help: format!("Write `{equals}` to say so, or add the wildcard you meant."),
            });
        }
        _ => {}
    }
}

/// `policy-variable-without-version`: `${…}` stays literal text without
/// `"Version": "2012-10-17"`.
pub(super) fn variables(doc: &Doc, statement: &Stmt, entry: &ConditionEntry, out: &mut Findings) {
    if doc.parsed.substitutes_variables() || !entry.parsed.comparison.takes_variables() {
        return;
    }
    let Some((index, value)) = entry
        .values
        .iter()
        .enumerate()
        .find(|(_, value)| mentions_variable(value))
    else {
        return;
    };
    out.push(Draft {
        rule: Rule::PolicyVariableWithoutVersion,
        severity: Severity::Warning,
        path: statement.entry_path(entry),
        anchor: (statement.value_path(entry, index), Part::Value),
        message: format!(
            "`{value}` is compared as literal text: policy variables are substituted only when the document has \"Version\": \"2012-10-17\"."
        ),
        help: "Add `\"Version\": \"2012-10-17\"` at the top of the policy.".to_string(),
    });
}

/// `condition-key-prefix-mismatch` and `github-enterprise-slug-mismatch`: a key whose provider
/// prefix names no provider the statement trusts (a typo, a missing trailing slash, another
/// IdP's key, a GitHub Enterprise slug that differs). STS never sets such a key.
pub(super) fn key_prefix<'a>(
    doc: &Doc<'a>,
    statement: &Stmt<'a>,
    entry: &ConditionEntry,
    out: &mut Findings,
) {
    let Some((prefix, name)) = provider_key(&entry.key) else {
        return;
    };
    let names_providers = statement.providers().next().is_some();
    // The prefixes the key may carry: the statement's providers, or when it names none itself
    // (`"Principal": "*"`, a Deny for everyone) the scenario's providers, the other statements'
    // and the well-known ones.
    let candidates: Vec<&str> = if names_providers {
        statement
            .providers()
            .map(|provider| provider.prefix)
            .collect()
    } else {
        let mut all: Vec<&str> = doc
            .context
            .providers
            .iter()
            .map(|url| url_prefix(url))
            .collect();
        for other in &doc.statements {
            all.extend(other.providers().map(|provider| provider.prefix));
        }
        all.extend(well_known_prefixes().map(|known| -> &'a str { known }));
        all
    };
    if candidates
        .iter()
        .any(|known| known.eq_ignore_ascii_case(prefix))
    {
        return;
    }
    let suggestion = closest(prefix, &candidates);
    if !names_providers && doc.context.providers.is_empty() {
        // No evidence of which providers exist: report only near misses of a known prefix.
        let near = suggestion
            .and_then(|known| edit_distance(prefix, known))
            .is_some_and(|distance| (1..=2).contains(&distance));
        if !near {
            return;
        }
    }
    let op = entry.parsed;
    let operator = &entry.operator;
    let effect = if op.comparison == Comparison::Null {
        format!("`{operator}` always finds it absent")
    } else if op.negated || op.if_exists || op.set == SetQualifier::ForAllValues {
        format!("`{operator}` on it always holds and restricts nothing")
    } else {
        format!("`{operator}` on it never holds and the statement never applies")
    };
    let key = &entry.key;
    let at = statement.entry_path(entry);
    let github_suggestion =
        suggestion.filter(|known| github_slug(prefix).is_some() && github_slug(known).is_some());
    if let Some(known) = github_suggestion {
        out.push(Draft {
            rule: Rule::GithubEnterpriseSlugMismatch,
            severity: Severity::Error,
            path: at.clone(),
            anchor: (at, Part::Name),
            message: format!(
                "`{key}` has the prefix of {}, but this statement trusts `{known}`, {}. STS sets that provider's keys as `{known}:…`, never `{prefix}:…`, so {effect}.",
                describe_slug(prefix),
                describe_slug(known)
            ),
            help: format!("Write the key with the provider's full URL: `{known}:{name}`."),
        });
        return;
    }
    let whose = if names_providers {
        format!(
            "no provider this statement trusts (`{}`)",
            candidates.join("`, `")
        )
    } else {
        "no identity provider of the scenario or of this policy".to_string()
    };
    out.push(Draft {
        rule: Rule::ConditionKeyPrefixMismatch,
        severity: Severity::Error,
        path: at.clone(),
        anchor: (at, Part::Name),
        message: format!(
            "The prefix of `{key}` names {whose}. STS never sets the key, so {effect}."
        ),
        help: match suggestion {
            Some(known) => format!(
                "Use the provider's URL without `https://` as the prefix: did you mean `{known}:{name}`?"
            ),
            None => "Use the provider's URL without `https://` as the prefix.".to_string(),
        },
    });
}

//! One (operator, key) pair of a `Condition` block against the request context: the IAM rules
//! for missing keys, `…IfExists`, `Null`, the set qualifiers, negated operators and every
//! operator family, with an explanation of the outcome.
//!
//! Rules (IAM User Guide, "Condition operators",
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>,
//! and "Single-valued vs. multivalued context keys",
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>):
//! - the values of one key are ORed; a negated operator holds when the request value matches
//!   none of them;
//! - a missing key makes a positive operator false and a negated one true; `…IfExists` makes
//!   any operator true; `Null` tests presence;
//! - `ForAllValues:` holds when every request value matches (and when there are none);
//!   `ForAnyValue:` when at least one does (never when there are none).

use std::borrow::Cow;
use std::net::IpAddr;

use base64::Engine as _;
use ipnet::IpNet;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use super::context::{ContextValue, RequestContext};
use super::document::ConditionEntry;
use super::glob::{Pattern, eq_ignore_case, glob_matches};
use super::operator::{Comparison, SetQualifier};
use super::variables::resolve;
use crate::engine::verdict::ConditionExplain;

/// The outcome of one condition pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ConditionResult {
    /// The structured comparison (operator, key, values, matched, reason).
    pub(crate) explain: ConditionExplain,
    /// A sentence for the check's detail.
    pub(crate) detail: String,
    /// True when the outcome rests on one of our documented assumptions.
    pub(crate) assumed: bool,
}

/// The result of comparing one request value with one policy value.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Compared {
    Match,
    NoMatch,
    /// IAM cannot compare them (a value of the wrong type, an unresolved variable).
    Unusable(String),
}

/// How one request value fared against all policy values.
struct ValueOutcome<'p> {
    /// Whether the value satisfies the operator (already accounting for negation).
    holds: bool,
    /// The policy value it matched (as shown), when one did.
    matched: Option<&'p str>,
    /// Why a comparison could not be made, when one could not.
    unusable: Option<String>,
}

/// One policy value, ready to be compared with the request's values.
struct PolicyValue<'e> {
    /// The text after variable substitution.
    text: Cow<'e, str>,
    /// For the wildcard operators, the value compiled as a pattern when a variable was
    /// substituted (what a variable brings is literal, even `*`); plain policy text is
    /// matched as it stands.
    substituted_pattern: Option<Pattern>,
    /// The value as explanations show it: for the wildcard operators a literal `*`/`?` that
    /// came from a variable reads `${*}`/`${?}`; a value with an unresolved variable is shown
    /// as written.
    shown: Cow<'e, str>,
    /// Variables with no value and no default: the value then cannot be compared.
    unresolved: Vec<String>,
}

impl<'e> PolicyValue<'e> {
    /// Prepare `value`; `substitute` is true under `Version` 2012-10-17.
    fn new(
        value: &'e str,
        comparison: Comparison,
        context: &RequestContext,
        substitute: bool,
    ) -> PolicyValue<'e> {
        if !(substitute && comparison.takes_variables() && value.contains("${")) {
            // Nothing to substitute: the value is its own text, and shows as written.
            return PolicyValue {
                text: Cow::Borrowed(value),
                substituted_pattern: None,
                shown: Cow::Borrowed(value),
                unresolved: Vec::new(),
            };
        }
        let resolved = resolve(value, context, true);
        let pattern = matches!(comparison, Comparison::StringLike | Comparison::Arn)
            .then(|| resolved.pattern());
        let shown = if !resolved.unresolved().is_empty() {
            Cow::Borrowed(value)
        } else if let Some(pattern) = &pattern {
            Cow::Owned(pattern.display())
        } else {
            Cow::Owned(resolved.text())
        };
        PolicyValue {
            text: Cow::Owned(resolved.text()),
            substituted_pattern: pattern,
            shown,
            unresolved: resolved.unresolved().to_vec(),
        }
    }

    /// The value as a wildcard pattern.
    fn pattern(&self) -> Cow<'_, Pattern> {
        match &self.substituted_pattern {
            Some(pattern) => Cow::Borrowed(pattern),
            None => Cow::Owned(Pattern::glob(&self.text)),
        }
    }

    /// Does `request` match the value as a wildcard pattern (case-sensitively)?
    fn matches_pattern(&self, request: &str) -> bool {
        match &self.substituted_pattern {
            Some(pattern) => pattern.matches(request, false),
            None => glob_matches(&self.text, request, false),
        }
    }
}

/// Evaluate one condition pair. `substitute` is true under `Version` 2012-10-17.
pub(crate) fn evaluate_condition(
    entry: &ConditionEntry,
    context: &RequestContext,
    substitute: bool,
) -> ConditionResult {
    let op = entry.parsed;
    let found = context.get(&entry.key);
    let context_values = found.map(|found| found.value.values());
    // ASSUMED: a key the context holds as `Multi` is multivalued even with one element (IAM
    // classifies keys by type: `ArrayOfString` in the Service Authorization Reference).
    let multivalued = matches!(
        found.map(|found| &found.value),
        Some(ContextValue::Multi(_))
    );
    let values: &[String] = context_values.as_deref().unwrap_or_default();
    // ASSUMED: a multivalued key with no values behaves as an absent key everywhere
    // (`Null`, `IfExists`, the set qualifiers, missing-key rules).
    let empty = found.is_some() && values.is_empty();
    let absent = values.is_empty();

    let policy: Vec<PolicyValue> = entry
        .values
        .iter()
        .map(|value| PolicyValue::new(value, op.comparison, context, substitute))
        .collect();
    let policy_values: Vec<String> = policy.iter().map(|p| p.shown.to_string()).collect();

    let mut assumed = empty;
    let absent_phrase = if empty {
        "a key with no values"
    } else {
        "an absent key"
    };
    let absent_clause = if empty {
        "the key has no values in the request"
    } else {
        "the key is absent from the request"
    };

    let (matched, reason, explanation) = if op.comparison == Comparison::Null {
        null_outcome(&entry.values, absent, &mut assumed)
    } else if absent && op.if_exists {
        (
            true,
            "IfExists and the key is absent".to_string(),
            format!("{absent_clause}, so the IfExists operator holds"),
        )
    } else if absent {
        match (op.set, op.negated) {
            (SetQualifier::ForAllValues, _) => (
                true,
                format!("ForAllValues over {absent_phrase} is true"),
                format!("{absent_clause}, and ForAllValues holds vacuously"),
            ),
            (SetQualifier::ForAnyValue, _) => (
                false,
                format!("ForAnyValue over {absent_phrase} is false"),
                format!("{absent_clause}, so no value can match"),
            ),
            (SetQualifier::Plain, false) => (
                false,
                "missing key with a positive operator".to_string(),
                format!("{absent_clause}; expected {}", list(&policy_values)),
            ),
            (SetQualifier::Plain, true) => (
                true,
                "missing key with a negated operator".to_string(),
                format!("{absent_clause}, so it matches none of the excluded values"),
            ),
        }
    } else if op.set == SetQualifier::Plain && multivalued {
        // A plain operator on a multivalued key never matches (IAM User Guide, "Single-valued
        // vs. multivalued context keys"; README, Fidelity).
        // ASSUMED: the same holds for a plain negated operator (IAM cannot compare the
        // set with a single-valued operator, so the condition is false either way).
        assumed = true;
        (
            false,
            "plain operator on a multivalued key never matches".to_string(),
            format!(
                "the key is multivalued ({}); use ForAnyValue: or ForAllValues:",
                list(values)
            ),
        )
    } else {
        let outcomes: Vec<(&str, ValueOutcome)> = values
            .iter()
            .map(|value| {
                (
                    value.as_str(),
                    value_outcome(op.comparison, op.negated, value, &policy),
                )
            })
            .collect();
        if outcomes
            .iter()
            .any(|(_, outcome)| outcome.unusable.is_some())
        {
            assumed = true;
        }
        set_outcome(op.set, op.negated, &outcomes, &policy_values)
    };

    let detail = [
        entry.operator.as_str(),
        " `",
        &entry.key,
        "`: ",
        &explanation,
    ]
    .concat();
    ConditionResult {
        explain: ConditionExplain {
            operator: entry.operator.clone(),
            key: entry.key.clone(),
            context_values,
            policy_values,
            matched,
            reason,
        },
        detail,
        assumed,
    }
}

/// `Null`: `"true"` asks for the key to be absent, `"false"` for it to be present.
fn null_outcome(policy: &[String], absent: bool, assumed: &mut bool) -> (bool, String, String) {
    let mut matched = false;
    for value in policy {
        match value.to_ascii_lowercase().as_str() {
            "true" => matched |= absent,
            "false" => matched |= !absent,
            // ASSUMED: a `Null` value other than true/false never matches.
            _ => *assumed = true,
        }
    }
    let state = if absent { "absent" } else { "present" };
    let reason = format!("Null: the key is {state}");
    let explanation = format!(
        "the key is {state}; the policy asks for {} (`true` = absent, `false` = present)",
        list(policy)
    );
    (matched, reason, explanation)
}

/// Combine per-value outcomes under the set qualifier.
fn set_outcome(
    set: SetQualifier,
    negated: bool,
    outcomes: &[(&str, ValueOutcome)],
    policy_values: &[String],
) -> (bool, String, String) {
    let suffix = if negated { " (negated operator)" } else { "" };
    let describe = |value: &str, outcome: &ValueOutcome| -> String {
        if let Some(why) = &outcome.unusable {
            return ["request value `", value, "` cannot be compared: ", why].concat();
        }
        match (outcome.matched, negated) {
            (Some(policy), false) => {
                ["request value `", value, "` matches `", policy, "`"].concat()
            }
            (None, false) => {
                let listed = list(policy_values);
                ["request value `", value, "` matches none of ", &listed].concat()
            }
            (None, true) => {
                let listed = list(policy_values);
                [
                    "request value `",
                    value,
                    "` matches none of the excluded ",
                    &listed,
                ]
                .concat()
            }
            (Some(policy), true) => [
                "request value `",
                value,
                "` matches the excluded `",
                policy,
                "`",
            ]
            .concat(),
        }
    };
    match set {
        // A single-valued key (multivalued keys never reach here without a qualifier).
        SetQualifier::Plain => {
            let Some((value, outcome)) = outcomes.first() else {
                return (
                    false,
                    "no request value".into(),
                    "the request has no value".into(),
                );
            };
            let reason = match (&outcome.unusable, outcome.holds, negated) {
                (Some(_), _, _) => "the values cannot be compared",
                (None, true, false) => "value matches",
                (None, false, false) => "value does not match",
                (None, true, true) => "value matches none of the excluded values",
                (None, false, true) => "value matches an excluded value",
            };
            (outcome.holds, reason.to_string(), describe(value, outcome))
        }
        SetQualifier::ForAnyValue => match outcomes.iter().find(|(_, outcome)| outcome.holds) {
            Some((value, outcome)) => (
                true,
                format!("ForAnyValue: a request value matches{suffix}"),
                describe(value, outcome),
            ),
            None => {
                let values: Vec<&str> = outcomes.iter().map(|(value, _)| *value).collect();
                let unusable = outcomes.iter().find_map(|(value, outcome)| {
                    outcome.unusable.as_ref().map(|_| describe(value, outcome))
                });
                let explanation = match unusable {
                    Some(text) => text,
                    None if negated => format!(
                        "every request value ({}) matches one of the excluded {}",
                        list(&values),
                        list(policy_values)
                    ),
                    None => format!(
                        "no request value ({}) matches any of {}",
                        list(&values),
                        list(policy_values)
                    ),
                };
                (
                    false,
                    format!("ForAnyValue: no request value matches{suffix}"),
                    explanation,
                )
            }
        },
        SetQualifier::ForAllValues => match outcomes.iter().find(|(_, outcome)| !outcome.holds) {
            Some((value, outcome)) => (
                false,
                format!("ForAllValues: a request value fails{suffix}"),
                describe(value, outcome),
            ),
            None => {
                let values: Vec<&str> = outcomes.iter().map(|(value, _)| *value).collect();
                (
                    true,
                    format!("ForAllValues: every request value matches{suffix}"),
                    format!(
                        "every request value ({}) satisfies the operator",
                        list(&values)
                    ),
                )
            }
        },
    }
}

/// Compare one request value with every policy value.
fn value_outcome<'p>(
    comparison: Comparison,
    negated: bool,
    value: &str,
    policy: &'p [PolicyValue],
) -> ValueOutcome<'p> {
    let mut matched = None;
    let mut unusable = None;
    for policy in policy {
        match compare(comparison, value, policy) {
            Compared::Match => {
                if matched.is_none() {
                    matched = Some(policy.shown.as_ref());
                }
            }
            Compared::NoMatch => {}
            Compared::Unusable(why) => {
                if unusable.is_none() {
                    unusable = Some(why);
                }
            }
        }
    }
    let holds = if negated {
        // ASSUMED: when IAM cannot make a comparison (wrong type, unresolved variable) a
        // negated operator does not hold either; the IAM User Guide says an unresolvable
        // variable "might cause the entire statement to be invalid".
        matched.is_none() && unusable.is_none()
    } else {
        matched.is_some()
    };
    // For a positive operator that matched anyway, an unusable sibling value is noise.
    let unusable = if !negated && matched.is_some() {
        None
    } else {
        unusable
    };
    ValueOutcome {
        holds,
        matched,
        unusable,
    }
}

/// The positive comparison of one request value with one policy value.
fn compare(comparison: Comparison, request: &str, policy: &PolicyValue) -> Compared {
    if let Some(variable) = policy.unresolved.first() {
        // IAM User Guide, "Variables and tags": a variable AWS cannot resolve "might cause the
        // entire statement to be invalid"; a key that is "not present" makes "any attempt to
        // match it" fail. So the value never matches.
        return Compared::Unusable(format!(
            "policy variable `${{{variable}}}` has no value in the request and no default"
        ));
    }
    let found = |yes: bool| {
        if yes {
            Compared::Match
        } else {
            Compared::NoMatch
        }
    };
    match comparison {
        Comparison::StringEquals => found(policy.text == request),
        Comparison::StringEqualsIgnoreCase => found(eq_ignore_case(&policy.text, request)),
        Comparison::StringLike => found(policy.matches_pattern(request)),
        Comparison::Numeric(relation) => {
            match (parse_number(request), parse_number(&policy.text)) {
                (Some(r), Some(p)) => found(relation.holds(&r, &p)),
                (None, _) => unusable_request(request, "a number"),
                (_, None) => unusable_policy(&policy.text, "a number"),
            }
        }
        Comparison::Date(relation) => match (parse_date(request), parse_date(&policy.text)) {
            (Some(r), Some(p)) => found(relation.holds(&r, &p)),
            (None, _) => unusable_request(request, "a date"),
            (_, None) => unusable_policy(&policy.text, "a date"),
        },
        Comparison::Bool => match (parse_bool(request), parse_bool(&policy.text)) {
            (Some(r), Some(p)) => found(r == p),
            (None, _) => unusable_request(request, "`true` or `false`"),
            (_, None) => unusable_policy(&policy.text, "`true` or `false`"),
        },
        Comparison::Binary => {
            let engine = base64::engine::general_purpose::STANDARD;
            match (
                engine.decode(request.trim()),
                engine.decode(policy.text.trim()),
            ) {
                (Ok(r), Ok(p)) => found(r == p),
                (Err(_), _) => unusable_request(request, "base64"),
                (_, Err(_)) => unusable_policy(&policy.text, "base64"),
            }
        }
        Comparison::Ip => match (
            request.trim().parse::<IpAddr>(),
            parse_network(&policy.text),
        ) {
            (Ok(address), Some(network)) => found(network.contains(&address)),
            (Err(_), _) => unusable_request(request, "an IP address"),
            (_, None) => unusable_policy(&policy.text, "an IP address or CIDR block"),
        },
        Comparison::Arn => compare_arn(request, &policy.pattern()),
        // `Null` never reaches value comparison.
        Comparison::Null => Compared::NoMatch,
    }
}

/// ARN operators compare each of the six colon-separated components separately, with
/// wildcards allowed in each (IAM User Guide, "Amazon Resource Name (ARN) condition
/// operators").
// ASSUMED: a policy value or request value with fewer than six components cannot be compared.
fn compare_arn(request: &str, policy: &Pattern) -> Compared {
    let parts = policy.split_colons(6);
    let request_parts: Vec<&str> = request.splitn(6, ':').collect();
    if parts.len() < 6 {
        return Compared::Unusable(format!(
            "policy value `{}` does not have the six components of an ARN",
            policy.display()
        ));
    }
    if request_parts.len() < 6 {
        return unusable_request(request, "an ARN");
    }
    found_all(
        parts
            .iter()
            .zip(request_parts)
            .all(|(pattern, component)| pattern.matches(component, false)),
    )
}

fn found_all(yes: bool) -> Compared {
    if yes {
        Compared::Match
    } else {
        Compared::NoMatch
    }
}

fn unusable_request(value: &str, what: &str) -> Compared {
    Compared::Unusable(format!("request value `{value}` is not {what}"))
}

fn unusable_policy(value: &str, what: &str) -> Compared {
    Compared::Unusable(format!("policy value `{value}` is not {what}"))
}

/// `` `a`, `b` `` for messages.
pub(crate) fn list<T: AsRef<str>>(values: &[T]) -> String {
    if values.is_empty() {
        return "no value".to_string();
    }
    let mut listed = String::new();
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            listed.push_str(", ");
        }
        listed.push('`');
        listed.push_str(value.as_ref());
        listed.push('`');
    }
    listed
}

/// A finite decimal number.
fn parse_number(text: &str) -> Option<f64> {
    let number: f64 = text.trim().parse().ok()?;
    number.is_finite().then_some(number)
}

/// `true` or `false`, ignoring case.
fn parse_bool(text: &str) -> Option<bool> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A CIDR block, or a single address standing for itself.
fn parse_network(text: &str) -> Option<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

/// A date as Unix nanoseconds: ISO 8601 (RFC 3339 date-time, a date-time without offset, a
/// date) or integer epoch seconds.
// ASSUMED: a date-time without an offset, and a bare date, are UTC; epoch values are whole
// seconds.
pub(crate) fn parse_date(text: &str) -> Option<i128> {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        let seconds: i64 = text.parse().ok()?;
        // An i64 times 10^9 fits an i128 with room to spare.
        return i128::from(seconds).checked_mul(1_000_000_000);
    }
    if let Ok(moment) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(moment.unix_timestamp_nanos());
    }
    let local = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    if let Ok(moment) = PrimitiveDateTime::parse(text, local) {
        return Some(moment.assume_utc().unix_timestamp_nanos());
    }
    let day = format_description!("[year]-[month]-[day]");
    if let Ok(date) = Date::parse(text, day) {
        return Some(date.midnight().assume_utc().unix_timestamp_nanos());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::policy::operator::parse_operator;

    const SUB: &str = "token.actions.githubusercontent.com:sub";

    fn context() -> RequestContext {
        let mut context = RequestContext::new();
        context.insert_single(SUB, "repo:octo/app:ref:refs/heads/main");
        context.insert_single("token.actions.githubusercontent.com:repository", "octo/app");
        context.insert_single("n", "10");
        context.insert_single("bad-number", "ten");
        context.insert_single("aws:CurrentTime", "2026-03-01T12:00:00Z");
        context.insert_single("aws:EpochTime", "1772366400");
        context.insert_single("aws:SecureTransport", "TRUE");
        context.insert_single("aws:SourceIp", "203.0.113.7");
        context.insert_single("ip6", "2001:db8::1");
        context.insert_single("bin", "aGVsbG8=");
        context.insert_single("arn", "arn:aws:iam::123456789012:role/path/deploy");
        context.insert_single("star", "a*b");
        context.insert_multi("aws:TagKeys", vec!["team".into(), "env".into()]);
        context.insert_multi("one", vec!["x".into()]);
        context.insert_multi("empty", vec![]);
        context
    }

    /// (operator, key, policy values, expected matched, expected reason fragment)
    type Row = (
        &'static str,
        &'static str,
        &'static [&'static str],
        bool,
        &'static str,
    );

    fn run(rows: &[Row], substitute: bool) {
        let context = context();
        for (operator, key, values, want, reason) in rows {
            let entry = ConditionEntry {
                operator: operator.to_string(),
                key: key.to_string(),
                values: values.iter().map(|v| v.to_string()).collect(),
                parsed: parse_operator(operator).unwrap(),
            };
            let result = evaluate_condition(&entry, &context, substitute);
            assert_eq!(
                result.explain.matched, *want,
                "{operator} {key} {values:?}: {}",
                result.detail
            );
            assert!(
                result.explain.reason.contains(reason),
                "{operator} {key} {values:?}: reason {:?} lacks {reason:?}",
                result.explain.reason
            );
        }
    }

    #[test]
    fn string_operators() {
        run(
            &[
                (
                    "StringEquals",
                    SUB,
                    &["repo:octo/app:ref:refs/heads/main"],
                    true,
                    "value matches",
                ),
                (
                    "StringEquals",
                    SUB,
                    &["repo:octo/app:*"],
                    false,
                    "value does not match",
                ),
                (
                    "StringEquals",
                    SUB,
                    &["x", "repo:octo/app:ref:refs/heads/main"],
                    true,
                    "value matches",
                ),
                (
                    "StringNotEquals",
                    SUB,
                    &["x", "y"],
                    true,
                    "matches none of the excluded",
                ),
                (
                    "StringNotEquals",
                    SUB,
                    &["x", "repo:octo/app:ref:refs/heads/main"],
                    false,
                    "matches an excluded",
                ),
                (
                    "StringEqualsIgnoreCase",
                    SUB,
                    &["REPO:Octo/App:ref:refs/heads/main"],
                    true,
                    "value matches",
                ),
                (
                    "StringNotEqualsIgnoreCase",
                    SUB,
                    &["REPO:Octo/App:ref:refs/heads/main"],
                    false,
                    "excluded",
                ),
                (
                    "StringNotEqualsIgnoreCase",
                    SUB,
                    &["repo:octo/other:*"],
                    true,
                    "none of the excluded",
                ),
                (
                    "StringLike",
                    SUB,
                    &["repo:octo/app:*"],
                    true,
                    "value matches",
                ),
                (
                    "StringLike",
                    SUB,
                    &["repo:Octo/app:*"],
                    false,
                    "does not match",
                ),
                (
                    "StringLike",
                    SUB,
                    &["repo:octo/app:ref:refs/heads/ma?n"],
                    true,
                    "matches",
                ),
                (
                    "StringNotLike",
                    SUB,
                    &["repo:octo/app:pull_request", "repo:evil/*"],
                    true,
                    "none of the excluded",
                ),
                (
                    "StringNotLike",
                    SUB,
                    &["*:ref:refs/heads/main"],
                    false,
                    "excluded",
                ),
                ("StringEquals", "star", &["a*b"], true, "value matches"),
                ("StringLike", "star", &["a*b"], true, "value matches"),
            ],
            true,
        );
    }

    #[test]
    fn numeric_date_bool_binary_ip_arn_operators() {
        run(
            &[
                ("NumericEquals", "n", &["10"], true, "matches"),
                ("NumericEquals", "n", &["10.0"], true, "matches"),
                ("NumericNotEquals", "n", &["10"], false, "excluded"),
                (
                    "NumericNotEquals",
                    "n",
                    &["11"],
                    true,
                    "none of the excluded",
                ),
                ("NumericLessThan", "n", &["11"], true, "matches"),
                ("NumericLessThan", "n", &["10"], false, "does not match"),
                ("NumericLessThanEquals", "n", &["10"], true, "matches"),
                ("NumericGreaterThan", "n", &["9.5"], true, "matches"),
                (
                    "NumericGreaterThanEquals",
                    "n",
                    &["11"],
                    false,
                    "does not match",
                ),
                (
                    "NumericEquals",
                    "bad-number",
                    &["10"],
                    false,
                    "cannot be compared",
                ),
                (
                    "NumericNotEquals",
                    "bad-number",
                    &["10"],
                    false,
                    "cannot be compared",
                ),
                ("NumericEquals", "n", &["ten"], false, "cannot be compared"),
                ("NumericEquals", "n", &["ten", "10"], true, "matches"),
                (
                    "DateEquals",
                    "aws:CurrentTime",
                    &["2026-03-01T12:00:00Z"],
                    true,
                    "matches",
                ),
                (
                    "DateEquals",
                    "aws:CurrentTime",
                    &["2026-03-01T13:00:00+01:00"],
                    true,
                    "matches",
                ),
                (
                    "DateEquals",
                    "aws:CurrentTime",
                    &["1772366400"],
                    true,
                    "matches",
                ),
                (
                    "DateNotEquals",
                    "aws:CurrentTime",
                    &["2026-03-01"],
                    true,
                    "none of the excluded",
                ),
                (
                    "DateLessThan",
                    "aws:CurrentTime",
                    &["2026-03-02"],
                    true,
                    "matches",
                ),
                (
                    "DateLessThanEquals",
                    "aws:EpochTime",
                    &["2026-03-01T12:00:00Z"],
                    true,
                    "matches",
                ),
                (
                    "DateGreaterThan",
                    "aws:CurrentTime",
                    &["2026-03-01T11:59:59.5"],
                    true,
                    "matches",
                ),
                (
                    "DateGreaterThanEquals",
                    "aws:CurrentTime",
                    &["2027-01-01T00:00:00Z"],
                    false,
                    "does not match",
                ),
                (
                    "DateLessThan",
                    "aws:CurrentTime",
                    &["next tuesday"],
                    false,
                    "cannot be compared",
                ),
                ("Bool", "aws:SecureTransport", &["true"], true, "matches"),
                (
                    "Bool",
                    "aws:SecureTransport",
                    &["False"],
                    false,
                    "does not match",
                ),
                (
                    "Bool",
                    "aws:SecureTransport",
                    &["yes"],
                    false,
                    "cannot be compared",
                ),
                ("BinaryEquals", "bin", &["aGVsbG8="], true, "matches"),
                (
                    "BinaryEquals",
                    "bin",
                    &["d29ybGQ="],
                    false,
                    "does not match",
                ),
                (
                    "IpAddress",
                    "aws:SourceIp",
                    &["203.0.113.0/24"],
                    true,
                    "matches",
                ),
                (
                    "IpAddress",
                    "aws:SourceIp",
                    &["203.0.113.7"],
                    true,
                    "matches",
                ),
                (
                    "IpAddress",
                    "aws:SourceIp",
                    &["198.51.100.0/24"],
                    false,
                    "does not match",
                ),
                ("IpAddress", "ip6", &["2001:db8::/32"], true, "matches"),
                (
                    "IpAddress",
                    "ip6",
                    &["203.0.113.0/24"],
                    false,
                    "does not match",
                ),
                (
                    "NotIpAddress",
                    "aws:SourceIp",
                    &["198.51.100.0/24", "10.0.0.0/8"],
                    true,
                    "none of the excluded",
                ),
                (
                    "NotIpAddress",
                    "aws:SourceIp",
                    &["203.0.113.0/24"],
                    false,
                    "excluded",
                ),
                (
                    "ArnEquals",
                    "arn",
                    &["arn:aws:iam::123456789012:role/path/deploy"],
                    true,
                    "matches",
                ),
                (
                    "ArnEquals",
                    "arn",
                    &["arn:aws:iam::*:role/*"],
                    true,
                    "matches",
                ),
                (
                    "ArnLike",
                    "arn",
                    &["arn:aws:iam::123456789012:role/*"],
                    true,
                    "matches",
                ),
                (
                    "ArnLike",
                    "arn",
                    &["arn:aws:iam::??????????12:role/path/deploy"],
                    true,
                    "matches",
                ),
                (
                    "ArnLike",
                    "arn",
                    &["arn:aws:s3:::*"],
                    false,
                    "does not match",
                ),
                // `*` does not cross component boundaries.
                (
                    "ArnLike",
                    "arn",
                    &["arn:*:role/path/deploy"],
                    false,
                    "cannot be compared",
                ),
                (
                    "ArnNotEquals",
                    "arn",
                    &["arn:aws:iam::123456789012:role/other"],
                    true,
                    "none of the excluded",
                ),
                (
                    "ArnNotLike",
                    "arn",
                    &["arn:aws:iam::*:role/*"],
                    false,
                    "excluded",
                ),
            ],
            true,
        );
    }

    #[test]
    fn missing_keys_if_exists_and_null() {
        run(
            &[
                (
                    "StringEquals",
                    "missing",
                    &["x"],
                    false,
                    "missing key with a positive operator",
                ),
                (
                    "StringLike",
                    "missing",
                    &["*"],
                    false,
                    "missing key with a positive operator",
                ),
                (
                    "StringNotEquals",
                    "missing",
                    &["x"],
                    true,
                    "missing key with a negated operator",
                ),
                (
                    "NotIpAddress",
                    "missing",
                    &["10.0.0.0/8"],
                    true,
                    "missing key with a negated operator",
                ),
                (
                    "StringEqualsIfExists",
                    "missing",
                    &["x"],
                    true,
                    "IfExists and the key is absent",
                ),
                (
                    "StringNotEqualsIfExists",
                    "missing",
                    &["x"],
                    true,
                    "IfExists and the key is absent",
                ),
                (
                    "StringEqualsIfExists",
                    SUB,
                    &["x"],
                    false,
                    "value does not match",
                ),
                (
                    "StringLikeIfExists",
                    SUB,
                    &["repo:octo/*"],
                    true,
                    "value matches",
                ),
                (
                    "NumericLessThanIfExists",
                    "n",
                    &["5"],
                    false,
                    "does not match",
                ),
                (
                    "Null",
                    "missing",
                    &["true"],
                    true,
                    "Null: the key is absent",
                ),
                (
                    "Null",
                    "missing",
                    &["false"],
                    false,
                    "Null: the key is absent",
                ),
                ("Null", SUB, &["false"], true, "Null: the key is present"),
                ("Null", SUB, &["true"], false, "Null: the key is present"),
                ("Null", "empty", &["true"], true, "absent"),
                // Key names are case-insensitive.
                (
                    "StringEquals",
                    "TOKEN.actions.githubusercontent.com:SUB",
                    &["repo:octo/app:ref:refs/heads/main"],
                    true,
                    "value matches",
                ),
            ],
            true,
        );
    }

    #[test]
    fn set_qualifiers_and_multivalued_keys() {
        run(
            &[
                (
                    "ForAllValues:StringEquals",
                    "aws:TagKeys",
                    &["team", "env", "cost"],
                    true,
                    "every request value matches",
                ),
                (
                    "ForAllValues:StringEquals",
                    "aws:TagKeys",
                    &["team"],
                    false,
                    "a request value fails",
                ),
                (
                    "ForAllValues:StringEquals",
                    "missing",
                    &["team"],
                    true,
                    "ForAllValues over an absent key is true",
                ),
                (
                    "ForAllValues:StringEquals",
                    "empty",
                    &["team"],
                    true,
                    "ForAllValues over a key with no values is true",
                ),
                (
                    "ForAllValues:StringNotEquals",
                    "aws:TagKeys",
                    &["secret"],
                    true,
                    "every request value matches (negated",
                ),
                (
                    "ForAllValues:StringNotEquals",
                    "aws:TagKeys",
                    &["env"],
                    false,
                    "fails (negated",
                ),
                (
                    "ForAllValues:StringLike",
                    SUB,
                    &["repo:octo/*"],
                    true,
                    "every request value matches",
                ),
                (
                    "ForAnyValue:StringEquals",
                    "aws:TagKeys",
                    &["env"],
                    true,
                    "a request value matches",
                ),
                (
                    "ForAnyValue:StringEquals",
                    "aws:TagKeys",
                    &["cost"],
                    false,
                    "no request value matches",
                ),
                (
                    "ForAnyValue:StringEquals",
                    "missing",
                    &["x"],
                    false,
                    "ForAnyValue over an absent key is false",
                ),
                (
                    "ForAnyValue:StringEquals",
                    "empty",
                    &["x"],
                    false,
                    "ForAnyValue over a key with no values is false",
                ),
                (
                    "ForAnyValue:StringNotEquals",
                    "aws:TagKeys",
                    &["team"],
                    true,
                    "a request value matches (negated",
                ),
                (
                    "ForAnyValue:StringNotEquals",
                    "aws:TagKeys",
                    &["team", "env"],
                    false,
                    "no request value matches (negated",
                ),
                (
                    "ForAnyValue:StringLike",
                    SUB,
                    &["repo:octo/*"],
                    true,
                    "a request value matches",
                ),
                (
                    "ForAnyValue:StringEqualsIfExists",
                    "missing",
                    &["x"],
                    true,
                    "IfExists and the key is absent",
                ),
                (
                    "StringEquals",
                    "aws:TagKeys",
                    &["team"],
                    false,
                    "plain operator on a multivalued key never matches",
                ),
                (
                    "StringEquals",
                    "one",
                    &["x"],
                    false,
                    "plain operator on a multivalued key never matches",
                ),
                (
                    "StringNotEquals",
                    "aws:TagKeys",
                    &["other"],
                    false,
                    "plain operator on a multivalued key never matches",
                ),
                (
                    "StringEquals",
                    "empty",
                    &["x"],
                    false,
                    "missing key with a positive operator",
                ),
            ],
            true,
        );
    }

    #[test]
    fn policy_variables() {
        run(
            &[
                (
                    "StringLike",
                    SUB,
                    &["repo:${token.actions.githubusercontent.com:repository}:*"],
                    true,
                    "value matches",
                ),
                (
                    "StringEquals",
                    "token.actions.githubusercontent.com:repository",
                    &["${token.actions.githubusercontent.com:repository}"],
                    true,
                    "value matches",
                ),
                ("StringLike", "star", &["a${*}b"], true, "value matches"),
                ("StringEquals", "star", &["a${*}b"], true, "value matches"),
                (
                    "StringLike",
                    SUB,
                    &["repo:octo/app${*}"],
                    false,
                    "does not match",
                ),
                (
                    "StringLike",
                    SUB,
                    &["${nope, 'repo:octo/app'}:*"],
                    true,
                    "value matches",
                ),
                (
                    "StringLike",
                    SUB,
                    &["${nope}*"],
                    false,
                    "cannot be compared",
                ),
                (
                    "StringLike",
                    SUB,
                    &["${nope}*", "repo:*"],
                    true,
                    "value matches",
                ),
                (
                    "StringNotLike",
                    SUB,
                    &["${nope}", "other"],
                    false,
                    "cannot be compared",
                ),
                (
                    "ArnLike",
                    "arn",
                    &["arn:aws:iam::${aws:SourceIp, '123456789012'}:role/*"],
                    false,
                    "does not match",
                ),
                // Variables are not substituted for numeric operators.
                ("NumericEquals", "n", &["${n}"], false, "cannot be compared"),
            ],
            true,
        );
        // Under Version 2008-10-17 `${…}` is literal policy text.
        run(
            &[
                (
                    "StringLike",
                    SUB,
                    &["repo:${token.actions.githubusercontent.com:repository}:*"],
                    false,
                    "does not match",
                ),
                ("StringLike", "star", &["a${*}b"], false, "does not match"),
            ],
            false,
        );
    }

    #[test]
    fn explain_shows_substituted_values() {
        let context = context();
        let entry = ConditionEntry {
            operator: "StringLike".into(),
            key: SUB.into(),
            values: vec![
                "repo:${token.actions.githubusercontent.com:repository}:*".into(),
                "x${*}".into(),
                "${nope}".into(),
            ],
            parsed: parse_operator("StringLike").unwrap(),
        };
        let result = evaluate_condition(&entry, &context, true);
        assert_eq!(
            result.explain.policy_values,
            ["repo:octo/app:*", "x${*}", "${nope}"]
        );
        assert_eq!(
            result.explain.context_values,
            Some(vec!["repo:octo/app:ref:refs/heads/main".to_string()])
        );
        assert!(result.explain.matched);
        assert!(result.detail.starts_with(
            "StringLike `token.actions.githubusercontent.com:sub`: request value `repo:octo/app:ref:refs/heads/main` matches `repo:octo/app:*`"
        ));
    }

    #[test]
    fn dates_parse() {
        assert_eq!(parse_date("1970-01-01T00:00:01Z"), Some(1_000_000_000));
        assert_eq!(parse_date("1"), Some(1_000_000_000));
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000_000_000));
        assert_eq!(parse_date("-1"), Some(-1_000_000_000));
        assert_eq!(parse_date("soon"), None);
        assert_eq!(parse_date(""), None);
    }
}

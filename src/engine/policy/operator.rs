//! Condition operator names: `[ForAnyValue:|ForAllValues:]<base>[IfExists]`, parsed into what
//! the evaluator needs (which comparison, negated or not, set qualifier, IfExists).

/// How the request's values are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SetQualifier {
    /// No prefix: the key is expected to be single-valued.
    Plain,
    /// `ForAnyValue:`: at least one request value must match.
    ForAnyValue,
    /// `ForAllValues:`: every request value must match (vacuously true when there are none).
    ForAllValues,
}

/// An ordering relation for numeric and date operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Relation {
    /// `…Equals` (and `…NotEquals`, negated).
    Equal,
    /// `…LessThan`.
    Less,
    /// `…LessThanEquals`.
    LessOrEqual,
    /// `…GreaterThan`.
    Greater,
    /// `…GreaterThanEquals`.
    GreaterOrEqual,
}

impl Relation {
    /// Does `request` stand in this relation to `policy`?
    pub(crate) fn holds<T: PartialOrd>(self, request: &T, policy: &T) -> bool {
        match self {
            Relation::Equal => request == policy,
            Relation::Less => request < policy,
            Relation::LessOrEqual => request <= policy,
            Relation::Greater => request > policy,
            Relation::GreaterOrEqual => request >= policy,
        }
    }
}

/// The positive comparison behind an operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Comparison {
    /// `StringEquals`: exact, case-sensitive; `*` and `?` are literal.
    StringEquals,
    /// `StringEqualsIgnoreCase`.
    StringEqualsIgnoreCase,
    /// `StringLike`: case-sensitive wildcards.
    StringLike,
    /// `Numeric…`.
    Numeric(Relation),
    /// `Date…`.
    Date(Relation),
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`.
    Ip,
    /// `ArnEquals` and `ArnLike` (IAM documents them as the same comparison).
    Arn,
    /// `Null`.
    Null,
}

impl Comparison {
    /// Policy variables are substituted only for string and ARN operators (IAM User Guide,
    /// "Where you can use policy variables").
    pub(crate) fn takes_variables(self) -> bool {
        matches!(
            self,
            Comparison::StringEquals
                | Comparison::StringEqualsIgnoreCase
                | Comparison::StringLike
                | Comparison::Arn
        )
    }
}

/// A parsed condition operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Operator {
    /// `ForAnyValue:` / `ForAllValues:` / none.
    pub(crate) set: SetQualifier,
    /// The base operator's canonical name, e.g. `StringNotLike`.
    pub(crate) base: &'static str,
    /// The positive comparison.
    pub(crate) comparison: Comparison,
    /// `…Not…` operators: the request value must match none of the policy values.
    pub(crate) negated: bool,
    /// The `IfExists` suffix.
    pub(crate) if_exists: bool,
}

/// Every base operator IAM documents: (name, comparison, negated).
const BASES: &[(&str, Comparison, bool)] = &[
    ("StringEquals", Comparison::StringEquals, false),
    ("StringNotEquals", Comparison::StringEquals, true),
    (
        "StringEqualsIgnoreCase",
        Comparison::StringEqualsIgnoreCase,
        false,
    ),
    (
        "StringNotEqualsIgnoreCase",
        Comparison::StringEqualsIgnoreCase,
        true,
    ),
    ("StringLike", Comparison::StringLike, false),
    ("StringNotLike", Comparison::StringLike, true),
    ("NumericEquals", Comparison::Numeric(Relation::Equal), false),
    (
        "NumericNotEquals",
        Comparison::Numeric(Relation::Equal),
        true,
    ),
    (
        "NumericLessThan",
        Comparison::Numeric(Relation::Less),
        false,
    ),
    (
        "NumericLessThanEquals",
        Comparison::Numeric(Relation::LessOrEqual),
        false,
    ),
    (
        "NumericGreaterThan",
        Comparison::Numeric(Relation::Greater),
        false,
    ),
    (
        "NumericGreaterThanEquals",
        Comparison::Numeric(Relation::GreaterOrEqual),
        false,
    ),
    ("DateEquals", Comparison::Date(Relation::Equal), false),
    ("DateNotEquals", Comparison::Date(Relation::Equal), true),
    ("DateLessThan", Comparison::Date(Relation::Less), false),
    (
        "DateLessThanEquals",
        Comparison::Date(Relation::LessOrEqual),
        false,
    ),
    (
        "DateGreaterThan",
        Comparison::Date(Relation::Greater),
        false,
    ),
    (
        "DateGreaterThanEquals",
        Comparison::Date(Relation::GreaterOrEqual),
        false,
    ),
    ("Bool", Comparison::Bool, false),
    ("BinaryEquals", Comparison::Binary, false),
    ("IpAddress", Comparison::Ip, false),
    ("NotIpAddress", Comparison::Ip, true),
    ("ArnEquals", Comparison::Arn, false),
    ("ArnLike", Comparison::Arn, false),
    ("ArnNotEquals", Comparison::Arn, true),
    ("ArnNotLike", Comparison::Arn, true),
    ("Null", Comparison::Null, false),
];

/// Parse an operator name. The error is our explanation (the AWS text is "Syntax errors in
/// policy.").
// ASSUMED: IAM refuses an unknown operator with "Syntax errors in policy." (undocumented).
// ASSUMED: operator names and the set prefixes are matched ignoring ASCII case. IAM does not
// document the case rule; being lenient cannot change a verdict, because STS only evaluates
// policies IAM accepted.
pub(crate) fn parse_operator(name: &str) -> Result<Operator, String> {
    let (set, rest) = if let Some(rest) = strip_prefix_ignore_case(name, "ForAnyValue:") {
        (SetQualifier::ForAnyValue, rest)
    } else if let Some(rest) = strip_prefix_ignore_case(name, "ForAllValues:") {
        (SetQualifier::ForAllValues, rest)
    } else {
        (SetQualifier::Plain, name)
    };
    let (if_exists, base_text) = match strip_suffix_ignore_case(rest, "IfExists") {
        Some(base) => (true, base),
        None => (false, rest),
    };
    let Some(&(base, comparison, negated)) = BASES
        .iter()
        .find(|(known, _, _)| known.eq_ignore_ascii_case(base_text))
    else {
        return Err(format!(
            "unknown condition operator `{name}`{}",
            suggestion(base_text)
        ));
    };
    if comparison == Comparison::Null && if_exists {
        return Err(format!(
            "`{name}`: `Null` cannot take the `IfExists` suffix"
        ));
    }
    // ASSUMED: IAM refuses a set qualifier on `Null` (it tests the key's presence, not its
    // values); undocumented.
    if comparison == Comparison::Null && set != SetQualifier::Plain {
        return Err(format!(
            "`{name}`: `Null` cannot take `ForAnyValue:` or `ForAllValues:`"
        ));
    }
    Ok(Operator {
        set,
        base,
        comparison,
        negated,
        if_exists,
    })
}

/// A hint for a misspelt operator: the known name that differs only by a trailing `s` or by
/// case.
fn suggestion(base_text: &str) -> String {
    let close = BASES.iter().map(|(known, _, _)| *known).find(|known| {
        let plural = format!("{base_text}s");
        known.eq_ignore_ascii_case(&plural) || format!("{known}s").eq_ignore_ascii_case(base_text)
    });
    match close {
        Some(known) => format!("; did you mean `{known}`?"),
        None => String::new(),
    }
}

/// `text` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

/// `text` without `suffix`, compared ignoring ASCII case.
fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    if tail.eq_ignore_ascii_case(suffix) {
        text.get(..cut)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_names() {
        // (name, Ok((set, base, negated, if_exists)) or Err(substring of the detail))
        type Want = Result<(SetQualifier, &'static str, bool, bool), &'static str>;
        let rows: &[(&str, Want)] = &[
            (
                "StringEquals",
                Ok((SetQualifier::Plain, "StringEquals", false, false)),
            ),
            (
                "StringNotLike",
                Ok((SetQualifier::Plain, "StringNotLike", true, false)),
            ),
            (
                "ForAnyValue:StringLikeIfExists",
                Ok((SetQualifier::ForAnyValue, "StringLike", false, true)),
            ),
            (
                "ForAllValues:StringNotEquals",
                Ok((SetQualifier::ForAllValues, "StringNotEquals", true, false)),
            ),
            (
                "stringlike",
                Ok((SetQualifier::Plain, "StringLike", false, false)),
            ),
            (
                "NotIpAddressIfExists",
                Ok((SetQualifier::Plain, "NotIpAddress", true, true)),
            ),
            (
                "ArnNotEquals",
                Ok((SetQualifier::Plain, "ArnNotEquals", true, false)),
            ),
            (
                "DateGreaterThanEquals",
                Ok((SetQualifier::Plain, "DateGreaterThanEquals", false, false)),
            ),
            ("Null", Ok((SetQualifier::Plain, "Null", false, false))),
            ("NullIfExists", Err("cannot take the `IfExists` suffix")),
            ("ForAllValues:Null", Err("cannot take `ForAnyValue:`")),
            ("StringEqual", Err("did you mean `StringEquals`?")),
            ("StringEqualss", Err("did you mean `StringEquals`?")),
            ("Foo", Err("unknown condition operator `Foo`")),
            ("ForAnyValue:", Err("unknown condition operator")),
            ("IfExists", Err("unknown condition operator")),
        ];
        for (name, want) in rows {
            let got = parse_operator(name);
            match (got, want) {
                (Ok(op), Ok((set, base, negated, if_exists))) => {
                    assert_eq!(
                        (op.set, op.base, op.negated, op.if_exists),
                        (*set, *base, *negated, *if_exists),
                        "{name}"
                    );
                }
                (Err(detail), Err(part)) => assert!(detail.contains(part), "{name}: {detail}"),
                (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
            }
        }
    }
}

//! The policy reader that skips the JSON tree (`src/engine/policy/direct.rs`) must agree with
//! the full parser: the same document (with the same pointers for the lint) for every policy it
//! reads, and, by leaving them to the full parser, the same error for every policy it refuses.
//! `parse_policy_text` tries the direct reader first; `parse_policy` on a parsed `Value` never
//! does, so comparing the two on the same text compares the readers.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;
use stsplay::engine::policy::{PolicyKind, parse_policy, parse_policy_text};

/// Both readers on `text`, for both kinds of policy.
fn assert_same(text: &str) {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        // Not JSON: only the full parser's error path can answer.
        return;
    };
    for kind in [PolicyKind::Trust, PolicyKind::Session] {
        assert_eq!(
            parse_policy_text(text, kind),
            parse_policy(&value, kind),
            "{kind:?}: {text}"
        );
    }
}

/// Every object with a `Statement` member, anywhere in `value`.
fn policies(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(members) => {
            if members.contains_key("Statement") {
                out.push(value.clone());
            }
            members.values().for_each(|member| policies(member, out));
        }
        Value::Array(items) => items.iter().for_each(|item| policies(item, out)),
        Value::String(text) if text.contains("Statement") => {
            if let Ok(inner) = serde_json::from_str::<Value>(text) {
                policies(&inner, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_policy_in_the_fixtures_reads_the_same_both_ways() {
    let files = support::json_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"));
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            policies(&value, &mut found);
        }
    }
    assert!(found.len() > 100, "only {} policies found", found.len());
    for policy in &found {
        assert_same(&policy.to_string());
        assert_same(&serde_json::to_string_pretty(policy).unwrap());
    }
}

/// Texts where a reader that ignored JSON's duplicate members (the last one wins, in the first
/// one's place) would differ from the tree.
#[test]
fn duplicate_members_read_the_same_both_ways() {
    let statement = |condition: &str| {
        format!(
            r#"{{"Statement": {{"Effect": "Allow", "Principal": "*", "Action": "*", "Condition": {condition}}}}}"#
        )
    };
    for condition in [
        r#"{"StringLike": {}, "Bool": {"k": "true"}, "StringLike": {"s": "x"}}"#,
        r#"{"StringLike": {"s": "x"}, "Bool": {"k": "true"}, "StringLike": {}}"#,
        r#"{"StringLike": {"s": "x"}, "StringLike": {"t": "y"}}"#,
        r#"{"StringLike": {"s": "x", "t": "y", "s": ["z"]}}"#,
        r#"{"StringLike": {"s": "x"}, "Bool": {}}"#,
    ] {
        assert_same(&statement(condition));
    }
    assert_same(
        r#"{"Statement": {"Effect": "Allow", "Effect": "Deny", "Principal": "*", "Action": "*"}}"#,
    );
    assert_same(
        r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "*", "Federated": "a", "AWS": ["b"]}, "Action": "*"}}"#,
    );
    assert_same(
        r#"{"Statement": [], "Statement": {"Effect": "Allow", "Principal": "*", "Action": "*"}}"#,
    );
}

/// Statement members as text: the usual ones, and every way of getting one wrong that the
/// direct reader must leave to the full parser (wrong types, empty lists, a member twice, …).
const MEMBERS: &[&str] = &[
    r#""Sid": "Deploy""#,
    r#""Sid": """#,
    r#""Sid": 1"#,
    r#""Sid": null"#,
    r#""Effect": "Allow""#,
    r#""Effect": "Deny""#,
    r#""Effect": "allow""#,
    r#""Principal": "*""#,
    r#""Principal": "arn:aws:iam::1:oidc-provider/x""#,
    r#""Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}"#,
    r#""Principal": {"Federated": ["accounts.google.com", "cognito-identity.amazonaws.com"]}"#,
    r#""Principal": {"Federated": ["a"], "AWS": "*"}"#,
    r#""Principal": {"Federated": []}"#,
    r#""Principal": {"Federated": ""}"#,
    r#""Principal": {"Federated": ["a", 1]}"#,
    r#""Principal": {"Federated": "a", "Federated": "b"}"#,
    r#""Principal": {"federated": "a"}"#,
    r#""Principal": {}"#,
    r#""Principal": null"#,
    r#""NotPrincipal": {"Federated": ["a", "b"]}"#,
    r#""Action": "sts:AssumeRoleWithWebIdentity""#,
    r#""Action": ["sts:*", "sts:TagSession"]"#,
    r#""Action": "*""#,
    r#""Action": "AssumeRoleWithWebIdentity""#,
    r#""Action": [":x"]"#,
    r#""Action": ["sts:a", "sts:b:c"]"#,
    r#""Action": []"#,
    r#""Action": {}"#,
    r#""NotAction": "sts:TagSession""#,
    r#""Resource": "*""#,
    r#""NotResource": ["arn:aws:s3:::bucket/*"]"#,
    r#""Resource": []"#,
    r#""Conditions": {}"#,
    r#""Condition": []"#,
    r#""Condition": null"#,
    r#""Condition": {}"#,
];

const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringLike",
    "StringNotLike",
    "ForAllValues:StringEquals",
    "ForAnyValue:StringLike",
    "stringequals",
    "NumericLessThan",
    "Bool",
    "Null",
    "NullIfExists",
    "StringEqual",
    "Arn\\u004cike",
];

const KEYS: &[&str] = &[
    "token.actions.githubusercontent.com:sub",
    "token.actions.githubusercontent.com:aud",
    "a/b~c",
    "aws:Tag\\u004beys",
    "",
];

const VALUES: &[&str] = &[
    r#""repo:octo-org/octo-repo:*""#,
    r#""sts.amazonaws.com""#,
    r#""caf\u00e9 \"quoted\"""#,
    r#"["a", "b"]"#,
    r#"["only"]"#,
    "1",
    "-2.5e3",
    "0.1",
    "18446744073709551615",
    "-9223372036854775808",
    "1e400",
    "true",
    r#"[1, false, "x", 2.0]"#,
    "[]",
    "null",
    r#"[["x"]]"#,
    "{}",
];

fn arb_condition() -> impl Strategy<Value = String> {
    let entry = (prop::sample::select(KEYS), prop::sample::select(VALUES))
        .prop_map(|(key, values)| format!(r#""{key}": {values}"#));
    let block = (
        prop::sample::select(OPERATORS),
        prop::collection::vec(entry, 0..3),
    )
        .prop_map(|(operator, entries)| format!(r#""{operator}": {{{}}}"#, entries.join(", ")));
    prop::collection::vec(block, 1..4)
        .prop_map(|blocks| format!(r#""Condition": {{{}}}"#, blocks.join(", ")))
}

fn arb_statement() -> impl Strategy<Value = String> {
    let usual = Just(vec![
        MEMBERS[4].to_string(),
        MEMBERS[9].to_string(),
        MEMBERS[20].to_string(),
    ]);
    let any_members =
        prop::collection::vec(prop::sample::select(MEMBERS).prop_map(str::to_string), 0..5);
    (
        prop_oneof![usual.clone(), usual, any_members],
        prop::option::of(arb_condition()),
        prop::collection::vec(prop::sample::select(MEMBERS).prop_map(str::to_string), 0..2),
        any::<bool>(),
    )
        .prop_map(|(mut members, condition, extra, shuffle)| {
            members.extend(condition);
            members.extend(extra);
            if shuffle {
                members.reverse();
            }
            format!("{{{}}}", members.join(", "))
        })
}

fn arb_document() -> impl Strategy<Value = String> {
    let version = prop::sample::select(vec![
        r#""Version": "2012-10-17", "#,
        r#""Version": "2008-10-17", "#,
        "",
        r#""Version": "2012-10-18", "#,
        r#""Version": null, "#,
        r#""Version": "2012-10-17", "Id": "x", "#,
        r#""Id": 1, "#,
        r#""Version": "2012-10-17", "Version": "2012-10-17", "#,
        r#""Statements": [], "#,
    ]);
    let body = prop_oneof![
        prop::collection::vec(arb_statement(), 0..4)
            .prop_map(|statements| format!("[{}]", statements.join(",\n  "))),
        arb_statement(),
        Just("\"x\"".to_string()),
        Just("null".to_string()),
    ];
    (version, body, any::<bool>(), any::<bool>()).prop_map(|(version, body, twice, trailing)| {
        let mut text = format!(r#"{{{version}"Statement": {body}"#);
        if twice {
            text.push_str(r#", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "*"}"#);
        }
        text.push('}');
        if trailing {
            text.push_str(" \n");
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, .. ProptestConfig::default() })]

    #[test]
    fn any_policy_text_reads_the_same_both_ways(text in arb_document()) {
        assert_same(&text);
    }
}

//! Properties of the engine on arbitrary and hostile input: it is total (never panics, always
//! nine well-formed steps), deterministic, refuses any altered token, and flips at the
//! documented time boundaries. Plus the bad inputs the engine issue names: garbage, truncated
//! and 10 MB tokens, a 1000-key JWKS, deeply nested JSON, and policies of the wrong types.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod support;

use proptest::prelude::*;
use serde_json::{Value, json};
use stsplay::engine::json_span;
use stsplay::engine::policy::{LintContext, lint};
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use stsplay::engine::verdict::{Answer, Outcome, Part, Span, Status, StepId, Verdict};

fn preset() -> Value {
    let path = support::root().join("tests/fixtures/scenarios/presets/github-actions-main.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const ISS: &str = "https://token.actions.githubusercontent.com";

/// Every verdict has the nine phases in order; a rejection fails exactly the named step and
/// skips everything after it; an acceptance fails nothing. (`Answer` makes a rejection carry its
/// error and an acceptance its result.)
fn assert_well_formed(verdict: &Verdict) {
    let ids: Vec<StepId> = verdict.steps.iter().map(|s| s.id).collect();
    assert_eq!(ids, StepId::ALL.to_vec());
    match &verdict.answer {
        Answer::Accepted(_) => {
            assert!(verdict.steps.iter().all(|s| s.status == Status::Pass));
        }
        Answer::Rejected { failed_step, error } => {
            let failed: Vec<_> = verdict
                .steps
                .iter()
                .filter(|s| s.status == Status::Fail)
                .collect();
            assert_eq!(failed.len(), 1);
            assert_eq!(failed[0].id, *failed_step);
            let at = verdict
                .steps
                .iter()
                .position(|s| s.status == Status::Fail)
                .unwrap();
            assert!(verdict.steps[..at].iter().all(|s| s.status == Status::Pass));
            assert!(
                verdict.steps[at + 1..]
                    .iter()
                    .all(|s| s.status == Status::Skip)
            );
            assert_eq!(error.error_type, "Sender");
            // The code is an `ErrorCode`: its wire strings are checked by the engine's unit tests.
            assert!(!error.message.is_empty());
        }
    }
}

fn run(value: &Value) -> Option<Verdict> {
    let scenario = Scenario::from_value(value).ok()?;
    let verdict = simulate(&scenario);
    assert_well_formed(&verdict);
    assert_eq!(verdict, simulate(&scenario), "not deterministic");
    Some(verdict)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn any_token_string_gets_a_well_formed_verdict(token in ".{0,400}") {
        let mut doc = preset();
        doc["request"]["WebIdentityToken"] = json!(token);
        prop_assert!(run(&doc).is_some());
    }

    #[test]
    fn any_three_segment_token_gets_a_verdict(a in "[A-Za-z0-9_-]{0,80}", b in "[A-Za-z0-9_-]{0,200}", c in "[A-Za-z0-9_-]{0,80}") {
        let mut doc = preset();
        doc["request"]["WebIdentityToken"] = json!(format!("{a}.{b}.{c}"));
        let verdict = run(&doc).unwrap();
        prop_assert_eq!(verdict.outcome(), Outcome::Rejected);
    }

    #[test]
    fn any_jwks_text_gets_a_verdict(jwks in ".{0,300}") {
        let mut doc = preset();
        doc["idps"][ISS]["jwks"] = json!(jwks);
        prop_assert!(run(&doc).is_some());
    }

    #[test]
    fn any_policy_text_gets_a_verdict(policy in ".{0,300}") {
        let mut doc = preset();
        doc["roles"][0]["AssumeRolePolicyDocument"] = json!(policy.clone());
        doc["request"]["Policy"] = json!(policy);
        prop_assert!(run(&doc).is_some());
    }

    #[test]
    fn any_scenario_text_is_a_verdict_or_a_path_error(text in ".{0,400}") {
        match Scenario::from_json(&text) {
            Ok(scenario) => assert_well_formed(&simulate(&scenario)),
            Err(err) => prop_assert!(!err.message.is_empty()),
        }
    }

    #[test]
    fn any_json_in_any_member_is_a_verdict_or_a_path_error(
        member in prop::sample::select(vec!["now", "account", "providers", "roles", "idps", "request"]),
        value in arb_json(),
    ) {
        let mut doc = preset();
        doc[member] = value;
        match Scenario::from_value(&doc) {
            Ok(scenario) => assert_well_formed(&simulate(&scenario)),
            Err(err) => prop_assert!(err.path.starts_with(&format!("/{member}")) || err.path.is_empty(), "{}", err.in_scenario()),
        }
    }

    #[test]
    fn any_altered_signature_byte_is_refused(position in 0usize..342, replacement in "[A-Za-z0-9_-]") {
        let mut doc = preset();
        let token = doc["request"]["WebIdentityToken"].as_str().unwrap().to_string();
        let signature_start = token.rfind('.').unwrap() + 1;
        let mut bytes = token.into_bytes();
        let index = signature_start + position % (bytes.len() - signature_start);
        let replacement = replacement.as_bytes()[0];
        prop_assume!(bytes[index] != replacement);
        bytes[index] = replacement;
        doc["request"]["WebIdentityToken"] = json!(String::from_utf8(bytes).unwrap());
        let verdict = run(&doc).unwrap();
        prop_assert_eq!(verdict.outcome(), Outcome::Rejected);
        prop_assert!(matches!(verdict.failed_step(), Some(StepId::Signature | StepId::Token)));
    }

    #[test]
    fn acceptance_depends_on_the_clock_only_through_exp_nbf_and_iat(now in 1_795_339_000i64..1_795_344_000) {
        // The preset: nbf 09:49:00Z (1795340940), iat 09:59:00Z (1795341540), exp 10:04:00Z (1795341840).
        let mut doc = preset();
        doc["now"] = json!(now);
        let verdict = run(&doc).unwrap();
        let inside = (1_795_341_540 - 300..1_795_341_840 + 300).contains(&now);
        prop_assert_eq!(verdict.outcome() == Outcome::Accepted, inside);
        if !inside {
            prop_assert_eq!(verdict.failed_step(), Some(StepId::Claims));
        }
    }
}

/// A span lies inside `text`, on character boundaries, in order.
fn assert_span_inside(text: &str, span: &Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    assert!((span.line, span.column) <= (span.end_line, span.end_column));
}

/// Trust policies assembled from the pieces the lint rules look at, including wrong ones.
fn arb_policy() -> impl Strategy<Value = Value> {
    let principal = prop::sample::select(vec![
        json!({"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}),
        json!({"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/acme"}),
        json!({"Federated": ["accounts.google.com", "cognito-identity.amazonaws.com"]}),
        json!({"AWS": "*"}),
        json!("*"),
    ]);
    let action = prop::sample::select(vec![
        json!("sts:AssumeRoleWithWebIdentity"),
        json!("sts:AssumeRole"),
        json!(["sts:*", "sts:TagSession"]),
    ]);
    let operator = prop::sample::select(vec![
        "StringEquals",
        "StringLike",
        "StringNotLike",
        "ForAllValues:StringEquals",
        "ForAnyValue:StringLike",
        "StringEqualsIgnoreCase",
        "StringLikes",
        "Null",
        "NullIfExists",
    ]);
    let key = prop::sample::select(vec![
        "token.actions.githubusercontent.com:sub",
        "token.actions.githubusercontent.com:aud",
        "token.actions.githubusercontent.com:job_workflow_ref",
        "token.actions.githubusercontent.co:sub",
        "token.actions.githubusercontent.com/acme:sub",
        "accounts.google.com:aud",
        "aws:TagKeys",
    ]);
    let value = "(repo:|\\*|Octo-Org|octo-org|@65|/|:|ref:refs/heads/|pull_request|\\$\\{aws:username\\}|é|\\?){0,8}";
    let condition =
        prop::collection::vec((operator, key, prop::collection::vec(value, 1..3)), 0..4);
    let statement = (
        prop::sample::select(vec!["Allow", "Deny", "allow"]),
        principal,
        action,
        condition,
        any::<bool>(),
    )
        .prop_map(|(effect, principal, action, conditions, resource)| {
            let mut statement = json!({"Effect": effect, "Principal": principal, "Action": action});
            for (operator, key, values) in conditions {
                statement["Condition"][operator][key] = json!(values);
            }
            if resource {
                statement["Resource"] = json!("*");
            }
            statement
        });
    prop::collection::vec(statement, 1..3)
        .prop_map(|statements| json!({"Version": "2012-10-17", "Statement": statements}))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn lint_spans_point_inside_the_policy_text_whatever_its_form(
        policy in arb_policy(),
        pretty in any::<bool>(),
        owner in prop::sample::select(vec!["octo-org", "Octo-Org"]),
    ) {
        let context = LintContext {
            providers: vec!["token.actions.githubusercontent.com".into()],
            token_claims: json!({"iss": ISS, "repository_owner": owner, "sub": "repo:octo-org@65/octo-repo@74:ref:refs/heads/main"})
                .as_object().cloned().unwrap(),
        };
        let text = if pretty { serde_json::to_string_pretty(&policy).unwrap() } else { policy.to_string() };
        let prefix = "/roles/0/AssumeRolePolicyDocument";
        let from_text = lint(&Value::String(text.clone()), prefix, &context);
        let from_object = lint(&policy, prefix, &context);
        // The same findings either way; only the text form has spans.
        let strip = |f: &stsplay::engine::verdict::Finding| (f.code.clone(), f.path.clone(), f.message.clone());
        prop_assert_eq!(from_text.iter().map(strip).collect::<Vec<_>>(), from_object.iter().map(strip).collect::<Vec<_>>());
        for (finding, same) in from_text.iter().zip(&from_object) {
            prop_assert!(finding.path.starts_with(prefix));
            prop_assert!(!finding.message.is_empty() && !finding.help.is_empty());
            let span = finding.span.unwrap_or_else(|| panic!("no span: {finding:?}"));
            assert_span_inside(&text, &span);
            prop_assert_eq!(same.locate(&text, prefix), Some(span));
        }
    }

    #[test]
    fn locating_in_any_text_never_panics(text in ".{0,200}", pointer in "(/[a-z0-9~]{0,3}){0,4}") {
        for part in [Part::Name, Part::Value] {
            if let Some(span) = json_span::locate(&text, &pointer, part) {
                assert_span_inside(&text, &span);
            }
        }
    }

    #[test]
    fn locating_in_any_json_finds_what_the_pointer_names(value in arb_json(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value).unwrap() } else { value.to_string() };
        let mut pointers = vec![String::new()];
        let mut stack = vec![(String::new(), &value)];
        while let Some((at, node)) = stack.pop() {
            let children: Vec<(String, &Value)> = match node {
                Value::Array(items) => items.iter().enumerate().map(|(i, v)| (format!("{at}/{i}"), v)).collect(),
                Value::Object(members) => members.iter().map(|(k, v)| (format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), v)).collect(),
                _ => Vec::new(),
            };
            for (child, v) in children {
                pointers.push(child.clone());
                stack.push((child, v));
            }
        }
        for pointer in pointers {
            let span = json_span::locate(&text, &pointer, Part::Value).unwrap_or_else(|| panic!("{pointer} in {text}"));
            let found: Value = serde_json::from_str(text.get(span.start..span.end).unwrap()).unwrap();
            // Both through the same text round trip (serde_json may round the last digit of a float).
            let wanted: Value = serde_json::from_str(&value.pointer(&pointer).unwrap().to_string()).unwrap();
            prop_assert_eq!(found, wanted);
        }
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[A-Za-z]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn a_ten_megabyte_token_is_a_validation_error() {
    let mut doc = preset();
    doc["request"]["WebIdentityToken"] = json!("a".repeat(10 * 1024 * 1024));
    let verdict = run(&doc).unwrap();
    assert_eq!(verdict.failed_step(), Some(StepId::Request));
    assert_eq!(
        verdict.error().unwrap().message,
        "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to 20000"
    );
}

#[test]
fn a_truncated_token_is_not_a_jwt() {
    let mut doc = preset();
    let token = doc["request"]["WebIdentityToken"]
        .as_str()
        .unwrap()
        .to_string();
    for cut in [10, token.len() / 2, token.rfind('.').unwrap()] {
        doc["request"]["WebIdentityToken"] = json!(&token[..cut]);
        let verdict = run(&doc).unwrap();
        assert_eq!(verdict.outcome(), Outcome::Rejected, "cut at {cut}");
    }
}

/// STS is reported to find no key in a JWKS of more than 100 keys (README, "Fidelity"), so a
/// thousand-key JWKS is refused, before any key in it is read.
#[test]
fn a_thousand_key_jwks_is_refused() {
    let mut doc = preset();
    let real = doc["idps"][ISS]["jwks"]["keys"][0].clone();
    let mut keys: Vec<Value> = (0..999)
        .map(|i| {
            let mut key = real.clone();
            key["kid"] = json!(format!("decoy-{i}"));
            key
        })
        .collect();
    keys.push(real);
    doc["idps"][ISS]["jwks"] = json!({ "keys": keys });
    let verdict = run(&doc).unwrap();
    assert_eq!(verdict.outcome(), Outcome::Rejected);
    assert_eq!(verdict.failed_step(), Some(StepId::Signature));
    // Without the cap, the right key (the last) would have been found.
    let mut keys = doc["idps"][ISS]["jwks"]["keys"].as_array().unwrap().clone();
    keys.drain(..900);
    doc["idps"][ISS]["jwks"] = json!({ "keys": keys });
    assert_eq!(run(&doc).unwrap().outcome(), Outcome::Accepted);
}

#[test]
fn deeply_nested_json_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = Scenario::from_json(&deep).unwrap_err();
    assert!(
        err.message.contains("not valid JSON"),
        "{}",
        err.in_scenario()
    );

    let mut doc = preset();
    doc["roles"][0]["AssumeRolePolicyDocument"] = json!(deep.clone());
    doc["idps"][ISS]["jwks"] = json!(deep.clone());
    let verdict = run(&doc).unwrap();
    assert_eq!(verdict.outcome(), Outcome::Rejected);

    use base64::Engine as _;
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&deep);
    doc["request"]["WebIdentityToken"] = json!(format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln"));
    let verdict = run(&doc).unwrap();
    assert_eq!(verdict.failed_step(), Some(StepId::Request));
}

#[test]
fn policies_of_the_wrong_types_are_malformed_policy_documents() {
    for statement in [
        json!(42),
        json!("Allow"),
        json!([{"Effect": 1}]),
        json!([{"Effect": "Allow", "Principal": 7, "Action": "sts:*"}]),
        json!([{"Effect": "Allow", "Principal": "*", "Action": [["x"]]}]),
        json!([{"Effect": "Allow", "Principal": "*", "Action": "sts:*", "Condition": "yes"}]),
    ] {
        let mut doc = preset();
        doc["roles"][0]["AssumeRolePolicyDocument"] =
            json!({"Version": "2012-10-17", "Statement": statement});
        let verdict = run(&doc).unwrap();
        assert_eq!(
            verdict.failed_step(),
            Some(StepId::TrustPolicy),
            "{statement}"
        );
        assert_eq!(
            verdict.error().unwrap().code.as_str(),
            "MalformedPolicyDocument",
            "{statement}"
        );
    }
}

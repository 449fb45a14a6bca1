//! Writing test files, for the playground's "Test cases" panel: the workspace's scenario becomes
//! the setup, and each case pins what STS does with one set of claims.

use super::file::{SCENARIO_MEMBERS, TestFile};
use super::run::{CaseResult, run_file};
use super::{FORMAT_MEMBER, FORMAT_VERSION};
use crate::engine::clock::Epoch;
use crate::engine::json::InputError;
use crate::engine::verdict::{Answer, Verdict};
use crate::signing::SigningKey;
use serde_json::{Map, Value, json};

/// A test file whose setup is `scenario` (without its token: every case brings its own claims)
/// and whose cases are `cases`, in order.
pub fn test_file(scenario: &Value, cases: &[Value]) -> Value {
    let mut file = Map::new();
    file.insert(FORMAT_MEMBER.into(), FORMAT_VERSION.into());
    file.insert(
        "name".into(),
        "Trust policy tests written in the stsplay playground".into(),
    );
    if let Value::Object(members) = scenario {
        for name in SCENARIO_MEMBERS {
            let Some(value) = members.get(name) else {
                continue;
            };
            let mut value = value.clone();
            if name == "request"
                && let Value::Object(request) = &mut value
            {
                request.remove("WebIdentityToken");
            }
            file.insert(name.into(), value);
        }
    }
    file.insert("cases".into(), Value::Array(cases.to_vec()));
    Value::Object(file)
}

/// What a case expects when it pins `verdict`: the outcome, and on a rejection the AWS error
/// code too.
pub fn expectation_of(verdict: &Verdict) -> Value {
    match &verdict.answer {
        Answer::Rejected { error, .. } => json!({"outcome": "rejected", "code": error.code}),
        Answer::Accepted(_) => json!({"outcome": "accepted"}),
    }
}

/// Complete `case` (a case object with its `name` and `claims` or `github`, without `expect`) with
/// the expectation that pins what STS does with it today against `scenario` at `now`.
pub fn pin_case(
    scenario: &Value,
    mut case: Map<String, Value>,
    now: Epoch,
    key: &SigningKey,
) -> Result<Value, InputError> {
    case.insert("expect".into(), json!({"outcome": "accepted"}));
    let file = TestFile::from_value(&test_file(scenario, &[Value::Object(case.clone())]))?;
    let verdict = match run_file(&file, now, key).into_iter().next() {
        Some((_, CaseResult::Ran { verdict, .. })) => verdict,
        Some((_, CaseResult::Unusable(err))) => return Err(err),
        None => return Err(InputError::new("/cases", "no case to run")),
    };
    case.insert("expect".into(), expectation_of(&verdict));
    Ok(Value::Object(case))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preset() -> Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/scenarios/presets/github-actions-main.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut scenario: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut scenario {
            for name in ["mint", "expect", "name", "description"] {
                map.remove(name);
            }
        }
        scenario
    }

    fn case(name: &str, member: &str, value: Value) -> Map<String, Value> {
        let mut case = Map::new();
        case.insert("name".into(), name.into());
        case.insert(member.into(), value);
        case
    }

    #[test]
    fn pinned_cases_expect_what_sts_does_and_the_file_runs_green() {
        let scenario = preset();
        let now = 1_795_341_600;
        let Ok(key) = SigningKey::generate_p256() else {
            unreachable!("getrandom works natively")
        };
        let main = json!({"owner": "octo-org", "owner_id": "65", "repository": "octo-repo", "repository_id": "74"});
        let mut pull_request = main.clone();
        pull_request["event"] = "pull_request".into();
        let cases: Vec<Value> = [
            case("main", "github", main),
            case("pull request", "github", pull_request),
            case(
                "no claims",
                "claims",
                json!({"iss": "https://token.actions.githubusercontent.com"}),
            ),
        ]
        .into_iter()
        .map(|c| pin_case(&scenario, c, now, &key).unwrap_or(Value::Null))
        .collect();
        assert_eq!(cases[0]["expect"], json!({"outcome": "accepted"}));
        assert_eq!(
            cases[1]["expect"],
            json!({"outcome": "rejected", "code": "AccessDenied"})
        );
        assert_eq!(cases[2]["expect"]["outcome"], "rejected");

        let file = test_file(&scenario, &cases);
        assert!(file["request"].get("WebIdentityToken").is_none());
        assert_eq!(file["cases"].as_array().map(Vec::len), Some(3));
        let Ok(file) = TestFile::from_value(&file) else {
            unreachable!("a composed file is a test file")
        };
        let results = run_file(&file, now, &key);
        assert!(results.iter().all(|(_, r)| r.passed()), "{results:?}");
    }

    #[test]
    fn a_bad_case_is_an_error_with_its_path() {
        let Ok(key) = SigningKey::generate_p256() else {
            unreachable!("getrandom works natively")
        };
        let bad = case("bad", "github", json!({"owner": "octo-org"}));
        let Err(err) = pin_case(&preset(), bad, 1_795_341_600, &key) else {
            unreachable!("owner_id is required")
        };
        assert!(err.path.starts_with("/cases/0/github"), "{err:?}");
    }
}

//! "Redact before sharing" keeps STS's answer: for every preset, with random claim values and
//! trust-policy conditions written against them, the redacted scenario gives the same outcome,
//! AWS code, failed step and step statuses as the original, and no identifying part is left.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use serde_json::{Map, Value, json};
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use stsplay::redact::{REDACTED_CLAIMS, redact_scenario};
use stsplay::signing::SigningKey;
use support::{TestKey, json_files, key, mint, root};

/// The throwaway key, fixed for the test (the playground makes a fresh one per link).
fn throwaway() -> SigningKey {
    match key("ec-p256") {
        TestKey::P256(k) => SigningKey::P256(k),
        _ => unreachable!(),
    }
}

fn presets() -> Vec<(String, Value)> {
    json_files(&root().join("tests/fixtures/scenarios/presets"))
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (
                path.file_stem().unwrap().to_string_lossy().to_string(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect()
}

/// What a user compares: outcome, AWS code, failed step, and each step's status.
fn answer(doc: &Value) -> (String, String, String, Vec<String>) {
    let verdict = simulate(&Scenario::from_value(doc).unwrap());
    let value = serde_json::to_value(&verdict).unwrap();
    (
        value["outcome"].to_string(),
        value["error"]["Code"].to_string(),
        value["failed_step"].to_string(),
        value["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| format!("{}={}", s["id"], s["status"]))
            .collect(),
    )
}

/// The preset's token with `claims`, signed as the fixture was: with its own key and header, or,
/// for a tampered token, with the original signature kept.
fn token_for(preset: &Value, claims: &Map<String, Value>) -> String {
    let token = preset["request"]["WebIdentityToken"].as_str().unwrap();
    let segments: Vec<&str> = token.split('.').collect();
    let payload = URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string());
    if preset["mint"].get("tamper_claims").is_some() {
        return format!("{}.{payload}.{}", segments[0], segments[2]);
    }
    let header: Map<String, Value> =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segments[0]).unwrap()).unwrap();
    let alg = header["alg"].as_str().unwrap().to_string();
    let signing_key = key(preset["mint"]["key"].as_str().unwrap());
    mint(&signing_key, &alg, &header, &Value::Object(claims.clone()))
}

fn claims_of(doc: &Value) -> Map<String, Value> {
    let token = doc["request"]["WebIdentityToken"].as_str().unwrap();
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// Every string of a document, the token's claims included instead of the token.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => {
            if text.matches('.').count() == 2 && text.len() > 100 {
                return; // the token: its claims are checked decoded
            }
            out.push(text.clone());
        }
        Value::Array(items) => items.iter().for_each(|item| strings(item, out)),
        Value::Object(map) => map.values().for_each(|item| strings(item, out)),
        _ => {}
    }
}

/// Random identities: parts with a `-` inside (never one of GitHub's fixed words), ids of digits.
#[derive(Clone, Debug)]
struct Identity {
    owner: String,
    repo: String,
    branch: String,
    actor: String,
    env: String,
    ids: Vec<String>,
    subject: String,
    form: usize,
    /// How each policy value is rewritten: 0 keep, 1 exact, 2 prefix + `*`, 3 one part `*`,
    /// 4 owner in upper case, 5 another identity.
    edits: Vec<(u8, usize)>,
}

fn word() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,5}-[a-zA-Z0-9]{1,5}"
}

fn identity() -> impl Strategy<Value = Identity> {
    (
        (word(), word(), word(), word()),
        (
            word(),
            "[1-9][0-9]{1,9}",
            "[1-9][0-9]{1,9}",
            "[1-9][0-9]{1,9}",
        ),
        (
            "[a-z0-9-]{2,6}(:[a-z0-9-]{2,6}){0,2}(/[a-z0-9-]{2,6}){0,2}",
            0..3usize,
        ),
        prop::collection::vec((0u8..6, 0usize..8), 4),
    )
        .prop_map(
            |((owner, repo, b1, actor), (env, i1, i2, i3), (subject, form), edits)| Identity {
                branch: format!("{b1}/{}", b1.len()),
                owner,
                repo,
                actor,
                env,
                ids: vec![i1, i2, i3],
                subject: format!("{subject}:u-{}", form),
                form,
                edits,
            },
        )
}

impl Identity {
    /// The preset's claims with this identity.
    fn claims(&self, original: &Map<String, Value>) -> Map<String, Value> {
        let mut claims = original.clone();
        let github = original.contains_key("repository");
        let (owner, repo, branch) = (&self.owner, &self.repo, &self.branch);
        let mut put = |name: &str, value: String| {
            if claims.contains_key(name) {
                claims.insert(name.to_string(), Value::String(value));
            }
        };
        if github {
            put("repository_owner", owner.clone());
            put("repository", format!("{owner}/{repo}"));
            put("actor", self.actor.clone());
            put("repository_owner_id", self.ids[0].clone());
            put("repository_id", self.ids[1].clone());
            put("actor_id", self.ids[2].clone());
            put("ref", format!("refs/heads/{branch}"));
            put(
                "job_workflow_ref",
                format!("{owner}/{repo}/.github/workflows/ci-x.yml@refs/heads/{branch}"),
            );
            put(
                "workflow_ref",
                format!("{owner}/{repo}/.github/workflows/ci-x.yml@refs/heads/{branch}"),
            );
            let sub = match self.form {
                0 => format!("repo:{owner}/{repo}:ref:refs/heads/{branch}"),
                1 => format!("repo:{owner}/{repo}:pull_request"),
                _ => format!("repo:{owner}/{repo}:environment:{}", self.env),
            };
            put("environment", self.env.clone());
            put("sub", sub);
        } else {
            put("sub", self.subject.clone());
            put("email", format!("{}@{}.example", self.actor, self.owner));
        }
        claims
    }

    /// The preset's policies with condition values on redacted claims rewritten against `claims`.
    fn edit_policies(&self, doc: &mut Value, claims: &Map<String, Value>) {
        let mut n = 0;
        for role in doc["roles"].as_array_mut().unwrap() {
            let Some(statements) = role["AssumeRolePolicyDocument"]["Statement"].as_array_mut()
            else {
                continue;
            };
            for statement in statements {
                let Some(operators) = statement
                    .get_mut("Condition")
                    .and_then(Value::as_object_mut)
                else {
                    continue;
                };
                for (operator, keys) in operators.iter_mut() {
                    if !operator.contains("String") {
                        continue;
                    }
                    for (key, value) in keys.as_object_mut().unwrap().iter_mut() {
                        let claim = key.rsplit(':').next().unwrap();
                        let Some(actual) = claims.get(claim).and_then(Value::as_str) else {
                            continue;
                        };
                        if !REDACTED_CLAIMS.contains(&claim) {
                            continue;
                        }
                        let (edit, at) = self.edits[n % self.edits.len()];
                        n += 1;
                        let pieces: Vec<&str> = actual.split_inclusive([':', '/', '@']).collect();
                        let rewritten = match edit {
                            0 => continue,
                            1 => actual.to_string(),
                            2 => {
                                let cut = at % pieces.len();
                                format!("{}*", pieces[..cut].concat())
                            }
                            3 => {
                                // One whole part becomes `*`.
                                let i = at % pieces.len();
                                pieces
                                    .iter()
                                    .enumerate()
                                    .map(|(j, p)| {
                                        if j != i {
                                            p.to_string()
                                        } else {
                                            let sep: String = p
                                                .chars()
                                                .last()
                                                .filter(|c| [':', '/', '@'].contains(c))
                                                .map(String::from)
                                                .unwrap_or_default();
                                            format!("*{sep}")
                                        }
                                    })
                                    .collect()
                            }
                            4 => actual.replace(&self.owner, &self.owner.to_uppercase()),
                            _ => format!("repo:{}/{}:*", self.actor, self.env),
                        };
                        *value = json!(rewritten);
                    }
                }
            }
        }
    }

    /// The identifying parts a redacted document must no longer hold.
    fn secrets(&self, claims: &Map<String, Value>) -> Vec<String> {
        let mut out = vec![
            self.owner.clone(),
            self.repo.clone(),
            self.actor.clone(),
            self.env.clone(),
        ];
        out.extend(self.branch.split('/').map(str::to_string));
        out.extend(self.ids.iter().cloned());
        if !claims.contains_key("repository") {
            out.extend(
                self.subject
                    .split([':', '/'])
                    .filter(|p| p.len() >= 2 && p.contains(|c: char| c.is_ascii_alphabetic()))
                    .map(str::to_string),
            );
        }
        out.retain(|s| s.len() >= 2);
        out
    }
}

proptest! {
    // A fixed seed, so that CI is reproducible; `PROPTEST_RNG_SEED=<n>` explores other inputs.
    // (A random run found `aa--0` taken for an AWS region name and left unredacted.)
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        rng_seed: std::env::var("PROPTEST_RNG_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .map_or(RngSeed::Fixed(20_261_204), RngSeed::Fixed),
        ..ProptestConfig::default()
    })]

    #[test]
    fn redaction_keeps_every_presets_answer(identity in identity()) {
        let key = throwaway();
        for (name, preset) in presets() {
            let original_claims = claims_of(&preset);
            let claims = identity.claims(&original_claims);
            let mut doc = preset.clone();
            doc["request"]["WebIdentityToken"] = json!(token_for(&preset, &claims));
            identity.edit_policies(&mut doc, &claims);

            let redacted = redact_scenario(&doc, &key);
            prop_assert_eq!(answer(&redacted.document), answer(&doc), "{}: {:#?}", name, redacted.report);
            // Whole-part wildcards only: nothing had to be kept for the verdict's sake.
            prop_assert!(
                redacted.report.kept.iter().all(|k| !k.reason.contains("trust policy")),
                "{}: {:?}", name, redacted.report.kept
            );
            // No identifying part is left anywhere, as a whole part.
            let mut texts = Vec::new();
            strings(&redacted.document, &mut texts);
            strings(&Value::Object(claims_of(&redacted.document)), &mut texts);
            // The parts the token carries (the policy may name other, made-up identities).
            let before = Value::Object(claims.clone()).to_string();
            let used: Vec<String> = identity
                .secrets(&claims)
                .into_iter()
                .filter(|s| before.contains(s.as_str()))
                .collect();
            for text in &texts {
                for part in text.split([':', '/', '@']) {
                    prop_assert!(!used.iter().any(|s| s.as_str() == part),
                        "{}: `{}` left in {:?}", name, part, text);
                }
            }
        }
    }
}

fn github_main() -> Value {
    presets()
        .into_iter()
        .find(|(name, _)| name == "github-actions-main")
        .unwrap()
        .1
}

/// The reported bug: `actor_id` "12" and the workflow "deploy" replaced inside the policy's
/// `Version`, the account id and the role ARN, so the link opened as `ValidationError`.
#[test]
fn policy_structure_arns_and_the_account_are_never_touched() {
    let original = github_main();
    let redacted = redact_scenario(&original, &throwaway());
    let doc = &redacted.document;
    let policy = &doc["roles"][0]["AssumeRolePolicyDocument"];
    assert_eq!(policy["Version"], "2012-10-17");
    assert_eq!(policy["Statement"][0]["Effect"], "Allow");
    assert_eq!(
        policy["Statement"][0]["Principal"],
        original["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
    );
    assert_eq!(doc["account"], original["account"]);
    assert_eq!(doc["request"]["RoleArn"], original["request"]["RoleArn"]);
    assert_eq!(
        doc["roles"][0]["RoleName"],
        original["roles"][0]["RoleName"]
    );
    assert_eq!(answer(doc), answer(&original));
    assert!(
        doc.get("mint").is_none(),
        "the minting recipe repeats the claims"
    );

    let claims = claims_of(doc);
    assert_eq!(claims["repository_owner"], "example-org");
    assert_eq!(claims["repository"], "example-org/example-repo");
    assert_eq!(
        claims["sub"],
        "repo:example-org/example-repo:ref:refs/heads/main"
    );
    assert_eq!(claims["aud"], "sts.amazonaws.com", "aud is not redacted");
    assert_eq!(claims["iss"], original_iss(&original));
    let text = doc.to_string() + &Value::Object(claims.clone()).to_string();
    assert!(!text.contains("octo-org") && !text.contains("octocat"));
    // Ids stay digits of the same length.
    let actor_id = claims["actor_id"].as_str().unwrap();
    assert!(actor_id.len() == 2 && actor_id.bytes().all(|b| b.is_ascii_digit()));
    assert_ne!(actor_id, "12");

    // The report names each replacement and where it was made.
    let owner = redacted
        .report
        .replaced
        .iter()
        .find(|r| r.original == "octo-org")
        .unwrap();
    assert_eq!(owner.placeholder, "example-org");
    assert!(owner.claims.contains(&"sub".to_string()));
    assert!(
        owner
            .pointers
            .iter()
            .any(|p| p.starts_with("/roles/0/AssumeRolePolicyDocument/Statement/0/Condition/")),
        "{:?}",
        owner.pointers
    );
}

fn original_iss(doc: &Value) -> Value {
    claims_of(doc)["iss"].clone()
}

/// A failing signature stays failing the same way; a verifying one keeps verifying under the
/// header's own `kid`.
#[test]
fn signatures_keep_their_fate() {
    for (name, preset) in presets() {
        let redacted = redact_scenario(&preset, &throwaway());
        assert_eq!(answer(&redacted.document), answer(&preset), "{name}");
        let header = |doc: &Value| {
            let token = doc["request"]["WebIdentityToken"].as_str().unwrap();
            let h: Value = serde_json::from_slice(
                &URL_SAFE_NO_PAD
                    .decode(token.split('.').next().unwrap())
                    .unwrap(),
            )
            .unwrap();
            h
        };
        assert_eq!(
            header(&redacted.document)["kid"],
            header(&preset)["kid"],
            "{name}"
        );
    }
}

/// A wildcard inside a part (`octo-*`) depends on more than the part's identity: that part is kept,
/// and the report says so, rather than changing the answer.
#[test]
fn a_partial_wildcard_keeps_its_part_and_says_so() {
    let mut doc = github_main();
    doc["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]["StringLike"]["token.actions.githubusercontent.com:sub"] =
        json!("repo:octo-*");
    let redacted = redact_scenario(&doc, &throwaway());
    assert_eq!(answer(&redacted.document), answer(&doc));
    assert_eq!(answer(&doc).0, "\"accepted\"");
    assert!(
        redacted
            .report
            .kept
            .iter()
            .any(|k| k.original == "octo-org" && k.reason.contains("trust policy")),
        "{:?}",
        redacted.report.kept
    );
}

/// Spellings that differ only in case stay so: `StringEqualsIgnoreCase` still matches and
/// `StringEquals` still does not.
#[test]
fn case_variants_stay_case_variants() {
    for (operator, outcome) in [
        ("StringEqualsIgnoreCase", "\"accepted\""),
        ("StringEquals", "\"rejected\""),
    ] {
        let mut doc = github_main();
        doc["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"] = json!({
            operator: {"token.actions.githubusercontent.com:repository": "Octo-Org/octo-repo"}
        });
        let redacted = redact_scenario(&doc, &throwaway());
        assert_eq!(answer(&doc).0, outcome);
        assert_eq!(answer(&redacted.document), answer(&doc), "{operator}");
        assert!(
            !redacted
                .document
                .to_string()
                .to_lowercase()
                .contains("octo-org")
        );
    }
}

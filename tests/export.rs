//! `stsplay export`: every export of every fixture scenario parses with a real parser (HCL with
//! hcl-rs, YAML with serde_norway, shell words with shell-words and bash) and gives back the
//! trust policy exactly; the `aws_iam_policy_document` alternative means the same to the engine;
//! the Mermaid text keeps to the statements we emit and escapes user text; and any JSON object
//! as the trust policy round-trips through every format (a property test). (The Mermaid text is
//! also parsed and rendered by the real Mermaid in tests/e2e/export-mermaid.test.mjs.)

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod support;

use hcl::eval::{Context, Evaluate};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use stsplay::engine::policy::{self, PolicyDocument, PolicyKind, PrincipalValue};
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use stsplay::engine::verdict::{StepId, Verdict};
use stsplay::present::export::{self, Format};
use support::run_stsplay as stsplay;

const SCENARIOS: &str = "tests/fixtures/scenarios";
const MAIN: &str = "tests/fixtures/scenarios/presets/github-actions-main.json";

/// The fixtures whose IAM exports must fail: no role matches RoleArn, or the policy is not JSON.
const NOT_EXPORTABLE: [(&str, &str); 4] = [
    ("provider/role-in-other-account.json", "/request/RoleArn"),
    ("request/invalid-role-arn.json", "/request/RoleArn"),
    ("trust/no-such-role.json", "/request/RoleArn"),
    (
        "trust/policy-not-json.json",
        "/roles/0/AssumeRolePolicyDocument",
    ),
];

// ---------------------------------------------------------------------------------------------
// Inputs

fn fixture_paths(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixture_paths(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
}

/// Every fixture scenario: (path relative to tests/fixtures/scenarios, JSON).
fn fixtures() -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCENARIOS);
    let mut paths = Vec::new();
    fixture_paths(&root, &mut paths);
    paths.sort();
    assert!(paths.len() > 100, "expected the fixture tree at {root:?}");
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            (name, value)
        })
        .collect()
}

fn read_json(path: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn exportable() -> Vec<(String, Value)> {
    fixtures()
        .into_iter()
        .filter(|(name, _)| NOT_EXPORTABLE.iter().all(|(skip, _)| skip != name))
        .collect()
}

fn render(format: Format, scenario: &Value) -> Result<String, String> {
    let scenario = Scenario::from_value(scenario).unwrap();
    let verdict = simulate(&scenario);
    export::render(format, &scenario, &verdict).map_err(|error| error.in_scenario())
}

/// The role RoleArn names, found independently of the exporter (by its last path segment).
fn target_role(scenario: &Value) -> &Value {
    let arn = scenario["request"]["RoleArn"].as_str().unwrap();
    let name = arn.rsplit('/').next().unwrap();
    scenario["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|role| role.get("Role").unwrap_or(role))
        .find(|role| {
            role["RoleName"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .unwrap_or_else(|| panic!("no role named {name}"))
}

/// The trust policy as JSON, decoded here independently: an object, or JSON text, or
/// percent-encoded JSON text.
fn expected_policy(scenario: &Value) -> Value {
    match &target_role(scenario)["AssumeRolePolicyDocument"] {
        Value::String(text) => serde_json::from_str(text).unwrap_or_else(|_| {
            let decoded = percent_encoding::percent_decode_str(text)
                .decode_utf8()
                .unwrap();
            serde_json::from_str(&decoded).unwrap()
        }),
        other => other.clone(),
    }
}

/// A copy of the main preset with its role's trust policy replaced.
fn with_policy(policy: Value) -> Value {
    let mut scenario = read_json(MAIN);
    scenario["roles"][0]["AssumeRolePolicyDocument"] = policy;
    scenario
}

/// The main preset's statement, with extra members merged in.
fn main_statement(extra: Value) -> Value {
    let mut statement =
        read_json(MAIN)["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0].clone();
    for (key, value) in extra.as_object().unwrap() {
        statement[key] = value.clone();
    }
    statement
}

/// Values that break naive quoting in HCL, YAML, shell and Mermaid.
const NASTY: &str = "it's \"quoted\" \\ back\nslash\t${aws:username} %{if} $${x} #;%%{init}%% <b>&amp; é✓\u{2028}\u{85}\u{1}:, @ `$(id)` - [x] {y}";

/// Trust policies that exercise the corners: multiple statements, Deny, NotPrincipal,
/// NotAction, `"Principal": "*"`, several principal types, set operators, numbers, booleans,
/// floats, policy variables and user text with every special character.
fn corner_policies() -> Vec<(&'static str, Value)> {
    let federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    vec![
        (
            "deny-notprincipal-notaction",
            json!({
                "Version": "2012-10-17",
                "Id": "corners",
                "Statement": [
                    main_statement(json!({"Sid": "Allow"})),
                    {
                        "Sid": "DenyOthers",
                        "Effect": "Deny",
                        "NotPrincipal": {"Federated": [federated]},
                        "NotAction": ["sts:TagSession", "sts:SetSourceIdentity"]
                    },
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Condition": {
                            "ForAllValues:StringEquals": {"token.actions.githubusercontent.com:aud": ["nobody", "none"]},
                            "Bool": {"aws:SecureTransport": false},
                            "NumericLessThan": {"aws:EpochTime": [1, 1.5, 1e300, 18446744073709551615_u64]}
                        }
                    }
                ]
            }),
        ),
        (
            "several-principal-types",
            json!({
                "Version": "2012-10-17",
                "Statement": main_statement(json!({
                    "Principal": {"Federated": [federated, "cognito-identity.amazonaws.com"], "AWS": "*"},
                    "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]
                }))
            }),
        ),
        (
            "policy-variables-and-nasty-text",
            json!({
                "Version": "2012-10-17",
                "Statement": [
                    main_statement(json!({"Sid": "Main"})),
                    {
                        "Sid": "Nasty",
                        "Effect": "Deny",
                        "Principal": {"Federated": federated},
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Condition": {
                            "StringEquals": {"token.actions.githubusercontent.com:sub": [NASTY, "${token.actions.githubusercontent.com:actor}"]},
                            "StringLike": {"token.actions.githubusercontent.com:ref": "refs/heads/${aws:username, 'x'}*"}
                        }
                    }
                ]
            }),
        ),
        (
            "yaml-and-hcl-lookalikes",
            with_sub_values(json!([
                "yes",
                "No",
                "on",
                "null",
                "Null",
                "~",
                "true",
                "1.0",
                "0x1F",
                "1e3",
                "2012-10-17",
                "12:30",
                "-",
                "- a",
                "a: b",
                "a:",
                "#x",
                "*",
                "&a",
                "!tag",
                "|",
                ">",
                "@x",
                "`x`",
                "%x",
                "'",
                "\"",
                "",
                " lead",
                "trail ",
                "for",
                "in",
                "if",
                "a\r\nb",
                "\u{feff}x",
                "EOT",
                "<<EOT",
                "{{x}}",
                "$",
                "%",
                "$$",
                "%%{"
            ])),
        ),
        (
            "lookalike-keys",
            json!({"Version": "2012-10-17", "Statement": [main_statement(json!({
                "Condition": {
                    "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"},
                    "StringEqualsIfExists": {
                        "for": "x", "true": "y", "null": "z", "if": "w", "a-b": "v", "_x": "u",
                        "9": "t", "yes": "s", "on": "r", "~": "q", "a b": "p", "": "o"
                    }
                }
            }))]}),
        ),
        (
            "version-2008",
            json!({"Version": "2008-10-17", "Statement": [main_statement(json!({}))]}),
        ),
    ]
}

/// Policies the `aws_iam_policy_document` form cannot state exactly, with the reason's words.
fn policies_without_document_form() -> Vec<(&'static str, Value, &'static str)> {
    vec![
        (
            "ampersand-brace",
            with_sub_values(json!(["repo:octo-org/&{x}"])),
            "`&{`",
        ),
        (
            "no-version-with-variable",
            json!({"Statement": [main_statement(json!({"Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "${x}"}}}))]}),
            "without `Version`",
        ),
        (
            "duplicate-sid",
            json!({"Version": "2012-10-17", "Statement": [main_statement(json!({})), main_statement(json!({}))]}),
            "share the Sid",
        ),
        (
            "resource-prohibited",
            json!({"Version": "2012-10-17", "Statement": [main_statement(json!({"Resource": "*"}))]}),
            "IAM would refuse the policy",
        ),
    ]
}

fn with_sub_values(values: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": [main_statement(json!({
        "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": values}}
    }))]})
}

/// The fixtures plus the corner cases, for the round-trip tests.
fn all_exportable() -> Vec<(String, Value)> {
    let mut all = exportable();
    for (name, policy) in corner_policies() {
        all.push((format!("corner:{name}"), with_policy(policy)));
    }
    for (name, policy, _) in policies_without_document_form() {
        all.push((format!("no-document-form:{name}"), with_policy(policy)));
    }
    all.push(("nasty-names".into(), nasty_names()));
    all.push(("hostile-issuer".into(), hostile_issuer()));
    all
}

/// A role path, provider URL and request values full of special characters. (The role name is
/// limited to IAM's characters, or RoleArn could not name it.)
fn nasty_names() -> Value {
    let mut scenario = read_json(MAIN);
    scenario["roles"][0]["RoleName"] = json!("de+ploy=,.@-_1");
    scenario["roles"][0]["Path"] = json!("/it's/a \"path\"/");
    scenario["request"]["RoleArn"] =
        json!("arn:aws:iam::123456789012:role/it's/a \"path\"/de+ploy=,.@-_1");
    scenario["request"]["RoleSessionName"] = json!("-starts-with-dash");
    scenario["request"]["Policy"] = json!(format!("{{\"x\": \"{}\"}}", "it's $HOME"));
    scenario["request"]["PolicyArns"] = json!(["arn:aws:iam::aws:policy/it's"]);
    scenario["providers"].as_array_mut().unwrap().push(json!({
        "Url": "idp.example.com/tenant's/\"x\"",
        "ClientIDList": ["-dash", "a,b", "it's"],
        "ThumbprintList": []
    }));
    let federated = "arn:aws:iam::123456789012:oidc-provider/idp.example.com/tenant's/\"x\"";
    scenario["roles"][0]["AssumeRolePolicyDocument"]["Statement"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "Effect": "Allow",
            "Principal": {"Federated": federated},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"idp.example.com/tenant's/\"x\":sub": NASTY}}
        }));
    scenario
}

/// An unsigned token whose issuer is hostile text: the diagram names the identity provider lane
/// after it before anything is verified.
fn hostile_issuer() -> Value {
    use base64::Engine as _;
    let segment = |value: Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string().as_bytes())
    };
    let mut scenario = read_json(MAIN);
    scenario["request"]["WebIdentityToken"] = json!(format!(
        "{}.{}.c2ln",
        segment(json!({"alg": "RS256", "kid": "rsa-a"})),
        segment(
            json!({"iss": "https://we;ird#h%%{init}%%<b>:1,@y&amp;-->>IAM\nx/p", "sub": "s", "aud": "sts.amazonaws.com", "exp": 1795341840})
        )
    ));
    scenario
}

// ---------------------------------------------------------------------------------------------
// Terraform

fn hcl_eval(expr: &hcl::Expression) -> Value {
    let value = expr.evaluate(&Context::new()).unwrap();
    serde_json::to_value(value).unwrap()
}

fn blocks<'b>(body: &'b hcl::Body, kind: &str, first_label: &str) -> Vec<&'b hcl::Block> {
    body.blocks()
        .filter(|block| {
            block.identifier.as_str() == kind
                && block
                    .labels
                    .first()
                    .is_some_and(|label| label.as_str() == first_label)
        })
        .collect()
}

fn attribute<'b>(body: &'b hcl::Body, key: &str) -> Option<&'b hcl::Expression> {
    body.attributes()
        .find(|attribute| attribute.key.as_str() == key)
        .map(|attribute| &attribute.expr)
}

/// The JSON the AWS provider renders for a `data "aws_iam_policy_document"` block: `Version`
/// (2012-10-17 by default), `Id`, and per statement `Sid`, `Effect` (Allow by default),
/// `Action`/`NotAction`, `Principal`/`NotPrincipal` (`type = "*"` is `"*"`) and `Condition`
/// grouped by test, then variable.
fn policy_document_json(block: &hcl::Block) -> Value {
    let body = &block.body;
    let mut document = Map::new();
    document.insert(
        "Version".into(),
        attribute(body, "version").map_or(json!("2012-10-17"), hcl_eval),
    );
    if let Some(id) = attribute(body, "policy_id") {
        document.insert("Id".into(), hcl_eval(id));
    }
    let mut statements = Vec::new();
    for statement in body
        .blocks()
        .filter(|b| b.identifier.as_str() == "statement")
    {
        let body = &statement.body;
        let mut out = Map::new();
        if let Some(sid) = attribute(body, "sid") {
            out.insert("Sid".into(), hcl_eval(sid));
        }
        out.insert(
            "Effect".into(),
            attribute(body, "effect").map_or(json!("Allow"), hcl_eval),
        );
        for (key, element) in [("actions", "Action"), ("not_actions", "NotAction")] {
            if let Some(actions) = attribute(body, key) {
                out.insert(element.into(), hcl_eval(actions));
            }
        }
        for (kind, element) in [
            ("principals", "Principal"),
            ("not_principals", "NotPrincipal"),
        ] {
            let mut typed = Map::new();
            let mut star = false;
            for principal in body.blocks().filter(|b| b.identifier.as_str() == kind) {
                let principal_type = hcl_eval(attribute(&principal.body, "type").unwrap());
                let identifiers = hcl_eval(attribute(&principal.body, "identifiers").unwrap());
                if principal_type == "*" {
                    assert_eq!(identifiers, json!(["*"]));
                    star = true;
                } else {
                    let entry = typed
                        .entry(principal_type.as_str().unwrap().to_string())
                        .or_insert_with(|| json!([]));
                    entry
                        .as_array_mut()
                        .unwrap()
                        .extend(identifiers.as_array().unwrap().iter().cloned());
                }
            }
            if star {
                assert!(typed.is_empty(), "`*` mixed with typed principals");
                out.insert(element.into(), json!("*"));
            } else if !typed.is_empty() {
                out.insert(element.into(), Value::Object(typed));
            }
        }
        let mut conditions = Map::new();
        for condition in body
            .blocks()
            .filter(|b| b.identifier.as_str() == "condition")
        {
            let test = hcl_eval(attribute(&condition.body, "test").unwrap());
            let variable = hcl_eval(attribute(&condition.body, "variable").unwrap());
            let values = hcl_eval(attribute(&condition.body, "values").unwrap());
            let by_test = conditions
                .entry(test.as_str().unwrap().to_string())
                .or_insert_with(|| json!({}));
            by_test[variable.as_str().unwrap()] = values;
        }
        if !conditions.is_empty() {
            out.insert("Condition".into(), Value::Object(conditions));
        }
        statements.push(Value::Object(out));
    }
    document.insert("Statement".into(), Value::Array(statements));
    Value::Object(document)
}

/// A policy as the engine understands it, with the order and spelling that cannot matter
/// removed: lists sorted, conditions as sorted (operator, key, sorted values) triples.
fn meaning(document: &PolicyDocument) -> Value {
    let statements: Vec<Value> = document
        .statements()
        .iter()
        .map(|statement| {
            let mut actions = statement.action.patterns.clone();
            actions.sort();
            let principal = statement.principal.as_ref().map(|principal| {
                let value = match &principal.value {
                    PrincipalValue::Any => json!("*"),
                    PrincipalValue::Typed(entries) => {
                        let mut map = BTreeMap::new();
                        for (kind, values) in entries {
                            let mut values = values.clone();
                            values.sort();
                            map.insert(kind.clone(), values);
                        }
                        json!(map)
                    }
                };
                json!({"negated": principal.negated, "value": value})
            });
            let mut conditions: Vec<(String, String, Vec<String>)> = statement
                .conditions
                .iter()
                .map(|condition| {
                    let mut values = condition.values.clone();
                    values.sort();
                    (condition.operator.clone(), condition.key.clone(), values)
                })
                .collect();
            conditions.sort();
            json!({
                "sid": statement.sid.clone().filter(|sid| !sid.is_empty()),
                "effect": statement.effect.as_str(),
                "action": {"negated": statement.action.negated, "patterns": actions},
                "principal": principal,
                "conditions": conditions,
            })
        })
        .collect();
    json!({"id": document.id(), "statements": statements})
}

/// What a verdict says about the trust policy: the answer and each statement's result.
fn policy_answer(verdict: &Verdict) -> Value {
    let statements: Vec<(String, &str)> = verdict
        .steps
        .iter()
        .filter(|step| step.id == StepId::TrustPolicy)
        .flat_map(|step| step.checks.iter())
        .filter(|check| !check.id.contains("condition"))
        .map(|check| (check.id.clone(), check.status.as_str()))
        .collect();
    json!({
        "outcome": serde_json::to_value(verdict.outcome()).unwrap(),
        "error": serde_json::to_value(verdict.error()).unwrap(),
        "failed_step": serde_json::to_value(verdict.failed_step()).unwrap(),
        "statements": statements,
    })
}

struct ParsedTerraform {
    body: hcl::Body,
}

impl ParsedTerraform {
    fn parse(name: &str, text: &str) -> ParsedTerraform {
        let body = hcl::parse(text).unwrap_or_else(|error| {
            panic!("{name}: the Terraform does not parse: {error}\n{text}")
        });
        ParsedTerraform { body }
    }

    fn role(&self) -> &hcl::Block {
        let roles = blocks(&self.body, "resource", "aws_iam_role");
        assert_eq!(roles.len(), 1);
        roles[0]
    }

    /// The argument of `assume_role_policy = jsonencode(...)`, evaluated.
    fn inline_policy(&self) -> Value {
        let expr = attribute(&self.role().body, "assume_role_policy").unwrap();
        let hcl::Expression::FuncCall(call) = expr else {
            panic!("assume_role_policy is not a function call: {expr:?}");
        };
        assert_eq!(call.name.name.as_str(), "jsonencode");
        assert_eq!(call.args.len(), 1);
        hcl_eval(&call.args[0])
    }
}

#[test]
fn terraform_parses_and_its_jsonencode_policy_is_the_scenario_policy() {
    for (name, scenario) in all_exportable() {
        let text = render(Format::Terraform, &scenario).unwrap();
        let parsed = ParsedTerraform::parse(&name, &text);
        assert_eq!(
            parsed.inline_policy(),
            expected_policy(&scenario),
            "{name}: the jsonencode policy differs"
        );
        let role = target_role(&scenario);
        let body = &parsed.role().body;
        assert_eq!(hcl_eval(attribute(body, "name").unwrap()), role["RoleName"]);
        assert_eq!(
            hcl_eval(attribute(body, "path").unwrap()),
            role.get("Path").cloned().unwrap_or(json!("/"))
        );
        assert_eq!(
            hcl_eval(attribute(body, "max_session_duration").unwrap()),
            role.get("MaxSessionDuration")
                .cloned()
                .unwrap_or(json!(3600))
        );

        // Each provider resource is one of the scenario's, and the role depends on all of them.
        let providers = blocks(&parsed.body, "resource", "aws_iam_openid_connect_provider");
        let scenario_providers = scenario["providers"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut names = Vec::new();
        for provider in &providers {
            let url = hcl_eval(attribute(&provider.body, "url").unwrap());
            let source = scenario_providers
                .iter()
                .find(|p| {
                    let raw = p["Url"].as_str().unwrap();
                    url == json!(format!("https://{}", raw.trim_start_matches("https://")))
                })
                .unwrap_or_else(|| panic!("{name}: {url} is not a scenario provider"));
            assert_eq!(
                hcl_eval(attribute(&provider.body, "client_id_list").unwrap()),
                source.get("ClientIDList").cloned().unwrap_or(json!([]))
            );
            let thumbprints = source.get("ThumbprintList").cloned().unwrap_or(json!([]));
            match attribute(&provider.body, "thumbprint_list") {
                Some(expr) => assert_eq!(hcl_eval(expr), thumbprints),
                None => assert_eq!(thumbprints, json!([])),
            }
            names.push(format!(
                "aws_iam_openid_connect_provider.{}",
                provider.labels[1].as_str()
            ));
        }
        let depends_on = attribute(body, "depends_on")
            .map(|expr| expr.to_string())
            .unwrap_or_default();
        for reference in &names {
            assert!(
                depends_on.contains(reference.as_str()),
                "{name}: {depends_on}"
            );
        }
    }
}

#[test]
fn terraform_policy_document_means_what_the_scenario_policy_means() {
    let mut checked = 0;
    for (name, scenario) in all_exportable() {
        let text = render(Format::Terraform, &scenario).unwrap();
        let parsed = ParsedTerraform::parse(&name, &text);
        let documents = blocks(&parsed.body, "data", "aws_iam_policy_document");
        let original = policy::parse_policy(&expected_policy(&scenario), PolicyKind::Trust);
        let Some(document) = documents.first() else {
            assert!(
                text.contains("# No aws_iam_policy_document alternative:"),
                "{name}: neither the data source nor the reason"
            );
            // The data source always writes a Version, which would turn `${…}` in a policy
            // without one from literal text into a variable: left out by design.
            let policy = expected_policy(&scenario);
            let unversioned_variable =
                policy.get("Version").is_none() && policy.to_string().contains("${");
            assert!(
                name.starts_with("no-document-form:") || original.is_err() || unversioned_variable,
                "{name}: the data source was left out of a policy it can state:\n{text}"
            );
            continue;
        };
        assert!(!name.starts_with("no-document-form:"), "{name}:\n{text}");
        let document_name = document.labels[1].as_str();
        assert!(
            text.contains(&format!(
                "# Alternative: assume_role_policy = data.aws_iam_policy_document.{document_name}.json"
            )),
            "{name}: the role does not name the alternative"
        );

        let rendered = policy_document_json(document);
        let original = original.unwrap();
        let from_terraform = policy::parse_policy(&rendered, PolicyKind::Trust)
            .unwrap_or_else(|error| panic!("{name}: {error:?}\n{rendered:#}"));
        assert_eq!(
            meaning(&from_terraform),
            meaning(&original),
            "{name}: the data source states a different policy"
        );
        match original.version() {
            Some(version) => assert_eq!(from_terraform.version(), Some(version), "{name}"),
            None => assert!(!expected_policy(&scenario).to_string().contains("${")),
        }

        // And the engine answers the same with either form.
        let mut swapped = scenario.clone();
        let role_index = scenario["roles"]
            .as_array()
            .unwrap()
            .iter()
            .position(|role| std::ptr::eq(role.get("Role").unwrap_or(role), target_role(&scenario)))
            .unwrap();
        let slot = match swapped["roles"][role_index].get_mut("Role") {
            Some(inner) => inner,
            None => &mut swapped["roles"][role_index],
        };
        slot["AssumeRolePolicyDocument"] = rendered;
        let before = simulate(&Scenario::from_value(&scenario).unwrap());
        let after = simulate(&Scenario::from_value(&swapped).unwrap());
        assert_eq!(policy_answer(&after), policy_answer(&before), "{name}");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} policy documents checked");
}

#[test]
fn terraform_leaves_out_the_policy_document_when_it_would_not_be_exact() {
    for (name, policy, reason) in policies_without_document_form() {
        let text = render(Format::Terraform, &with_policy(policy)).unwrap();
        let parsed = ParsedTerraform::parse(name, &text);
        assert!(blocks(&parsed.body, "data", "aws_iam_policy_document").is_empty());
        let comment = text
            .lines()
            .skip_while(|line| !line.starts_with("# No aws_iam_policy_document alternative"))
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(comment.contains(reason), "{name}: {comment}");
        assert!(
            !text.contains("# Alternative: assume_role_policy"),
            "{name}"
        );
    }
}

#[test]
fn terraform_writes_policy_variables_so_terraform_keeps_them_literal() {
    let text = render(
        Format::Terraform,
        &with_policy(with_sub_values(json!(["repo:${aws:username}/%{x}"]))),
    )
    .unwrap();
    // `$${` and `%%{` are HCL's escapes for a literal `${` and `%{`.
    assert!(text.contains(r#""repo:$${aws:username}/%%{x}""#), "{text}");
}

// ---------------------------------------------------------------------------------------------
// CloudFormation

#[test]
fn cloudformation_parses_as_yaml_and_carries_the_exact_policy() {
    for (name, scenario) in all_exportable() {
        let text = render(Format::CloudFormation, &scenario).unwrap();
        let template: Value = serde_norway::from_str(&text)
            .unwrap_or_else(|error| panic!("{name}: the YAML does not parse: {error}\n{text}"));
        assert_eq!(template["AWSTemplateFormatVersion"], "2010-09-09", "{name}");
        let resources = template["Resources"].as_object().unwrap();
        let roles: Vec<(&String, &Value)> = resources
            .iter()
            .filter(|(_, r)| r["Type"] == "AWS::IAM::Role")
            .collect();
        assert_eq!(roles.len(), 1, "{name}");
        let (role_id, role) = roles[0];
        assert!(
            role_id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{role_id}"
        );
        let expected = target_role(&scenario);
        let properties = &role["Properties"];
        assert_eq!(
            properties["AssumeRolePolicyDocument"],
            expected_policy(&scenario),
            "{name}: the policy differs"
        );
        assert_eq!(properties["RoleName"], expected["RoleName"]);
        assert_eq!(
            properties["Path"],
            expected.get("Path").cloned().unwrap_or(json!("/"))
        );
        assert_eq!(
            properties["MaxSessionDuration"],
            expected
                .get("MaxSessionDuration")
                .cloned()
                .unwrap_or(json!(3600))
        );

        let providers: Vec<(&String, &Value)> = resources
            .iter()
            .filter(|(_, r)| r["Type"] == "AWS::IAM::OIDCProvider")
            .collect();
        assert_eq!(resources.len(), providers.len() + 1, "{name}");
        let scenario_providers = scenario["providers"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (_, provider) in &providers {
            let properties = &provider["Properties"];
            let source = scenario_providers
                .iter()
                .find(|p| {
                    let raw = p["Url"].as_str().unwrap();
                    properties["Url"] == format!("https://{}", raw.trim_start_matches("https://"))
                })
                .unwrap_or_else(|| {
                    panic!("{name}: {} is not a scenario provider", properties["Url"])
                });
            assert_eq!(
                properties["ClientIdList"],
                source.get("ClientIDList").cloned().unwrap_or(json!([]))
            );
            let thumbprints = source.get("ThumbprintList").cloned().unwrap_or(json!([]));
            match properties.get("ThumbprintList") {
                Some(list) => assert_eq!(list, &thumbprints),
                None => assert_eq!(thumbprints, json!([])),
            }
        }
        let provider_ids: Vec<Value> = providers.iter().map(|(id, _)| json!(id)).collect();
        match role.get("DependsOn") {
            Some(depends_on) => assert_eq!(depends_on, &json!(provider_ids), "{name}"),
            None => assert!(provider_ids.is_empty(), "{name}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// AWS CLI

/// Run the script in bash with `aws` replaced by a function that records its arguments: the
/// commands exactly as a shell would run them.
fn bash_commands(script: &str) -> Vec<Vec<String>> {
    let program = format!("aws() {{ printf '%s\\0' \"$#\" \"$@\"; }}\n{script}\n");
    let mut child = Command::new("bash")
        .arg("-s")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(program.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut fields = text.split('\0');
    let mut commands = Vec::new();
    while let Some(count) = fields.next().filter(|field| !field.is_empty()) {
        let count: usize = count.parse().unwrap();
        commands.push(fields.by_ref().take(count).map(str::to_string).collect());
    }
    commands
}

/// `["iam", "create-role", "--role-name", "x", …]` → the operation and its options' values.
fn options(command: &[String]) -> (String, BTreeMap<String, Vec<String>>) {
    let operation = format!("{} {}", command[0], command[1]);
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = String::new();
    for word in &command[2..] {
        if let Some(option) = word.strip_prefix("--") {
            match option.split_once('=') {
                Some((name, value)) => {
                    map.insert(name.to_string(), vec![value.to_string()]);
                }
                None => {
                    current = option.to_string();
                    map.insert(current.clone(), Vec::new());
                }
            }
        } else {
            map.get_mut(&current).unwrap().push(word.clone());
        }
    }
    (operation, map)
}

/// A list parameter as the AWS CLI reads it: one JSON list, or the values themselves.
fn list_values(values: &[String]) -> Value {
    match values {
        [one] if one.starts_with('[') => serde_json::from_str(one).unwrap(),
        values => json!(values),
    }
}

#[test]
fn aws_cli_commands_split_back_into_the_exact_arguments() {
    for (name, scenario) in all_exportable() {
        let text = render(Format::AwsCli, &scenario).unwrap();
        let commands = bash_commands(&text);
        // shell-words and bash agree on every word.
        let words = shell_words::split(&text).unwrap();
        let from_bash: Vec<String> = commands
            .iter()
            .flat_map(|args| std::iter::once("aws".to_string()).chain(args.iter().cloned()))
            .collect();
        assert_eq!(words, from_bash, "{name}");

        let (last, commands) = commands.split_last().unwrap();
        let (role_command, provider_commands) = commands.split_last().unwrap();

        let (operation, role) = options(role_command);
        assert_eq!(operation, "iam create-role");
        let expected = target_role(&scenario);
        assert_eq!(json!(role["role-name"]), json!([expected["RoleName"]]));
        let policy: Value = serde_json::from_str(&role["assume-role-policy-document"][0]).unwrap();
        assert_eq!(
            policy,
            expected_policy(&scenario),
            "{name}: the policy differs"
        );
        assert_eq!(
            role["max-session-duration"],
            [expected
                .get("MaxSessionDuration")
                .and_then(Value::as_i64)
                .unwrap_or(3600)
                .to_string()]
        );

        let scenario_providers = scenario["providers"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for command in provider_commands {
            let (operation, provider) = options(command);
            assert_eq!(operation, "iam create-open-id-connect-provider");
            let source = scenario_providers
                .iter()
                .find(|p| {
                    let raw = p["Url"].as_str().unwrap();
                    provider["url"] == [format!("https://{}", raw.trim_start_matches("https://"))]
                })
                .unwrap_or_else(|| {
                    panic!("{name}: {:?} is not a scenario provider", provider["url"])
                });
            let client_ids = provider
                .get("client-id-list")
                .map_or(json!([]), |v| list_values(v));
            assert_eq!(
                client_ids,
                source.get("ClientIDList").cloned().unwrap_or(json!([]))
            );
            let thumbprints = provider
                .get("thumbprint-list")
                .map_or(json!([]), |v| list_values(v));
            assert_eq!(
                thumbprints,
                source.get("ThumbprintList").cloned().unwrap_or(json!([]))
            );
        }

        let (operation, call) = options(last);
        assert_eq!(operation, "sts assume-role-with-web-identity");
        let request = &scenario["request"];
        assert_eq!(json!(call["role-arn"]), json!([request["RoleArn"]]));
        assert_eq!(
            json!(call["role-session-name"]),
            json!([request["RoleSessionName"]])
        );
        assert_eq!(
            json!(call["web-identity-token"]),
            json!([request["WebIdentityToken"]])
        );
        match request.get("DurationSeconds") {
            Some(duration) => assert_eq!(call["duration-seconds"], [duration.to_string()]),
            None => assert!(!call.contains_key("duration-seconds")),
        }
        match request.get("ProviderId") {
            Some(id) => assert_eq!(json!(call["provider-id"]), json!([id])),
            None => assert!(!call.contains_key("provider-id")),
        }
        match request.get("Policy") {
            Some(Value::String(policy)) => assert_eq!(call["policy"], [policy.as_str()]),
            Some(policy) => assert_eq!(
                serde_json::from_str::<Value>(&call["policy"][0]).unwrap(),
                *policy
            ),
            None => assert!(!call.contains_key("policy")),
        }
        if let Some(arns) = request.get("PolicyArns") {
            let sent: Value = serde_json::from_str(&call["policy-arns"][0]).unwrap();
            let sent: Vec<&Value> = sent.as_array().unwrap().iter().map(|a| &a["arn"]).collect();
            let expected: Vec<&Value> = arns
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.get("arn").unwrap_or(a))
                .collect();
            assert_eq!(sent, expected, "{name}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Which providers and role

#[test]
fn exports_create_the_providers_the_role_uses_and_only_those() {
    let provider_urls = |scenario: &Value| -> Vec<String> {
        let text = render(Format::CloudFormation, scenario).unwrap();
        let template: Value = serde_norway::from_str(&text).unwrap();
        template["Resources"]
            .as_object()
            .unwrap()
            .values()
            .filter(|r| r["Type"] == "AWS::IAM::OIDCProvider")
            .map(|r| r["Properties"]["Url"].as_str().unwrap().to_string())
            .collect()
    };
    let github = "https://token.actions.githubusercontent.com";
    assert_eq!(provider_urls(&read_json(MAIN)), [github]);
    // The token's iss has a trailing slash and matches no provider; the policy names it.
    let trailing = read_json("tests/fixtures/scenarios/presets/github-trailing-slash.json");
    assert_eq!(provider_urls(&trailing), [github]);
    // Built-in identity providers need no IAM OIDC provider.
    for preset in ["cognito-amr", "google-azp"] {
        let scenario = read_json(&format!("tests/fixtures/scenarios/presets/{preset}.json"));
        assert_eq!(provider_urls(&scenario), Vec::<String>::new(), "{preset}");
        let terraform = render(Format::Terraform, &scenario).unwrap();
        assert!(terraform.contains("# No IAM OIDC provider"), "{terraform}");
    }
    // A provider that neither the token nor the policy names is left out.
    let mut unrelated = read_json(MAIN);
    unrelated["providers"]
        .as_array_mut()
        .unwrap()
        .push(json!({"Url": "unrelated.example.com", "ClientIDList": ["x"]}));
    assert_eq!(provider_urls(&unrelated), [github]);
}

#[test]
fn iam_exports_name_the_problem_when_the_scenario_has_no_such_role_or_policy() {
    let all = fixtures();
    for (fixture, path) in NOT_EXPORTABLE {
        let scenario = &all.iter().find(|(name, _)| name == fixture).unwrap().1;
        for format in [Format::Terraform, Format::CloudFormation, Format::AwsCli] {
            let error = render(format, scenario).unwrap_err();
            assert!(
                error.contains(&format!("at `{path}`")),
                "{fixture}: {error}"
            );
        }
        // The diagram needs only the verdict.
        assert!(render(Format::Mermaid, scenario).is_ok());
    }
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/// Mermaid text back to what it displays: `<br/>` a line break, our numeric entities decoded.
fn mermaid_display(text: &str) -> String {
    let lines: Vec<String> = text.split("<br/>").map(decode_entities).collect();
    lines.join("\n")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('#') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find(';').expect("an entity ends with ;");
        let code: u32 = after[..end].parse().expect("numeric entity");
        out.push(char::from_u32(code).unwrap());
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// How the diagram shows characters that would otherwise be invisible or break a line.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                format!("\\u{:04x}", u32::from(c))
            }
            c => c.to_string(),
        })
        .collect()
}

/// The checks that must hold for any user text: no statement separator, comment, directive
/// or HTML outside our entities and `<br/>`.
fn assert_inert(name: &str, text: &str) {
    let mut stripped = text.replace("<br/>", "");
    while let Some(start) = stripped.find('#') {
        let after = &stripped[start + 1..];
        let end = after
            .find(';')
            .unwrap_or_else(|| panic!("{name}: bare # in {text}"));
        assert!(
            after[..end].bytes().all(|b| b.is_ascii_digit()) && end > 0,
            "{name}: `#` that is not a numeric entity in {text}"
        );
        stripped.replace_range(start..start + 1 + end + 1, "");
    }
    for forbidden in [";", "%", "<", ">", "&", "\n", "\r"] {
        assert!(
            !stripped.contains(forbidden),
            "{name}: raw `{forbidden}` in {text}"
        );
    }
}

#[test]
fn mermaid_is_a_sequence_diagram_with_a_message_per_step_and_a_note_per_condition() {
    let participants = ["Workload", "IdP", "STS", "IAM"];
    let mut all = fixtures();
    all.extend(
        all_exportable()
            .into_iter()
            .filter(|(name, _)| !name.ends_with(".json")),
    );
    for (name, scenario) in all {
        let text = render(Format::Mermaid, &scenario).unwrap();
        let verdict = simulate(&Scenario::from_value(&scenario).unwrap());
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("sequenceDiagram"), "{name}");
        let mut seen_participants = Vec::new();
        let mut messages = Vec::new();
        let mut notes = Vec::new();
        for line in lines {
            let line = line
                .strip_prefix("    ")
                .unwrap_or_else(|| panic!("{name}: unindented line {line:?}"));
            if let Some(title) = line.strip_prefix("title ") {
                assert_inert(&name, title);
            } else if let Some(rest) = line.strip_prefix("participant ") {
                let (id, alias) = rest.split_once(" as ").unwrap();
                assert_inert(&name, alias);
                for forbidden in [":", ",", "@"] {
                    assert!(!alias.contains(forbidden), "{name}: {alias}");
                }
                seen_participants.push(id.to_string());
            } else if let Some(rest) = line.strip_prefix("Note over ") {
                let (over, text) = rest.split_once(": ").unwrap();
                let (left, right) = over.split_once(',').unwrap();
                assert!(participants.contains(&left) && participants.contains(&right));
                assert_inert(&name, text);
                notes.push(mermaid_display(text));
            } else {
                let (arrow, text) = line.split_once(": ").unwrap();
                let from = participants
                    .iter()
                    .find(|p| arrow.starts_with(**p))
                    .unwrap();
                let to = participants.iter().find(|p| arrow.ends_with(**p)).unwrap();
                let kind = &arrow[from.len()..arrow.len() - to.len()];
                assert!(
                    ["->>", "-x", "-->>", "--x"].contains(&kind),
                    "{name}: {line}"
                );
                assert_inert(&name, text);
                messages.push((kind.to_string(), mermaid_display(text)));
            }
        }
        assert_eq!(seen_participants, participants, "{name}");
        // The prelude, then one message per engine step.
        assert_eq!(messages.len(), 1 + verdict.steps.len(), "{name}");
        for (step, (kind, text)) in verdict.steps.iter().zip(&messages[1..]) {
            if step.id == StepId::Credentials
                && let Some(error) = verdict.error()
            {
                assert_eq!(text, &format!("✘ error: {}", error.code), "{name}");
                assert_eq!(kind, "--x");
                continue;
            }
            assert!(
                text.starts_with(&format!("{} {}: ", step.status.icon(), step.id.as_str())),
                "{name}: {text}"
            );
            let expected = match step.status.as_str() {
                "pass" => "->>",
                "fail" => "-x",
                _ => "-->>",
            };
            assert_eq!(kind, expected, "{name}: {text}");
        }
        // A note per evaluated condition, then the answer.
        let conditions: Vec<_> = verdict
            .steps
            .iter()
            .flat_map(|step| step.checks.iter())
            .filter_map(|check| check.condition.as_ref().map(|c| (check, c)))
            .collect();
        assert_eq!(notes.len(), conditions.len() + 1, "{name}");
        for (note, (check, condition)) in notes.iter().zip(&conditions) {
            let flat = note.replace('\n', " ");
            let id = check.id.strip_prefix("trust_policy.").unwrap();
            let result = if condition.matched { "✔" } else { "✘" };
            assert!(
                flat.starts_with(&format!("{result} {id} ")),
                "{name}: {note}"
            );
            assert!(
                flat.contains(&format!("{} {}", condition.operator, condition.key)),
                "{name}: {note}"
            );
            let policy = serde_json::to_string(&condition.policy_values).unwrap();
            assert!(
                flat.contains(&visible(&format!("policy: {policy}"))),
                "{name}: {note}"
            );
        }
        let answer = notes.last().unwrap().replace('\n', " ");
        match verdict.error() {
            Some(error) => {
                assert!(answer.starts_with("✘ Rejected"), "{name}: {answer}");
                assert!(answer.contains(error.code.as_str()), "{name}: {answer}");
            }
            None => assert!(answer.starts_with("✔ Accepted"), "{name}: {answer}"),
        }
    }
}

#[test]
fn mermaid_shows_user_text_exactly_and_inert() {
    let scenario = with_policy(json!({
        "Version": "2012-10-17",
        "Statement": [main_statement(json!({
            "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": ["repo:octo-org/octo-repo:*", "x;y#z%%{init}%%<br/>a&b"]}}
        }))]
    }));
    let text = render(Format::Mermaid, &scenario).unwrap();
    let display = mermaid_display(&text);
    assert!(
        display.contains(r#"policy: ["repo:octo-org/octo-repo:*","x;y#z%%{init}%%<br/>a&b"]"#),
        "{display}"
    );

    // The identity provider's lane is named after the token's issuer host, shown as written.
    let text = render(Format::Mermaid, &hostile_issuer()).unwrap();
    let alias = text
        .lines()
        .find_map(|line| line.strip_prefix("    participant IdP as "))
        .unwrap();
    assert_eq!(
        mermaid_display(alias),
        r"we;ird#h%%{init}%%<b>:1,@y&amp;-->>IAM\nx"
    );
}

// ---------------------------------------------------------------------------------------------
// The command

#[test]
fn export_prints_each_format_and_exits_0_whatever_the_verdict() {
    let rejected = "tests/fixtures/scenarios/presets/github-pull-request-rejected.json";
    let scenario = read_json(rejected);
    for (flag, format) in [
        ("mermaid", Format::Mermaid),
        ("terraform", Format::Terraform),
        ("cloudformation", Format::CloudFormation),
        ("aws-cli", Format::AwsCli),
    ] {
        assert_eq!(Format::from_name(flag), Some(format));
        let out = stsplay(&["export", "--format", flag, rejected], None);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{flag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            render(format, &scenario).unwrap()
        );
    }
}

#[test]
fn export_reads_standard_input_and_takes_now() {
    let expired = "tests/fixtures/scenarios/presets/github-expired.json";
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(expired)).unwrap();
    let out = stsplay(&["export", "--format", "mermaid", "-"], Some(&bytes));
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(rejected)"), "{text}");
    // Nine minutes earlier the same token is still valid.
    let out = stsplay(
        &[
            "export",
            "--format",
            "mermaid",
            "-",
            "--now",
            "2026-11-22T10:00:00Z",
        ],
        Some(&bytes),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("✔ claims"), "{text}");
}

#[test]
fn export_exits_2_with_the_path_on_unusable_input() {
    let out = stsplay(
        &[
            "export",
            "--format",
            "terraform",
            "tests/fixtures/scenarios/trust/no-such-role.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("stsplay: tests/fixtures/scenarios/trust/no-such-role.json: scenario: at `/request/RoleArn`: names no role"),
        "{stderr}"
    );

    let out = stsplay(
        &["export", "--format", "aws-cli", "-"],
        Some(b"{\"now\": 1}"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("`/request`")
    );

    let out = stsplay(&["export", "--format", "pulumi", MAIN], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("possible values")
    );

    let out = stsplay(
        &["export", "--format", "mermaid", "does-not-exist.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("stsplay: does-not-exist.json:")
    );
}

// ---------------------------------------------------------------------------------------------
// Any policy

fn arb_json() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
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
            prop::collection::btree_map(".{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// JSON equality with numbers compared by value (`0` equals `0.0`).
fn same_numbers(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_numbers(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same_numbers(x, y)))
        }
        (x, y) => x == y,
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(200))]

    /// Whatever JSON object the trust policy is, every format carries it back exactly.
    #[test]
    fn any_policy_object_round_trips_through_every_format(
        members in proptest::collection::btree_map(".{0,12}", arb_json(), 0..6)
    ) {
        let policy = Value::Object(members.into_iter().collect());
        let scenario = with_policy(policy.clone());

        // HCL has one number type: `jsonencode(0.0)` is `0`, as in Terraform.
        let terraform = render(Format::Terraform, &scenario).unwrap();
        let parsed = ParsedTerraform::parse("arbitrary", &terraform);
        let inline = parsed.inline_policy();
        proptest::prop_assert!(same_numbers(&inline, &policy), "{inline} != {policy}");

        let yaml = render(Format::CloudFormation, &scenario).unwrap();
        let template: Value = serde_norway::from_str(&yaml).unwrap();
        let role = template["Resources"]
            .as_object()
            .unwrap()
            .values()
            .find(|r| r["Type"] == "AWS::IAM::Role")
            .unwrap();
        proptest::prop_assert_eq!(&role["Properties"]["AssumeRolePolicyDocument"], &policy);

        let script = render(Format::AwsCli, &scenario).unwrap();
        let words = shell_words::split(&script).unwrap();
        let at = words.iter().position(|w| w == "--assume-role-policy-document").unwrap();
        // The argument is the policy's JSON text, byte for byte. (Compared as text: serde_json's
        // default float parsing may differ from the printed value in the last bit.)
        proptest::prop_assert_eq!(&words[at + 1], &serde_json::to_string(&policy).unwrap());

        let mermaid = render(Format::Mermaid, &scenario).unwrap();
        for line in mermaid.lines().skip(1) {
            let text = line.split_once(": ").map_or(line, |(_, text)| text);
            assert_inert("arbitrary", text);
        }
    }
}

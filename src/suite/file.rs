//! The test-file format: the setup once (scenario members at the top level), then the cases.
//!
//! ```jsonc
//! {
//!   "stsplay_test": 1,                       // required: marks a test file, and its format version
//!   "name": "deploy role", "description": "…",
//!   "now": "2026-11-22T10:00:00Z",           // the scenario members: the setup every case shares
//!   "account": "…", "providers": […], "roles": […], "idps": {…},
//!   "request": { "RoleArn": "…", "RoleSessionName": "…" },
//!   "github": { "owner": "octo-org", … },    // defaults for the cases' `github` members
//!   "claims": { "iss": "…", "aud": "…" },    // defaults for the cases' `claims` members
//!   "cases": [
//!     { "name": "…",                        // required, unique in the file
//!       "github": { "branch": "main" },       // or "claims": {…}, or "token": "eyJ…"
//!       "now": "…", "request": {…},           // optional: overrides for this case only
//!       "expect": { "outcome": "accepted" } }
//!   ]
//! }
//! ```

use super::expect::Expectation;
use super::{FORMAT_MEMBER, FORMAT_VERSION};
use crate::engine::json::InputError;
use crate::engine::json::{Obj, pointer_index, wrong_type};
use serde_json::{Map, Value};

/// The scenario members a test file's setup may hold (the scenario format's own).
pub const SCENARIO_MEMBERS: [&str; 6] = ["now", "account", "providers", "roles", "idps", "request"];

/// Members of the file besides the scenario members.
const FILE_MEMBERS: [&str; 6] = [
    FORMAT_MEMBER,
    "name",
    "description",
    "github",
    "claims",
    "cases",
];

/// Members of a case besides the scenario members it may override.
const CASE_MEMBERS: [&str; 6] = ["name", "description", "token", "claims", "github", "expect"];

/// A whole test file, read and checked (but no case run yet).
#[derive(Clone, Debug, PartialEq)]
pub struct TestFile {
    /// The suite's title, if it has one.
    pub name: Option<String>,
    /// The scenario members every case starts from.
    pub setup: Map<String, Value>,
    /// Defaults for `github` cases, merged member by member under each case's own.
    pub github: Map<String, Value>,
    /// Defaults for `claims` cases, merged claim by claim under each case's own.
    pub claims: Map<String, Value>,
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// One case.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// Its JSON pointer in the file (`/cases/3`).
    pub path: String,
    /// Where the token comes from.
    pub token: TokenSource,
    /// Scenario members that replace the setup's (`request` is merged member by member).
    pub overrides: Map<String, Value>,
    /// What the verdict must be.
    pub expect: Expectation,
}

/// How a case gets its token.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenSource {
    /// The setup's `request.WebIdentityToken`.
    Setup,
    /// A token given as text.
    Token(String),
    /// Claims to sign with the run's throwaway key (the file's defaults already merged in).
    Claims(Map<String, Value>),
    /// Input for the GitHub claim builder (the file's defaults already merged in). The second
    /// member is the case's own `github` object, to say where a bad member came from.
    Github(Map<String, Value>, Map<String, Value>),
}

impl TestFile {
    /// Read a test file's JSON (with every `$ref` already expanded).
    pub fn from_value(value: &Value) -> Result<TestFile, InputError> {
        let root = Obj::new(value, "", "a test file object")?;
        match root.map.get(FORMAT_MEMBER) {
            Some(Value::Number(n)) if n.as_i64() == Some(FORMAT_VERSION) => {}
            Some(other) => {
                return Err(InputError::new(
                    root.at(FORMAT_MEMBER),
                    format!("expected the format version {FORMAT_VERSION}, found {other}"),
                ));
            }
            None => {
                return Err(InputError::new(
                    root.at(FORMAT_MEMBER),
                    format!(
                        "required member is missing: `\"{FORMAT_MEMBER}\": {FORMAT_VERSION}` marks a stsplay test file"
                    ),
                ));
            }
        }
        let mut allowed = FILE_MEMBERS.to_vec();
        allowed.extend(SCENARIO_MEMBERS);
        root.only(&allowed)?;

        let setup: Map<String, Value> = SCENARIO_MEMBERS
            .iter()
            .filter_map(|name| {
                root.map
                    .get(*name)
                    .map(|v| ((*name).to_string(), v.clone()))
            })
            .collect();
        let github = object_member(&root, "github")?;
        let claims = object_member(&root, "claims")?;
        let setup_has_token = setup
            .get("request")
            .and_then(|r| r.get("WebIdentityToken"))
            .is_some_and(|t| !t.is_null());

        let cases_value = root.get("cases").ok_or_else(|| {
            InputError::new(
                root.at("cases"),
                "required member is missing (the list of test cases)",
            )
        })?;
        let Value::Array(items) = cases_value else {
            return Err(wrong_type(
                &root.at("cases"),
                "an array of cases",
                cases_value,
            ));
        };
        if items.is_empty() {
            return Err(InputError::new(
                root.at("cases"),
                "a test file needs at least one case",
            ));
        }
        let mut cases: Vec<Case> = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let path = pointer_index(&root.at("cases"), index);
            let case = read_case(item, &path, &github, &claims, setup_has_token)?;
            if let Some(earlier) = cases.iter().find(|c| c.name == case.name) {
                return Err(InputError::new(
                    format!("{path}/name"),
                    format!(
                        "`{}` is already the name of the case at `{}`",
                        case.name, earlier.path
                    ),
                ));
            }
            cases.push(case);
        }
        Ok(TestFile {
            name: root.opt_str("name")?.map(str::to_string),
            setup,
            github,
            claims,
            cases,
        })
    }
}

fn object_member(obj: &Obj, name: &str) -> Result<Map<String, Value>, InputError> {
    match obj.get(name) {
        None => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(other) => Err(wrong_type(&obj.at(name), "an object", other)),
    }
}

/// `base` with `over`'s members on top; a `null` member in `over` removes the member.
pub fn merge(base: &Map<String, Value>, over: &Map<String, Value>) -> Map<String, Value> {
    let mut merged = base.clone();
    for (name, value) in over {
        if value.is_null() {
            merged.remove(name);
        } else {
            merged.insert(name.clone(), value.clone());
        }
    }
    merged
}

fn read_case(
    value: &Value,
    path: &str,
    github_defaults: &Map<String, Value>,
    claims_defaults: &Map<String, Value>,
    setup_has_token: bool,
) -> Result<Case, InputError> {
    let obj = Obj::new(value, path, "a case object")?;
    let mut allowed = CASE_MEMBERS.to_vec();
    allowed.extend(SCENARIO_MEMBERS);
    obj.only(&allowed)?;
    let name = obj.req_str("name")?.trim();
    if name.is_empty() {
        return Err(InputError::new(
            obj.at("name"),
            "a case name cannot be empty",
        ));
    }
    let sources: Vec<&str> = ["token", "claims", "github"]
        .into_iter()
        .filter(|member| obj.get(member).is_some())
        .collect();
    let token = match sources.as_slice() {
        [] if setup_has_token => TokenSource::Setup,
        [] => {
            return Err(InputError::new(
                path,
                "the case needs a `token`, `claims` or `github` member (the file's `request` has no WebIdentityToken)",
            ));
        }
        ["token"] => TokenSource::Token(obj.req_str("token")?.to_string()),
        ["claims"] => TokenSource::Claims(merge(claims_defaults, &object_member(&obj, "claims")?)),
        [_, second, ..] => {
            return Err(InputError::new(
                obj.at(second),
                format!(
                    "give only one of `token`, `claims` and `github` (found {})",
                    sources.join(" and ")
                ),
            ));
        }
        // The only member left: `github`.
        [_] => {
            let own = object_member(&obj, "github")?;
            TokenSource::Github(merge(github_defaults, &own), own)
        }
    };
    let overrides: Map<String, Value> = SCENARIO_MEMBERS
        .iter()
        .filter_map(|member| {
            obj.map
                .get(*member)
                .map(|v| ((*member).to_string(), v.clone()))
        })
        .collect();
    let expect_value = obj.get("expect").ok_or_else(|| {
        InputError::new(
            obj.at("expect"),
            "required member is missing (what the verdict must be)",
        )
    })?;
    Ok(Case {
        name: name.to_string(),
        path: path.to_string(),
        token,
        overrides,
        expect: Expectation::from_value(expect_value, &obj.at("expect"))?,
    })
}

//! Running a test file: one scenario per case (the setup, the case's overrides and its token),
//! then `simulate`, then the comparison with the case's `expect` block.
//!
//! `claims` and `github` cases are signed with the run's throwaway key, and that key is added to
//! the JWKS of the token's issuer, so the signature always verifies and the cases test the
//! policy logic rather than key handling.

use super::expect::Comparison;
use super::file::{Case, SCENARIO_MEMBERS, TestFile, TokenSource, merge};
use crate::engine::clock::Epoch;
use crate::engine::json::InputError;
use crate::engine::scenario::{Scenario, parse_time_value};
use crate::engine::simulate;
use crate::engine::verdict::Verdict;
use crate::github_claims::WorkflowRun;
use crate::signing::{SigningKey, upsert_jwk};
use serde_json::{Map, Value, json};

/// The result of one case.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseResult {
    /// The engine ran; the comparison says whether the case passed.
    Ran {
        /// The verdict.
        verdict: Box<Verdict>,
        /// How it measures up to `expect`.
        comparison: Comparison,
    },
    /// The case could not be turned into a scenario (a JSON path in the test file says where).
    Unusable(InputError),
}

impl CaseResult {
    /// True when the engine ran and everything checked matched.
    pub fn passed(&self) -> bool {
        matches!(self, CaseResult::Ran { comparison, .. } if comparison.passed())
    }
}

/// The clock for a file: `--now` if given, else the file's `now`, else `fallback` (the system
/// clock, read by the CLI).
pub fn base_now(
    file: &TestFile,
    flag: Option<Epoch>,
    fallback: Epoch,
) -> Result<Epoch, InputError> {
    if let Some(now) = flag {
        return Ok(now);
    }
    match file.setup.get("now") {
        None | Some(Value::Null) => Ok(fallback),
        Some(value) => Ok(parse_time_value(value, "/now")?),
    }
}

/// Run every case of `file` at the clock `now`, signing with `key`.
pub fn run_file(file: &TestFile, now: Epoch, key: &SigningKey) -> Vec<(String, CaseResult)> {
    file.cases
        .iter()
        .map(|case| {
            let result = match scenario_for(file, case, now, key) {
                Ok(scenario) => {
                    let verdict = simulate(&scenario);
                    let comparison = case.expect.compare(&verdict);
                    CaseResult::Ran {
                        verdict: Box::new(verdict),
                        comparison,
                    }
                }
                Err(err) => CaseResult::Unusable(err),
            };
            (case.name.clone(), result)
        })
        .collect()
}

/// The scenario one case describes.
pub fn scenario_for(
    file: &TestFile,
    case: &Case,
    now: Epoch,
    key: &SigningKey,
) -> Result<Scenario, InputError> {
    let mut scenario = file.setup.clone();
    scenario.insert("now".into(), now.into());
    for (name, value) in &case.overrides {
        if name == "request" {
            let Value::Object(own) = value else {
                return Err(crate::engine::json::wrong_type(
                    &format!("{}/request", case.path),
                    "a request object (its members replace the file's)",
                    value,
                ));
            };
            let base = match scenario.get("request") {
                Some(Value::Object(base)) => base.clone(),
                _ => Map::new(),
            };
            scenario.insert("request".into(), Value::Object(merge(&base, own)));
        } else if let Some(text) = value
            .as_str()
            .filter(|t| name == "now" && looks_like_offset(t))
        {
            let offset = parse_offset(text).ok_or_else(|| {
                InputError::new(
                    format!("{}/now", case.path),
                    format!("expected an offset from the file's clock such as `+20m` (units s, m, h, d), found `{text}`"),
                )
            })?;
            scenario.insert(name.clone(), now.saturating_add(offset).into());
        } else {
            scenario.insert(name.clone(), value.clone());
        }
    }

    let signed = match &case.token {
        TokenSource::Setup => None,
        TokenSource::Token(token) => {
            set_token(&mut scenario, token.clone());
            None
        }
        TokenSource::Claims(claims) => Some(claims.clone()),
        TokenSource::Github(input, own) => {
            let run = WorkflowRun::from_value(&Value::Object(input.clone()), "", now)
                .map_err(|err| locate_github_error(err, own, &file.github, &case.path))?;
            Some(
                run.claims()
                    .map_err(|err| locate_github_error(err, own, &file.github, &case.path))?,
            )
        }
    };
    if let Some(claims) = signed {
        let mut header = Map::new();
        header.insert("typ".into(), "JWT".into());
        let token = key.sign(&header, &claims).map_err(|err| {
            InputError::new(case.path.clone(), format!("cannot sign the claims: {err}"))
        })?;
        set_token(&mut scenario, token);
        if let Some(Value::String(issuer)) = claims.get("iss") {
            publish_key(&mut scenario, issuer, key);
        }
    }
    Scenario::from_value(&Value::Object(scenario.clone()))
        .map_err(|err| locate_scenario_error(err, case))
}

/// RFC 3339 never starts with a sign, and epoch seconds are digits (after an optional `-`).
fn looks_like_offset(text: &str) -> bool {
    text.starts_with('+')
        || (text.starts_with('-') && !text.bytes().skip(1).all(|b| b.is_ascii_digit()))
}

/// A case's `now` may be an offset from the file's clock: `+20m`, `-90s`, `+2h`, `+1d`.
pub fn parse_offset(text: &str) -> Option<Epoch> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, text.get(1..)?),
        b'-' => (-1, text.get(1..)?),
        _ => return None,
    };
    let unit = match rest.chars().last()? {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return None,
    };
    let digits = rest.get(..rest.len().checked_sub(1)?)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<Epoch>()
        .ok()?
        .checked_mul(unit)?
        .checked_mul(sign)
}

/// Put `token` in the scenario's `request.WebIdentityToken`.
pub(crate) fn set_token(scenario: &mut Map<String, Value>, token: String) {
    let request = scenario
        .entry("request")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(request) = request {
        request.insert("WebIdentityToken".into(), Value::String(token));
    }
}

/// Add the throwaway key to the issuer's JWKS, creating the IdP entry if need be. Other keys,
/// and the entry's `tls` facts, stay as the file gives them.
pub(crate) fn publish_key(scenario: &mut Map<String, Value>, issuer: &str, key: &SigningKey) {
    let idps = scenario
        .entry("idps")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(idps) = idps else {
        // Not an object: the scenario reader reports it with its path.
        return;
    };
    let entry = idps.entry(issuer.to_string()).or_insert_with(|| json!({}));
    let Value::Object(entry) = entry else {
        return;
    };
    match entry.get_mut("jwks") {
        Some(jwks) if !jwks.is_null() => upsert_jwk(jwks, key.public_jwk()),
        _ => {
            entry.insert("jwks".into(), json!({ "keys": [key.public_jwk()] }));
        }
    }
}

/// A builder error points at the case's `github` member, unless the bad member came from the
/// file's shared `github` defaults (or is missing, and the file has defaults to add it to).
fn locate_github_error(
    err: InputError,
    own: &Map<String, Value>,
    defaults: &Map<String, Value>,
    case_path: &str,
) -> InputError {
    let member = first_segment(&err.path);
    let prefix = if member.is_none_or(|m| own.contains_key(m) || defaults.is_empty()) {
        format!("{case_path}/github")
    } else {
        "/github".to_string()
    };
    InputError::new(format!("{prefix}{}", err.path), err.message)
}

/// The scenario reader saw setup and case together; point at whichever the bad member came from.
fn locate_scenario_error(err: InputError, case: &Case) -> InputError {
    let mut segments = err.path.split('/').skip(1);
    let top = segments.next();
    let from_case = match top {
        Some("request") => {
            let member = segments.next();
            let own = case.overrides.get("request");
            member.is_some_and(|m| own.and_then(|r| r.get(m)).is_some())
        }
        Some(top) => SCENARIO_MEMBERS.contains(&top) && case.overrides.contains_key(top),
        None => false,
    };
    if from_case {
        InputError::new(format!("{}{}", case.path, err.path), err.message)
    } else {
        err
    }
}

fn first_segment(path: &str) -> Option<&str> {
    path.split('/').nth(1)
}

#[cfg(test)]
mod tests {
    use super::parse_offset;

    #[test]
    fn offsets_from_the_files_clock() {
        assert_eq!(parse_offset("+20m"), Some(1200));
        assert_eq!(parse_offset("-90s"), Some(-90));
        assert_eq!(parse_offset("+2h"), Some(7200));
        assert_eq!(parse_offset("+1d"), Some(86_400));
        for not_an_offset in [
            "20m",
            "+m",
            "+20",
            "+2w",
            "-",
            "+1.5h",
            "2026-11-22T10:00:00Z",
            "+99999999999999999999d",
        ] {
            assert_eq!(parse_offset(not_an_offset), None, "{not_an_offset}");
        }
    }
}

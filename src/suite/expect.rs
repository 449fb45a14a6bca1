//! A case's `expect` block, and how a verdict measures up to it.
//!
//! ```jsonc
//! "expect": {
//!   "outcome": "rejected",               // required: "accepted" or "rejected"
//!   "code": "AccessDenied",              // optional; null: no error at all
//!   "failed_step": "trust_policy",       // optional; null: no step failed
//!   "message": "Not authorized to …",   // optional, compared exactly; null: no error
//!   "findings": { "present": ["github-sub-not-scoped"], "absent": ["…"] }   // optional
//! }
//! ```

use crate::engine::json::InputError;
use crate::engine::json::{Obj, pointer};
use crate::engine::verdict::{Outcome, StepId, Verdict};
use serde_json::Value;

/// What one case expects. `None` means "not checked"; `Some(None)` means "must be absent".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// Accepted or rejected.
    pub outcome: Outcome,
    /// The AWS error code.
    pub code: Option<Option<String>>,
    /// The step that rejected.
    pub failed_step: Option<Option<StepId>>,
    /// The AWS error message, exactly.
    pub message: Option<Option<String>>,
    /// Finding codes that must be reported.
    pub findings_present: Vec<String>,
    /// Finding codes that must not be reported.
    pub findings_absent: Vec<String>,
}

impl Expectation {
    /// Read the `expect` object at `path`.
    pub fn from_value(value: &Value, path: &str) -> Result<Expectation, InputError> {
        let obj = Obj::new(value, path, "an expect object")?;
        obj.only(&["outcome", "code", "failed_step", "message", "findings"])?;
        let outcome = match obj.req_str("outcome")? {
            "accepted" => Outcome::Accepted,
            "rejected" => Outcome::Rejected,
            other => {
                return Err(InputError::new(
                    obj.at("outcome"),
                    format!("expected `accepted` or `rejected`, found `{other}`"),
                ));
            }
        };
        let failed_step = match nullable_str(&obj, "failed_step")? {
            None => None,
            Some(None) => Some(None),
            Some(Some(id)) => Some(Some(
                StepId::ALL
                    .into_iter()
                    .find(|step| step.as_str() == id)
                    .ok_or_else(|| {
                        let ids: Vec<&str> = StepId::ALL.iter().map(|s| s.as_str()).collect();
                        InputError::new(
                            obj.at("failed_step"),
                            format!("unknown step `{id}`; expected one of: {}", ids.join(", ")),
                        )
                    })?,
            )),
        };
        let (findings_present, findings_absent) = match obj.get("findings") {
            None => (Vec::new(), Vec::new()),
            Some(value) => {
                let findings = Obj::new(
                    value,
                    &obj.at("findings"),
                    "an object with `present` and/or `absent` lists of finding codes",
                )?;
                findings.only(&["present", "absent"])?;
                (
                    findings.opt_str_list("present")?.unwrap_or_default(),
                    findings.opt_str_list("absent")?.unwrap_or_default(),
                )
            }
        };
        if outcome == Outcome::Accepted {
            for name in ["code", "failed_step", "message"] {
                if matches!(obj.get(name), Some(Value::String(_))) {
                    return Err(InputError::new(
                        obj.at(name),
                        format!("an accepted call has no `{name}`; expect null or leave it out"),
                    ));
                }
            }
        }
        Ok(Expectation {
            outcome,
            code: nullable_str(&obj, "code")?.map(|v| v.map(str::to_string)),
            failed_step,
            message: nullable_str(&obj, "message")?.map(|v| v.map(str::to_string)),
            findings_present,
            findings_absent,
        })
    }

    /// Compare with a verdict: every field, matched or not, for the report.
    pub fn compare(&self, verdict: &Verdict) -> Comparison {
        let error = verdict.error();
        let mut fields = vec![Field::new(
            "outcome",
            Some(Some(outcome_str(self.outcome).to_string())),
            Some(outcome_str(verdict.outcome()).to_string()),
        )];
        fields.push(Field::new(
            "code",
            self.code.clone(),
            error.map(|e| e.code.to_string()),
        ));
        fields.push(Field::new(
            "failed_step",
            self.failed_step
                .map(|step| step.map(|s| s.as_str().to_string())),
            verdict.failed_step().map(|s| s.as_str().to_string()),
        ));
        fields.push(Field::new(
            "message",
            self.message.clone(),
            error.map(|e| e.message.clone()),
        ));
        let reported: Vec<&str> = verdict.findings.iter().map(|f| f.code.as_str()).collect();
        let missing_findings = self
            .findings_present
            .iter()
            .filter(|code| !reported.contains(&code.as_str()))
            .cloned()
            .collect();
        let unexpected_findings = self
            .findings_absent
            .iter()
            .filter(|code| reported.contains(&code.as_str()))
            .cloned()
            .collect();
        Comparison {
            fields,
            missing_findings,
            unexpected_findings,
        }
    }
}

fn outcome_str(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Accepted => "accepted",
        Outcome::Rejected => "rejected",
    }
}

/// A member that may be absent (not checked), null (must be absent) or a string.
fn nullable_str<'a>(obj: &Obj<'a>, name: &str) -> Result<Option<Option<&'a str>>, InputError> {
    match obj.map.get(name) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(text)) => Ok(Some(Some(text))),
        Some(other) => Err(crate::engine::json::wrong_type(
            &pointer(&obj.path, name),
            "a string or null",
            other,
        )),
    }
}

/// One compared field of the verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// `outcome`, `code`, `failed_step` or `message`.
    pub name: &'static str,
    /// What the case expects: `None` not checked, `Some(None)` absent.
    pub expected: Option<Option<String>>,
    /// What the verdict says (`None`: absent).
    pub actual: Option<String>,
}

impl Field {
    fn new(name: &'static str, expected: Option<Option<String>>, actual: Option<String>) -> Field {
        Field {
            name,
            expected,
            actual,
        }
    }

    /// Whether the field is checked.
    pub fn checked(&self) -> bool {
        self.expected.is_some()
    }

    /// Whether it is checked and differs.
    pub fn differs(&self) -> bool {
        self.expected
            .as_ref()
            .is_some_and(|expected| *expected != self.actual)
    }
}

/// The result of measuring a verdict against an expectation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// outcome, code, failed_step, message: in that order.
    pub fields: Vec<Field>,
    /// Expected findings that were not reported.
    pub missing_findings: Vec<String>,
    /// Findings reported although the case says they must not be.
    pub unexpected_findings: Vec<String>,
}

impl Comparison {
    /// True when everything checked matches.
    pub fn passed(&self) -> bool {
        !self.fields.iter().any(Field::differs)
            && self.missing_findings.is_empty()
            && self.unexpected_findings.is_empty()
    }
}

//! The engine's output: the verdict of one simulated `AssumeRoleWithWebIdentity` call.
//!
//! These types are the public contract printed by `stsplay check --json` and returned by the
//! wasm API. They are plain data with public fields; every front end only renders them.

use serde::Serialize;

/// The phases of the simulated call, in the order STS runs them.
///
/// The ids are stable: fixtures, the playground's `data-step` hooks and users' tests key on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    /// Parameter shapes and limits, checked by the STS front end.
    Request,
    /// The token parses as a JWT and carries the required claims.
    Token,
    /// The issuer is a registered IAM OIDC provider (or a built-in IdP).
    Provider,
    /// The IdP's TLS certificate is trusted (root CA or thumbprint).
    Tls,
    /// The JWKS is retrieved, a key is chosen and the signature verifies.
    Signature,
    /// `aud`, `exp`, `nbf` and `iat` hold at the scenario's clock.
    Claims,
    /// The role exists and its trust policy allows this token.
    TrustPolicy,
    /// DurationSeconds and the session policy fit the role and the packing limit.
    Session,
    /// Temporary credentials are issued.
    Credentials,
}

impl StepId {
    /// Every phase, in pipeline order.
    pub const ALL: [StepId; 9] = [
        StepId::Request,
        StepId::Token,
        StepId::Provider,
        StepId::Tls,
        StepId::Signature,
        StepId::Claims,
        StepId::TrustPolicy,
        StepId::Session,
        StepId::Credentials,
    ];

    /// The id as it appears in JSON (`trust_policy`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            StepId::Request => "request",
            StepId::Token => "token",
            StepId::Provider => "provider",
            StepId::Tls => "tls",
            StepId::Signature => "signature",
            StepId::Claims => "claims",
            StepId::TrustPolicy => "trust_policy",
            StepId::Session => "session",
            StepId::Credentials => "credentials",
        }
    }
}

/// Whether a step or check passed, failed, or was not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The check held.
    Pass,
    /// The check did not hold.
    Fail,
    /// The check was not run (an earlier phase failed, or it does not apply).
    Skip,
}

impl Status {
    /// The status as it appears in JSON and in `data-status` hooks.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }

    /// The icon that accompanies the status wherever colour alone would not do.
    pub fn icon(self) -> &'static str {
        match self {
            Status::Pass => "✔",
            Status::Fail => "✘",
            Status::Skip => "·",
        }
    }
}

/// Accepted or rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// STS would return credentials.
    Accepted,
    /// STS would return an error.
    Rejected,
}

/// The whole answer for one scenario. Serialised with `outcome`, `error`, `failed_step`, `steps`,
/// `result` and `findings`, in that order, as `stsplay check --json` prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// STS's answer: credentials, or the error and the phase that raised it.
    pub answer: Answer,
    /// Every phase, always all nine, in order.
    pub steps: Vec<Step>,
    /// Observations that do not change the verdict (IAM guardrails, risky patterns).
    pub findings: Vec<Finding>,
}

/// What STS returns: a rejection always has its error and the phase that raised it, an acceptance
/// its credentials.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// STS would return credentials.
    Accepted(AssumeRoleResult),
    /// STS would return an error.
    Rejected {
        /// The phase that rejected.
        failed_step: StepId,
        /// The error STS would return, verbatim.
        error: AwsError,
    },
}

impl Verdict {
    /// Accepted or rejected.
    pub fn outcome(&self) -> Outcome {
        match self.answer {
            Answer::Accepted(_) => Outcome::Accepted,
            Answer::Rejected { .. } => Outcome::Rejected,
        }
    }

    /// The error STS would return; `None` on acceptance.
    pub fn error(&self) -> Option<&AwsError> {
        match &self.answer {
            Answer::Accepted(_) => None,
            Answer::Rejected { error, .. } => Some(error),
        }
    }

    /// The phase that rejected; `None` on acceptance.
    pub fn failed_step(&self) -> Option<StepId> {
        match self.answer {
            Answer::Accepted(_) => None,
            Answer::Rejected { failed_step, .. } => Some(failed_step),
        }
    }

    /// The response STS would return; `None` on rejection.
    pub fn result(&self) -> Option<&AssumeRoleResult> {
        match &self.answer {
            Answer::Accepted(result) => Some(result),
            Answer::Rejected { .. } => None,
        }
    }
}

impl Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Verdict", 6)?;
        out.serialize_field("outcome", &self.outcome())?;
        out.serialize_field("error", &self.error())?;
        out.serialize_field("failed_step", &self.failed_step())?;
        out.serialize_field("steps", &self.steps)?;
        out.serialize_field("result", &self.result())?;
        out.serialize_field("findings", &self.findings)?;
        out.end()
    }
}

/// An STS error exactly as AWS returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AwsError {
    /// Always `Sender` for this API.
    #[serde(rename = "Type")]
    pub error_type: String,
    /// The AWS error code, e.g. `InvalidIdentityToken`.
    #[serde(rename = "Code")]
    pub code: ErrorCode,
    /// The AWS message, verbatim (including AWS's own typography).
    #[serde(rename = "Message")]
    pub message: String,
}

/// The error codes the simulated `AssumeRoleWithWebIdentity` returns: those of the API reference
/// (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html#API_AssumeRoleWithWebIdentity_Errors>)
/// and the common `AccessDenied` and `ValidationError`
/// (<https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html>). Serialised as
/// its wire string ([`ErrorCode::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The role is missing or its trust policy does not allow the call.
    AccessDenied,
    /// The token has expired.
    ExpiredTokenException,
    /// An OAuth identity provider could not be reached.
    IdpCommunicationError,
    /// An OAuth identity provider refused the access token.
    IdpRejectedClaim,
    /// The token, its issuer or its signature is not acceptable.
    InvalidIdentityToken,
    /// A trust or session policy cannot be parsed.
    MalformedPolicyDocument,
    /// The session policy and tags exceed the packing limit.
    PackedPolicyTooLarge,
    /// A parameter breaks the API's constraints.
    ValidationError,
}

impl ErrorCode {
    /// Every code, in the order of [`ErrorCode::as_str`]'s table.
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::AccessDenied,
        ErrorCode::ExpiredTokenException,
        ErrorCode::IdpCommunicationError,
        ErrorCode::IdpRejectedClaim,
        ErrorCode::InvalidIdentityToken,
        ErrorCode::MalformedPolicyDocument,
        ErrorCode::PackedPolicyTooLarge,
        ErrorCode::ValidationError,
    ];

    /// The code as it appears on the wire (the `Code` of the error response), and in
    /// `stsplay check --json`, the JS API, share links and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::AccessDenied => "AccessDenied",
            ErrorCode::ExpiredTokenException => "ExpiredTokenException",
            ErrorCode::IdpCommunicationError => "IDPCommunicationError",
            ErrorCode::IdpRejectedClaim => "IDPRejectedClaim",
            ErrorCode::InvalidIdentityToken => "InvalidIdentityToken",
            ErrorCode::MalformedPolicyDocument => "MalformedPolicyDocument",
            ErrorCode::PackedPolicyTooLarge => "PackedPolicyTooLarge",
            ErrorCode::ValidationError => "ValidationError",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One phase of the pipeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    /// The phase.
    pub id: StepId,
    /// Pass, fail, or skip (after an earlier failure).
    pub status: Status,
    /// A short title for diagrams and logs.
    pub title: String,
    /// The simulator's explanation of what happened; never part of the AWS message.
    pub detail: String,
    /// True when this phase's order or message is not documented by AWS and was chosen by us.
    pub assumed: bool,
    /// Every sub-check run in this phase, including those after a failing one.
    pub checks: Vec<Check>,
}

/// One sub-check inside a phase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// A dotted id under the phase id, e.g. `claims.exp` or `trust_policy.statement[0].condition[1]`.
    pub id: String,
    /// Whether it held. For trust-policy statements: `pass` when the statement works in the
    /// caller's favour (a matching Allow, a non-matching Deny).
    pub status: Status,
    /// What was compared and why it held or not.
    pub detail: String,
    /// True when the behaviour checked here is our documented assumption, not AWS documentation.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub assumed: bool,
    /// A JSON pointer into the scenario naming the input this check is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For policy conditions: the structured comparison behind `detail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionExplain>,
}

impl Check {
    /// A check with no path and no structured data.
    pub fn new(id: impl Into<String>, status: Status, detail: impl Into<String>) -> Check {
        Check {
            id: id.into(),
            status,
            detail: detail.into(),
            assumed: false,
            path: None,
            condition: None,
        }
    }

    /// Attach a JSON pointer into the scenario.
    pub fn at(mut self, path: impl Into<String>) -> Check {
        self.path = Some(path.into());
        self
    }

    /// Mark the check as our documented assumption.
    pub fn assumed(mut self) -> Check {
        self.assumed = true;
        self
    }
}

/// The comparison behind one condition (one operator, one key) of a policy statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConditionExplain {
    /// The operator as written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator: String,
    /// The condition key as written in the policy.
    pub key: String,
    /// The request's values for the key; `null` when the key is absent from the request.
    pub context_values: Option<Vec<String>>,
    /// The policy's values, after policy variables were substituted.
    pub policy_values: Vec<String>,
    /// Whether the condition held.
    pub matched: bool,
    /// Why, in a phrase: e.g. "missing key with a positive operator".
    pub reason: String,
}

/// The response elements of a successful call, named as AWS names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssumeRoleResult {
    /// The temporary credentials (simulated).
    #[serde(rename = "Credentials")]
    pub credentials: Credentials,
    /// The token's `sub` (or the OAuth user id).
    #[serde(rename = "SubjectFromWebIdentityToken")]
    pub subject_from_web_identity_token: String,
    /// The assumed-role ARN and id.
    #[serde(rename = "AssumedRoleUser")]
    pub assumed_role_user: AssumedRoleUser,
    /// The IAM OIDC provider ARN, or the built-in provider name.
    #[serde(rename = "Provider")]
    pub provider: String,
    /// The audience STS matched.
    #[serde(rename = "Audience")]
    pub audience: String,
    /// The token's source identity, when it carries one.
    #[serde(rename = "SourceIdentity", skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// Percentage of the packing limit used, when a session policy or session tags were sent.
    #[serde(rename = "PackedPolicySize", skip_serializing_if = "Option::is_none")]
    pub packed_policy_size: Option<u32>,
}

/// Simulated temporary credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Credentials {
    /// `ASIA` + 16 characters.
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: String,
    /// 40 characters.
    #[serde(rename = "SecretAccessKey")]
    pub secret_access_key: String,
    /// An opaque session token.
    #[serde(rename = "SessionToken")]
    pub session_token: String,
    /// `now + DurationSeconds`, RFC 3339 in UTC.
    #[serde(rename = "Expiration")]
    pub expiration: String,
}

/// The identity of the assumed-role session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssumedRoleUser {
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (the role path is dropped).
    #[serde(rename = "Arn")]
    pub arn: String,
    /// `ROLEID:SESSION`.
    #[serde(rename = "AssumedRoleId")]
    pub assumed_role_id: String,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something IAM or STS would refuse, or a hole in the policy.
    Error,
    /// A risky or surprising pattern.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// The severity as it appears in JSON (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// An observation about the scenario that does not change the verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable code, e.g. `github-sub-not-scoped`.
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// A JSON pointer into the scenario.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it, in a sentence or two.
    pub help: String,
    /// Where the finding points in the policy text, when the policy was given as text (a JSON
    /// string, as `aws iam get-role` prints it); `null` when it was a JSON object. Front ends
    /// that hold their own text use [`Finding::locate`].
    pub span: Option<Span>,
    /// The exact element the finding is about, for [`Finding::locate`].
    #[serde(skip)]
    pub anchor: Anchor,
}

impl Finding {
    /// Where this finding points in `text`: JSON text that sits at the JSON pointer `text_at` of
    /// the scenario (the policy editor's text with `/roles/0/AssumeRolePolicyDocument`, or a
    /// whole scenario file with `""`). A policy held as a JSON string inside `text`, even
    /// URL-encoded, is looked into. `None` when the text does not hold the element.
    pub fn locate(&self, text: &str, text_at: &str) -> Option<Span> {
        let relative = self.anchor.pointer.strip_prefix(text_at)?;
        if !(relative.is_empty() || relative.starts_with('/')) {
            return None;
        }
        super::json_span::locate(text, relative, self.anchor.part)
    }
}

/// The element a finding is about: a JSON pointer into the scenario, and whether the member's
/// name (an operator, a condition key, an element such as `Resource`) or its value is meant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchor {
    /// A JSON pointer into the scenario.
    pub pointer: String,
    /// The member's name or its value.
    pub part: Part,
}

/// Which part of a JSON member a span covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The value, from its first to its last character (quotes and brackets included).
    #[default]
    Value,
    /// The member's name, quotes included (for an array item or the root: the value).
    Name,
}

/// A range of text, as an editor marks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, counted in characters (Unicode scalar values).
    pub column: usize,
    /// 1-based line of `end`.
    pub end_line: usize,
    /// 1-based column of `end` (exclusive), counted in characters.
    pub end_column: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_serialise_as_distinct_wire_strings() {
        let mut seen = Vec::new();
        for code in ErrorCode::ALL {
            let wire = code.as_str();
            assert!(!wire.is_empty() && wire.bytes().all(|b| b.is_ascii_alphanumeric()));
            assert_eq!(serde_json::to_value(code).unwrap(), wire);
            assert_eq!(code.to_string(), wire);
            assert!(!seen.contains(&wire), "{wire} twice");
            seen.push(wire);
        }
        assert_eq!(
            ErrorCode::ExpiredTokenException.as_str(),
            "ExpiredTokenException"
        );
        assert_eq!(ErrorCode::IdpRejectedClaim.as_str(), "IDPRejectedClaim");
    }

    #[test]
    fn a_verdict_serialises_its_answer_as_four_members_in_the_contract_order() {
        let verdict = Verdict {
            answer: Answer::Rejected {
                failed_step: StepId::TrustPolicy,
                error: AwsError {
                    error_type: "Sender".to_string(),
                    code: ErrorCode::AccessDenied,
                    message: "m".to_string(),
                },
            },
            steps: Vec::new(),
            findings: Vec::new(),
        };
        assert_eq!(
            serde_json::to_string(&verdict).unwrap(),
            r#"{"outcome":"rejected","error":{"Type":"Sender","Code":"AccessDenied","Message":"m"},"failed_step":"trust_policy","steps":[],"result":null,"findings":[]}"#
        );
    }
}

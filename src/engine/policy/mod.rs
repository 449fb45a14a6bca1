//! IAM policy documents as STS sees them: parsing (with IAM's `MalformedPolicyDocument`
//! messages), evaluation of a role trust policy against one `AssumeRoleWithWebIdentity`
//! request (with a per-statement, per-condition explanation), and lints for trust policies
//! that IAM would refuse to save.
//!
//! The module is pure: no clock, no I/O. "Now" and every other request fact arrive through
//! the [`RequestContext`].
//!
//! Layout, one job per file:
//! - `document.rs`: the grammar (`parse_policy`, [`PolicyDocument`]);
//! - `error.rs`: [`PolicyError`] and the AWS texts;
//! - `operator.rs`: condition operator names (`ForAnyValue:StringLikeIfExists` …);
//! - `glob.rs`: IAM wildcards (`*`, `?`) without exponential backtracking;
//! - `variables.rs`: policy variables (`${key}`, `${key, 'default'}`, `${*}`);
//! - `condition.rs`: one (operator, key) pair against the request;
//! - `evaluate.rs`: statements, decisions, checks, summary and hint;
//! - `lint.rs`: findings that do not change STS's verdict (the GitHub guardrail …).

mod condition;
pub mod context;
mod document;
mod error;
mod evaluate;
mod glob;
mod lint;
mod operator;
mod variables;

pub use context::{ContextEntry, ContextValue, RequestContext};
pub use document::{
    ActionBlock, ConditionEntry, Effect, PolicyDocument, PrincipalBlock, PrincipalValue,
    ResourceBlock, Statement,
};
pub use error::{PolicyError, PolicyErrorKind};
pub use evaluate::{ActionDecision, Decision, Evaluation, EvaluationRequest};

/// Which kind of policy is being parsed: a role trust policy (Principal required, Resource
/// prohibited) or an STS session policy (Principal prohibited, Resource required).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    /// A role's trust policy (`AssumeRolePolicyDocument`).
    Trust,
    /// The session policy passed in the `Policy` parameter.
    Session,
}

/// The policy version under which policy variables (`${…}`) are substituted.
pub const VERSION_2012: &str = "2012-10-17";

/// The older policy version; it treats `${…}` as literal text.
pub const VERSION_2008: &str = "2008-10-17";

/// Parse a policy given as a JSON value: an object, or a JSON string holding the document text
/// (the form `aws iam get-role` returns is sometimes URL-encoded: text that percent-decodes to
/// JSON is accepted).
pub fn parse_policy(
    value: &serde_json::Value,
    kind: PolicyKind,
) -> Result<PolicyDocument, PolicyError> {
    document::parse_value(value, kind)
}

/// Parse policy text (same rules as [`parse_policy`]; used for the session `Policy` parameter).
pub fn parse_policy_text(text: &str, kind: PolicyKind) -> Result<PolicyDocument, PolicyError> {
    document::parse_text(text, kind)
}

/// Evaluate a trust policy for one request.
///
/// `check_prefix` is the check-id prefix (the engine passes `"trust_policy"`), and
/// `pointer_prefix` is the JSON pointer of the policy document inside the scenario (e.g.
/// `"/roles/0/AssumeRolePolicyDocument"`); it is prepended to every `Check.path`.
pub fn evaluate(
    policy: &PolicyDocument,
    request: &EvaluationRequest,
    check_prefix: &str,
    pointer_prefix: &str,
) -> Evaluation {
    evaluate::evaluate(policy, request, check_prefix, pointer_prefix)
}

/// Findings that do not change STS's verdict: IAM's GitHub guardrail (IAM refuses to save a
/// trust policy for `token.actions.githubusercontent.com` whose `sub` is not scoped), and risky
/// patterns such as `ForAllValues:` in an `Allow` statement. `pointer_prefix` as in
/// [`evaluate`].
pub fn findings(
    policy: &PolicyDocument,
    pointer_prefix: &str,
) -> Vec<crate::engine::verdict::Finding> {
    lint::findings(policy, pointer_prefix)
}

/// Escape one JSON-pointer reference token (RFC 6901: `~` becomes `~0`, `/` becomes `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    if !token.contains(['~', '/']) {
        return token.to_string();
    }
    let mut escaped = String::with_capacity(token.len());
    for c in token.chars() {
        match c {
            '~' => escaped.push_str("~0"),
            '/' => escaped.push_str("~1"),
            other => escaped.push(other),
        }
    }
    escaped
}

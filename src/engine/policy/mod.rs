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
//! - `lint/`: the lint pack, findings that do not change STS's verdict (the GitHub guardrail …).

mod condition;
pub mod context;
mod direct;
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
pub(crate) use lint::Evidence;
pub use lint::LintContext;
pub use lint::rules::{Rule, RuleInfo};

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

/// The policy's JSON value as STS reads it: an object as given, or the JSON that a string holds
/// (percent-decoded when only that is JSON). Exports use it to write the policy exactly as the
/// engine evaluated it.
pub fn policy_json(value: &serde_json::Value) -> Result<serde_json::Value, PolicyError> {
    match value {
        serde_json::Value::String(text) => document::text_to_json(text),
        other => Ok(other.clone()),
    }
}

/// Parse policy text (same rules as [`parse_policy`]; used for the session `Policy` parameter).
pub fn parse_policy_text(text: &str, kind: PolicyKind) -> Result<PolicyDocument, PolicyError> {
    document::parse_text(text, kind)
}

/// Parse policy JSON text (an object, or a JSON string holding the document text) without
/// building its `serde_json::Value`, when the text is a valid document read unambiguously;
/// `None` leaves it to [`parse_policy`] on the parsed value. When it answers, the answer is what
/// [`parse_policy`] gives for `serde_json::from_str(json)`.
pub(crate) fn parse_policy_json(json: &str, kind: PolicyKind) -> Option<PolicyDocument> {
    direct::parse(json, kind)
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

/// The lint pack: findings about a trust policy that do not change STS's verdict, such as IAM's
/// GitHub guardrail (IAM refuses to save a trust policy for `token.actions.githubusercontent.com`
/// whose `sub` is not scoped), a `sub` that admits any repository, or `ForAllValues:` in an
/// `Allow` statement. `policy` is the trust policy as a scenario holds it (an object, or text
/// that may be URL-encoded; each finding's `span` then points into that text);
/// `pointer_prefix` as in [`evaluate`]. README "Lint pack" lists every code.
pub fn lint(
    policy: &serde_json::Value,
    pointer_prefix: &str,
    context: &LintContext,
) -> Vec<crate::engine::verdict::Finding> {
    lint::lint(policy, None, pointer_prefix, &Evidence::of(context))
}

/// [`lint`] for a caller that has already parsed the policy, with the context's evidence
/// borrowed: `parsed` must be `parse_policy(policy, PolicyKind::Trust)`. The engine lints the
/// target role's policy on every check, and this spares it a second parse.
pub(crate) fn lint_parsed_with(
    policy: &serde_json::Value,
    parsed: &Result<PolicyDocument, PolicyError>,
    pointer_prefix: &str,
    evidence: &Evidence,
) -> Vec<crate::engine::verdict::Finding> {
    lint::lint(policy, Some(parsed), pointer_prefix, evidence)
}

/// [`lint_parsed_with`] for a policy object whose JSON the caller builds only on demand:
/// `policy` gives it, and the lint asks for it only when `parsed` (`parse_policy(policy(),
/// Trust)`) is an error. The engine lints the target role's policy on every check, mostly from
/// its parse alone.
pub(crate) fn lint_object<'v>(
    policy: &dyn Fn() -> &'v serde_json::Value,
    parsed: &Result<PolicyDocument, PolicyError>,
    pointer_prefix: &str,
    evidence: &Evidence,
) -> Vec<crate::engine::verdict::Finding> {
    lint::lint_object(policy, parsed, pointer_prefix, evidence)
}

/// Escape one JSON-pointer reference token (RFC 6901: `~` becomes `~0`, `/` becomes `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_pointer_token(&mut escaped, token);
    escaped
}

/// Append `token` to `pointer`, escaped as by [`escape_pointer_token`].
pub(crate) fn push_pointer_token(pointer: &mut String, token: &str) {
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
}

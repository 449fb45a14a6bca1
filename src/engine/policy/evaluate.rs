//! Trust-policy evaluation for one `AssumeRoleWithWebIdentity` request: which statements
//! apply to which required action, the decision (explicit Deny beats Allow beats implicit
//! deny), and the explanation AWS never gives: a check per statement, principal, action and
//! condition, a one-line summary and, where one is clear, a fix hint.

use serde::Serialize;

use super::condition::{ConditionResult, evaluate_condition, list};
use super::context::RequestContext;
use super::document::{
    ActionBlock, ConditionEntry, Effect, PolicyDocument, PrincipalBlock, PrincipalValue, Statement,
};
use super::glob::{eq_ignore_case, glob_matches};
use super::push_pointer_token;
use crate::engine::verdict::{Check, Status};

/// The request a trust policy is evaluated for.
#[derive(Clone, Copy, Debug)]
pub struct EvaluationRequest<'a> {
    /// The federated principal making the call: the IAM OIDC provider ARN (e.g.
    /// `arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`) or a
    /// built-in name (`accounts.google.com`, `cognito-identity.amazonaws.com`,
    /// `www.amazon.com`, `graph.facebook.com`).
    pub federated_principal: &'a str,
    /// Every action the call needs, in order, e.g. `["sts:AssumeRoleWithWebIdentity",
    /// "sts:TagSession", "sts:SetSourceIdentity"]`.
    pub actions: &'a [&'a str],
    /// The condition keys of the request.
    pub context: &'a RequestContext,
}

/// The outcome for one action, or for the whole request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// An Allow statement applies and no Deny does.
    Allowed,
    /// A Deny statement applies.
    ExplicitDeny,
    /// No statement applies.
    ImplicitDeny,
}

/// The decision for one required action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionDecision {
    /// The action, e.g. `sts:TagSession`.
    pub action: String,
    /// Allowed, explicitly denied or implicitly denied.
    pub decision: Decision,
    /// The statement that decided (the first applicable Deny, else the first applicable Allow).
    pub statement: Option<usize>,
}

/// The explained result of evaluating a trust policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Allowed only when every action is allowed and none is explicitly denied.
    pub decision: Decision,
    /// One decision per required action, in the request's order.
    pub actions: Vec<ActionDecision>,
    /// Every statement and every condition, explained.
    pub checks: Vec<Check>,
    /// One or two sentences for the trust-policy step's detail.
    pub summary: String,
    /// A concrete fix hint where one is clear.
    pub hint: Option<String>,
}

/// How one statement fared, before it is rendered into checks.
struct StatementEval<'p> {
    statement: &'p Statement,
    /// Whether the principal element admits the caller.
    principal: bool,
    principal_detail: String,
    principal_assumed: bool,
    /// Per required action: whether the action element covers it, and why.
    covered: Vec<(bool, String)>,
    conditions: Vec<ConditionResult>,
}

impl StatementEval<'_> {
    fn conditions_hold(&self) -> bool {
        self.conditions.iter().all(|c| c.explain.matched)
    }

    /// Does the statement apply to required action `index`?
    fn applies_to(&self, index: usize) -> bool {
        self.principal && self.covers(index) && self.conditions_hold()
    }

    fn covers(&self, index: usize) -> bool {
        self.covered.get(index).is_some_and(|(yes, _)| *yes)
    }

    fn failed_keys(&self) -> Vec<String> {
        self.conditions
            .iter()
            .filter(|c| !c.explain.matched)
            .map(|c| ["`", c.explain.key.as_str(), "`"].concat())
            .collect()
    }
}

/// Evaluate `policy` for `request`; see [`super::evaluate`].
pub(crate) fn evaluate(
    policy: &PolicyDocument,
    request: &EvaluationRequest,
    check_prefix: &str,
    pointer_prefix: &str,
) -> Evaluation {
    let substitute = policy.substitutes_variables();
    let evals: Vec<StatementEval> = policy
        .statements()
        .iter()
        .map(|statement| evaluate_statement(statement, request, substitute))
        .collect();

    let actions: Vec<ActionDecision> = request
        .actions
        .iter()
        .enumerate()
        .map(|(index, action)| decide(&evals, index, action))
        .collect();
    let decision = if actions.is_empty() {
        // Nothing was asked for, so nothing was allowed.
        Decision::ImplicitDeny
    } else if actions.iter().any(|a| a.decision == Decision::ExplicitDeny) {
        Decision::ExplicitDeny
    } else if actions.iter().all(|a| a.decision == Decision::Allowed) {
        Decision::Allowed
    } else {
        Decision::ImplicitDeny
    };

    let (summary, hint) = explain(&evals, &actions, request);

    // Three checks per statement (itself, principal, action), then one per condition.
    let count = evals
        .iter()
        .map(|eval| eval.conditions.len().saturating_add(3))
        .fold(0, usize::saturating_add);
    let mut checks = Vec::with_capacity(count);
    for (index, eval) in evals.into_iter().enumerate() {
        let path = [pointer_prefix, &policy.statement_pointer(index)].concat();
        render_statement(&mut checks, eval, index, request, check_prefix, &path);
    }
    Evaluation {
        decision,
        actions,
        checks,
        summary,
        hint,
    }
}

fn evaluate_statement<'p>(
    statement: &'p Statement,
    request: &EvaluationRequest,
    substitute: bool,
) -> StatementEval<'p> {
    let (principal, principal_detail, principal_assumed) =
        principal_matches(statement.principal.as_ref(), request.federated_principal);
    let covered = request
        .actions
        .iter()
        .map(|action| action_covers(&statement.action, action))
        .collect();
    let conditions = statement
        .conditions
        .iter()
        .map(|entry| evaluate_condition(entry, request.context, substitute))
        .collect();
    StatementEval {
        statement,
        principal,
        principal_detail,
        principal_assumed,
        covered,
        conditions,
    }
}

/// Does the principal element admit the caller? Returns (matches, detail, assumed).
fn principal_matches(block: Option<&PrincipalBlock>, caller: &str) -> (bool, String, bool) {
    let Some(block) = block else {
        return (
            true,
            "no Principal element: a session policy applies to the session itself".to_string(),
            false,
        );
    };
    let (named, why, assumed) = match &block.value {
        PrincipalValue::Any => (true, "`\"*\"` names every principal".to_string(), false),
        PrincipalValue::Typed(_) => {
            let federated = block.value.values_of("Federated");
            let aws = block.value.values_of("AWS");
            // ASSUMED: Federated values are compared with the caller exactly (case-sensitive,
            // no wildcards except a lone `*`).
            if federated.iter().any(|value| value == caller) {
                (
                    true,
                    ["Federated `", caller, "` is the caller"].concat(),
                    false,
                )
            } else if federated.iter().any(|value| value == "*") {
                // ASSUMED: `{"Federated": "*"}` names every federated principal (IAM does not
                // document wildcards in Federated).
                (
                    true,
                    "Federated `*` names every federated principal".to_string(),
                    true,
                )
            } else if aws.iter().any(|value| value == "*") {
                // IAM User Guide, "Principal": `"*"` and `{"AWS": "*"}` are equivalent.
                // ASSUMED: that includes web-identity (federated) callers.
                (
                    true,
                    "`{\"AWS\": \"*\"}` is equivalent to `\"*\"` and names every principal"
                        .to_string(),
                    true,
                )
            } else if federated.is_empty() {
                let types: Vec<String> = match &block.value {
                    PrincipalValue::Typed(entries) => {
                        entries.iter().map(|(name, _)| name.clone()).collect()
                    }
                    PrincipalValue::Any => Vec::new(),
                };
                (
                    false,
                    format!(
                        "the caller `{caller}` is a Federated principal, but the element names only {}",
                        list(&types)
                    ),
                    false,
                )
            } else {
                (
                    false,
                    format!(
                        "the caller `{caller}` is not among Federated {}",
                        list(federated)
                    ),
                    false,
                )
            }
        }
    };
    if block.negated {
        let detail = if named {
            format!("NotPrincipal names the caller ({why}), so the statement does not apply to it")
        } else {
            format!("NotPrincipal does not name the caller ({why}), so the statement applies to it")
        };
        (!named, detail, assumed)
    } else {
        (named, why, assumed)
    }
}

/// Does the action element cover `action`? Action names are matched ignoring case, with IAM
/// wildcards. Returns (covered, explanation).
fn action_covers(block: &ActionBlock, action: &str) -> (bool, String) {
    let hit = block
        .patterns
        .iter()
        .find(|pattern| glob_matches(pattern, action, true));
    match (block.negated, hit) {
        (false, Some(pattern)) => (true, [action, ": covered by `", pattern, "`"].concat()),
        (false, None) => (false, [action, ": not covered"].concat()),
        (true, Some(pattern)) => (
            false,
            [action, ": excluded by NotAction `", pattern, "`"].concat(),
        ),
        (true, None) => (true, [action, ": not excluded by NotAction"].concat()),
    }
}

/// The decision for required action `index`.
fn decide(evals: &[StatementEval], index: usize, action: &str) -> ActionDecision {
    let applying = |effect: Effect| {
        evals
            .iter()
            .position(|eval| eval.statement.effect == effect && eval.applies_to(index))
    };
    let (decision, statement) = if let Some(deny) = applying(Effect::Deny) {
        (Decision::ExplicitDeny, Some(deny))
    } else if let Some(allow) = applying(Effect::Allow) {
        (Decision::Allowed, Some(allow))
    } else {
        (Decision::ImplicitDeny, None)
    };
    ActionDecision {
        action: action.to_string(),
        decision,
        statement,
    }
}

/// Push the checks of one statement: the statement, its principal, its action, its conditions.
fn render_statement(
    checks: &mut Vec<Check>,
    eval: StatementEval,
    index: usize,
    request: &EvaluationRequest,
    check_prefix: &str,
    path: &str,
) {
    let statement = eval.statement;
    let id = [check_prefix, ".statement[", &index.to_string(), "]"].concat();
    let applied: Vec<&str> = request
        .actions
        .iter()
        .enumerate()
        .filter(|(a, _)| eval.applies_to(*a))
        .map(|(_, action)| *action)
        .collect();
    // ASSUMED: with several required actions, an Allow counts as favourable when it applies
    // to at least one of them; the action sub-check shows which ones it misses.
    let favourable = match statement.effect {
        Effect::Allow => !applied.is_empty(),
        Effect::Deny => applied.is_empty(),
    };

    let covered_count = eval.covered.iter().filter(|(yes, _)| *yes).count();
    let any_assumed = eval.principal_assumed || eval.conditions.iter().any(|c| c.assumed);
    let detail = statement_detail(&eval, covered_count, &applied);
    let mut check = Check::new(id.as_str(), status(favourable), detail).at(path);
    check.assumed = any_assumed;
    checks.push(check);

    let principal_path = match &statement.principal {
        Some(block) => [path, "/", block.element()].concat(),
        None => path.to_string(),
    };
    let mut principal = Check::new(
        [&id, ".principal"].concat(),
        status(eval.principal),
        eval.principal_detail,
    )
    .at(principal_path);
    principal.assumed = eval.principal_assumed;
    checks.push(principal);

    let all_covered = covered_count == eval.covered.len() && !eval.covered.is_empty();
    let action_details: Vec<String> = eval.covered.into_iter().map(|(_, why)| why).collect();
    checks.push(
        Check::new(
            [&id, ".action"].concat(),
            status(all_covered),
            if action_details.is_empty() {
                "no action was requested".to_string()
            } else {
                action_details.join("; ")
            },
        )
        .at([path, "/", statement.action.element()].concat()),
    );

    for (j, (result, entry)) in eval
        .conditions
        .into_iter()
        .zip(&statement.conditions)
        .enumerate()
    {
        let mut check = Check::new(
            [&id, ".condition[", &j.to_string(), "]"].concat(),
            status(result.explain.matched),
            result.detail,
        )
        .at(condition_path(path, entry));
        check.assumed = result.assumed;
        check.condition = Some(result.explain);
        checks.push(check);
    }
}

/// `…/Condition/<operator>/<key>`, each part escaped.
fn condition_path(statement_path: &str, entry: &ConditionEntry) -> String {
    let mut path = String::with_capacity(
        [statement_path, "/Condition//", &entry.operator, &entry.key]
            .iter()
            .map(|part| part.len())
            .fold(0, usize::saturating_add),
    );
    path.push_str(statement_path);
    path.push_str("/Condition/");
    push_pointer_token(&mut path, &entry.operator);
    path.push('/');
    push_pointer_token(&mut path, &entry.key);
    path
}

/// The statement's line: "Allow (Sid `X`): principal matches, action matches, all 2
/// conditions hold: allows sts:AssumeRoleWithWebIdentity".
fn statement_detail(eval: &StatementEval, covered_count: usize, applied: &[&str]) -> String {
    // Room for the whole line, so that it is written without reallocating.
    let mut detail = String::with_capacity(160);
    detail.push_str(eval.statement.effect.as_str());
    push_sid(&mut detail, eval.statement);
    detail.push_str(if eval.principal {
        ": principal matches, "
    } else {
        ": principal does not match, "
    });
    let required = eval.covered.len();
    if covered_count == required {
        detail.push_str("action matches, ");
    } else if covered_count == 0 {
        detail.push_str("action does not match, ");
    } else {
        detail.push_str(&format!(
            "action covers {covered_count} of {required} required actions, "
        ));
    }
    let failed = eval
        .conditions
        .iter()
        .filter(|c| !c.explain.matched)
        .count();
    match (eval.conditions.len(), failed) {
        (0, _) => detail.push_str("no conditions: "),
        (1, 0) => detail.push_str("the condition holds: "),
        (total, 0) => detail.push_str(&format!("all {total} conditions hold: ")),
        (total, _) => detail.push_str(&format!("{failed} of {total} conditions failed: ")),
    }
    match (eval.statement.effect, applied.is_empty()) {
        (_, true) => detail.push_str("does not apply"),
        (Effect::Allow, false) => {
            detail.push_str("allows ");
            detail.push_str(&join_and(applied));
        }
        (Effect::Deny, false) => {
            detail.push_str("denies ");
            detail.push_str(&join_and(applied));
        }
    }
    detail
}

fn status(pass: bool) -> Status {
    if pass { Status::Pass } else { Status::Fail }
}

/// "statement 0 (Sid `X`)", for summaries.
fn statement_label(statement: &Statement, index: usize) -> String {
    let mut label = format!("statement {index}");
    push_sid(&mut label, statement);
    label
}

/// " (Sid `X`)" when the statement has a Sid.
fn push_sid(text: &mut String, statement: &Statement) {
    if let Some(sid) = statement.sid.as_deref().filter(|sid| !sid.is_empty()) {
        text.push_str(" (Sid `");
        text.push_str(sid);
        text.push_str("`)");
    }
}

/// The summary and the hint.
fn explain(
    evals: &[StatementEval],
    actions: &[ActionDecision],
    request: &EvaluationRequest,
) -> (String, Option<String>) {
    if actions.is_empty() {
        return (
            "No action was requested, so nothing is allowed.".to_string(),
            None,
        );
    }
    let label = |index: usize| {
        evals
            .get(index)
            .map(|eval| statement_label(eval.statement, index))
            .unwrap_or_else(|| format!("statement {index}"))
    };
    if let Some((denied, deny_index)) = actions.iter().find_map(|a| {
        (a.decision == Decision::ExplicitDeny)
            .then_some(a)
            .zip(a.statement)
    }) {
        let summary = capitalise(&format!(
            "{} explicitly denies {}; an explicit Deny overrides any Allow.",
            label(deny_index),
            denied.action
        ));
        let hint = format!(
            "Change the request so that {} no longer applies (its principal, action and every condition all match now), or narrow that statement.",
            label(deny_index)
        );
        return (summary, Some(hint));
    }
    let Some((action_index, refused)) = actions
        .iter()
        .enumerate()
        .find(|(_, a)| a.decision != Decision::Allowed)
    else {
        // Everything is allowed: name the statement(s) that allowed.
        let mut groups: Vec<(usize, Vec<&str>)> = Vec::new();
        for decision in actions {
            let Some(statement) = decision.statement else {
                continue;
            };
            match groups.iter_mut().find(|(index, _)| *index == statement) {
                Some((_, names)) => names.push(decision.action.as_str()),
                None => groups.push((statement, vec![decision.action.as_str()])),
            }
        }
        let mut summary = String::new();
        for (index, names) in &groups {
            if !summary.is_empty() {
                summary.push_str("; ");
            }
            summary.push_str(&label(*index));
            summary.push_str(" allows ");
            summary.push_str(&join_and(names));
        }
        summary.push('.');
        return (capitalise(&summary), None);
    };

    let allows: Vec<(usize, &StatementEval)> = evals
        .iter()
        .enumerate()
        .filter(|(_, eval)| eval.statement.effect == Effect::Allow)
        .collect();
    if allows.is_empty() {
        return (
            format!(
                "No statement allows {}: the policy has no Allow statement.",
                refused.action
            ),
            Some("Add an Allow statement for this provider and action.".to_string()),
        );
    }
    let reasons: Vec<String> = allows
        .iter()
        .map(|(index, eval)| {
            let mut why = Vec::new();
            if !eval.principal {
                why.push("names a different principal".to_string());
            }
            if !eval.covers(action_index) {
                why.push("does not cover the action".to_string());
            }
            let failed = eval.failed_keys();
            match failed.len() {
                0 => {}
                1 => why.push(format!(
                    "failed its condition on {}",
                    join_and_owned(&failed)
                )),
                _ => why.push(format!(
                    "failed its conditions on {}",
                    join_and_owned(&failed)
                )),
            }
            format!("{} {}", label(*index), join_and_owned(&why))
        })
        .collect();
    let summary = format!(
        "No statement allows {}: {}.",
        refused.action,
        reasons.join("; ")
    );
    let hint = hint_for(&allows, action_index, &refused.action, request);
    (summary, hint)
}

/// A concrete fix for the closest Allow statement, when one is clear.
fn hint_for(
    allows: &[(usize, &StatementEval)],
    action_index: usize,
    action: &str,
    request: &EvaluationRequest,
) -> Option<String> {
    // The closest statement: right principal and action first, then right principal.
    let closest = allows
        .iter()
        .find(|(_, eval)| eval.principal && eval.covers(action_index))
        .or_else(|| allows.iter().find(|(_, eval)| eval.principal))
        .or_else(|| allows.first())?;
    let (index, eval) = closest;
    if !eval.principal {
        let trusted = eval
            .statement
            .principal
            .as_ref()
            .map(|block| list(block.value.values_of("Federated")))
            .unwrap_or_default();
        return Some(format!(
            "Statement {index} trusts Federated {trusted}; this call comes from `{}`. Use the provider's ARN exactly as IAM lists it (account, host and path).",
            request.federated_principal
        ));
    }
    if !eval.covers(action_index) {
        let why = match action {
            "sts:TagSession" => {
                " (the token carries session tags, so STS also needs sts:TagSession)"
            }
            "sts:SetSourceIdentity" => {
                " (the token carries a source identity, so STS also needs sts:SetSourceIdentity)"
            }
            _ => "",
        };
        return Some(format!(
            "Add `{action}` to the `{}` of statement {index}{why}.",
            eval.statement.action.element()
        ));
    }
    let failed = eval.conditions.iter().find(|c| !c.explain.matched)?;
    Some(condition_hint(failed))
}

/// A hint for one failed condition.
fn condition_hint(failed: &ConditionResult) -> String {
    let explain = &failed.explain;
    // Keys with the `aws:`/`sts:` prefix describe the request, the others a token claim.
    let global = ["aws:", "sts:"].iter().any(|prefix| {
        explain
            .key
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    });
    let subject = if global {
        format!("The request's `{}`", explain.key)
    } else {
        let claim = explain.key.rsplit(':').next().unwrap_or_default();
        format!("The token's {claim}")
    };
    let claim = explain.key.rsplit(':').next().unwrap_or_default();
    let operator = explain.operator.to_ascii_lowercase();
    let string_operator = operator.starts_with("string") && !operator.contains("not");
    match explain.context_values.as_deref() {
        None if global => format!("The request has no `{}`.", explain.key),
        None => format!(
            "The request has no `{}`: the token lacks that claim, or STS does not make it a condition key for this provider.",
            explain.key
        ),
        Some([value]) if string_operator => {
            let expected = match explain.policy_values.as_slice() {
                [one] => format!("`{one}`"),
                many => format!("one of {}", list(many)),
            };
            let mut hint = format!("{subject} is `{value}`; the policy expects {expected}.");
            let policy_values = &explain.policy_values;
            if value.contains(":environment:") && policy_values.iter().any(|p| p.contains(":ref:"))
            {
                hint.push_str(" Add the environment subject or drop the environment from the job.");
            } else if value.ends_with(":pull_request") {
                hint.push_str(
                    " Pull-request runs use the subject `…:pull_request`; add it if pull requests should assume this role.",
                );
            } else if value.contains(":ref:")
                && policy_values.iter().any(|p| p.contains(":environment:"))
            {
                hint.push_str(" The policy expects a deployment environment; run the job with `environment:` set, or add the branch subject.");
            }
            let case_only = policy_values
                .iter()
                .any(|p| eq_ignore_case(p, value) || glob_matches(p, value, true));
            if case_only {
                hint.push_str(
                    " The values differ only in letter case, and this operator is case-sensitive.",
                );
            }
            let immutable = |text: &str| {
                text.split(':')
                    .nth(1)
                    .is_some_and(|repo| repo.contains('@'))
            };
            if claim == "sub" && immutable(value) && !policy_values.iter().any(|p| immutable(p)) {
                hint.push_str(" The token uses GitHub's immutable subject form (`org@id/repo@id`); match that form too.");
            }
            hint
        }
        Some(_) => format!("{}.", capitalise(&failed.detail)),
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn join_and_owned(items: &[String]) -> String {
    let borrowed: Vec<&str> = items.iter().map(String::as_str).collect();
    join_and(&borrowed)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => {
            let mut capitalised = String::with_capacity(text.len());
            capitalised.extend(first.to_uppercase());
            capitalised.push_str(chars.as_str());
            capitalised
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::policy::{PolicyKind, parse_policy};
    use serde_json::{Value, json};

    const GITHUB: &str =
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const SUB: &str = "token.actions.githubusercontent.com:sub";
    const ARWWI: &str = "sts:AssumeRoleWithWebIdentity";

    fn github_context(sub: &str) -> RequestContext {
        let mut context = RequestContext::new();
        context.insert_single(SUB, sub);
        context.insert_single(
            "token.actions.githubusercontent.com:aud",
            "sts.amazonaws.com",
        );
        context
    }

    fn allow(condition: Value) -> Value {
        json!({"Sid": "GitHubDeploy", "Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": ARWWI, "Condition": condition})
    }

    fn run(statements: Value, actions: &[&str], context: &RequestContext) -> Evaluation {
        let document = json!({"Version": "2012-10-17", "Statement": statements});
        let policy = parse_policy(&document, PolicyKind::Trust).unwrap();
        let request = EvaluationRequest {
            federated_principal: GITHUB,
            actions,
            context,
        };
        evaluate(
            &policy,
            &request,
            "trust_policy",
            "/roles/0/AssumeRolePolicyDocument",
        )
    }

    #[test]
    fn decisions() {
        let main = "repo:octo/app:ref:refs/heads/main";
        let main_only = json!({"StringEquals": {SUB: main}});
        // (case, statements, actions, context sub, decision, deciding statement per action)
        type Row = (
            &'static str,
            Value,
            &'static [&'static str],
            &'static str,
            Decision,
            Vec<Option<usize>>,
        );
        let rows: Vec<Row> = vec![
            (
                "allow matches",
                json!([allow(main_only.clone())]),
                &[ARWWI],
                main,
                Decision::Allowed,
                vec![Some(0)],
            ),
            (
                "condition fails",
                json!([allow(main_only.clone())]),
                &[ARWWI],
                "repo:octo/app:pull_request",
                Decision::ImplicitDeny,
                vec![None],
            ),
            (
                "explicit deny beats allow",
                json!([allow(main_only.clone()), {"Effect": "Deny", "Principal": "*", "Action": "sts:*"}]),
                &[ARWWI],
                main,
                Decision::ExplicitDeny,
                vec![Some(1)],
            ),
            (
                "deny with failing condition does not apply",
                json!([allow(main_only.clone()), {"Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"StringLike": {SUB: "*:pull_request"}}}]),
                &[ARWWI],
                main,
                Decision::Allowed,
                vec![Some(0)],
            ),
            (
                "TagSession not covered",
                json!([allow(main_only.clone())]),
                &[ARWWI, "sts:TagSession"],
                main,
                Decision::ImplicitDeny,
                vec![Some(0), None],
            ),
            (
                "TagSession covered by a second statement",
                json!([allow(main_only.clone()), {"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:TagSession"}]),
                &[ARWWI, "sts:TagSession"],
                main,
                Decision::Allowed,
                vec![Some(0), Some(1)],
            ),
            (
                "action wildcard, case-insensitive",
                json!([{"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": ["STS:assumerole*", "sts:?agSession"]}]),
                &[ARWWI, "sts:TagSession"],
                main,
                Decision::Allowed,
                vec![Some(0), Some(0)],
            ),
            (
                "wrong action (sts:AssumeRole)",
                json!([{"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRole"}]),
                &[ARWWI],
                main,
                Decision::ImplicitDeny,
                vec![None],
            ),
            (
                "NotAction excluding TagSession",
                json!([{"Effect": "Allow", "Principal": {"Federated": GITHUB}, "NotAction": "sts:TagSession"}]),
                &[ARWWI, "sts:TagSession"],
                main,
                Decision::ImplicitDeny,
                vec![Some(0), None],
            ),
            (
                "wrong provider ARN",
                json!([{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::999999999999:oidc-provider/token.actions.githubusercontent.com"}, "Action": ARWWI}]),
                &[ARWWI],
                main,
                Decision::ImplicitDeny,
                vec![None],
            ),
            (
                "Federated list containing the caller",
                json!([{"Effect": "Allow", "Principal": {"Federated": ["accounts.google.com", GITHUB]}, "Action": ARWWI}]),
                &[ARWWI],
                main,
                Decision::Allowed,
                vec![Some(0)],
            ),
            (
                "Principal *",
                json!([{"Effect": "Allow", "Principal": "*", "Action": ARWWI}]),
                &[ARWWI],
                main,
                Decision::Allowed,
                vec![Some(0)],
            ),
            (
                "AWS *",
                json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ARWWI}]),
                &[ARWWI],
                main,
                Decision::Allowed,
                vec![Some(0)],
            ),
            (
                "Service principal only",
                json!([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ARWWI}]),
                &[ARWWI],
                main,
                Decision::ImplicitDeny,
                vec![None],
            ),
            (
                "NotPrincipal naming someone else",
                json!([{"Effect": "Allow", "NotPrincipal": {"Federated": "accounts.google.com"}, "Action": ARWWI}]),
                &[ARWWI],
                main,
                Decision::Allowed,
                vec![Some(0)],
            ),
            (
                "NotPrincipal naming the caller",
                json!([{"Effect": "Allow", "NotPrincipal": {"Federated": GITHUB}, "Action": ARWWI}]),
                &[ARWWI],
                main,
                Decision::ImplicitDeny,
                vec![None],
            ),
            (
                "Deny with NotPrincipal naming the caller does not apply",
                json!([allow(main_only.clone()), {"Effect": "Deny", "NotPrincipal": {"Federated": GITHUB}, "Action": "*"}]),
                &[ARWWI],
                main,
                Decision::Allowed,
                vec![Some(0)],
            ),
            (
                "ForAllValues passes on an absent key",
                json!([allow(
                    json!({"ForAllValues:StringEquals": {"token.actions.githubusercontent.com:environment": "prod"}})
                )]),
                &[ARWWI],
                main,
                Decision::Allowed,
                vec![Some(0)],
            ),
            (
                "no action requested",
                json!([allow(main_only.clone())]),
                &[],
                main,
                Decision::ImplicitDeny,
                vec![],
            ),
        ];
        for (case, statements, actions, sub, want, deciding) in rows {
            let evaluation = run(statements, actions, &github_context(sub));
            assert_eq!(evaluation.decision, want, "{case}: {}", evaluation.summary);
            let got: Vec<Option<usize>> = evaluation.actions.iter().map(|a| a.statement).collect();
            assert_eq!(got, deciding, "{case}");
        }
    }

    #[test]
    fn checks_for_a_failed_condition() {
        let statements = json!([allow(json!({
            "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            "StringLike": {SUB: "repo:octo/app:ref:refs/heads/*"}
        }))]);
        let evaluation = run(
            statements,
            &[ARWWI],
            &github_context("repo:octo/app:pull_request"),
        );
        let ids: Vec<&str> = evaluation.checks.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "trust_policy.statement[0]",
                "trust_policy.statement[0].principal",
                "trust_policy.statement[0].action",
                "trust_policy.statement[0].condition[0]",
                "trust_policy.statement[0].condition[1]",
            ]
        );
        let statuses: Vec<Status> = evaluation.checks.iter().map(|c| c.status).collect();
        assert_eq!(
            statuses,
            [
                Status::Fail,
                Status::Pass,
                Status::Pass,
                Status::Pass,
                Status::Fail
            ]
        );
        let statement = &evaluation.checks[0];
        assert_eq!(
            statement.path.as_deref(),
            Some("/roles/0/AssumeRolePolicyDocument/Statement/0")
        );
        assert_eq!(
            statement.detail,
            "Allow (Sid `GitHubDeploy`): principal matches, action matches, 1 of 2 conditions failed: does not apply"
        );
        let failed = &evaluation.checks[4];
        assert_eq!(
            failed.path.as_deref(),
            Some(
                "/roles/0/AssumeRolePolicyDocument/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub"
            )
        );
        assert_eq!(
            failed.detail,
            "StringLike `token.actions.githubusercontent.com:sub`: request value `repo:octo/app:pull_request` matches none of `repo:octo/app:ref:refs/heads/*`"
        );
        let explain = failed.condition.as_ref().unwrap();
        assert!(!explain.matched);
        assert_eq!(explain.reason, "value does not match");
        assert_eq!(
            evaluation.summary,
            "No statement allows sts:AssumeRoleWithWebIdentity: statement 0 (Sid `GitHubDeploy`) failed its condition on `token.actions.githubusercontent.com:sub`."
        );
        let hint = evaluation.hint.unwrap();
        assert!(hint.starts_with("The token's sub is `repo:octo/app:pull_request`; the policy expects `repo:octo/app:ref:refs/heads/*`."), "{hint}");
        assert!(hint.contains("Pull-request runs"), "{hint}");
    }

    #[test]
    fn summaries_and_hints() {
        let main = "repo:octo/app:ref:refs/heads/main";
        // (case, statements, actions, sub, summary, hint fragment)
        type Row = (
            &'static str,
            Value,
            &'static [&'static str],
            &'static str,
            &'static str,
            Option<&'static str>,
        );
        let rows: Vec<Row> = vec![
            (
                "allowed",
                json!([allow(json!({"StringEquals": {SUB: main}}))]),
                &[ARWWI],
                main,
                "Statement 0 (Sid `GitHubDeploy`) allows sts:AssumeRoleWithWebIdentity.",
                None,
            ),
            (
                "allowed by two statements",
                json!([allow(json!({})), {"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:TagSession"}]),
                &[ARWWI, "sts:TagSession"],
                main,
                "Statement 0 (Sid `GitHubDeploy`) allows sts:AssumeRoleWithWebIdentity; statement 1 allows sts:TagSession.",
                None,
            ),
            (
                "environment changes the sub",
                json!([allow(json!({"StringEquals": {SUB: main}}))]),
                &[ARWWI],
                "repo:octo/app:environment:prod",
                "No statement allows sts:AssumeRoleWithWebIdentity: statement 0 (Sid `GitHubDeploy`) failed its condition on `token.actions.githubusercontent.com:sub`.",
                Some(
                    "The token's sub is `repo:octo/app:environment:prod`; the policy expects `repo:octo/app:ref:refs/heads/main`. Add the environment subject or drop the environment from the job.",
                ),
            ),
            (
                "case differs",
                json!([allow(json!({"StringLike": {SUB: "repo:Octo/App:*"}}))]),
                &[ARWWI],
                main,
                "No statement allows sts:AssumeRoleWithWebIdentity: statement 0 (Sid `GitHubDeploy`) failed its condition on `token.actions.githubusercontent.com:sub`.",
                Some("differ only in letter case"),
            ),
            (
                "immutable sub form",
                json!([allow(json!({"StringLike": {SUB: "repo:octo/app:*"}}))]),
                &[ARWWI],
                "repo:octo@1/app@2:ref:refs/heads/main",
                "No statement allows sts:AssumeRoleWithWebIdentity: statement 0 (Sid `GitHubDeploy`) failed its condition on `token.actions.githubusercontent.com:sub`.",
                Some("immutable subject form"),
            ),
            (
                "missing claim",
                json!([allow(
                    json!({"StringEquals": {"token.actions.githubusercontent.com:environment": "prod"}})
                )]),
                &[ARWWI],
                main,
                "No statement allows sts:AssumeRoleWithWebIdentity: statement 0 (Sid `GitHubDeploy`) failed its condition on `token.actions.githubusercontent.com:environment`.",
                Some("The request has no `token.actions.githubusercontent.com:environment`"),
            ),
            (
                "TagSession missing",
                json!([allow(json!({}))]),
                &[ARWWI, "sts:TagSession"],
                main,
                "No statement allows sts:TagSession: statement 0 (Sid `GitHubDeploy`) does not cover the action.",
                Some(
                    "Add `sts:TagSession` to the `Action` of statement 0 (the token carries session tags",
                ),
            ),
            (
                "wrong principal and failed condition",
                json!([{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": ARWWI, "Condition": {"StringEquals": {SUB: "x", "token.actions.githubusercontent.com:aud": "y"}}}]),
                &[ARWWI],
                main,
                "No statement allows sts:AssumeRoleWithWebIdentity: statement 0 names a different principal and failed its conditions on `token.actions.githubusercontent.com:sub` and `token.actions.githubusercontent.com:aud`.",
                Some("Statement 0 trusts Federated `accounts.google.com`; this call comes from"),
            ),
            (
                "missing global key",
                json!([allow(
                    json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})
                )]),
                &[ARWWI],
                main,
                "No statement allows sts:AssumeRoleWithWebIdentity: statement 0 (Sid `GitHubDeploy`) failed its condition on `aws:SourceIp`.",
                Some("The request has no `aws:SourceIp`."),
            ),
            (
                "no Allow statement",
                json!([{"Effect": "Deny", "Principal": "*", "Action": "sts:TagSession"}]),
                &[ARWWI],
                main,
                "No statement allows sts:AssumeRoleWithWebIdentity: the policy has no Allow statement.",
                Some("Add an Allow statement"),
            ),
            (
                "explicit deny",
                json!([allow(json!({})), {"Sid": "NoPRs", "Effect": "Deny", "Principal": "*", "Action": ARWWI, "Condition": {"StringLike": {SUB: "*:pull_request"}}}]),
                &[ARWWI],
                "repo:octo/app:pull_request",
                "Statement 1 (Sid `NoPRs`) explicitly denies sts:AssumeRoleWithWebIdentity; an explicit Deny overrides any Allow.",
                Some("narrow that statement"),
            ),
        ];
        for (case, statements, actions, sub, summary, hint) in rows {
            let evaluation = run(statements, actions, &github_context(sub));
            assert_eq!(evaluation.summary, summary, "{case}");
            match (hint, &evaluation.hint) {
                (None, None) => {}
                (Some(fragment), Some(got)) => assert!(got.contains(fragment), "{case}: {got}"),
                (want, got) => panic!("{case}: hint {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn statement_status_and_paths() {
        let statements =
            json!({"Effect": "Deny", "NotPrincipal": {"Federated": GITHUB}, "Action": "*"});
        let document = json!({"Statement": statements});
        let policy = parse_policy(&document, PolicyKind::Trust).unwrap();
        let context = github_context("x");
        let request = EvaluationRequest {
            federated_principal: GITHUB,
            actions: &[ARWWI],
            context: &context,
        };
        let evaluation = evaluate(&policy, &request, "tp", "/p");
        // A Deny that does not apply works in the caller's favour.
        assert_eq!(evaluation.checks[0].status, Status::Pass);
        assert_eq!(evaluation.checks[0].path.as_deref(), Some("/p/Statement"));
        assert_eq!(
            evaluation.checks[1].path.as_deref(),
            Some("/p/Statement/NotPrincipal")
        );
        assert_eq!(evaluation.checks[1].status, Status::Fail);
        assert_eq!(
            evaluation.checks[2].path.as_deref(),
            Some("/p/Statement/Action")
        );
        assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    }

    #[test]
    fn assumed_flags_and_pointer_escapes() {
        let mut context = github_context("repo:octo/app:ref:refs/heads/main");
        context.insert_multi("aws:TagKeys", vec!["a".into()]);
        let statements = json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ARWWI, "Condition": {"StringEquals": {"aws:TagKeys": "a", "a~b/c": "x"}}}]);
        let evaluation = run(statements, &[ARWWI], &context);
        let principal = &evaluation.checks[1];
        assert!(principal.assumed);
        let multi = &evaluation.checks[3];
        assert!(multi.assumed);
        assert_eq!(
            multi.condition.as_ref().unwrap().reason,
            "plain operator on a multivalued key never matches"
        );
        let escaped = &evaluation.checks[4];
        assert_eq!(
            escaped.path.as_deref(),
            Some("/roles/0/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals/a~0b~1c")
        );
        assert!(evaluation.checks[0].assumed);
    }

    #[test]
    fn every_condition_is_reported_after_a_failure() {
        let statements = json!([allow(
            json!({"StringEquals": {"a": "1", "b": "2", "c": "3"}})
        )]);
        let evaluation = run(statements, &[ARWWI], &github_context("x"));
        let conditions: Vec<&Check> = evaluation
            .checks
            .iter()
            .filter(|c| c.condition.is_some())
            .collect();
        assert_eq!(conditions.len(), 3);
        assert!(conditions.iter().all(|c| c.status == Status::Fail));
    }
}

//! The lint pack: findings about a trust policy that do not change STS's verdict, in the style
//! of IAM Access Analyzer. Each finding has a stable code, a severity, a JSON pointer, a message
//! (what is wrong), a help text (what to do) and an anchor (the exact name or value it is about,
//! from which front ends draw a span in their own text).
//!
//! The policy is read as STS reads it (an object, or text that may be URL-encoded). Elements
//! that make IAM refuse the whole document but can be reported on their own (`Resource`, an
//! unknown condition operator) are reported and set aside, so the other rules still run; any
//! other grammar error is one `malformed-policy` finding.
//!
//! Layout, one family of rules per file:
//! - `structure.rs`: `Resource` and unknown operators, before parsing;
//! - `guardrail.rs`: IAM's GitHub guardrail (`github-sub-not-scoped`);
//! - `statements.rs`: principal against action, and the audience check;
//! - `conditions.rs`: operators, values and condition-key prefixes;
//! - `github.rs`: what a GitHub `sub` pattern admits;
//! - `providers.rs`: who a statement trusts, and their condition-key prefixes.

mod conditions;
mod github;
mod guardrail;
mod providers;
pub mod rules;
mod statements;
mod structure;

use super::document::{ConditionEntry, PolicyDocument, Statement, document_value};
use super::glob::glob_matches;
use super::variables;
use super::{PolicyError, PolicyErrorKind, PolicyKind, parse_policy, push_pointer_token};
use crate::engine::json_span;
use crate::engine::verdict::{Anchor, Finding, Part, Severity};
use providers::{Provider, web_identity_provider};
use rules::Rule;
use serde_json::{Map, Value};

/// What the lint knows besides the policy: the scenario's IAM OIDC providers and token.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LintContext {
    /// The provider URLs registered in the account, with or without `https://`.
    pub providers: Vec<String>,
    /// The claims of the scenario's token (unverified), when it decodes; evidence for the
    /// GitHub owner-case and `sub`-format rules.
    pub token_claims: Map<String, Value>,
}

/// What the rules read of the lint's context, borrowed: the engine lends the scenario's provider
/// URLs and its token's claims instead of copying them into a [`LintContext`] on every check.
#[derive(Clone, Debug, Default)]
pub(crate) struct Evidence<'a> {
    /// The provider URLs registered in the account, with or without `https://`.
    pub providers: Vec<&'a str>,
    /// The claims of the scenario's token (unverified), when it decodes.
    pub token_claims: Option<&'a Map<String, Value>>,
}

impl<'a> Evidence<'a> {
    /// The evidence a [`LintContext`] holds.
    pub(crate) fn of(context: &'a LintContext) -> Evidence<'a> {
        Evidence {
            providers: context.providers.iter().map(String::as_str).collect(),
            token_claims: Some(&context.token_claims),
        }
    }
}

/// Lint a trust policy given as a scenario holds it: an object, or text (possibly
/// URL-encoded). `pointer_prefix` is the policy's JSON pointer in the scenario; every path and
/// anchor starts with it. When the policy is text, each finding's `span` points into it.
///
/// `parsed` is `parse_policy(policy, PolicyKind::Trust)` when the caller already has it (the
/// engine parses the target role's policy once per check); `None` parses here.
pub(crate) fn lint(
    policy: &Value,
    parsed: Option<&Result<PolicyDocument, PolicyError>>,
    pointer_prefix: &str,
    context: &Evidence,
) -> Vec<Finding> {
    let mut out = Findings {
        prefix: pointer_prefix.to_string(),
        list: Vec::new(),
    };
    // The JSON of a policy given as text; an object is read where it is, never copied.
    let from_text;
    let (document, text) = match policy {
        Value::String(text) => match document_value(text) {
            Ok(value) => {
                from_text = value;
                (&from_text, Some(text.as_str()))
            }
            Err(error) => {
                out.not_json(text, &error);
                return out.list;
            }
        },
        other => (other, None),
    };
    let own_parse;
    let parsed = match parsed {
        Some(parsed) => parsed,
        None => {
            own_parse = parse_policy(document, PolicyKind::Trust);
            &own_parse
        }
    };
    run(&|| document, parsed, context, &mut out);
    let mut findings = out.list;
    if let Some(text) = text {
        for finding in &mut findings {
            finding.span = finding.locate(text, pointer_prefix);
        }
    }
    findings
}

/// [`lint`] for a policy object whose parse the caller has (`parsed` is
/// `parse_policy(document(), PolicyKind::Trust)`) and whose JSON it builds only on demand:
/// the lint reads the JSON only when the policy does not parse.
pub(crate) fn lint_object<'v>(
    document: &dyn Fn() -> &'v Value,
    parsed: &Result<PolicyDocument, PolicyError>,
    pointer_prefix: &str,
    context: &Evidence,
) -> Vec<Finding> {
    let mut out = Findings {
        prefix: pointer_prefix.to_string(),
        list: Vec::new(),
    };
    run(document, parsed, context, &mut out);
    out.list
}

/// Every rule, on a policy object (`document`) and its parse.
fn run<'v>(
    document: &dyn Fn() -> &'v Value,
    parsed: &Result<PolicyDocument, PolicyError>,
    context: &Evidence,
    out: &mut Findings,
) {
    // The grammar refuses `Resource` and unknown operators in a trust policy, so only a
    // document that does not parse can hold what `structure` reports; one with elements set
    // aside is parsed again without them.
    let repaired = match parsed {
        Ok(_) => None,
        Err(_) => structure::check(document(), out),
    };
    let reparsed;
    let parsed = match &repaired {
        Some(repaired) => {
            reparsed = parse_policy(repaired, PolicyKind::Trust);
            &reparsed
        }
        None => parsed,
    };
    match parsed {
        Ok(parsed) => {
            let statements: Vec<Stmt> = (0..parsed.statement_count())
                .filter_map(|index| Stmt::new(parsed, index))
                .collect();
            let doc = Doc {
                parsed,
                statements,
                context,
                github_token_owner: github_claim(context, "sub").and_then(github::token_owner),
            };
            for statement in &doc.statements {
                lint_statement(&doc, statement, out);
            }
            github::owner_case(&doc, out);
        }
        Err(error) => out.malformed(error),
    }
}

fn lint_statement(doc: &Doc, statement: &Stmt, out: &mut Findings) {
    statements::mismatched_action(statement, out);
    let guardrail_fired = guardrail::check(statement, out);
    statements::missing_aud(statement, out);
    github::sub_missing(statement, guardrail_fired, out);
    for entry in &statement.statement.conditions {
        conditions::key_prefix(doc, statement, entry, out);
        conditions::set_operators(statement, entry, out);
        conditions::wildcards(statement, entry, out);
        conditions::variables(doc, statement, entry, out);
        github::sub_values(doc, statement, entry, guardrail_fired, out);
    }
    statements::principal_slug(doc, statement, out);
}

/// The findings so far, with paths relative to the policy until they are pushed.
pub(super) struct Findings {
    prefix: String,
    list: Vec<Finding>,
}

/// One finding, with pointers relative to the policy document.
pub(super) struct Draft {
    pub rule: Rule,
    pub severity: Severity,
    /// The finding's path.
    pub path: String,
    /// What a span covers: a pointer and the part.
    pub anchor: (String, Part),
    pub message: String,
    pub help: String,
}

impl Findings {
    pub(super) fn push(&mut self, draft: Draft) {
        let (pointer, part) = draft.anchor;
        self.list.push(Finding {
            code: draft.rule.code().to_string(),
            severity: draft.severity,
            path: self.prefixed(&draft.path),
            message: draft.message,
            help: draft.help,
            span: None,
            anchor: Anchor {
                pointer: self.prefixed(&pointer),
                part,
            },
        });
    }

    /// `pointer` in the scenario: the policy's pointer, then `pointer`.
    fn prefixed(&self, pointer: &str) -> String {
        let mut out = String::with_capacity(self.prefix.len().saturating_add(pointer.len()));
        out.push_str(&self.prefix);
        out.push_str(pointer);
        out
    }

    fn not_json(&mut self, text: &str, error: &serde_json::Error) {
        let detail = error.to_string();
        let detail = detail
            .rfind(" at line ")
            .and_then(|at| detail.get(..at))
            .unwrap_or(&detail);
        self.list.push(Finding {
            code: Rule::MalformedPolicy.code().to_string(),
            severity: Severity::Error,
            path: self.prefix.clone(),
            message: format!(
                "The trust policy is not JSON: {detail} (line {}, column {}).",
                error.line(),
                error.column()
            ),
            help: "Fix the JSON syntax: IAM refuses the document (`MalformedPolicyDocument: This policy contains invalid Json`), and STS answers a stored one with `The policy is not in the valid JSON format.`".to_string(),
            span: Some(json_span::span_of_json_error(
                text,
                error.line(),
                error.column(),
            )),
            anchor: Anchor {
                pointer: self.prefix.clone(),
                part: Part::Value,
            },
        });
    }

    /// The first grammar error left after `structure` set its findings aside.
    fn malformed(&mut self, error: &PolicyError) {
        // A missing element has no text of its own: point at what should hold it.
        let anchor = if error.kind == PolicyErrorKind::MissingField {
            error
                .path
                .rfind('/')
                .and_then(|at| error.path.get(..at))
                .unwrap_or_default()
                .to_string()
        } else {
            error.path.clone()
        };
        // An unknown member is wrong by its name; anything else by its value.
        let part = if error.kind == PolicyErrorKind::ProhibitedField
            || error.detail.starts_with("unknown ")
        {
            Part::Name
        } else {
            Part::Value
        };
        self.push(Draft {
            rule: Rule::MalformedPolicy,
            severity: Severity::Error,
            path: error.path.clone(),
            anchor: (anchor, part),
            message: sentence(&error.detail),
            help: format!(
                "Fix the policy grammar: IAM refuses this document with `MalformedPolicyDocument: {}`, and STS answers a stored one the same way.",
                error.iam_message()
            ),
        });
    }
}

/// The policy being linted: parsed, and each statement with what the rules ask of it.
pub(super) struct Doc<'a> {
    pub parsed: &'a PolicyDocument,
    /// Every statement, in document order.
    pub statements: Vec<Stmt<'a>>,
    pub context: &'a Evidence<'a>,
    /// The scenario token's `sub` and the owner it names, when GitHub issued it (read once:
    /// the rule on each legacy `sub` value compares against it).
    pub github_token_owner: Option<(&'a str, &'a str)>,
}

impl<'a> Doc<'a> {
    /// Claims of the scenario's token when GitHub issued it: evidence for the GitHub rules.
    pub(super) fn github_claim(&self, name: &str) -> Option<&'a str> {
        github_claim(self.context, name)
    }
}

/// Claim `name` of the scenario's token when GitHub issued it.
fn github_claim<'a>(context: &Evidence<'a>, name: &str) -> Option<&'a str> {
    let claims = context.token_claims?;
    let iss = claims.get("iss").and_then(Value::as_str)?;
    let host = iss.strip_prefix("https://")?;
    if !providers::is_github(host) {
        return None;
    }
    claims.get(name).and_then(Value::as_str)
}

/// One statement: parsed, and where it is, with the facts several rules need read once (every
/// check lints the policy, so this is on the hot path). Pointers are built only for findings
/// that are reported.
pub(super) struct Stmt<'a> {
    pub index: usize,
    pub statement: &'a Statement,
    /// The document, which knows how the statement's elements are written (lists or not).
    pub document: &'a PolicyDocument,
    /// Its pointer relative to the document, e.g. `/Statement/0`.
    pub path: String,
    /// The `Federated` principals (not under `NotPrincipal`), in document order.
    pub federated: Vec<Federated<'a>>,
    /// The first of them that is a GitHub provider.
    pub github: Option<GitHubPrincipal<'a>>,
    /// An `Allow` statement whose actions cover `sts:AssumeRoleWithWebIdentity`.
    pub allows_web_identity: bool,
}

/// A `Federated` principal of a statement.
pub(super) struct Federated<'a> {
    pub arn: &'a str,
    /// Its position in the `Federated` element (for its pointer).
    pub index: usize,
    /// The web identity provider it names, if any.
    pub provider: Option<Provider<'a>>,
}

/// A statement's GitHub principal.
pub(super) struct GitHubPrincipal<'a> {
    pub arn: &'a str,
    /// Its position in the `Federated` element (for its pointer).
    pub index: usize,
    /// The condition-key prefix, e.g. `token.actions.githubusercontent.com`.
    pub prefix: String,
}

impl<'a> Stmt<'a> {
    fn new(parsed: &'a PolicyDocument, index: usize) -> Option<Stmt<'a>> {
        let path = parsed.statement_pointer(index);
        let statement = parsed.statements().get(index)?;
        let federated: Vec<Federated> = match statement.principal.as_ref() {
            Some(block) if !block.negated => block
                .value
                .values_of("Federated")
                .iter()
                .enumerate()
                .map(|(index, arn)| Federated {
                    arn,
                    index,
                    provider: web_identity_provider(arn),
                })
                .collect(),
            _ => Vec::new(),
        };
        let github = federated.iter().find_map(|principal| {
            Some(GitHubPrincipal {
                arn: principal.arn,
                index: principal.index,
                prefix: guardrail::github_prefix(principal.provider.as_ref()?.prefix)?,
            })
        });
        let allows_web_identity =
            statement.effect == super::Effect::Allow && covers(statement, ASSUME_WEB_IDENTITY);
        Some(Stmt {
            index,
            statement,
            document: parsed,
            path,
            federated,
            github,
            allows_web_identity,
        })
    }

    /// The web identity providers the statement trusts, in document order.
    pub(super) fn providers(&self) -> impl Iterator<Item = &Provider<'a>> + '_ {
        self.federated
            .iter()
            .filter_map(|principal| principal.provider.as_ref())
    }

    /// The pointer of `Federated` principal `index`.
    pub(super) fn federated_path(&self, index: usize) -> String {
        let base = format!("{}/Principal/Federated", self.path);
        item_path(&base, self.document.federated_listed(self.index), index)
    }

    /// `/Statement/0/Condition/<operator>`.
    pub(super) fn operator_path(&self, entry: &ConditionEntry) -> String {
        let mut path = String::with_capacity(
            self.path
                .len()
                .saturating_add(32)
                .saturating_add(entry.key.len()),
        );
        path.push_str(&self.path);
        path.push_str("/Condition/");
        push_pointer_token(&mut path, &entry.operator);
        path
    }

    /// `/Statement/0/Condition/<operator>/<key>`.
    pub(super) fn entry_path(&self, entry: &ConditionEntry) -> String {
        let mut path = self.operator_path(entry);
        path.push('/');
        push_pointer_token(&mut path, &entry.key);
        path
    }

    /// The pointer of value `index` of a condition: the key's own pointer when the values
    /// are written as one scalar.
    pub(super) fn value_path(&self, entry: &ConditionEntry, index: usize) -> String {
        // `entry` is one of this statement's conditions.
        let listed = self
            .statement
            .conditions
            .iter()
            .position(|candidate| std::ptr::eq(candidate, entry))
            .is_some_and(|position| self.document.values_listed(self.index, position));
        item_path(&self.entry_path(entry), listed, index)
    }
}

/// Do `statement`'s actions cover `action`?
fn covers(statement: &Statement, action: &str) -> bool {
    let block = &statement.action;
    let hit = block
        .patterns
        .iter()
        .any(|pattern| glob_matches(pattern, action, true));
    hit != block.negated
}

/// Is condition key `key` the key `<prefix>:<name>`, ignoring ASCII case? The same as
/// `key.eq_ignore_ascii_case(&format!("{prefix}:{name}"))`, without building the text.
pub(super) fn is_key(key: &str, prefix: &str, name: &str) -> bool {
    let key = key.as_bytes();
    Some(key.len())
        == prefix
            .len()
            .checked_add(1)
            .and_then(|n| n.checked_add(name.len()))
        && key
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
        && key.get(prefix.len()) == Some(&b':')
        && key
            .get(prefix.len().saturating_add(1)..)
            .is_some_and(|end| end.eq_ignore_ascii_case(name.as_bytes()))
}

/// Does `value` mention a policy variable? Cheap for the common value without `${`, which
/// `variables::mentions_variable` would still copy into characters.
pub(super) fn mentions_variable(value: &str) -> bool {
    value.contains("${") && variables::mentions_variable(value)
}

/// The action a web identity provider's principal must be allowed.
pub(super) const ASSUME_WEB_IDENTITY: &str = "sts:AssumeRoleWithWebIdentity";

/// The pointer of item `index` of an element that may be a list or a single scalar.
pub(super) fn item_path(base: &str, listed: bool, index: usize) -> String {
    if listed {
        format!("{base}/{index}")
    } else {
        base.to_string()
    }
}

/// A `*` or `?` that is not written as the escape `${*}` / `${?}`.
pub(super) fn has_bare_wildcard(value: &str) -> bool {
    // Most values have no wildcard, or no escape: answer those without copying.
    if !value.bytes().any(|b| b == b'*' || b == b'?') {
        return false;
    }
    if !value.contains("${") {
        return true;
    }
    let stripped = value.replace("${*}", "").replace("${?}", "");
    stripped.contains('*') || stripped.contains('?')
}

/// An explanation in our `PolicyError` style (lowercase, no period) as a sentence.
fn sentence(detail: &str) -> String {
    let mut text = capitalise(detail);
    if !text.ends_with(['.', '?', '!']) {
        text.push('.');
    }
    text
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;

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
mod statements;
mod structure;

use super::document::{ConditionEntry, PolicyDocument, Statement, document_value};
use super::glob::Pattern;
use super::{PolicyError, PolicyErrorKind, PolicyKind, escape_pointer_token, parse_policy};
use crate::engine::json_span;
use crate::engine::verdict::{Anchor, Finding, Part, Severity};
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

/// Lint a trust policy given as a scenario holds it: an object, or text (possibly
/// URL-encoded). `pointer_prefix` is the policy's JSON pointer in the scenario; every path and
/// anchor starts with it. When the policy is text, each finding's `span` points into it.
pub(crate) fn lint(policy: &Value, pointer_prefix: &str, context: &LintContext) -> Vec<Finding> {
    let mut out = Findings {
        prefix: pointer_prefix.to_string(),
        list: Vec::new(),
    };
    let (document, text) = match policy {
        Value::String(text) => match document_value(text) {
            Ok(value) => (value, Some(text.as_str())),
            Err(error) => {
                out.not_json(text, &error);
                return out.list;
            }
        },
        other => (other.clone(), None),
    };
    let repaired = structure::check(&document, &mut out);
    match parse_policy(&repaired, PolicyKind::Trust) {
        Ok(parsed) => {
            let doc = Doc {
                parsed: &parsed,
                raw: &repaired,
                context,
            };
            for index in 0..parsed.statement_count() {
                if let Some(statement) = doc.statement(index) {
                    lint_statement(&doc, &statement, &mut out);
                }
            }
            github::owner_case(&doc, &mut out);
        }
        Err(error) => out.malformed(&error),
    }
    let mut findings = out.list;
    if let Some(text) = text {
        for finding in &mut findings {
            finding.span = finding.locate(text, pointer_prefix);
        }
    }
    findings
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
pub(super) struct Draft<'a> {
    pub code: &'a str,
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
            code: draft.code.to_string(),
            severity: draft.severity,
            path: format!("{}{}", self.prefix, draft.path),
            message: draft.message,
            help: draft.help,
            span: None,
            anchor: Anchor {
                pointer: format!("{}{}", self.prefix, pointer),
                part,
            },
        });
    }

    fn not_json(&mut self, text: &str, error: &serde_json::Error) {
        let detail = error.to_string();
        let detail = detail
            .rfind(" at line ")
            .and_then(|at| detail.get(..at))
            .unwrap_or(&detail);
        self.list.push(Finding {
            code: "malformed-policy".to_string(),
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
            code: "malformed-policy",
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

/// The policy being linted: parsed, and as JSON (for exact pointers).
pub(super) struct Doc<'a> {
    pub parsed: &'a PolicyDocument,
    pub raw: &'a Value,
    pub context: &'a LintContext,
}

impl<'a> Doc<'a> {
    fn statement(&self, index: usize) -> Option<Stmt<'a>> {
        let path = self.parsed.statement_pointer(index);
        Some(Stmt {
            index,
            statement: self.parsed.statements().get(index)?,
            raw: self.raw.pointer(&path)?,
            path,
        })
    }

    /// Every statement, in document order.
    pub(super) fn statements(&self) -> impl Iterator<Item = Stmt<'a>> + '_ {
        (0..self.parsed.statement_count()).filter_map(|index| self.statement(index))
    }

    /// Claims of the scenario's token when GitHub issued it: evidence for the GitHub rules.
    pub(super) fn github_claim(&self, name: &str) -> Option<&'a str> {
        let claims = &self.context.token_claims;
        let iss = claims.get("iss").and_then(Value::as_str)?;
        let host = iss.strip_prefix("https://")?;
        if !providers::is_github(host) {
            return None;
        }
        claims.get(name).and_then(Value::as_str)
    }
}

/// One statement: parsed, as JSON, and where it is.
pub(super) struct Stmt<'a> {
    pub index: usize,
    pub statement: &'a Statement,
    pub raw: &'a Value,
    /// Its pointer relative to the document, e.g. `/Statement/0`.
    pub path: String,
}

impl Stmt<'_> {
    /// `/Statement/0/Condition/<operator>`.
    pub(super) fn operator_path(&self, entry: &ConditionEntry) -> String {
        format!(
            "{}/Condition/{}",
            self.path,
            escape_pointer_token(&entry.operator)
        )
    }

    /// `/Statement/0/Condition/<operator>/<key>`.
    pub(super) fn entry_path(&self, entry: &ConditionEntry) -> String {
        format!(
            "{}/{}",
            self.operator_path(entry),
            escape_pointer_token(&entry.key)
        )
    }

    /// The pointer of value `index` of a condition: the key's own pointer when the values
    /// are written as one scalar.
    pub(super) fn value_path(&self, entry: &ConditionEntry, index: usize) -> String {
        let raw = self
            .raw
            .get("Condition")
            .and_then(|c| c.get(&entry.operator))
            .and_then(|block| block.get(&entry.key));
        item_path(&self.entry_path(entry), raw, index)
    }

    /// The statement's `Federated` principals (not under `NotPrincipal`), each with its pointer.
    pub(super) fn federated(&self) -> Vec<(&str, String)> {
        let Some(block) = self.statement.principal.as_ref().filter(|b| !b.negated) else {
            return Vec::new();
        };
        let base = format!("{}/Principal/Federated", self.path);
        let raw = self.raw.get("Principal").and_then(|p| p.get("Federated"));
        block
            .value
            .values_of("Federated")
            .iter()
            .enumerate()
            .map(|(index, value)| (value.as_str(), item_path(&base, raw, index)))
            .collect()
    }

    /// An `Allow` statement whose actions cover `sts:AssumeRoleWithWebIdentity`.
    pub(super) fn allows_web_identity(&self) -> bool {
        self.statement.effect == super::Effect::Allow && self.covers(ASSUME_WEB_IDENTITY)
    }

    /// Do the statement's actions cover `action`?
    pub(super) fn covers(&self, action: &str) -> bool {
        let block = &self.statement.action;
        let hit = block
            .patterns
            .iter()
            .any(|pattern| Pattern::glob(pattern).matches(action, true));
        hit != block.negated
    }
}

/// The action a web identity provider's principal must be allowed.
pub(super) const ASSUME_WEB_IDENTITY: &str = "sts:AssumeRoleWithWebIdentity";

/// The pointer of item `index` of an element that may be a list or a single scalar.
pub(super) fn item_path(base: &str, raw: Option<&Value>, index: usize) -> String {
    match raw {
        Some(Value::Array(_)) => format!("{base}/{index}"),
        _ => base.to_string(),
    }
}

/// A `*` or `?` that is not written as the escape `${*}` / `${?}`.
pub(super) fn has_bare_wildcard(value: &str) -> bool {
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

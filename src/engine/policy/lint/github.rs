//! What a GitHub `sub` pattern admits. GitHub's subject is `repo:OWNER/REPO:CONTEXT`, or
//! `repo:OWNER@OWNER_ID/REPO@REPO_ID:CONTEXT` for repositories on the immutable format (the
//! default for repositories created since 15 July 2026), where CONTEXT is
//! `ref:refs/heads/BRANCH`, `ref:refs/tags/TAG`, `environment:NAME` or `pull_request`
//! (GitHub's OIDC reference, <https://docs.github.com/en/actions/reference/security/oidc>; README,
//! Fidelity). These rules read a pattern position by position: a wildcard where the
//! owner goes admits every GitHub account, where the repository goes every repository of the
//! owner, where the branch goes every branch.

use super::providers::{github_slug, provider_key};
use super::rules::Rule;
use super::{Doc, Draft, Findings, Stmt, is_key, mentions_variable};
use crate::engine::policy::Effect;
use crate::engine::policy::document::ConditionEntry;
use crate::engine::policy::operator::Comparison;
use crate::engine::verdict::{Part, Severity};

/// What a `sub` value admits, by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sub<'a> {
    /// Not GitHub's default form (a custom `sub` template, or no `:CONTEXT`): not judged.
    Other,
    /// A wildcard at or before the owner: any account.
    AnyOwner,
    /// The owner is fixed; a wildcard stands where the repository goes.
    AnyRepository { owner: &'a str },
    /// Owner and repository fixed.
    Repository {
        owner: &'a str,
        repository: &'a str,
        context: Context,
    },
}

/// What the `CONTEXT` part of a subject admits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    /// Starts with a wildcard: every branch, tag, environment and pull request.
    Anything,
    /// `ref:refs/heads/*` (or a wildcard earlier in `ref:refs/heads/`): every branch.
    AnyBranch,
    /// `pull_request`.
    PullRequest,
    /// Anything narrower.
    Narrow,
}

/// The literal start of every branch subject's context.
const BRANCH_CONTEXT: &str = "ref:refs/heads/";

/// Read a `sub` value; `wildcards` when the operator is `StringLike`.
fn parse_sub(value: &str, wildcards: bool) -> Sub<'_> {
    // The byte offset of the first wildcard, as `find` would give it; a byte scan, as this
    // runs on every `sub` value of every check.
    let find_wild = |text: &str| {
        text.bytes()
            .position(|b| wildcards && (b == b'*' || b == b'?'))
    };
    let Some(rest) = value.strip_prefix("repo:") else {
        // A wildcard before `repo:` is complete (`*`, `re*`, `*:ref:…`) stands for any owner.
        return match find_wild(value) {
            Some(at) if "repo:".starts_with(value.get(..at).unwrap_or_default()) => Sub::AnyOwner,
            _ => Sub::Other,
        };
    };
    let wild = find_wild(rest);
    let Some(slash) = rest.find('/') else {
        return if wild.is_some() {
            Sub::AnyOwner
        } else {
            Sub::Other
        };
    };
    if wild.is_some_and(|at| at < slash) {
        return Sub::AnyOwner;
    }
    let (Some(owner), Some(after)) = (rest.get(..slash), rest.get(slash.saturating_add(1)..))
    else {
        return Sub::Other;
    };
    let wild = find_wild(after);
    let Some(colon) = after.find(':') else {
        return if wild.is_some() {
            Sub::AnyRepository { owner }
        } else {
            Sub::Other
        };
    };
    if wild.is_some_and(|at| at < colon) {
        return Sub::AnyRepository { owner };
    }
    let (Some(repository), Some(context)) =
        (after.get(..colon), after.get(colon.saturating_add(1)..))
    else {
        return Sub::Other;
    };
    let context = match find_wild(context) {
        Some(0) => Context::Anything,
        Some(at)
            if at <= BRANCH_CONTEXT.len()
                && BRANCH_CONTEXT.starts_with(context.get(..at).unwrap_or("-")) =>
        {
            Context::AnyBranch
        }
        _ if context == "pull_request" => Context::PullRequest,
        _ => Context::Narrow,
    };
    Sub::Repository {
        owner,
        repository,
        context,
    }
}

/// The scenario token's GitHub `sub` and the owner it names (`octo-org`, or `octo-org@65` on
/// the immutable format), when GitHub issued the token and its `sub` names a repository.
pub(super) fn token_owner(sub: &str) -> Option<(&str, &str)> {
    match parse_sub(sub, false) {
        Sub::Repository { owner, .. } => Some((sub, owner)),
        _ => None,
    }
}

/// The owner's name without an immutable-format id (`octo-org@65` → `octo-org`).
fn owner_name(owner: &str) -> &str {
    owner.split_once('@').map_or(owner, |(name, _)| name)
}

/// A positive string comparison (`StringEquals`, `StringLike`, `StringEqualsIgnoreCase`, with
/// any qualifier); `Some(true)` when `*` and `?` are wildcards.
fn positive_string(entry: &ConditionEntry) -> Option<bool> {
    if entry.parsed.negated {
        return None;
    }
    match entry.parsed.comparison {
        Comparison::StringLike => Some(true),
        Comparison::StringEquals | Comparison::StringEqualsIgnoreCase => Some(false),
        _ => None,
    }
}

/// The statement's conditions on `<prefix>:<name>` with a positive string operator.
fn pinning<'s>(
    statement: &'s Stmt,
    prefix: &'s str,
    name: &'s str,
) -> impl Iterator<Item = &'s ConditionEntry> + 's {
    statement
        .statement
        .conditions
        .iter()
        .filter(move |entry| is_key(&entry.key, prefix, name) && positive_string(entry).is_some())
}

/// `github-sub-missing` (Access Analyzer's MISSING_GITHUB_REPO_CONDITION_KEY, for what IAM's
/// guardrail lets through): the statement pins `job_workflow_ref` but not the calling
/// repository, so any repository that calls that workflow can assume the role.
pub(super) fn sub_missing(statement: &Stmt, guardrail_fired: bool, out: &mut Findings) {
    if guardrail_fired || !statement.allows_web_identity {
        return;
    }
    let Some(github) = &statement.github else {
        return;
    };
    let prefix = github.prefix.as_str();
    let pinned = ["sub", "repository", "repository_id"]
        .iter()
        .any(|name| pinning(statement, prefix, name).next().is_some());
    if pinned {
        return;
    }
    let Some(workflow) = pinning(statement, prefix, "job_workflow_ref").next() else {
        return;
    };
    let at = statement.entry_path(workflow);
    out.push(Draft {
        rule: Rule::GithubSubMissing,
        severity: Severity::Warning,
        path: at.clone(),
        anchor: (at, Part::Name),
        message: format!(
            "Statement {} constrains `{}` but not `{prefix}:sub`: any repository whose workflow calls that reusable workflow can assume this role (one in a public repository can be called from any account).",
            statement.index, workflow.key
        ),
        help: format!(
            "Also pin the calling repository: `\"StringLike\": {{\"{prefix}:sub\": \"repo:ORG/REPO:*\"}}`, or `{prefix}:repository_id`."
        ),
    });
}

/// The rules on each value of a GitHub `sub` condition in an Allow statement:
/// `github-sub-any-owner`, `github-sub-any-repository`, `github-sub-any-branch`,
/// `github-sub-pull-request` and `github-sub-legacy-format`.
pub(super) fn sub_values(
    doc: &Doc,
    statement: &Stmt,
    entry: &ConditionEntry,
    guardrail_fired: bool,
    out: &mut Findings,
) {
    if statement.statement.effect != Effect::Allow {
        return;
    }
    let Some(github) = &statement.github else {
        return;
    };
    let prefix = github.prefix.as_str();
    let Some(wildcards) = positive_string(entry) else {
        return;
    };
    if !is_key(&entry.key, prefix, "sub") {
        return;
    }
    for (index, value) in entry.values.iter().enumerate() {
        if mentions_variable(value) {
            continue;
        }
        // The value's pointer, built only for a finding.
        let at = || statement.value_path(entry, index);
        let sub = parse_sub(value, wildcards);
        let finding = |rule, severity, message: String, help: String| {
            let at = at();
            Draft {
                rule,
                severity,
                path: at.clone(),
                anchor: (at, Part::Value),
                message,
                help,
            }
        };
        match sub {
            Sub::Other => {}
            // IAM's guardrail already reports a value that is nothing but `*`.
            Sub::AnyOwner if guardrail_fired && value.chars().all(|c| c == '*') => {}
            Sub::AnyOwner => out.push(finding(
                Rule::GithubSubAnyOwner,
                Severity::Error,
                format!(
                    "`{value}` has a wildcard where the owner goes, so a workflow in any GitHub account or organisation can assume this role{}.",
                    if index > 0 && value.chars().all(|c| c == '*') {
                        " (IAM's guardrail looks only at the first value, so it lets this through)"
                    } else {
                        ""
                    }
                ),
                "Pin the owner and repository: `repo:OWNER/REPO:…` (on the immutable format, `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`).".to_string(),
            )),
            Sub::AnyRepository { owner } => out.push(finding(
                Rule::GithubSubAnyRepository,
                Severity::Warning,
                format!(
                    "`{value}` has a wildcard where the repository goes, so every repository of `{}`, including any created later, can assume this role.",
                    owner_name(owner)
                ),
                format!(
                    "List the repositories that need this role: `repo:{owner}/REPO:…`."
                ),
            )),
            Sub::Repository {
                owner,
                repository,
                context: context @ (Context::Anything | Context::AnyBranch),
            } => out.push(finding(
                Rule::GithubSubAnyBranch,
                Severity::Warning,
                format!(
                    "`{value}` admits {} of `{}/{}`, so anyone who can push a branch{} can assume this role with code nobody reviewed.",
                    if context == Context::Anything {
                        "every run (any branch, tag, environment or pull request)"
                    } else {
                        "a run on any branch"
                    },
                    owner_name(owner),
                    owner_name(repository),
                    if context == Context::Anything {
                        " or open a pull request"
                    } else {
                        ""
                    }
                ),
                format!(
                    "Pin the branch (`repo:{owner}/{repository}:ref:refs/heads/main`), or require a GitHub environment with protection rules (`repo:{owner}/{repository}:environment:NAME`)."
                ),
            )),
            Sub::Repository {
                owner,
                repository,
                context: Context::PullRequest,
            } => out.push(finding(
                Rule::GithubSubPullRequest,
                Severity::Warning,
                format!(
                    "`{value}` admits pull-request runs of `{}/{}`: their workflow code comes from the pull request's branch, before anyone reviewed it.",
                    owner_name(owner),
                    owner_name(repository)
                ),
                "Give pull requests a separate role with read-only permissions, or pin the subject to a protected branch or environment.".to_string(),
            )),
            Sub::Repository { .. } => {}
        }
        legacy_format(doc, statement, prefix, value, &at, sub, out);
    }
}

/// `github-sub-legacy-format`: a pattern on the legacy format (`repo:OWNER/…`) never matches a
/// repository on the immutable format (`repo:OWNER@ID/…`).
fn legacy_format(
    doc: &Doc,
    statement: &Stmt,
    prefix: &str,
    value: &str,
    at: &dyn Fn() -> String,
    sub: Sub,
    out: &mut Findings,
) {
    let owner = match sub {
        Sub::AnyRepository { owner } | Sub::Repository { owner, .. } => owner,
        Sub::Other | Sub::AnyOwner => return,
    };
    if owner.contains('@') {
        return;
    }
    // The scenario's token says which format this owner's repository is on.
    let token_owner = doc
        .github_token_owner
        .filter(|(_, token_owner)| owner_name(token_owner).eq_ignore_ascii_case(owner));
    // A legacy token for this owner: the pattern is right for it. (Checked before the
    // migration below, which re-reads every value: the answer is the same either way.)
    if token_owner.is_some_and(|(_, token_owner)| !token_owner.contains('@')) {
        return;
    }
    // Both forms written side by side (a migration): nothing to say.
    let covered = pinning(statement, prefix, "sub").any(|entry| {
        let wildcards = positive_string(entry).unwrap_or(false);
        entry
            .values
            .iter()
            .map(|other| parse_sub(other, wildcards))
            .any(|other| match other {
                Sub::AnyOwner => true,
                Sub::AnyRepository { owner: other } | Sub::Repository { owner: other, .. } => {
                    other.contains('@') && owner_name(other).eq_ignore_ascii_case(owner)
                }
                Sub::Other => false,
            })
    });
    if covered {
        return;
    }
    let (severity, message) = match token_owner {
        Some((sub, _)) => (
            Severity::Warning,
            format!(
                "`{value}` is on the legacy `sub` format, but the scenario's token has `{sub}`, the immutable format (the default for repositories created since 15 July 2026), which this pattern never matches."
            ),
        ),
        None => (
            Severity::Info,
            format!(
                "`{value}` is on the legacy `sub` format. Repositories created since 15 July 2026 (and those renamed, transferred or opted in since) get `repo:{owner}@OWNER_ID/REPO@REPO_ID:…`, which this pattern never matches."
            ),
        ),
    };
    let at = at();
    out.push(Draft {
        rule: Rule::GithubSubLegacyFormat,
        severity,
        path: at.clone(),
        anchor: (at, Part::Value),
        message,
        help: format!(
            "If the repository is on the immutable format, write `repo:{owner}@OWNER_ID/…` with the ids GitHub shows (keep both forms while you migrate); a repository on the legacy format needs no change."
        ),
    });
}

/// One place a policy spells a GitHub owner: value `index` of `entry` in `statement`.
struct Mention<'a> {
    owner: &'a str,
    statement: &'a Stmt<'a>,
    entry: &'a ConditionEntry,
    index: usize,
}

impl Mention<'_> {
    /// Its pointer, built only when a finding names it.
    fn path(&self) -> String {
        self.statement.value_path(self.entry, self.index)
    }
}

/// `github-owner-case-mismatch`: GitHub owner names are case-insensitive on GitHub, but the
/// token carries the owner's one canonical spelling and `StringEquals`/`StringLike` compare
/// case-sensitively. Evidence is the scenario token's `repository_owner`, or else two spellings
/// of one owner in the policy.
pub(super) fn owner_case(doc: &Doc, out: &mut Findings) {
    let mut mentions: Vec<Mention> = Vec::new();
    for statement in &doc.statements {
        for entry in &statement.statement.conditions {
            let wildcards = match entry.parsed.comparison {
                Comparison::StringLike => true,
                Comparison::StringEquals => false,
                _ => continue,
            };
            let Some((prefix, name)) = provider_key(&entry.key) else {
                continue;
            };
            if github_slug(prefix).is_none() {
                continue;
            }
            let is_sub = name.eq_ignore_ascii_case("sub");
            let is_owner_path = name.eq_ignore_ascii_case("repository")
                || name.eq_ignore_ascii_case("job_workflow_ref");
            for (index, value) in entry.values.iter().enumerate() {
                let owner = if is_sub {
                    match parse_sub(value, wildcards) {
                        Sub::AnyRepository { owner } | Sub::Repository { owner, .. } => {
                            Some(owner_name(owner))
                        }
                        Sub::Other | Sub::AnyOwner => None,
                    }
                } else if is_owner_path {
                    // `OWNER/REPO` and `OWNER/REPO/.github/workflows/…@REF`.
                    value
                        .split_once('/')
                        .map(|(owner, _)| owner)
                        .filter(|owner| !(wildcards && owner.contains(['*', '?'])))
                } else {
                    None
                };
                if let Some(owner) = owner.filter(|owner| !owner.is_empty()) {
                    mentions.push(Mention {
                        owner,
                        statement,
                        entry,
                        index,
                    });
                }
            }
        }
    }
    let canonical = doc.github_claim("repository_owner");
    for (position, mention) in mentions.iter().enumerate() {
        let reference = match canonical {
            Some(owner) => Some((owner, None)),
            // Without a token: the first spelling of the same owner in the policy.
            None => mentions
                .get(..position)
                .unwrap_or_default()
                .iter()
                .find(|earlier| earlier.owner.eq_ignore_ascii_case(mention.owner))
                .map(|earlier| (earlier.owner, Some(earlier))),
        };
        let Some((reference, elsewhere)) = reference else {
            continue;
        };
        if reference == mention.owner || !reference.eq_ignore_ascii_case(mention.owner) {
            continue;
        }
        let owner = mention.owner;
        let message = match elsewhere {
            None => format!(
                "The owner is written `{owner}` here, but GitHub spells it `{reference}` (the scenario token's `repository_owner`). GitHub puts that one spelling into every token, and the operator compares case-sensitively, so this value never matches."
            ),
            Some(earlier) => format!(
                "The owner is written `{owner}` here but `{reference}` at `{}{}`. GitHub puts one spelling of the owner into every token, and the operator compares case-sensitively, so one of the two never matches.",
                out.prefix,
                earlier.path()
            ),
        };
        let path = mention.path();
        out.push(Draft {
            rule: Rule::GithubOwnerCaseMismatch,
            severity: Severity::Warning,
            path: path.clone(),
            anchor: (path, Part::Value),
            message,
            help: "Write the owner exactly as GitHub shows it (the token's `repository_owner` claim). `StringEqualsIgnoreCase` ignores case but has no wildcards; `…:repository_owner_id` or `…:repository_id` pins the owner without depending on its spelling.".to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sub_positions() {
        let any_repo = |owner| Sub::AnyRepository { owner };
        let repo = |owner, repository, context| Sub::Repository {
            owner,
            repository,
            context,
        };
        let rows: Vec<(&str, bool, Sub)> = vec![
            ("*", true, Sub::AnyOwner),
            ("re*", true, Sub::AnyOwner),
            ("*:ref:refs/heads/main", true, Sub::AnyOwner),
            ("repo:*", true, Sub::AnyOwner),
            ("repo:*/*", true, Sub::AnyOwner),
            ("repo:octo-*/app:*", true, Sub::AnyOwner),
            ("repo:octo-or?/app:*", true, Sub::AnyOwner),
            ("repo:octo-org*", true, Sub::AnyOwner),
            ("repo:*", false, Sub::Other),
            ("repo:octo-org/*", true, any_repo("octo-org")),
            ("repo:octo-org/app*", true, any_repo("octo-org")),
            ("repo:octo-org@65/*", true, any_repo("octo-org@65")),
            (
                "repo:octo-org/app:*",
                true,
                repo("octo-org", "app", Context::Anything),
            ),
            (
                "repo:octo-org/app:*",
                false,
                repo("octo-org", "app", Context::Narrow),
            ),
            (
                "repo:o/a:ref:refs/heads/*",
                true,
                repo("o", "a", Context::AnyBranch),
            ),
            ("repo:o/a:ref:*", true, repo("o", "a", Context::AnyBranch)),
            (
                "repo:o/a:ref:refs/*",
                true,
                repo("o", "a", Context::AnyBranch),
            ),
            (
                "repo:o/a:ref:refs/heads/release-*",
                true,
                repo("o", "a", Context::Narrow),
            ),
            (
                "repo:o/a:ref:refs/tags/*",
                true,
                repo("o", "a", Context::Narrow),
            ),
            (
                "repo:o/a:environment:*",
                true,
                repo("o", "a", Context::Narrow),
            ),
            (
                "repo:o/a:pull_request",
                true,
                repo("o", "a", Context::PullRequest),
            ),
            (
                "repo:o/a:pull_request",
                false,
                repo("o", "a", Context::PullRequest),
            ),
            (
                "repo:o@1/a@2:ref:refs/heads/main",
                false,
                repo("o@1", "a@2", Context::Narrow),
            ),
            ("repo:o/a", true, Sub::Other),
            ("repo:octo-org", true, Sub::Other),
            ("repository_owner:octo-org", true, Sub::Other),
            ("", true, Sub::Other),
            ("repo:é/ü:*", true, repo("é", "ü", Context::Anything)),
        ];
        for (value, wildcards, want) in rows {
            assert_eq!(parse_sub(value, wildcards), want, "{value}");
        }
    }
}

//! GitHub Actions candidates. Every token is made by the claim builder
//! ([`crate::github_claims::WorkflowRun`]) from a builder input, so it is a token GitHub could
//! really issue, and the input doubles as a test case's `github` member.
//!
//! Named runs come from the policy's own values (each `sub` value of each statement, with the
//! statement's other GitHub keys) and from the scenario's token. The first one STS accepts is the
//! baseline; the families vary it one way at a time (who: another repository, another account, a
//! look-alike account, other ids; what: a pull request, another branch, a tag, another
//! environment, another ref of a reusable workflow, another workflow, the other `sub` format),
//! and where a single variation is refused, two at a time (a pull request in another
//! repository…).

use super::patterns::{
    SubPattern, conditions_key, fill, fill_name, glob_matches, has_wildcard, relevant_statements,
    stable_id, values_for,
};
use super::setup::{Flavour, Setup};
use super::{Candidate, Family, Grade, MAX_NAMED, MAX_VARIANTS, Proposer};
use crate::engine::json::InputError;
use crate::engine::policy::Statement;
use crate::github_claims::{GITHUB_ISSUER, WorkflowRun, is_pull_request_event};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The default owner and repository when the policy names none (GitHub's documentation's).
const DEFAULT_OWNER: &str = "octo-org";
const DEFAULT_REPOSITORY: &str = "octo-repo";
/// Made-up names for the variations; chosen to read as what they are.
const OTHER_OWNER: &str = "another-org";
const OTHER_REPOSITORY: &str = "another-repo";
const OTHER_BRANCH: &str = "any-branch";
const OTHER_TAG: &str = "v9.9.9";
const OTHER_ENVIRONMENT: &str = "any-environment";

/// A builder input: the members of a test case's `github` object.
type Input = Map<String, Value>;

/// The GitHub proposer.
pub(crate) struct GitHub<'s> {
    setup: &'s Setup,
    statements: Vec<(usize, &'s Statement)>,
    /// Whether the issuer is github.com's, which every GitHub account shares.
    shared: bool,
    enterprise: Option<String>,
    /// Ids the scenario's token and the policy give for names: owner → id, `owner/repo` → id.
    known_ids: BTreeMap<String, String>,
    /// The scenario's token as a builder input, when it is GitHub's.
    token_input: Option<Input>,
}

impl<'s> GitHub<'s> {
    pub(crate) fn new(setup: &'s Setup) -> GitHub<'s> {
        let (shared, enterprise) = match &setup.provider.flavour {
            Flavour::GitHub { shared, enterprise } => (*shared, enterprise.clone()),
            _ => (false, None),
        };
        let statements = relevant_statements(&setup.policy, &setup.provider.principal);
        let mut github = GitHub {
            setup,
            statements,
            shared,
            enterprise,
            known_ids: BTreeMap::new(),
            token_input: None,
        };
        github.token_input = setup
            .token_claims
            .as_ref()
            .and_then(|claims| github.input_from_token(claims));
        if let Some(input) = &github.token_input
            && let (Some(owner), Some(repository), Some(owner_id), Some(repository_id)) = (
                get(input, "owner"),
                get(input, "repository"),
                get(input, "owner_id"),
                get(input, "repository_id"),
            )
        {
            github
                .known_ids
                .insert(owner.to_string(), owner_id.to_string());
            github
                .known_ids
                .insert(format!("{owner}/{repository}"), repository_id.to_string());
        }
        for sub in github.sub_patterns() {
            let digits = |id: &Option<String>| {
                id.clone()
                    .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
            };
            if !has_wildcard(&sub.owner) {
                if let Some(id) = digits(&sub.owner_id) {
                    github.known_ids.entry(sub.owner.clone()).or_insert(id);
                }
                if let (Some(repo), Some(id)) = (&sub.repository, digits(&sub.repository_id))
                    && !has_wildcard(repo)
                {
                    github
                        .known_ids
                        .entry(format!("{}/{repo}", sub.owner))
                        .or_insert(id);
                }
            }
        }
        github
    }

    fn key(&self, claim: &str) -> String {
        self.setup.provider.key(claim)
    }

    /// Every `sub` value of the relevant statements, taken apart where it is GitHub's format.
    fn sub_patterns(&self) -> Vec<SubPattern> {
        self.statements
            .iter()
            .flat_map(|(_, s)| values_for(s, &self.key("sub")))
            .filter_map(|value| SubPattern::parse(&value))
            .collect()
    }

    fn owner_id(&self, owner: &str) -> String {
        self.known_ids
            .get(owner)
            .cloned()
            .unwrap_or_else(|| stable_id(owner, 5))
    }

    fn repository_id(&self, owner: &str, repository: &str) -> String {
        let full = format!("{owner}/{repository}");
        self.known_ids
            .get(&full)
            .cloned()
            .unwrap_or_else(|| stable_id(&full, 6))
    }

    /// The input every named run starts from: the scenario token's repository, actor and
    /// workflow (without what it ran: event, ref, environment, called workflow), else the
    /// default repository, with the provider's issuer.
    fn base_input(&self) -> Input {
        if let Some(token) = &self.token_input {
            let mut input = token.clone();
            for context in [
                "event",
                "ref",
                "environment",
                "job_workflow_ref",
                "base_ref",
                "head_ref",
                "pull_request_number",
            ] {
                input.remove(context);
            }
            return input;
        }
        let mut input = Input::new();
        self.set_owner(&mut input, DEFAULT_OWNER);
        self.set_repository(&mut input, DEFAULT_REPOSITORY);
        if let Some(slug) = &self.enterprise {
            set(&mut input, "enterprise", slug);
            input.insert("include_enterprise_slug".into(), true.into());
        } else if self.setup.provider.issuer != GITHUB_ISSUER {
            set(&mut input, "issuer", &self.setup.provider.issuer);
        }
        if let Some(first) = self.setup.provider.client_ids.first() {
            set(&mut input, "audience", first);
        }
        input
    }

    fn set_owner(&self, input: &mut Input, owner: &str) {
        set(input, "owner", owner);
        set(input, "owner_id", &self.owner_id(owner));
        if let Some(repository) = get(input, "repository").map(str::to_string) {
            set(
                input,
                "repository_id",
                &self.repository_id(owner, &repository),
            );
        }
    }

    fn set_repository(&self, input: &mut Input, repository: &str) {
        let owner = get(input, "owner").unwrap_or(DEFAULT_OWNER).to_string();
        set(input, "repository", repository);
        set(
            input,
            "repository_id",
            &self.repository_id(&owner, repository),
        );
    }

    /// Make `input` a run that the `sub` value `value` names.
    fn apply_sub(&self, input: &mut Input, value: &str) {
        let Some(sub) = SubPattern::parse(value) else {
            // A custom template (or a bare wildcard): the subject as written, wildcards filled.
            if !value.chars().all(|c| c == '*') {
                let mut extra = Map::new();
                extra.insert("sub".into(), fill(value, "example").into());
                input.insert("extra_claims".into(), Value::Object(extra));
            }
            return;
        };
        let owner = pick_name(&sub.owner, get(input, "owner").unwrap_or(DEFAULT_OWNER));
        self.set_owner(input, &owner);
        if let Some(repository) = &sub.repository {
            let repository = pick_name(
                repository,
                get(input, "repository").unwrap_or(DEFAULT_REPOSITORY),
            );
            self.set_repository(input, &repository);
        }
        pin_id(input, "owner_id", sub.owner_id.as_deref());
        pin_id(input, "repository_id", sub.repository_id.as_deref());
        let format = if sub.immutable() {
            "immutable"
        } else {
            "legacy"
        };
        set(input, "sub_format", format);
        if let Some(context) = &sub.context {
            apply_context_pattern(input, context);
        }
    }

    /// Apply the statement's other GitHub keys (the first value of each).
    fn apply_keys(&self, input: &mut Input, statement: &Statement, sub_given: bool) {
        let first = |claim: &str| values_for(statement, &self.key(claim)).into_iter().next();
        let repository = first("repository").filter(|_| !sub_given);
        if let Some((owner, name)) = repository.as_deref().and_then(|r| r.split_once('/')) {
            let owner = pick_name(owner, get(input, "owner").unwrap_or(DEFAULT_OWNER));
            self.set_owner(input, &owner);
            let name = pick_name(name, get(input, "repository").unwrap_or(DEFAULT_REPOSITORY));
            self.set_repository(input, &name);
        }
        if let Some(git_ref) = first("ref") {
            let current = get(input, "ref").unwrap_or("refs/heads/main").to_string();
            let chosen = if glob_matches(&git_ref, &current) {
                current
            } else {
                fill(&git_ref, "example")
            };
            if chosen.starts_with("refs/")
                && !is_pull_request_event(get(input, "event").unwrap_or("push"))
            {
                set(input, "ref", &chosen);
            }
        }
        if let Some(environment) = first("environment") {
            let current = get(input, "environment").map(str::to_string);
            match current {
                Some(current) if glob_matches(&environment, &current) => {}
                _ => set(input, "environment", &fill(&environment, "production")),
            }
        }
        if let Some(job_workflow_ref) = first("job_workflow_ref") {
            let filled = fill(
                &job_workflow_ref.replace("@*", "@refs/heads/main"),
                "example",
            );
            // With nothing else to go on, the caller is in the reusable workflow's organization,
            // as it usually is.
            let owner_named = sub_given || first("repository").is_some();
            if let Some((owner, _)) = filled.split_once('/')
                && !owner_named
                && !owner.is_empty()
            {
                self.set_owner(input, &fill_name(owner, "example"));
            }
            set(input, "job_workflow_ref", &filled);
        }
        if let Some(workflow) = first("workflow") {
            set(input, "workflow", &fill(&workflow, "example"));
        }
        if let Some(actor) = first("actor") {
            set(input, "actor", &fill(&actor, "example"));
        }
        for (claim, member) in [
            ("actor_id", "actor_id"),
            ("repository_id", "repository_id"),
            ("repository_owner_id", "owner_id"),
            ("enterprise_id", "enterprise_id"),
        ] {
            if let Some(id) = first(claim) {
                pin_id(input, member, Some(&id));
            }
        }
        if let Some(runner) = first("runner_environment")
            && (runner == "github-hosted" || runner == "self-hosted")
        {
            set(input, "runner_environment", &runner);
        }
        if let Some(audience) = self.audience_for(statement) {
            set(input, "audience", &audience);
        }
    }

    /// An audience the statement admits and the provider accepts: a client ID that matches one of
    /// the statement's `aud` values, else the first such value.
    fn audience_for(&self, statement: &Statement) -> Option<String> {
        let wanted = values_for(statement, &self.key("aud"));
        if wanted.is_empty() {
            return None;
        }
        self.setup
            .provider
            .client_ids
            .iter()
            .find(|id| wanted.iter().any(|w| glob_matches(w, id)))
            .cloned()
            .or_else(|| wanted.first().map(|w| fill(w, "example")))
    }

    /// Build the token for `input`; `None` when GitHub would not issue one (the builder refuses).
    fn candidate(
        &self,
        id: &str,
        grade: Grade,
        title: String,
        reason: String,
        input: Input,
    ) -> Option<Candidate> {
        let run =
            WorkflowRun::from_value(&Value::Object(input.clone()), "", self.setup.now).ok()?;
        let claims = run.claims().ok()?;
        Some(Candidate {
            id: id.to_string(),
            grade,
            title,
            reason,
            claims,
            github: Some(input),
            origin: None,
        })
    }

    /// The scenario's token as a builder input, when its claims are GitHub's.
    fn input_from_token(&self, claims: &Map<String, Value>) -> Option<Input> {
        let text = |name: &str| claims.get(name).and_then(Value::as_str);
        let (owner, repository) = text("repository")?.split_once('/')?;
        let mut input = Input::new();
        set(&mut input, "owner", owner);
        set(&mut input, "repository", repository);
        set(&mut input, "owner_id", text("repository_owner_id")?);
        set(&mut input, "repository_id", text("repository_id")?);
        for name in [
            "event",
            "ref",
            "environment",
            "workflow",
            "actor",
            "actor_id",
            "runner_environment",
            "repository_visibility",
            "base_ref",
            "head_ref",
            "enterprise",
            "enterprise_id",
        ] {
            let claim = if name == "event" { "event_name" } else { name };
            if let Some(value) = text(claim).filter(|v| !v.is_empty()) {
                set(&mut input, name, value);
            }
        }
        let workflow_ref = text("workflow_ref");
        if let Some(file) = workflow_ref
            .and_then(|w| w.strip_prefix(&format!("{owner}/{repository}/")))
            .and_then(|w| w.rsplit_once('@'))
            .map(|(file, _)| file)
        {
            set(&mut input, "workflow_file", file);
        }
        if let Some(job_workflow_ref) = text("job_workflow_ref")
            && Some(job_workflow_ref) != workflow_ref
        {
            set(&mut input, "job_workflow_ref", job_workflow_ref);
        }
        match claims.get("aud") {
            Some(Value::String(aud)) => set(&mut input, "audience", aud),
            Some(Value::Array(auds)) => {
                if let Some(aud) = auds.first().and_then(Value::as_str) {
                    set(&mut input, "audience", aud);
                }
            }
            _ => {}
        }
        let immutable = text("sub")
            .and_then(SubPattern::parse)
            .is_some_and(|sub| sub.immutable());
        set(
            &mut input,
            "sub_format",
            if immutable { "immutable" } else { "legacy" },
        );
        let issuer = text("iss")?;
        if issuer != GITHUB_ISSUER {
            set(&mut input, "issuer", issuer);
        }
        Some(input)
    }

    /// The wildcard contexts the policy writes (in `sub`, `ref` and `environment` values), each
    /// filled with `word` and read back as a context.
    fn filled_contexts(&self, word: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, statement) in &self.statements {
            let subs = values_for(statement, &self.key("sub"))
                .into_iter()
                .filter_map(|v| SubPattern::parse(&v))
                .filter_map(|sub| sub.context);
            let refs = values_for(statement, &self.key("ref"))
                .into_iter()
                .map(|v| format!("ref:{v}"));
            let environments = values_for(statement, &self.key("environment"))
                .into_iter()
                .map(|v| format!("environment:{v}"));
            for context in subs.chain(refs).chain(environments) {
                if has_wildcard(&context) {
                    let filled = fill(&context, word);
                    if !out.contains(&filled) {
                        out.push(filled);
                    }
                }
            }
        }
        out
    }

    /// Owner and repository name patterns with wildcards (but not a bare `*`), from `sub` and
    /// `repository` values: (owner patterns, repository patterns).
    fn name_patterns(&self) -> (Vec<String>, Vec<String>) {
        let mut owners = Vec::new();
        let mut repositories = Vec::new();
        let add = |list: &mut Vec<String>, pattern: &str| {
            if has_wildcard(pattern) && pattern != "*" && !list.iter().any(|p| p == pattern) {
                list.push(pattern.to_string());
            }
        };
        for sub in self.sub_patterns() {
            add(&mut owners, &sub.owner);
            if let Some(repository) = &sub.repository {
                add(&mut repositories, repository);
            }
        }
        for (_, statement) in &self.statements {
            for value in values_for(statement, &self.key("repository")) {
                if let Some((owner, repository)) = value.split_once('/') {
                    add(&mut owners, owner);
                    add(&mut repositories, repository);
                }
            }
        }
        (owners, repositories)
    }

    fn pull_request_reason() -> String {
        "every pull request run gets the subject `…:pull_request`, so unreviewed pull-request code can assume this role: from any branch, from forks where fork runs get tokens, or through a `pull_request_target` job that runs it".to_string()
    }

    /// The identity changes, by family name.
    fn identity_families(&self, baseline: &Input) -> Vec<(String, Vec<Change>)> {
        let owner = get(baseline, "owner").unwrap_or(DEFAULT_OWNER).to_string();
        let repository = get(baseline, "repository")
            .unwrap_or(DEFAULT_REPOSITORY)
            .to_string();
        let outsider_grade = if self.shared {
            Grade::Dangerous
        } else {
            Grade::Caution
        };
        let issuer_scope = match &self.enterprise {
            Some(slug) => format!("any organization in the enterprise `{slug}`"),
            None if self.shared => "any GitHub account".to_string(),
            None => format!("any organization on `{}`", self.setup.provider.issuer),
        };
        let (owner_patterns, repository_patterns) = self.name_patterns();
        let calls = get(baseline, "job_workflow_ref").map(str::to_string);

        let mut other_owner = Vec::new();
        let mut input = baseline.clone();
        self.set_owner(&mut input, OTHER_OWNER);
        self.set_repository(&mut input, &repository);
        other_owner.push(Change {
            input,
            phrase: format!("{OTHER_OWNER}/{repository}, another account's repository (e.g. a fork)"),
            grade: outsider_grade,
            reason: match (&calls, self.shared) {
                (Some(called), _) => format!(
                    "{issuer_scope} whose workflow calls `{called}` can assume this role (any account can call a reusable workflow in a public repository)"
                ),
                (None, true) => "any GitHub account can create a repository that matches (a fork, or a new one), so anyone on GitHub can assume this role".to_string(),
                (None, false) => {
                    format!("{issuer_scope} can create a repository that matches and assume this role")
                }
            },
            id: "github.other-owner",
        });

        let mut lookalike = Vec::new();
        for pattern in &owner_patterns {
            let name = fill_name(pattern, "-lookalike");
            if name.is_empty() || name == owner || lookalike.len() >= MAX_VARIANTS {
                continue;
            }
            let mut input = baseline.clone();
            self.set_owner(&mut input, &name);
            self.set_repository(&mut input, &repository);
            lookalike.push(Change {
                input,
                phrase: format!("{name}/{repository}, an account whose name resembles {owner}"),
                grade: outsider_grade,
                reason: format!(
                    "the owner pattern `{pattern}` also matches `{name}`, a name {} can register",
                    if self.shared {
                        "anyone"
                    } else {
                        "another organization"
                    }
                ),
                id: "github.lookalike-owner",
            });
        }

        let mut other_repository = Vec::new();
        let mut names = vec![OTHER_REPOSITORY.to_string()];
        names.extend(repository_patterns.iter().map(|p| fill_name(p, "-another")));
        for name in names {
            if name.is_empty() || name == repository || other_repository.len() >= MAX_VARIANTS {
                continue;
            }
            let mut input = baseline.clone();
            self.set_repository(&mut input, &name);
            let (id, reason) = match &calls {
                Some(called) => (
                    "github.reusable-workflow-caller",
                    format!(
                        "any repository in {owner} whose workflow calls `{called}` can assume this role"
                    ),
                ),
                None => (
                    "github.other-repository",
                    format!(
                        "any repository in {owner} can assume this role, including ones created later by anyone who may create repositories there"
                    ),
                ),
            };
            let phrase = format!("{owner}/{name}, another repository of {owner}");
            other_repository.push(Change {
                input,
                phrase,
                grade: Grade::Caution,
                reason,
                id,
            });
        }

        let mut input = baseline.clone();
        set(
            &mut input,
            "owner_id",
            &stable_id(&format!("{owner}#renamed"), 5),
        );
        set(
            &mut input,
            "repository_id",
            &stable_id(&format!("{owner}/{repository}#renamed"), 6),
        );
        set(&mut input, "sub_format", "immutable");
        let other_ids = vec![Change {
            input,
            phrase: format!("{owner}/{repository} with other ids"),
            grade: Grade::Caution,
            reason: format!(
                "the owner and repository ids are not pinned: whoever holds the names {owner}/{repository} after a rename, transfer or deletion can assume this role (the immutable subject or `repository_id` pins them)"
            ),
            id: "github.other-ids",
        }];

        vec![
            ("other-owner".to_string(), other_owner),
            ("lookalike-owner".to_string(), lookalike),
            ("other-repository".to_string(), other_repository),
            ("other-ids".to_string(), other_ids),
        ]
    }

    /// The context variations (what runs), for combining with identities: pull requests and
    /// other branches.
    fn context_families(&self, baseline: &Input) -> Vec<(String, Vec<Transform>)> {
        let environment = get(baseline, "environment").map(str::to_string);
        let mut pull_request = vec![Transform::PullRequest, Transform::PullRequestTarget];
        if environment.is_some() {
            pull_request.push(Transform::PullRequestInEnvironment);
        }
        let mut branches = vec![OTHER_BRANCH.to_string()];
        for context in self.filled_contexts(OTHER_BRANCH) {
            if let Some(branch) = context.strip_prefix("ref:refs/heads/")
                && !branches.iter().any(|b| b == branch)
                && Some(branch) != get(baseline, "ref").and_then(|r| r.strip_prefix("refs/heads/"))
            {
                branches.push(branch.to_string());
            }
        }
        branches.truncate(MAX_VARIANTS);
        vec![
            ("pull-request".to_string(), pull_request),
            (
                "any-branch".to_string(),
                branches.into_iter().map(Transform::Branch).collect(),
            ),
        ]
    }

    /// Apply a context transform, with its phrase (naming the reusable workflow the run calls,
    /// if any), grade and reason.
    fn transform(&self, input: &Input, transform: &Transform, place: &str) -> Option<Change> {
        let mut change = self.transform_context(input, transform, place)?;
        change.phrase.push_str(&calls(&change.input));
        Some(change)
    }

    fn transform_context(
        &self,
        input: &Input,
        transform: &Transform,
        place: &str,
    ) -> Option<Change> {
        let mut out = input.clone();
        let environment = get(input, "environment").map(str::to_string);
        match transform {
            Transform::PullRequest => {
                to_event(&mut out, "pull_request");
                out.remove("environment");
                Some(Change {
                    input: out,
                    phrase: "a pull request".to_string(),
                    grade: Grade::Dangerous,
                    reason: Self::pull_request_reason(),
                    id: "github.pull-request",
                })
            }
            Transform::PullRequestTarget => {
                to_event(&mut out, "pull_request_target");
                out.remove("environment");
                Some(Change {
                    input: out,
                    phrase: "a `pull_request_target` run".to_string(),
                    grade: Grade::Dangerous,
                    reason: Self::pull_request_reason(),
                    id: "github.pull-request-target",
                })
            }
            Transform::PullRequestInEnvironment => {
                let environment = environment?;
                to_event(&mut out, "pull_request");
                Some(Change {
                    input: out,
                    phrase: format!("a pull-request job in environment `{environment}`"),
                    grade: Grade::Caution,
                    reason: format!(
                        "a pull-request job that uses the environment `{environment}` gets the same subject: only the environment's protection rules (required reviewers, deployment branches) keep pull-request code out"
                    ),
                    id: "github.pull-request-environment",
                })
            }
            Transform::Branch(branch) => {
                if is_pull_request_event(get(&out, "event").unwrap_or("push")) {
                    to_event(&mut out, "push");
                }
                set(&mut out, "ref", &format!("refs/heads/{branch}"));
                match environment {
                    Some(environment) => Some(Change {
                        input: out,
                        phrase: format!(
                            "a job in environment `{environment}` on branch `{branch}`"
                        ),
                        grade: Grade::Caution,
                        reason: format!(
                            "STS cannot see the branch of an environment job: any branch that the environment `{environment}`'s deployment branch rules allow can assume this role"
                        ),
                        id: "github.any-branch",
                    }),
                    None => Some(Change {
                        input: out,
                        phrase: format!("a push to `{branch}`"),
                        grade: Grade::Caution,
                        reason: format!(
                            "anyone who can push a branch to {place} can assume this role with unreviewed code (branch protection does not cover new branches)"
                        ),
                        id: "github.any-branch",
                    }),
                }
            }
        }
    }
}

/// One change to a run: who runs it (`phrase` says where: "another-org/octo-repo, another
/// account's repository") or what runs (`phrase` says what: "a pull request").
struct Change {
    input: Input,
    phrase: String,
    grade: Grade,
    reason: String,
    id: &'static str,
}

/// A change of what runs, applicable to any identity.
enum Transform {
    PullRequest,
    PullRequestTarget,
    PullRequestInEnvironment,
    Branch(String),
}

impl Proposer for GitHub<'_> {
    fn named(&self) -> Result<Vec<Candidate>, InputError> {
        let mut named = Vec::new();
        if let Some(input) = self.token_input.clone() {
            let what = describe(&input);
            let (grade, reason) = named_grade(&input);
            named.extend(self.candidate(
                "scenario-token",
                grade,
                format!("the scenario's token: {what}"),
                reason.unwrap_or_else(|| "the token the scenario presents".to_string()),
                input,
            ));
        }
        for (index, statement) in &self.statements {
            let subs = values_for(statement, &self.key("sub"));
            let values: Vec<Option<String>> = if subs.is_empty() {
                vec![None]
            } else {
                subs.into_iter().map(Some).collect()
            };
            for value in values {
                if named.len() >= MAX_NAMED {
                    break;
                }
                let mut input = self.base_input();
                if let Some(value) = &value {
                    self.apply_sub(&mut input, value);
                }
                self.apply_keys(&mut input, statement, value.is_some());
                let what = describe(&input);
                let (grade, reason) = named_grade(&input);
                let reason = reason.unwrap_or_else(|| match &value {
                    Some(value) => format!("the policy names `{value}`"),
                    None if conditions_key(statement, &self.key("sub")) => {
                        "the run this statement's conditions describe".to_string()
                    }
                    None => "the statement has no `sub` condition; a run in a made-up repository"
                        .to_string(),
                });
                named.extend(
                    self.candidate("named", grade, what, reason, input)
                        .map(|c| Candidate {
                            origin: Some(*index),
                            ..c
                        }),
                );
            }
        }
        Ok(named)
    }

    fn families(&self, baseline: &Candidate) -> Vec<Family> {
        let Some(base) = &baseline.github else {
            return Vec::new();
        };
        let place = format!(
            "{}/{}",
            get(base, "owner").unwrap_or(DEFAULT_OWNER),
            get(base, "repository").unwrap_or(DEFAULT_REPOSITORY)
        );
        let base_what = describe_what(base);
        // A custom `sub` template: the builder cannot redo the subject for another repository or
        // event, so only other subjects the pattern admits are tried.
        if base.contains_key("extra_claims") {
            return vec![self.custom_subject_family(base)];
        }
        let mut families = Vec::new();
        let contexts = self.context_families(base);
        let identities = self.identity_families(base);

        // A family of changes to what runs, in the baseline's repository.
        let context_family = |(name, transforms): &(String, Vec<_>)| Family {
            name: name.clone(),
            variants: transforms
                .iter()
                .filter_map(|t| self.transform(base, t, &place))
                .filter_map(|c| {
                    self.candidate(
                        c.id,
                        c.grade,
                        format!("{} in {place}", c.phrase),
                        c.reason,
                        c.input,
                    )
                })
                .collect(),
            skip_when: Vec::new(),
            once: false,
        };

        // Pull requests of the baseline's repository first: the commonest real mistake.
        if let Some(first) = contexts.first() {
            families.push(context_family(first));
        }

        for (name, variations) in &identities {
            let skip_when = identity_skip(name);
            let variants = variations
                .iter()
                .filter_map(|v| {
                    self.candidate(
                        v.id,
                        v.grade,
                        format!("{base_what} in {}", v.phrase),
                        v.reason.clone(),
                        v.input.clone(),
                    )
                })
                .collect();
            families.push(Family {
                name: name.clone(),
                variants,
                skip_when,
                once: false,
            });
        }

        // What runs, in the baseline's repository.
        if let Some(second) = contexts.get(1) {
            families.push(context_family(second));
        }
        families.push(self.tag_family(base, &place));
        families.push(self.environment_family(base, &place));
        families.extend(self.reusable_families(base, &place));
        families.push(self.other_workflow_family(base, &place));
        families.push(self.other_format_family(base, &place));

        // Two changes at once, only where one of the two alone was refused (so after every
        // single change has run).
        for (identity, variations) in &identities {
            for (context, transforms) in &contexts {
                let mut skip_when = identity_skip(identity);
                skip_when.push(vec![identity.clone(), context.clone()]);
                let mut variants = Vec::new();
                for variation in variations.iter().take(2) {
                    let where_ = variation.phrase.clone();
                    for transform in transforms.iter().take(3) {
                        let Some(change) = self.transform(&variation.input, transform, &where_)
                        else {
                            continue;
                        };
                        // The more severe change decides the grade and leads the reason.
                        let (grade, reason) = if variation.grade >= change.grade {
                            (
                                variation.grade,
                                format!("{}; and {}", variation.reason, change.reason),
                            )
                        } else {
                            (
                                change.grade,
                                format!("{}; and {}", change.reason, variation.reason),
                            )
                        };
                        let id = format!("{}+{}", variation.id, context);
                        variants.extend(self.candidate(
                            &id,
                            grade,
                            format!("{} in {where_}", change.phrase),
                            reason,
                            change.input,
                        ));
                    }
                }
                families.push(Family {
                    name: format!("{identity}+{context}"),
                    variants,
                    skip_when,
                    once: false,
                });
            }
        }

        families
    }
}

impl GitHub<'_> {
    /// Other subjects that the policy's custom-template `sub` patterns admit.
    fn custom_subject_family(&self, base: &Input) -> Family {
        let mut variants = Vec::new();
        for (_, statement) in &self.statements {
            for value in values_for(statement, &self.key("sub")) {
                let custom = SubPattern::parse(&value).is_none()
                    && has_wildcard(&value)
                    && !value.chars().all(|c| c == '*');
                if !custom || variants.len() >= MAX_VARIANTS {
                    continue;
                }
                let mut input = base.clone();
                let subject = fill(&value, "any");
                let mut extra = Map::new();
                extra.insert("sub".into(), subject.clone().into());
                input.insert("extra_claims".into(), Value::Object(extra));
                variants.extend(self.candidate(
                    "github.other-subject",
                    Grade::Caution,
                    format!("a run whose subject is `{subject}`"),
                    format!("the custom subject pattern `{value}` admits other runs; check what its wildcards stand for"),
                    input,
                ));
            }
        }
        Family {
            name: "other-subject".to_string(),
            variants,
            skip_when: Vec::new(),
            once: false,
        }
    }

    fn tag_family(&self, base: &Input, place: &str) -> Family {
        let mut tags = vec![OTHER_TAG.to_string()];
        for context in self.filled_contexts("9.9.9") {
            if let Some(tag) = context.strip_prefix("ref:refs/tags/")
                && !tags.iter().any(|t| t == tag)
            {
                tags.push(tag.to_string());
            }
        }
        tags.truncate(MAX_VARIANTS);
        let environment = get(base, "environment").map(str::to_string);
        let variants = tags
            .into_iter()
            .filter(|tag| get(base, "ref") != Some(format!("refs/tags/{tag}").as_str()))
            .filter_map(|tag| {
                let mut input = base.clone();
                to_event(&mut input, "push");
                set(&mut input, "ref", &format!("refs/tags/{tag}"));
                let title = match &environment {
                    Some(environment) => format!("a job in environment `{environment}` on tag `{tag}`{} in {place}", calls(&input)),
                    None => format!("a push of tag `{tag}`{} in {place}", calls(&input)),
                };
                self.candidate(
                    "github.tag",
                    Grade::Caution,
                    title,
                    format!("anyone who can push a tag to {place} can assume this role (tags are not protected unless a ruleset protects them)"),
                    input,
                )
            })
            .collect();
        // An environment job on any branch already says that STS cannot see the ref.
        let skip_when = if environment.is_some() {
            vec![vec!["any-branch".to_string()]]
        } else {
            Vec::new()
        };
        Family {
            name: "tag".to_string(),
            variants,
            skip_when,
            once: false,
        }
    }

    fn environment_family(&self, base: &Input, place: &str) -> Family {
        let mut environments = vec![OTHER_ENVIRONMENT.to_string()];
        for context in self.filled_contexts(OTHER_ENVIRONMENT) {
            if let Some(environment) = context.strip_prefix("environment:")
                && !environments.iter().any(|e| e == environment)
            {
                environments.push(environment.replace("%3A", ":"));
            }
        }
        environments.truncate(MAX_VARIANTS);
        let variants = environments
            .into_iter()
            .filter(|e| get(base, "environment") != Some(e.as_str()))
            .filter_map(|environment| {
                let mut input = base.clone();
                if is_pull_request_event(get(&input, "event").unwrap_or("push")) {
                    to_event(&mut input, "push");
                }
                set(&mut input, "environment", &environment);
                self.candidate(
                    "github.other-environment",
                    Grade::Caution,
                    format!("a job in environment `{environment}`{} in {place}", calls(&input)),
                    format!("a job in any environment of {place} can assume this role, including environments without required reviewers or branch rules"),
                    input,
                )
            })
            .collect();
        Family {
            name: "other-environment".to_string(),
            variants,
            skip_when: Vec::new(),
            once: false,
        }
    }

    /// Other refs, files and repositories of the reusable workflow the policy pins.
    fn reusable_families(&self, base: &Input, place: &str) -> Vec<Family> {
        let pinned = self
            .statements
            .iter()
            .any(|(_, s)| conditions_key(s, &self.key("job_workflow_ref")));
        let Some(called) = get(base, "job_workflow_ref").filter(|_| pinned) else {
            return Vec::new();
        };
        let Some((path, git_ref)) = called.rsplit_once('@') else {
            return Vec::new();
        };
        let mut parts = path.splitn(3, '/');
        let (Some(owner), Some(repository), Some(file)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Vec::new();
        };
        let what = describe_what(base);
        let options = [
            (
                "reusable-ref",
                format!("{path}@refs/heads/{OTHER_BRANCH}"),
                format!("the reusable workflow at another ref (`{OTHER_BRANCH}`)"),
                format!(
                    "anyone who can push a branch to {owner}/{repository} can change the called workflow and assume this role"
                ),
                "github.reusable-workflow-ref",
            ),
            (
                "reusable-file",
                format!("{owner}/{repository}/.github/workflows/any.yml@{git_ref}"),
                format!("another workflow file of {owner}/{repository}"),
                format!("any workflow file in {owner}/{repository} can be the called workflow"),
                "github.reusable-workflow-file",
            ),
            (
                "reusable-repository",
                format!("{owner}/{OTHER_REPOSITORY}/{file}@{git_ref}"),
                format!("a reusable workflow in {owner}/{OTHER_REPOSITORY}"),
                format!("a workflow in another repository of {owner} can be the called workflow"),
                "github.reusable-workflow-repository",
            ),
        ];
        options
            .into_iter()
            .map(|(name, job_workflow_ref, phrase, reason, id)| {
                let mut input = base.clone();
                set(&mut input, "job_workflow_ref", &job_workflow_ref);
                Family {
                    name: name.to_string(),
                    variants: self
                        .candidate(
                            id,
                            Grade::Caution,
                            format!("{what} in {place} calling {phrase}"),
                            reason,
                            input,
                        )
                        .into_iter()
                        .collect(),
                    skip_when: Vec::new(),
                    once: false,
                }
            })
            .collect()
    }

    fn other_workflow_family(&self, base: &Input, place: &str) -> Family {
        let mut input = base.clone();
        to_event(&mut input, "workflow_dispatch");
        set(&mut input, "workflow", "other");
        set(&mut input, "workflow_file", ".github/workflows/other.yml");
        let what = describe_what(&input);
        let variants = self
            .candidate(
                "github.other-workflow",
                Grade::Safe,
                format!("{what} of another workflow in {place}"),
                "the same repository and ref: whoever can add or start a workflow there can already push to it (STS cannot tell workflows or events such as push, workflow_dispatch and schedule apart unless the policy pins `job_workflow_ref` or `workflow`)".to_string(),
                input,
            )
            .into_iter()
            .collect();
        Family {
            name: "other-workflow".to_string(),
            variants,
            skip_when: Vec::new(),
            once: true,
        }
    }

    fn other_format_family(&self, base: &Input, place: &str) -> Family {
        let mut input = base.clone();
        let to = if get(base, "sub_format") == Some("immutable") {
            "legacy"
        } else {
            "immutable"
        };
        set(&mut input, "sub_format", to);
        let what = describe_what(base);
        let variants = self
            .candidate(
                "github.other-sub-format",
                Grade::Safe,
                format!("{what} in {place}, with the {to} `sub` format"),
                format!("the same repository, in the {to} subject format"),
                input,
            )
            .into_iter()
            .collect();
        Family {
            name: "other-format".to_string(),
            variants,
            skip_when: Vec::new(),
            once: true,
        }
    }
}

/// When another account's repository is admitted, a finding about another repository of the
/// same owner (or a look-alike owner, or other ids) says nothing more.
fn identity_skip(identity: &str) -> Vec<Vec<String>> {
    if identity == "other-owner" {
        Vec::new()
    } else {
        vec![vec!["other-owner".to_string()]]
    }
}

fn get<'a>(input: &'a Input, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

fn set(input: &mut Input, name: &str, value: &str) {
    input.insert(name.to_string(), Value::String(value.to_string()));
}

/// Change the event, keeping the builder's rules: pull-request events get their own default ref.
fn to_event(input: &mut Input, event: &str) {
    let was_pull_request = is_pull_request_event(get(input, "event").unwrap_or("push"));
    set(input, "event", event);
    if is_pull_request_event(event) {
        input.remove("ref");
        input.remove("base_ref");
        input.remove("head_ref");
    } else {
        input.remove("pull_request_number");
        if was_pull_request {
            input.remove("ref");
            input.remove("base_ref");
            input.remove("head_ref");
        }
    }
}

/// A name for a name pattern: the current one if it matches, else the pattern filled.
fn pick_name(pattern: &str, current: &str) -> String {
    if glob_matches(pattern, current) {
        current.to_string()
    } else {
        let filled = fill_name(pattern, "example");
        if filled.is_empty() {
            current.to_string()
        } else {
            filled
        }
    }
}

/// Pin an id member to a policy value: digits as they are; a wildcard pattern keeps the current
/// id when it matches, else is filled with `1`s.
fn pin_id(input: &mut Input, member: &str, pattern: Option<&str>) {
    let Some(pattern) = pattern else {
        return;
    };
    let current = get(input, member).map(str::to_string);
    let id = match current {
        Some(current) if glob_matches(pattern, &current) => current,
        _ => fill(pattern, "1"),
    };
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        set(input, member, &id);
    }
}

/// Apply a `sub` context pattern (`ref:refs/heads/main`, `environment:prod`, `pull_request`,
/// `*`): literally, or for a wildcard the first of the current context and a few usual ones that
/// matches, else the pattern filled.
fn apply_context_pattern(input: &mut Input, pattern: &str) {
    let context = if has_wildcard(pattern) {
        let usual = [
            current_context(input),
            "ref:refs/heads/main".to_string(),
            "environment:production".to_string(),
            "ref:refs/tags/v1.0.0".to_string(),
            "pull_request".to_string(),
        ];
        match usual.into_iter().find(|c| glob_matches(pattern, c)) {
            Some(context) => context,
            None => fill(pattern, "example"),
        }
    } else {
        pattern.to_string()
    };
    if context == "pull_request" {
        to_event(input, "pull_request");
        input.remove("environment");
    } else if let Some(git_ref) = context.strip_prefix("ref:") {
        let git_ref = git_ref.replace("%3A", ":");
        if git_ref.starts_with("refs/") {
            if is_pull_request_event(get(input, "event").unwrap_or("push")) {
                to_event(input, "push");
            }
            set(input, "ref", &git_ref);
            input.remove("environment");
        }
    } else if let Some(environment) = context.strip_prefix("environment:")
        && !environment.is_empty()
    {
        set(input, "environment", &environment.replace("%3A", ":"));
    }
}

/// The `sub` context the builder would give this input (GitHub: environment, then pull request,
/// then ref).
fn current_context(input: &Input) -> String {
    if let Some(environment) = get(input, "environment") {
        format!("environment:{environment}")
    } else if is_pull_request_event(get(input, "event").unwrap_or("push")) {
        "pull_request".to_string()
    } else {
        format!("ref:{}", get(input, "ref").unwrap_or("refs/heads/main"))
    }
}

/// A named run's grade: a pull-request subject is dangerous even when the policy names it.
fn named_grade(input: &Input) -> (Grade, Option<String>) {
    let pull_request = is_pull_request_event(get(input, "event").unwrap_or("push"))
        && get(input, "environment").is_none();
    if pull_request {
        (Grade::Dangerous, Some(GitHub::pull_request_reason()))
    } else {
        (Grade::Safe, None)
    }
}

/// " calling `owner/repo/.github/workflows/x.yml@ref`" for a run that calls a reusable workflow.
fn calls(input: &Input) -> String {
    get(input, "job_workflow_ref")
        .map(|called| format!(" calling `{called}`"))
        .unwrap_or_default()
}

/// "a push to `main` in octo-org/octo-repo".
fn describe(input: &Input) -> String {
    format!(
        "{} in {}/{}",
        describe_what(input),
        get(input, "owner").unwrap_or(DEFAULT_OWNER),
        get(input, "repository").unwrap_or(DEFAULT_REPOSITORY)
    )
}

/// What runs: "a push to `main`", "a job in environment `prod`", "a pull request", …
fn describe_what(input: &Input) -> String {
    let event = get(input, "event").unwrap_or("push");
    let git_ref = get(input, "ref").unwrap_or("refs/heads/main");
    let mut what = if let Some(environment) = get(input, "environment") {
        format!("a job in environment `{environment}`")
    } else if event == "pull_request" {
        "a pull request".to_string()
    } else if event == "pull_request_target" {
        "a `pull_request_target` run".to_string()
    } else if let Some(tag) = git_ref.strip_prefix("refs/tags/") {
        format!("a push of tag `{tag}`")
    } else if let Some(branch) = git_ref.strip_prefix("refs/heads/") {
        if event == "push" {
            format!("a push to `{branch}`")
        } else {
            format!("a `{event}` run on `{branch}`")
        }
    } else {
        format!("a `{event}` run on `{git_ref}`")
    };
    what.push_str(&calls(input));
    if let Some(Value::Object(extra)) = input.get("extra_claims")
        && let Some(sub) = extra.get("sub").and_then(Value::as_str)
    {
        what.push_str(&format!(" with the subject `{sub}`"));
    }
    what
}

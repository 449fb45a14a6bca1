//! The claims GitHub Actions puts in an OIDC token, built from a description of the workflow run:
//! owner and repository (with ids), event, ref, environment, reusable workflow, runner, the `sub`
//! format (legacy or immutable) and a custom `sub` template.
//!
//! It is plain data in, plain data out (no clock, files or network), so the CLI
//! (`stsplay github-claims`), test suites (`github` cases) and the playground share it. Facts
//! follow GitHub's OIDC reference (<https://docs.github.com/en/actions/reference/security/oidc>);
//! where GitHub does not say, the choice is written down in README's Fidelity section and marked
//! `CHOICE:` here.

use crate::engine::clock::{Epoch, parse_rfc3339};
use crate::engine::json::{InputError, Obj, pointer, pointer_index, type_name, wrong_type};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// github.com's issuer.
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";

/// The audience `aws-actions/configure-aws-credentials` requests (GitHub's own default would be
/// the owner's URL).
pub const DEFAULT_AUDIENCE: &str = "sts.amazonaws.com";

/// Repositories created on or after this instant (15 July 2026, UTC) get the immutable `sub`.
pub const IMMUTABLE_SUB_SINCE: Epoch = 1_784_073_600;

/// GitHub's tokens: `nbf` is 600 s before `iat`, `exp` 300 s after (two real samples, [M]).
pub const NOT_BEFORE_SKEW: Epoch = 600;
/// See [`NOT_BEFORE_SKEW`].
pub const LIFETIME: Epoch = 300;

/// Every member the input may carry.
const MEMBERS: [&str; 33] = [
    "owner",
    "owner_id",
    "repository",
    "repository_id",
    "repository_visibility",
    "event",
    "ref",
    "branch",
    "tag",
    "pull_request_number",
    "base_ref",
    "head_ref",
    "environment",
    "sha",
    "workflow",
    "workflow_file",
    "job_workflow_ref",
    "job_workflow_sha",
    "runner_environment",
    "actor",
    "actor_id",
    "run_id",
    "run_number",
    "run_attempt",
    "sub_format",
    "created",
    "include_claim_keys",
    "audience",
    "issuer",
    "enterprise",
    "enterprise_id",
    "include_enterprise_slug",
    "issued_at",
];

/// The input member for claims added or replaced after everything else (`null` removes one).
const EXTRA_CLAIMS: &str = "extra_claims";

/// Which `sub` format the repository uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubFormat {
    /// `repo:OWNER/REPO:…`.
    Legacy,
    /// `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`.
    Immutable,
}

/// A workflow run as far as its OIDC token is concerned, with every default applied.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkflowRun {
    /// The owner (organization or user) name.
    pub owner: String,
    /// The owner's numeric id, as text.
    pub owner_id: String,
    /// The repository name, without the owner.
    pub repository: String,
    /// The repository's numeric id, as text.
    pub repository_id: String,
    /// `private`, `internal` or `public`.
    pub repository_visibility: String,
    /// The triggering event, e.g. `push` or `pull_request`.
    pub event: String,
    /// The full git ref (`refs/heads/main`, `refs/tags/v1`, `refs/pull/7/merge`).
    pub git_ref: String,
    /// The pull request's target branch; empty outside pull-request events.
    pub base_ref: String,
    /// The pull request's source branch; empty outside pull-request events.
    pub head_ref: String,
    /// The job's environment, if it uses one.
    pub environment: Option<String>,
    /// The commit.
    pub sha: String,
    /// The workflow's name.
    pub workflow: String,
    /// The workflow file's path in the repository.
    pub workflow_file: String,
    /// The called reusable workflow (`owner/repo/.github/workflows/x.yml@ref`), if the job is one.
    pub job_workflow_ref: Option<String>,
    /// The reusable workflow's commit, if the job is one.
    pub job_workflow_sha: Option<String>,
    /// `github-hosted` or `self-hosted`.
    pub runner_environment: String,
    /// The account that started the run.
    pub actor: String,
    /// Its numeric id, as text.
    pub actor_id: String,
    /// The workflow run's id.
    pub run_id: String,
    /// How many times this workflow has run.
    pub run_number: String,
    /// How many times this run has been attempted.
    pub run_attempt: String,
    /// The `sub` format.
    pub sub_format: SubFormat,
    /// The custom `sub` template, if the repository has one.
    pub include_claim_keys: Option<Vec<String>>,
    /// `aud`.
    pub audience: String,
    /// `iss`.
    pub issuer: String,
    /// The enterprise's slug and id, when the repository belongs to one.
    pub enterprise: Option<String>,
    /// See `enterprise`.
    pub enterprise_id: Option<String>,
    /// When the token was issued.
    pub issued_at: Epoch,
    /// Claims added or replaced last; a `null` value removes the claim.
    pub extra_claims: Map<String, Value>,
    /// Where the input sits, for error paths (`""` for a standalone document).
    pub path: String,
}

impl WorkflowRun {
    /// Read the input object at JSON pointer `path`. `default_issued_at` is used when the input
    /// has no `issued_at` (the CLI's clock, or a test suite's `now`).
    pub fn from_value(
        value: &Value,
        path: &str,
        default_issued_at: Epoch,
    ) -> Result<WorkflowRun, InputError> {
        let obj = Obj::new(value, path, "a GitHub workflow-run object")?;
        let mut allowed = MEMBERS.to_vec();
        allowed.push(EXTRA_CLAIMS);
        obj.only(&allowed)?;

        let owner = required_name(&obj, "owner")?;
        let (owner, repository) = read_repository(&obj, owner)?;
        let owner_id = id(&obj, "owner_id")?
            .ok_or_else(|| missing(&obj, "owner_id", "the owner's numeric id, e.g. \"65\""))?;
        let repository_id = id(&obj, "repository_id")?.ok_or_else(|| {
            missing(
                &obj,
                "repository_id",
                "the repository's numeric id, e.g. \"74\"",
            )
        })?;
        let event = obj.opt_str("event")?.unwrap_or("push").to_string();
        if event.is_empty() || !event.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(invalid(
                &obj,
                "event",
                format!("expected an event name such as `push` or `pull_request`, found `{event}`"),
            ));
        }
        let is_pull_request = is_pull_request_event(&event);
        let base_ref = match obj.opt_str("base_ref")? {
            Some(base) => base.to_string(),
            // CHOICE: a pull request targets `main` unless told otherwise.
            None if is_pull_request => "main".to_string(),
            None => String::new(),
        };
        let head_ref = match obj.opt_str("head_ref")? {
            Some(head) => head.to_string(),
            None if is_pull_request => "feature".to_string(),
            None => String::new(),
        };
        let git_ref = read_ref(&obj, &event, &base_ref)?;
        let environment = match obj.opt_str("environment")? {
            Some("") => return Err(invalid(
                &obj,
                "environment",
                "an environment name cannot be empty; leave the member out for a job without one"
                    .to_string(),
            )),
            other => other.map(str::to_string),
        };
        let sha = match obj.opt_str("sha")? {
            Some(sha) => sha.to_string(),
            // CHOICE: a made-up but stable commit per repository and ref.
            None => hex_digest(&format!("{owner}/{repository}@{git_ref}"), 40),
        };
        let runner_environment = one_of(
            &obj,
            "runner_environment",
            &["github-hosted", "self-hosted"],
            "github-hosted",
        )?;
        let repository_visibility = one_of(
            &obj,
            "repository_visibility",
            &["private", "internal", "public"],
            "private",
        )?;
        let enterprise = obj.opt_str("enterprise")?.map(str::to_string);
        let issuer = read_issuer(&obj, enterprise.as_deref())?;
        let sub_format = read_sub_format(&obj, &issuer)?;
        let issued_at = match obj.get("issued_at") {
            Some(value) => crate::engine::scenario::parse_time_value(value, &obj.at("issued_at"))?,
            None => default_issued_at,
        };
        let extra_claims = match obj.get(EXTRA_CLAIMS) {
            None => Map::new(),
            Some(Value::Object(map)) => map.clone(),
            Some(other) => {
                return Err(wrong_type(
                    &obj.at(EXTRA_CLAIMS),
                    "an object of claims",
                    other,
                ));
            }
        };
        Ok(WorkflowRun {
            owner_id,
            repository_id,
            repository_visibility,
            base_ref,
            head_ref,
            environment,
            sha,
            workflow: obj.opt_str("workflow")?.unwrap_or("deploy").to_string(),
            workflow_file: obj
                .opt_str("workflow_file")?
                .unwrap_or(".github/workflows/deploy.yml")
                .to_string(),
            job_workflow_ref: obj.opt_str("job_workflow_ref")?.map(str::to_string),
            job_workflow_sha: obj.opt_str("job_workflow_sha")?.map(str::to_string),
            runner_environment,
            actor: obj.opt_str("actor")?.unwrap_or("octocat").to_string(),
            actor_id: id(&obj, "actor_id")?.unwrap_or_else(|| "12".to_string()),
            run_id: id(&obj, "run_id")?.unwrap_or_else(|| "1".to_string()),
            run_number: id(&obj, "run_number")?.unwrap_or_else(|| "1".to_string()),
            run_attempt: id(&obj, "run_attempt")?.unwrap_or_else(|| "1".to_string()),
            sub_format,
            include_claim_keys: read_template(&obj)?,
            audience: obj
                .opt_str("audience")?
                .unwrap_or(DEFAULT_AUDIENCE)
                .to_string(),
            issuer,
            enterprise,
            enterprise_id: id(&obj, "enterprise_id")?,
            issued_at,
            extra_claims,
            owner,
            repository,
            event,
            git_ref,
            path: path.to_string(),
        })
    }

    /// The `owner/repo` part of `sub`, in this repository's format.
    pub fn repo_segment(&self) -> String {
        match self.sub_format {
            SubFormat::Legacy => format!("{}/{}", self.owner, self.repository),
            SubFormat::Immutable => format!(
                "{}@{}/{}@{}",
                self.owner, self.owner_id, self.repository, self.repository_id
            ),
        }
    }

    /// The part of the default `sub` after the repository (GitHub's "context"): the environment
    /// wins, then a pull-request event, then the ref.
    pub fn context(&self) -> String {
        if let Some(environment) = &self.environment {
            format!("environment:{}", escape_colons(environment))
        } else if is_pull_request_event(&self.event) {
            "pull_request".to_string()
        } else {
            format!("ref:{}", escape_colons(&self.git_ref))
        }
    }

    /// The whole claim set, in the order GitHub's tokens list them.
    pub fn claims(&self) -> Result<Map<String, Value>, InputError> {
        let mut claims = Map::new();
        let mut put = |name: &str, value: String| {
            claims.insert(name.to_string(), Value::String(value));
        };
        // `sub` and `jti` are filled in below, but keep their place at the front.
        put("jti", String::new());
        put("sub", String::new());
        if let Some(environment) = &self.environment {
            put("environment", environment.clone());
        }
        put("aud", self.audience.clone());
        put("ref", self.git_ref.clone());
        put("sha", self.sha.clone());
        put("repository", format!("{}/{}", self.owner, self.repository));
        put("repository_owner", self.owner.clone());
        put("repository_owner_id", self.owner_id.clone());
        put("repository_visibility", self.repository_visibility.clone());
        put("repository_id", self.repository_id.clone());
        put("actor_id", self.actor_id.clone());
        put("actor", self.actor.clone());
        put("run_id", self.run_id.clone());
        put("run_number", self.run_number.clone());
        put("run_attempt", self.run_attempt.clone());
        put("runner_environment", self.runner_environment.clone());
        put("workflow", self.workflow.clone());
        put("head_ref", self.head_ref.clone());
        put("base_ref", self.base_ref.clone());
        put("event_name", self.event.clone());
        put("ref_type", ref_type(&self.git_ref).to_string());
        let workflow_ref = format!(
            "{}/{}/{}@{}",
            self.owner, self.repository, self.workflow_file, self.git_ref
        );
        put("workflow_ref", workflow_ref.clone());
        put("workflow_sha", self.sha.clone());
        // CHOICE: a job that is not in a reusable workflow names its own workflow file.
        put(
            "job_workflow_ref",
            self.job_workflow_ref.clone().unwrap_or(workflow_ref),
        );
        put(
            "job_workflow_sha",
            self.job_workflow_sha
                .clone()
                .unwrap_or_else(|| self.sha.clone()),
        );
        if let Some(enterprise) = &self.enterprise {
            put("enterprise", enterprise.clone());
        }
        if let Some(enterprise_id) = &self.enterprise_id {
            put("enterprise_id", enterprise_id.clone());
        }
        put("iss", self.issuer.clone());
        claims.insert("nbf".into(), (self.issued_at - NOT_BEFORE_SKEW).into());
        claims.insert("exp".into(), (self.issued_at + LIFETIME).into());
        claims.insert("iat".into(), self.issued_at.into());

        for (name, value) in &self.extra_claims {
            if value.is_null() {
                claims.remove(name);
            } else {
                claims.insert(name.clone(), value.clone());
            }
        }
        if !self.extra_claims.contains_key("sub") {
            let sub = self.subject(&claims)?;
            claims.insert("sub".into(), Value::String(sub));
        }
        if !self.extra_claims.contains_key("jti") {
            // CHOICE: a stable, UUID-shaped jti derived from the other claims.
            let digest = hex_digest(&Value::Object(claims.clone()).to_string(), 32);
            let jti = [(0, 8), (8, 12), (12, 16), (16, 20), (20, 32)]
                .iter()
                .filter_map(|&(from, to)| digest.get(from..to))
                .collect::<Vec<_>>()
                .join("-");
            claims.insert("jti".into(), Value::String(jti));
        }
        Ok(claims)
    }

    /// `sub`: the default `repo:…:context`, or the custom template's `key:value` pairs.
    fn subject(&self, claims: &Map<String, Value>) -> Result<String, InputError> {
        let Some(keys) = &self.include_claim_keys else {
            return Ok(format!("repo:{}:{}", self.repo_segment(), self.context()));
        };
        let template_path = pointer(&self.path, "include_claim_keys");
        let mut parts = Vec::with_capacity(keys.len());
        for (index, key) in keys.iter().enumerate() {
            let part = match key.as_str() {
                // GitHub: `repo` is the short form of the repository, and carries the ids in
                // the immutable format even in a custom template.
                "repo" => format!("repo:{}", self.repo_segment()),
                "context" => self.context(),
                "environment" if self.environment.is_none() => {
                    return Err(InputError {
                        path: pointer_index(&template_path, index),
                        message: "the template includes `environment` but the job has no environment; GitHub then refuses to issue a token".to_string(),
                    });
                }
                "sub" => {
                    return Err(InputError {
                        path: pointer_index(&template_path, index),
                        message: "`sub` cannot include itself".to_string(),
                    });
                }
                name => match claims.get(name) {
                    Some(Value::String(value)) => format!("{name}:{}", escape_colons(value)),
                    Some(other) => {
                        return Err(InputError {
                            path: pointer_index(&template_path, index),
                            message: format!("claim `{name}` is {}, not text", type_name(other)),
                        });
                    }
                    None => {
                        return Err(InputError {
                            path: pointer_index(&template_path, index),
                            message: format!("the token has no claim `{name}` to include"),
                        });
                    }
                },
            };
            parts.push(part);
        }
        Ok(parts.join(":"))
    }
}

/// The builder's input that would reproduce a GitHub Actions token's claims as closely as the
/// builder can: what the playground's form starts from when the current token is GitHub's.
/// `None` when the claims are not a GitHub Actions token's (no `repository` of the form
/// `owner/name`).
pub fn input_from_claims(claims: &Map<String, Value>) -> Option<Map<String, Value>> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_string);
    let (owner, repository) = text("repository")?
        .split_once('/')
        .map(|(o, r)| (o.to_string(), r.to_string()))?;
    let mut input = Map::new();
    let mut put = |name: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            input.insert(name.to_string(), Value::String(value));
        }
    };
    put("owner", Some(owner));
    put("owner_id", text("repository_owner_id"));
    put("repository", Some(repository));
    put("repository_id", text("repository_id"));
    put("event", text("event_name"));
    put("ref", text("ref"));
    put("environment", text("environment"));
    // Only a reusable workflow's ref differs from the caller's own workflow_ref.
    if text("job_workflow_ref") != text("workflow_ref") {
        put("job_workflow_ref", text("job_workflow_ref"));
    }
    put("runner_environment", text("runner_environment"));
    put("repository_visibility", text("repository_visibility"));
    put("issuer", text("iss"));
    put(
        "audience",
        match claims.get("aud") {
            Some(Value::Array(list)) => list.first().and_then(Value::as_str).map(str::to_string),
            other => other.and_then(Value::as_str).map(str::to_string),
        },
    );
    // `repo:owner@id/name@id:…` is the immutable format.
    let immutable = text("sub").is_some_and(|sub| {
        sub.strip_prefix("repo:")
            .and_then(|rest| rest.split(':').next())
            .is_some_and(|segment| segment.contains('@'))
    });
    put(
        "sub_format",
        Some(if immutable { "immutable" } else { "legacy" }.to_string()),
    );
    put("base_ref", text("base_ref"));
    put("head_ref", text("head_ref"));
    if let Some(number) = text("ref")
        .as_deref()
        .and_then(|r| r.strip_prefix("refs/pull/"))
        .and_then(|r| r.strip_suffix("/merge"))
        .and_then(|n| n.parse::<u64>().ok())
    {
        input.insert("pull_request_number".to_string(), number.into());
    }
    Some(input)
}

/// `pull_request` and (CHOICE) `pull_request_target` put `pull_request` in the default `sub`.
pub fn is_pull_request_event(event: &str) -> bool {
    event == "pull_request" || event == "pull_request_target"
}

/// `ref_type`: `tag` for tags, otherwise (CHOICE, also for `refs/pull/…`) `branch`.
fn ref_type(git_ref: &str) -> &'static str {
    if git_ref.starts_with("refs/tags/") {
        "tag"
    } else {
        "branch"
    }
}

/// GitHub replaces `:` inside a value with `%3A` in `sub`.
pub fn escape_colons(value: &str) -> String {
    value.replace(':', "%3A")
}

fn hex_digest(text: &str, length: usize) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex.chars().take(length).collect()
}

fn missing(obj: &Obj, name: &str, what: &str) -> InputError {
    InputError {
        path: obj.at(name),
        message: format!("required member is missing: {what}"),
    }
}

fn invalid(obj: &Obj, name: &str, message: String) -> InputError {
    InputError {
        path: obj.at(name),
        message,
    }
}

/// A GitHub account or repository name: letters, digits, `-`, `_` and `.`.
fn required_name(obj: &Obj, name: &str) -> Result<String, InputError> {
    let value = obj.req_str(name)?;
    check_name(obj, name, value)?;
    Ok(value.to_string())
}

fn check_name(obj: &Obj, member: &str, value: &str) -> Result<(), InputError> {
    let fine = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if fine {
        Ok(())
    } else {
        Err(invalid(
            obj,
            member,
            format!("expected a GitHub name (letters, digits, `-`, `_`, `.`), found `{value}`"),
        ))
    }
}

/// `repository` is the name alone, or `owner/name` (as in the `repository` claim).
fn read_repository(obj: &Obj, owner: String) -> Result<(String, String), InputError> {
    let value = obj.req_str("repository")?;
    let name = match value.split_once('/') {
        Some((given_owner, name)) => {
            if given_owner != owner {
                return Err(invalid(
                    obj,
                    "repository",
                    format!("`{value}` names owner `{given_owner}`, but `owner` is `{owner}`"),
                ));
            }
            name
        }
        None => value,
    };
    check_name(obj, "repository", name)?;
    Ok((owner, name.to_string()))
}

/// An id: decimal digits, given as text or as a JSON integer. GitHub's claims carry ids as text.
fn id(obj: &Obj, name: &str) -> Result<Option<String>, InputError> {
    let text = match obj.get(name) {
        None => return Ok(None),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(n)) if n.is_u64() => n.to_string(),
        Some(other) => return Err(wrong_type(&obj.at(name), "a numeric id", other)),
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            obj,
            name,
            format!("expected decimal digits, found `{text}`"),
        ));
    }
    Ok(Some(text))
}

fn one_of(obj: &Obj, name: &str, allowed: &[&str], default: &str) -> Result<String, InputError> {
    match obj.opt_str(name)? {
        None => Ok(default.to_string()),
        Some(value) if allowed.contains(&value) => Ok(value.to_string()),
        Some(value) => Err(invalid(
            obj,
            name,
            format!("expected one of {}, found `{value}`", allowed.join(", ")),
        )),
    }
}

/// The full ref: `ref`, or `branch`/`tag` (at most one of the three), or the event's default.
fn read_ref(obj: &Obj, event: &str, base_ref: &str) -> Result<String, InputError> {
    let given: Vec<&str> = ["ref", "branch", "tag"]
        .into_iter()
        .filter(|name| obj.get(name).is_some())
        .collect();
    if let [_, second, ..] = given.as_slice() {
        return Err(invalid(
            obj,
            second,
            format!(
                "give only one of `ref`, `branch` and `tag` (found {})",
                given.join(" and ")
            ),
        ));
    }
    let number = match obj.opt_i64("pull_request_number")? {
        Some(n) if n >= 1 => Some(n),
        Some(n) => {
            return Err(invalid(
                obj,
                "pull_request_number",
                format!("expected a pull request number (1 or more), found {n}"),
            ));
        }
        None => None,
    };
    if let Some(git_ref) = obj.opt_str("ref")? {
        if !git_ref.starts_with("refs/") || git_ref.len() <= "refs/".len() {
            return Err(invalid(
                obj,
                "ref",
                format!(
                    "expected a full ref such as `refs/heads/main` (or use `branch`/`tag`), found `{git_ref}`"
                ),
            ));
        }
        return Ok(git_ref.to_string());
    }
    if let Some(branch) = obj.opt_str("branch")? {
        return short_ref(obj, "branch", "refs/heads/", branch);
    }
    if let Some(tag) = obj.opt_str("tag")? {
        return short_ref(obj, "tag", "refs/tags/", tag);
    }
    Ok(match event {
        // GitHub: a `pull_request` run checks out the merge ref.
        "pull_request" => format!("refs/pull/{}/merge", number.unwrap_or(1)),
        // CHOICE (one report): `pull_request_target` runs on the base branch.
        "pull_request_target" => format!("refs/heads/{base_ref}"),
        _ => "refs/heads/main".to_string(),
    })
}

fn short_ref(obj: &Obj, member: &str, prefix: &str, name: &str) -> Result<String, InputError> {
    if name.is_empty() || name.starts_with("refs/") {
        return Err(invalid(
            obj,
            member,
            format!(
                "expected a short {member} name such as `main` or `v1.2.0` (use `ref` for a full ref), found `{name}`"
            ),
        ));
    }
    Ok(format!("{prefix}{name}"))
}

fn read_issuer(obj: &Obj, enterprise: Option<&str>) -> Result<String, InputError> {
    let with_slug = obj.opt_bool("include_enterprise_slug")?.unwrap_or(false);
    match (obj.opt_str("issuer")?, with_slug) {
        (Some(_), true) => Err(invalid(
            obj,
            "include_enterprise_slug",
            "give either `issuer` or `include_enterprise_slug`, not both".to_string(),
        )),
        (Some(issuer), false) => {
            if issuer.starts_with("https://") && issuer.len() > "https://".len() {
                Ok(issuer.to_string())
            } else {
                Err(invalid(
                    obj,
                    "issuer",
                    format!("expected an https:// URL, found `{issuer}`"),
                ))
            }
        }
        (None, true) => match enterprise {
            // GitHub Enterprise Cloud's custom issuer: the enterprise slug after the host.
            Some(slug) => Ok(format!("{GITHUB_ISSUER}/{slug}")),
            None => Err(invalid(
                obj,
                "include_enterprise_slug",
                "needs `enterprise` (the enterprise's slug)".to_string(),
            )),
        },
        (None, false) => Ok(GITHUB_ISSUER.to_string()),
    }
}

/// GitHub Enterprise Server issues tokens from `https://HOSTNAME/_services/token`.
fn is_enterprise_server(issuer: &str) -> bool {
    issuer.trim_end_matches('/').ends_with("/_services/token")
}

fn read_sub_format(obj: &Obj, issuer: &str) -> Result<SubFormat, InputError> {
    let created = match obj.opt_str("created")? {
        None => None,
        Some(text) => {
            // A date alone means its start, in UTC.
            let full = if text.len() == 10 {
                format!("{text}T00:00:00Z")
            } else {
                text.to_string()
            };
            Some(parse_rfc3339(&full).ok_or_else(|| {
                invalid(
                    obj,
                    "created",
                    format!(
                        "expected a date (2026-07-15) or an RFC 3339 date-time, found `{text}`"
                    ),
                )
            })?)
        }
    };
    let ghes = is_enterprise_server(issuer);
    match obj.opt_str("sub_format")? {
        Some("legacy") => Ok(SubFormat::Legacy),
        Some("immutable") if ghes => Err(invalid(
            obj,
            "sub_format",
            "GitHub Enterprise Server does not issue the immutable subject format".to_string(),
        )),
        Some("immutable") => Ok(SubFormat::Immutable),
        Some(other) => Err(invalid(
            obj,
            "sub_format",
            format!("expected `legacy` or `immutable`, found `{other}`"),
        )),
        // GitHub: repositories created since 15 July 2026 default to the immutable format
        // (not on GitHub Enterprise Server). CHOICE: without a date, the legacy format.
        None => Ok(match created {
            Some(created) if created >= IMMUTABLE_SUB_SINCE && !ghes => SubFormat::Immutable,
            _ => SubFormat::Legacy,
        }),
    }
}

/// `include_claim_keys`: unique names of letters, digits and underscores (GitHub's REST API rule).
fn read_template(obj: &Obj) -> Result<Option<Vec<String>>, InputError> {
    let Some(keys) = obj.opt_str_list("include_claim_keys")? else {
        return Ok(None);
    };
    let path = obj.at("include_claim_keys");
    if keys.is_empty() {
        return Err(InputError {
            path,
            message: "an empty template; leave the member out for GitHub's default `sub`"
                .to_string(),
        });
    }
    for (index, key) in keys.iter().enumerate() {
        let well_formed =
            !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !well_formed {
            return Err(InputError {
                path: pointer_index(&path, index),
                message: format!(
                    "a claim key may only hold letters, digits and `_`, found `{key}`"
                ),
            });
        }
        if keys.iter().take(index).any(|earlier| earlier == key) {
            return Err(InputError {
                path: pointer_index(&path, index),
                message: format!("`{key}` is listed twice; GitHub requires unique keys"),
            });
        }
    }
    Ok(Some(keys))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn build(input: Value) -> Result<Map<String, Value>, InputError> {
        WorkflowRun::from_value(&input, "/github", 1_795_341_600)?.claims()
    }

    fn base() -> Value {
        json!({"owner": "octo-org", "owner_id": "65", "repository": "octo-repo", "repository_id": 74})
    }

    fn with(extra: Value) -> Value {
        let mut input = base();
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        input
    }

    #[test]
    fn lifetime_and_defaults() {
        let claims = build(base()).unwrap();
        assert_eq!(claims["iat"], 1_795_341_600);
        assert_eq!(claims["nbf"], 1_795_341_000);
        assert_eq!(claims["exp"], 1_795_341_900);
        assert_eq!(claims["repository_id"], "74");
        assert_eq!(claims["aud"], DEFAULT_AUDIENCE);
        assert_eq!(claims["iss"], GITHUB_ISSUER);
        assert_eq!(claims["jti"].as_str().unwrap().len(), 36);
        assert_eq!(build(base()).unwrap(), claims, "deterministic");
        let target = build(with(
            json!({"event": "pull_request_target", "base_ref": "release"}),
        ))
        .unwrap();
        assert_eq!(target["ref"], "refs/heads/release");
        assert_eq!(target["sub"], "repo:octo-org/octo-repo:pull_request");
    }

    #[test]
    fn extra_claims_add_replace_and_remove_and_templates_see_them() {
        let claims = build(with(json!({
            "extra_claims": {"repo_property_team": "pay:ments", "actor": null},
            "include_claim_keys": ["repo", "repo_property_team"]
        })))
        .unwrap();
        assert_eq!(
            claims["sub"],
            "repo:octo-org/octo-repo:repo_property_team:pay%3Aments"
        );
        assert!(claims.get("actor").is_none());
        let claims = build(with(json!({"extra_claims": {"sub": "custom"}}))).unwrap();
        assert_eq!(claims["sub"], "custom");
    }

    #[test]
    fn bad_input_names_the_member() {
        let cases = [
            (
                json!({"branch": "main", "tag": "v1"}),
                "/github/tag",
                "give only one of",
            ),
            (json!({"ref": "main"}), "/github/ref", "expected a full ref"),
            (
                json!({"branch": "refs/heads/main"}),
                "/github/branch",
                "short branch name",
            ),
            (
                json!({"repository": "other/octo-repo"}),
                "/github/repository",
                "names owner `other`",
            ),
            (
                json!({"owner_id": "6x"}),
                "/github/owner_id",
                "decimal digits",
            ),
            (
                json!({"runner_environment": "laptop"}),
                "/github/runner_environment",
                "github-hosted",
            ),
            (
                json!({"include_claim_keys": ["repo", "repo"]}),
                "/github/include_claim_keys/1",
                "listed twice",
            ),
            (
                json!({"include_claim_keys": ["no-dash"]}),
                "/github/include_claim_keys/0",
                "letters, digits",
            ),
            (
                json!({"include_claim_keys": ["nope"]}),
                "/github/include_claim_keys/0",
                "no claim `nope`",
            ),
            (
                json!({"include_claim_keys": ["iat"]}),
                "/github/include_claim_keys/0",
                "not text",
            ),
            (
                json!({"include_enterprise_slug": true}),
                "/github/include_enterprise_slug",
                "needs `enterprise`",
            ),
            (
                json!({"created": "July"}),
                "/github/created",
                "expected a date",
            ),
            (
                json!({"sub_format": "new"}),
                "/github/sub_format",
                "`legacy` or `immutable`",
            ),
            (json!({"colour": "red"}), "/github/colour", "unknown member"),
            (json!({"event": "Push"}), "/github/event", "event name"),
        ];
        for (extra, path, message) in cases {
            let err = build(with(extra.clone())).unwrap_err();
            assert_eq!(err.path, path, "{extra}");
            assert!(err.message.contains(message), "{extra}: {}", err.message);
        }
    }

    /// The playground's form starts from the current token: reading a built token back must
    /// rebuild the claims STS and trust policies look at.
    #[test]
    fn a_built_token_reads_back_into_the_same_input() {
        let runs = [
            base(),
            with(
                json!({"event": "pull_request", "pull_request_number": 7, "base_ref": "main", "head_ref": "fix"}),
            ),
            with(json!({"environment": "production", "sub_format": "immutable"})),
            with(
                json!({"tag": "v1.2.0", "runner_environment": "self-hosted", "audience": "sigstore"}),
            ),
            with(
                json!({"job_workflow_ref": "octo-org/shared/.github/workflows/deploy.yml@refs/heads/main"}),
            ),
        ];
        for input in runs {
            let claims = build(input.clone()).unwrap();
            let again = input_from_claims(&claims).expect("a GitHub token");
            let rebuilt = build(Value::Object(again)).unwrap();
            for key in [
                "sub",
                "aud",
                "iss",
                "ref",
                "environment",
                "job_workflow_ref",
                "event_name",
                "repository",
                "repository_id",
                "repository_owner_id",
                "runner_environment",
                "base_ref",
                "head_ref",
            ] {
                assert_eq!(rebuilt.get(key), claims.get(key), "{key} for {input}");
            }
        }
        assert!(input_from_claims(&Map::new()).is_none());
    }
}

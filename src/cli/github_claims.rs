//! `stsplay github-claims`: the claims GitHub Actions would issue for a workflow run, as JSON.
//! Every flag sets the member of the same name (with `_` for `-`) in the builder's input, which
//! can also come from a JSON file (`--input`, the same object as a test case's `github`; the only
//! way to give `extra_claims`). `--now` sets `issued_at`.

use super::{parse_now_flag, read_input, system_now};
use crate::engine::json::parse_text;
use crate::github_claims::WorkflowRun;
use crate::signing::SigningKey;
use serde_json::{Map, Value, json};
use std::io::Read;

/// Arguments of `stsplay github-claims`.
#[derive(clap::Args, Debug)]
pub struct GithubClaimsArgs {
    /// A JSON object with the builder's members (as a test case's `github`), or `-` for standard
    /// input. Flags override its members.
    #[arg(long, value_name = "FILE")]
    input: Option<String>,
    /// The repository owner (organization or user).
    #[arg(long)]
    owner: Option<String>,
    /// The owner's numeric id.
    #[arg(long, value_name = "ID")]
    owner_id: Option<String>,
    /// The repository name (or `owner/name`).
    #[arg(long, visible_alias = "repo")]
    repository: Option<String>,
    /// The repository's numeric id.
    #[arg(long, value_name = "ID", visible_alias = "repo-id")]
    repository_id: Option<String>,
    /// `private` (default), `internal` or `public`.
    #[arg(long)]
    repository_visibility: Option<String>,
    /// The triggering event: push (default), pull_request, pull_request_target,
    /// workflow_dispatch, release, schedule, merge_group, …
    #[arg(long)]
    event: Option<String>,
    /// The full git ref, e.g. refs/heads/main, refs/tags/v1.2.0, refs/pull/7/merge.
    #[arg(long = "ref", value_name = "REF")]
    git_ref: Option<String>,
    /// A branch name (sets the ref to refs/heads/BRANCH).
    #[arg(long)]
    branch: Option<String>,
    /// A tag name (sets the ref to refs/tags/TAG).
    #[arg(long)]
    tag: Option<String>,
    /// The pull request number (pull_request events: ref refs/pull/N/merge).
    #[arg(long, value_name = "N")]
    pull_request_number: Option<i64>,
    /// The pull request's target branch.
    #[arg(long)]
    base_ref: Option<String>,
    /// The pull request's source branch.
    #[arg(long)]
    head_ref: Option<String>,
    /// The job's deployment environment.
    #[arg(long)]
    environment: Option<String>,
    /// The commit SHA.
    #[arg(long)]
    sha: Option<String>,
    /// The workflow's name.
    #[arg(long)]
    workflow: Option<String>,
    /// The workflow file, e.g. .github/workflows/deploy.yml.
    #[arg(long, value_name = "PATH")]
    workflow_file: Option<String>,
    /// The called reusable workflow, e.g. octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main.
    #[arg(long, value_name = "REF")]
    job_workflow_ref: Option<String>,
    /// The reusable workflow's commit SHA.
    #[arg(long, value_name = "SHA")]
    job_workflow_sha: Option<String>,
    /// github-hosted (default) or self-hosted.
    #[arg(long)]
    runner_environment: Option<String>,
    /// The account that started the run.
    #[arg(long)]
    actor: Option<String>,
    /// Its numeric id.
    #[arg(long, value_name = "ID")]
    actor_id: Option<String>,
    /// The workflow run's id.
    #[arg(long, value_name = "ID")]
    run_id: Option<String>,
    /// How many times the workflow has run.
    #[arg(long, value_name = "N")]
    run_number: Option<String>,
    /// How many times this run has been attempted.
    #[arg(long, value_name = "N")]
    run_attempt: Option<String>,
    /// The `sub` format: legacy or immutable.
    #[arg(long, value_name = "FORMAT")]
    sub_format: Option<String>,
    /// When the repository was created (since 2026-07-15 the immutable `sub` is the default).
    #[arg(long, value_name = "DATE")]
    created: Option<String>,
    /// A custom `sub` template, comma-separated, e.g. repo,context,job_workflow_ref.
    #[arg(long, value_name = "KEYS", value_delimiter = ',')]
    include_claim_keys: Option<Vec<String>>,
    /// `aud` (default sts.amazonaws.com, as configure-aws-credentials requests).
    #[arg(long)]
    audience: Option<String>,
    /// `iss` (default https://token.actions.githubusercontent.com).
    #[arg(long, value_name = "URL")]
    issuer: Option<String>,
    /// The enterprise's slug (sets the `enterprise` claim).
    #[arg(long, value_name = "SLUG")]
    enterprise: Option<String>,
    /// The enterprise's numeric id.
    #[arg(long, value_name = "ID")]
    enterprise_id: Option<String>,
    /// Use the enterprise's custom issuer, https://token.actions.githubusercontent.com/SLUG.
    #[arg(long)]
    include_enterprise_slug: bool,
    /// When the token is issued (RFC 3339 or epoch seconds): iat; nbf is 600 s earlier, exp 300 s
    /// later. Defaults to the input's `issued_at`, then the system clock.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Also sign the claims with a throwaway P-256 key: prints the header, claims, token and JWKS.
    #[arg(long)]
    token: bool,
}

impl GithubClaimsArgs {
    /// The flags that were given, as input members (flag `--owner-id` is member `owner_id`).
    fn members(&self) -> Vec<(&'static str, Value)> {
        let text = |name: &'static str, value: &Option<String>| {
            value.as_ref().map(|v| (name, Value::String(v.clone())))
        };
        let mut members: Vec<(&'static str, Value)> = [
            text("owner", &self.owner),
            text("owner_id", &self.owner_id),
            text("repository", &self.repository),
            text("repository_id", &self.repository_id),
            text("repository_visibility", &self.repository_visibility),
            text("event", &self.event),
            text("ref", &self.git_ref),
            text("branch", &self.branch),
            text("tag", &self.tag),
            text("base_ref", &self.base_ref),
            text("head_ref", &self.head_ref),
            text("environment", &self.environment),
            text("sha", &self.sha),
            text("workflow", &self.workflow),
            text("workflow_file", &self.workflow_file),
            text("job_workflow_ref", &self.job_workflow_ref),
            text("job_workflow_sha", &self.job_workflow_sha),
            text("runner_environment", &self.runner_environment),
            text("actor", &self.actor),
            text("actor_id", &self.actor_id),
            text("run_id", &self.run_id),
            text("run_number", &self.run_number),
            text("run_attempt", &self.run_attempt),
            text("sub_format", &self.sub_format),
            text("created", &self.created),
            text("audience", &self.audience),
            text("issuer", &self.issuer),
            text("enterprise", &self.enterprise),
            text("enterprise_id", &self.enterprise_id),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(number) = self.pull_request_number {
            members.push(("pull_request_number", number.into()));
        }
        if let Some(keys) = &self.include_claim_keys {
            members.push(("include_claim_keys", json!(keys)));
        }
        if self.include_enterprise_slug {
            members.push(("include_enterprise_slug", true.into()));
        }
        members
    }
}

/// Run `stsplay github-claims`: exit 0 with the JSON, or an error naming the member (exit 2).
pub fn run(args: &GithubClaimsArgs, stdin: &mut dyn Read) -> Result<(u8, String), String> {
    let now_flag = parse_now_flag(args.now.as_deref())?;
    let (source, mut input) = match &args.input {
        None => ("flags".to_string(), Map::new()),
        Some(file) => {
            let name = if file == "-" { "standard input" } else { file };
            let value = parse_text(&read_input(file, stdin)?, "the input")
                .map_err(|e| format!("{name}: {}", e.message))?;
            match value {
                Value::Object(map) => (name.to_string(), map),
                _ => {
                    return Err(format!(
                        "{name}: expected a JSON object of GitHub run members"
                    ));
                }
            }
        }
    };
    let flags = args.members();
    for (name, value) in &flags {
        input.insert((*name).to_string(), value.clone());
    }
    if let Some(now) = now_flag {
        input.insert("issued_at".into(), now.into());
    }
    let describe = |err: crate::engine::json::InputError| {
        let member = err.path.split('/').nth(1).unwrap_or_default();
        let flag = match member {
            "issued_at" => "--now".to_string(),
            member => format!("--{}", member.replace('_', "-")),
        };
        if source == "flags" || flags.iter().any(|(name, _)| *name == member) {
            format!("{flag}: {}", err.message)
        } else {
            format!("{source}: {err} (or give {flag})")
        }
    };
    let run = WorkflowRun::from_value(&Value::Object(input), "", system_now()).map_err(describe)?;
    let claims = run.claims().map_err(describe)?;
    let output = if args.token {
        let key =
            SigningKey::generate_p256().map_err(|e| format!("cannot make a signing key: {e}"))?;
        let mut header = Map::new();
        header.insert("typ".into(), "JWT".into());
        let token = key.sign(&header, &claims).map_err(|e| e.to_string())?;
        header.insert("alg".into(), key.alg().into());
        header.insert("kid".into(), key.kid().into());
        json!({ "header": header, "claims": claims, "token": token, "jwks": { "keys": [key.public_jwk()] } })
    } else {
        Value::Object(claims)
    };
    let mut text = serde_json::to_string_pretty(&output).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok((0, text))
}

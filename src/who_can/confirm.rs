//! Confirming a candidate: sign its claims with the throwaway key, supply that key in the
//! issuer's JWKS, run the real engine, and read off which statement admitted it.

use super::patterns::matched_value;
use super::setup::{Flavour, Setup};
use super::{
    Admitted, Candidate, InputError, MatchedCondition, ProviderSummary, Refused, Report,
    StatementRef,
};
use crate::engine::condition_keys::{GITHUB_CLAIM_KEYS, GITHUB_UNCERTAIN_CLAIM_KEYS};
use crate::engine::policy::Effect;
use crate::engine::scenario::Scenario;
use crate::engine::simulate;
use crate::engine::verdict::{self, Status, StepId, Verdict};
use crate::github_claims::GITHUB_ISSUER;
use crate::signing::SigningKey;
use crate::suite::run::{publish_key, set_token};
use serde_json::{Map, Value};

/// What STS answered for one candidate.
pub(crate) enum Answer {
    Accepted(Box<Admitted>),
    Refused(Box<Refused>),
}

/// Runs candidates in the setup's scenario and counts them.
pub(crate) struct Runner<'a> {
    setup: &'a Setup,
    key: &'a SigningKey,
    tried: usize,
}

impl<'a> Runner<'a> {
    pub(crate) fn new(setup: &'a Setup, key: &'a SigningKey) -> Runner<'a> {
        Runner {
            setup,
            key,
            tried: 0,
        }
    }

    /// Run one candidate through the engine.
    pub(crate) fn run(&mut self, candidate: &Candidate) -> Result<Answer, InputError> {
        self.tried += 1;
        let verdict = simulate(&self.scenario_for(&candidate.claims)?);
        let key_claims = key_claims(&self.setup.provider.flavour, &candidate.claims);
        if let verdict::Answer::Rejected { failed_step, error } = &verdict.answer {
            let failed = verdict.steps.iter().find(|step| step.id == *failed_step);
            return Ok(Answer::Refused(Box::new(Refused {
                id: candidate.id.clone(),
                title: candidate.title.clone(),
                key_claims,
                failed_step: Some(failed_step.as_str().to_string()),
                code: Some(error.code),
                explanation: failed.map(|step| step.detail.clone()).unwrap_or_default(),
            })));
        }
        let (statement, matched) = self.admitting_statement(&verdict);
        Ok(Answer::Accepted(Box::new(Admitted {
            id: candidate.id.clone(),
            grade: candidate.grade,
            title: candidate.title.clone(),
            reason: candidate.reason.clone(),
            key_claims,
            claims: candidate.claims.clone(),
            github: candidate.github.clone(),
            statement,
            matched,
        })))
    }

    /// The setup's scenario with this token, signed, and the key in the issuer's JWKS.
    fn scenario_for(&self, claims: &Map<String, Value>) -> Result<Scenario, InputError> {
        let mut scenario = self.setup.scenario.clone();
        let mut header = Map::new();
        header.insert("typ".into(), "JWT".into());
        let token = self
            .key
            .sign(&header, claims)
            .map_err(|err| InputError::new("", format!("cannot sign a candidate token: {err}")))?;
        set_token(&mut scenario, token);
        if let Some(Value::String(issuer)) = claims.get("iss") {
            publish_key(&mut scenario, issuer, self.key);
        }
        Scenario::from_value(&Value::Object(scenario))
    }

    /// The Allow statement that decided (the first whose statement check passed), and its string
    /// conditions with the values the token matched.
    fn admitting_statement(
        &self,
        verdict: &Verdict,
    ) -> (Option<StatementRef>, Vec<MatchedCondition>) {
        let Some(step) = verdict.steps.iter().find(|s| s.id == StepId::TrustPolicy) else {
            return (None, Vec::new());
        };
        let policy = &self.setup.policy;
        let admitting = policy
            .statements()
            .iter()
            .enumerate()
            .find(|(index, statement)| {
                statement.effect == Effect::Allow
                    && step.checks.iter().any(|check| {
                        check.id == format!("trust_policy.statement[{index}]")
                            && check.status == Status::Pass
                    })
            });
        let Some((index, statement)) = admitting else {
            return (None, Vec::new());
        };
        let prefix = format!("trust_policy.statement[{index}].condition[");
        let matched = step
            .checks
            .iter()
            .filter(|check| check.id.starts_with(&prefix))
            .filter_map(|check| check.condition.as_ref())
            .flat_map(|condition| {
                let values = condition.context_values.clone().unwrap_or_default();
                values
                    .iter()
                    .filter_map(|value| {
                        matched_value(&condition.operator, &condition.policy_values, value)
                    })
                    .map(|value| MatchedCondition {
                        operator: condition.operator.clone(),
                        key: condition.key.clone(),
                        value,
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let statement_ref = StatementRef {
            index,
            sid: statement.sid.clone().filter(|sid| !sid.is_empty()),
            path: format!(
                "{}{}",
                self.setup.policy_pointer,
                policy.statement_pointer(index)
            ),
        };
        (Some(statement_ref), matched)
    }

    /// Put the findings together.
    pub(crate) fn report(
        self,
        intended: Vec<Admitted>,
        refused: Vec<Refused>,
        counterexamples: Vec<Admitted>,
    ) -> Report {
        let provider = &self.setup.provider;
        let kind = match provider.flavour {
            Flavour::GitHub { .. } => "github",
            Flavour::Google => "google",
            Flavour::Cognito => "cognito",
            Flavour::Oidc => "oidc",
        };
        Report {
            input: self.setup.kind,
            assumptions: self.setup.assumptions.clone(),
            provider: ProviderSummary {
                kind: kind.to_string(),
                issuer: provider.issuer.clone(),
                principal: provider.principal.clone(),
                condition_key_prefix: provider.prefix.clone(),
            },
            role_arn: self.setup.role_arn.clone(),
            tried: self.tried,
            intended,
            refused,
            counterexamples,
        }
    }
}

/// The claims that decide the outcome, in a fixed order.
fn key_claims(flavour: &Flavour, claims: &Map<String, Value>) -> Map<String, Value> {
    let names: &[&str] = match flavour {
        Flavour::GitHub { .. } => &[
            "iss",
            "sub",
            "aud",
            "repository",
            "repository_id",
            "ref",
            "environment",
            "event_name",
            "job_workflow_ref",
        ],
        _ => &["iss", "sub", "aud", "azp", "amr"],
    };
    let mut out = Map::new();
    for name in names {
        let Some(value) = claims.get(*name) else {
            continue;
        };
        // github.com's issuer, the repository id, and a job's own workflow as
        // `job_workflow_ref` say nothing new for most GitHub tokens.
        let own_workflow = *name == "job_workflow_ref" && claims.get("workflow_ref") == Some(value);
        let noise = matches!(flavour, Flavour::GitHub { .. })
            && ((*name == "iss" && value == GITHUB_ISSUER)
                || *name == "repository_id"
                || own_workflow);
        if !noise {
            out.insert((*name).to_string(), value.clone());
        }
    }
    if let (Flavour::GitHub { .. }, Some(sub)) =
        (flavour, claims.get("sub").and_then(Value::as_str))
        && sub.contains('@')
        && let Some(id) = claims.get("repository_id")
    {
        // In the immutable format the ids are part of what is pinned: show them.
        out.insert("repository_id".into(), id.clone());
    }
    out
}

/// What STS can tell apart: the claims behind the condition keys it sets. Two tokens with the
/// same values here get the same answer from every trust policy.
pub(crate) fn equivalence(claims: &Map<String, Value>) -> String {
    let names = ["iss", "sub", "aud", "azp", "amr"]
        .into_iter()
        .chain(GITHUB_CLAIM_KEYS)
        .chain(GITHUB_UNCERTAIN_CLAIM_KEYS);
    names
        .map(|name| {
            format!(
                "{name}={}",
                claims.get(name).cloned().unwrap_or(Value::Null)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

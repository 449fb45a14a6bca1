//! "Who else can assume this role?": from a trust policy (or a whole scenario), propose concrete
//! tokens that the author probably did not mean to admit, confirm each through the real engine,
//! and grade the ones STS accepts.
//!
//! The pipeline: [`setup`] turns the input into a base scenario and a provider; [`github`] or
//! [`generic`] proposes candidates (first the runs the policy names, then, for each one STS
//! accepts, *families* of variations on it: another repository, a pull request, any branch, …);
//! [`confirm`] signs each candidate's claims with the caller's throwaway key, supplies the JWKS,
//! and runs [`crate::engine::simulate`]. Only accepted candidates are reported.
//!
//! Pure: no clock, files or network, and no randomness (the key comes from the caller), so the
//! playground can run it as it is. The same input and clock give the same report.

mod confirm;
mod generic;
mod github;
mod patterns;
mod setup;

use crate::engine::clock::Epoch;
use crate::engine::json::InputError;
use crate::engine::verdict::ErrorCode;
use crate::signing::SigningKey;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

pub use setup::{InputKind, input_now};

/// At most this many named runs (one per `sub` value) are tried, for any provider.
pub(crate) const MAX_NAMED: usize = 16;
/// At most this many variants per family of changes.
pub(crate) const MAX_VARIANTS: usize = 4;

/// How worried to be about a token the policy admits (see README, "Who else can assume this
/// role?").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// The same trust as what the policy names: only people who could already get the intended
    /// token can get this one.
    Safe,
    /// People inside the owner (write access to the repository or organization, an identity in
    /// the pool) reach further than the policy seems to intend, or outsiders can after a rename.
    Caution,
    /// People outside the intended owner can assume the role today: another GitHub account, any
    /// pull request's code, any app or any identity of the IdP.
    Dangerous,
}

impl Grade {
    /// `safe`, `caution` or `dangerous`.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Safe => "safe",
            Grade::Caution => "caution",
            Grade::Dangerous => "dangerous",
        }
    }
}

/// The statement that admitted a token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatementRef {
    /// Its index in the policy's `Statement` list.
    pub index: usize,
    /// Its `Sid`, when it has one.
    pub sid: Option<String>,
    /// JSON pointer to it in the input (the policy file, or the scenario).
    pub path: String,
}

/// One condition of the admitting statement and the policy value the token's claim matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchedCondition {
    /// The operator as written, e.g. `StringLike`.
    pub operator: String,
    /// The condition key as written.
    pub key: String,
    /// The policy value that matched.
    pub value: String,
}

/// A token STS accepted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Admitted {
    /// What kind of token this is, stable for tests and tools: `github.pull-request`,
    /// `github.other-repository`, `google.any-account`, `named` (a run the policy names), …
    pub id: String,
    /// How worried to be.
    pub grade: Grade,
    /// What it is, in a phrase: "a pull request in octo-org/octo-repo".
    pub title: String,
    /// Why it has this grade, in a sentence.
    pub reason: String,
    /// The claims that decide the outcome (`sub`, `aud`, `repository`, `ref`, …), in a fixed
    /// order.
    pub key_claims: Map<String, Value>,
    /// Every claim of the token, as signed.
    pub claims: Map<String, Value>,
    /// For GitHub: the claim builder's input (a test case's `github` member), so the token can be
    /// turned into a regression test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github: Option<Map<String, Value>>,
    /// The statement that admitted it.
    pub statement: Option<StatementRef>,
    /// The admitting statement's string conditions and the value each matched.
    pub matched: Vec<MatchedCondition>,
}

/// A run the policy names that STS nevertheless refused.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Refused {
    /// As in [`Admitted::id`].
    pub id: String,
    /// What it is.
    pub title: String,
    /// The claims that decide the outcome.
    pub key_claims: Map<String, Value>,
    /// The step that refused it.
    pub failed_step: Option<String>,
    /// AWS's error code.
    pub code: Option<ErrorCode>,
    /// The engine's explanation of the failing step.
    pub explanation: String,
}

/// Which identity provider the tokens come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProviderSummary {
    /// `github`, `google`, `cognito` or `oidc`.
    pub kind: String,
    /// The tokens' `iss`.
    pub issuer: String,
    /// The trust-policy principal: the IAM OIDC provider's ARN, or the built-in name.
    pub principal: String,
    /// The condition keys' prefix, e.g. `token.actions.githubusercontent.com`.
    pub condition_key_prefix: String,
}

/// Everything `who-can` found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Whether a trust policy alone or a scenario was given.
    pub input: InputKind,
    /// What was assumed to fill in a trust policy given alone (provider, account, role).
    pub assumptions: Vec<String>,
    /// The provider the tokens come from.
    pub provider: ProviderSummary,
    /// The role asked for.
    pub role_arn: String,
    /// How many tokens were run through the engine.
    pub tried: usize,
    /// Runs the policy names (and the scenario's own token) that STS accepts; each is a baseline
    /// that the counterexamples vary.
    pub intended: Vec<Admitted>,
    /// Runs the policy names that STS refuses.
    pub refused: Vec<Refused>,
    /// Tokens STS accepts that the policy probably did not mean to admit, most severe first.
    pub counterexamples: Vec<Admitted>,
}

impl Report {
    /// The most severe grade among everything accepted.
    pub fn worst(&self) -> Option<Grade> {
        self.intended
            .iter()
            .chain(&self.counterexamples)
            .map(|a| a.grade)
            .max()
    }

    /// How many accepted tokens (intended and counterexamples) have this grade.
    pub fn count(&self, grade: Grade) -> usize {
        self.intended
            .iter()
            .chain(&self.counterexamples)
            .filter(|a| a.grade == grade)
            .count()
    }
}

/// A proposed token, before the engine has seen it.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    /// As in [`Admitted::id`].
    pub id: String,
    pub grade: Grade,
    pub title: String,
    pub reason: String,
    /// The claims to sign.
    pub claims: Map<String, Value>,
    /// The GitHub claim builder's input, when the claims came from it.
    pub github: Option<Map<String, Value>>,
    /// For a named run: the index of the statement whose values it was made from.
    pub origin: Option<usize>,
}

/// Variations of one kind (another repository, a pull request, …). Only the first variant STS
/// accepts is reported: the others would say the same thing.
#[derive(Clone, Debug)]
pub(crate) struct Family {
    /// The family's name, used by `skip_when` of later families.
    pub name: String,
    /// The variants, most telling first.
    pub variants: Vec<Candidate>,
    /// Skip the family when every family of one of these groups had an accepted variant (its
    /// finding would be implied by theirs).
    pub skip_when: Vec<Vec<String>>,
    /// Report this family once for all baselines (its finding is the same for each).
    pub once: bool,
}

/// What the provider-specific modules propose: runs the policy names, then the families of
/// variations on each one STS accepts (a baseline).
pub(crate) trait Proposer {
    /// The runs the policy (or the scenario's token) names, in order.
    fn named(&self) -> Result<Vec<Candidate>, InputError>;
    /// Families of variations on `baseline`, in report order.
    fn families(&self, baseline: &Candidate) -> Vec<Family>;
}

/// At most this many accepted named runs are varied.
const MAX_BASELINES: usize = 8;

/// Analyse a trust policy or a scenario (see [`InputKind`]) at the clock `now`, signing every
/// candidate with `key` (any key: its JWKS is supplied to the simulated STS).
pub fn who_can(input: &Value, now: Epoch, key: &SigningKey) -> Result<Report, InputError> {
    let setup = setup::Setup::read(input, now)?;
    let proposer: Box<dyn Proposer + '_> = match setup.provider.flavour {
        setup::Flavour::GitHub { .. } => Box::new(github::GitHub::new(&setup)),
        _ => Box::new(generic::Generic::new(&setup)),
    };
    let mut runner = confirm::Runner::new(&setup, key);

    let mut intended = Vec::new();
    let mut refused = Vec::new();
    let mut seen = BTreeSet::new();
    // Each accepted named run, with the statement that admitted it.
    let mut baselines: Vec<(Candidate, Option<usize>)> = Vec::new();
    let named = proposer.named()?;
    for candidate in &named {
        match runner.run(candidate)? {
            confirm::Answer::Accepted(admitted) => {
                if seen.insert(confirm::equivalence(&candidate.claims)) {
                    baselines.push((
                        candidate.clone(),
                        admitted.statement.as_ref().map(|s| s.index),
                    ));
                    intended.push(*admitted);
                }
            }
            confirm::Answer::Refused(why) => refused.push(*why),
        }
    }
    // With nothing accepted, vary the first named run anyway: the variations may still pass.
    if baselines.is_empty() {
        baselines.extend(named.first().map(|c| (c.clone(), None)));
    }
    baselines.truncate(MAX_BASELINES);

    let mut counterexamples = Vec::new();
    let mut reported_once: BTreeSet<String> = BTreeSet::new();
    for (baseline, baseline_statement) in &baselines {
        // Which families had an accepted variant, for `skip_when` (per baseline).
        let mut accepted_families: BTreeSet<String> = BTreeSet::new();
        for family in proposer.families(baseline) {
            let implied = family
                .skip_when
                .iter()
                .any(|group| group.iter().all(|name| accepted_families.contains(name)));
            if implied || reported_once.contains(&family.name) {
                continue;
            }
            for candidate in &family.variants {
                let confirm::Answer::Accepted(admitted) = runner.run(candidate)? else {
                    continue;
                };
                // The baseline was made from one statement but admitted by another, broader
                // one: what that one admits is explored from its own baselines.
                let admitted_by = admitted.statement.as_ref().map(|s| s.index);
                let shadowed = baseline.origin.is_some()
                    && *baseline_statement != baseline.origin
                    && admitted_by == *baseline_statement;
                if shadowed {
                    continue;
                }
                accepted_families.insert(family.name.clone());
                // A token STS cannot tell from one already reported says nothing new.
                if seen.insert(confirm::equivalence(&candidate.claims)) {
                    if family.once {
                        reported_once.insert(family.name.clone());
                    }
                    counterexamples.push(*admitted);
                    break;
                }
            }
        }
    }
    // Most severe first; the families' order otherwise (a stable sort keeps it).
    counterexamples.sort_by_key(|a: &Admitted| std::cmp::Reverse(a.grade));
    Ok(runner.report(intended, refused, counterexamples))
}

//! The engine: a pure, deterministic simulator of STS `AssumeRoleWithWebIdentity`.
//!
//! [`simulate`] runs the phases in STS's order, one line each, and records every phase as a
//! [`verdict::Step`]. After the first failure the remaining phases are listed as skipped.
//!
//! INVARIANT: nothing in this module tree reads the clock, touches the network or the file
//! system, uses randomness, or depends on a web or terminal crate. "Now" is `Scenario::now`.

#![deny(clippy::arithmetic_side_effects)]

pub mod arn;
pub mod clock;
pub mod condition_keys;
pub mod ec_verify;
pub mod ecdsa;
pub mod json;
pub mod json_span;
pub mod jwk;
pub mod phases;
pub mod policy;
pub mod rejection;
pub mod rsa_pkcs1;
pub mod scenario;
pub mod token;
pub mod verdict;

use phases::PhaseReport;
use rejection::Rejection;
use scenario::Scenario;
use verdict::{Answer, Finding, Status, Step, StepId, Verdict};

/// Simulate one call. Total: every input gets a verdict, and the same input the same verdict.
pub fn simulate(scenario: &Scenario) -> Verdict {
    let target = phases::trust_policy::TargetRole::find(scenario);
    // Decoded once: the token phase checks it, and the lint takes its claims as evidence.
    let decoded = token::decode(&scenario.request.web_identity_token);
    let findings = policy_findings(scenario, &target, decoded.as_ref().ok());
    let mut run = Run::default();
    let ending = run_phases(&mut run, scenario, &target, decoded);
    run.finish(ending, findings)
}

/// The phases in STS's order, one line each; the first refusal ends the call.
fn run_phases(
    run: &mut Run,
    scenario: &Scenario,
    target: &phases::trust_policy::TargetRole,
    decoded: Result<token::DecodedToken, token::TokenDecodeError>,
) -> Result<verdict::AssumeRoleResult, Refusal> {
    let role_arn = run.phase(StepId::Request, phases::request::check(scenario))?;
    let token = run.phase(StepId::Token, phases::token::check(scenario, decoded))?;
    let issuer = run.phase(
        StepId::Provider,
        phases::provider::check(scenario, &role_arn, &token),
    )?;
    run.phase(StepId::Tls, phases::tls::check(&issuer))?;
    let oauth = run.phase(StepId::Signature, phases::signature::check(&issuer, &token))?;
    let claims = run.phase(
        StepId::Claims,
        phases::claims::check(&issuer, &token, oauth.as_ref(), scenario.now),
    )?;
    let context = condition_keys::build(&issuer, &token, &claims, oauth.as_ref(), scenario.now);
    let role = run.phase(
        StepId::TrustPolicy,
        phases::trust_policy::check(scenario, target, &role_arn, &issuer, &token, &context),
    )?;
    let session = run.phase(
        StepId::Session,
        phases::session::check(&scenario.request, role, &token),
    )?;
    run.phase(
        StepId::Credentials,
        phases::credentials::issue(
            scenario, &role_arn, role, &issuer, &token, &claims, &session,
        ),
    )
}

/// The phase that refused the call, and why.
struct Refusal {
    step: StepId,
    rejection: Rejection,
}

/// The steps recorded so far.
#[derive(Default)]
struct Run {
    steps: Vec<Step>,
}

impl Run {
    /// Record a phase; return its value when it passed, or the refusal that ends the call.
    fn phase<T>(&mut self, id: StepId, report: PhaseReport<T>) -> Result<T, Refusal> {
        let mut assumed = report.assumed || position_is_assumed(id);
        let (status, outcome) = match report.outcome {
            Ok(value) => (Status::Pass, Ok(value)),
            Err(rejection) => {
                // A rejection whose AWS text we chose makes its step an assumption too.
                assumed |= rejection.message_is_assumed();
                (
                    Status::Fail,
                    Err(Refusal {
                        step: id,
                        rejection,
                    }),
                )
            }
        };
        self.steps.push(Step {
            id,
            status,
            title: title(id).to_string(),
            detail: report.detail,
            assumed,
            checks: report.checks,
        });
        outcome
    }

    /// List the phases that did not run and build the verdict.
    fn finish(
        mut self,
        ending: Result<verdict::AssumeRoleResult, Refusal>,
        findings: Vec<Finding>,
    ) -> Verdict {
        for id in StepId::ALL.into_iter().skip(self.steps.len()) {
            self.steps.push(Step {
                id,
                status: Status::Skip,
                title: title(id).to_string(),
                detail: "not reached: STS stopped at an earlier step".to_string(),
                assumed: position_is_assumed(id),
                checks: Vec::new(),
            });
        }
        Verdict {
            answer: match ending {
                Ok(result) => Answer::Accepted(result),
                Err(refusal) => Answer::Rejected {
                    failed_step: refusal.step,
                    error: refusal.rejection.aws_error(),
                },
            },
            steps: self.steps,
            findings,
        }
    }
}

/// The step titles, as the sequence diagram labels them.
pub fn title(id: StepId) -> &'static str {
    match id {
        StepId::Request => "Validate the request parameters",
        StepId::Token => "Read the web identity token",
        StepId::Provider => "Find the OIDC provider for the issuer",
        StepId::Tls => "Check the IdP's TLS certificate",
        StepId::Signature => "Fetch the JWKS and verify the signature",
        StepId::Claims => "Validate aud, exp, nbf and iat",
        StepId::TrustPolicy => "Evaluate the role's trust policy",
        StepId::Session => "Check the session duration and policy",
        StepId::Credentials => "Return temporary credentials",
    }
}

/// AWS does not document where these phases sit relative to each other: the order of signature,
/// audience and expiry checks, and of the trust policy versus the duration check.
fn position_is_assumed(id: StepId) -> bool {
    matches!(id, StepId::Signature | StepId::Claims | StepId::Session)
}

/// Findings about the trust policy of the role named in the request, whatever the verdict. The
/// scenario's providers and token (decoded, not verified) are the lint's evidence.
fn policy_findings(
    scenario: &Scenario,
    target: &phases::trust_policy::TargetRole,
    decoded: Option<&token::DecodedToken>,
) -> Vec<Finding> {
    let (Some(role), Some(at)) = (target.role, target.policy_pointer()) else {
        return Vec::new();
    };
    let evidence = policy::Evidence {
        providers: scenario.providers.iter().map(|p| p.url.as_str()).collect(),
        token_claims: decoded.map(|d| &d.claims),
    };
    let policy = &role.trust_policy;
    let parsed = policy.parsed();
    if policy.is_text() {
        policy::lint_parsed_with(policy.value(), parsed, &at, &evidence)
    } else {
        // The lint reads an object's JSON only if it did not parse.
        policy::lint_object(&|| policy.value(), parsed, &at, &evidence)
    }
}

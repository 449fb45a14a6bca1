//! Candidates for identity providers other than GitHub: Google and Cognito (built into STS) and
//! any other OIDC provider (EKS, GitLab, Auth0, …). Their tokens say less than GitHub's, so the
//! questions are fewer: is the subject pinned, is the audience (the app, the pool) pinned, and
//! for Cognito, are unauthenticated (guest) identities admitted.

use super::patterns::{fill, glob_matches, has_wildcard, relevant_statements, values_for};
use super::setup::{Flavour, Setup};
use super::{Candidate, Family, Grade, MAX_NAMED, MAX_VARIANTS, Proposer};
use crate::engine::json::InputError;
use crate::engine::policy::Statement;
use serde_json::{Map, Value, json};

const GOOGLE_CLIENT: &str = "123456789012-app.apps.googleusercontent.com";
const GOOGLE_OTHER_CLIENT: &str = "999999999999-other.apps.googleusercontent.com";
const GOOGLE_SUBJECT: &str = "110000000000000000001";
const GOOGLE_OTHER_SUBJECT: &str = "110000000000000000099";
const COGNITO_POOL: &str = "us-east-1:11111111-2222-3333-4444-555555555555";
const COGNITO_OTHER_POOL: &str = "us-east-1:99999999-8888-7777-6666-555555555555";
const COGNITO_SUBJECT: &str = "us-east-1:aaaaaaaa-0000-0000-0000-000000000001";
const COGNITO_OTHER_SUBJECT: &str = "us-east-1:aaaaaaaa-0000-0000-0000-000000000099";
const OIDC_SUBJECT: &str = "example-subject";
const OIDC_OTHER_SUBJECT: &str = "another-subject";
const OIDC_AUDIENCE: &str = "sts.amazonaws.com";
/// How long the made-up tokens live (seconds).
const LIFETIME: i64 = 600;

/// The proposer for Google, Cognito and other OIDC providers.
pub(crate) struct Generic<'s> {
    setup: &'s Setup,
    statements: Vec<(usize, &'s Statement)>,
}

/// What varies between these tokens.
#[derive(Clone, Debug)]
struct Identity {
    sub: String,
    aud: String,
    /// Cognito's authentication methods.
    amr: Vec<String>,
}

impl<'s> Generic<'s> {
    pub(crate) fn new(setup: &'s Setup) -> Generic<'s> {
        Generic {
            setup,
            statements: relevant_statements(&setup.policy, &setup.provider.principal),
        }
    }

    fn key(&self, claim: &str) -> String {
        self.setup.provider.key(claim)
    }

    fn flavour(&self) -> &Flavour {
        &self.setup.provider.flavour
    }

    fn claims(&self, identity: &Identity) -> Map<String, Value> {
        let now = self.setup.now;
        let mut claims = Map::new();
        claims.insert("iss".into(), self.setup.provider.issuer.clone().into());
        claims.insert("sub".into(), identity.sub.clone().into());
        claims.insert("aud".into(), identity.aud.clone().into());
        if *self.flavour() == Flavour::Cognito {
            claims.insert("amr".into(), json!(identity.amr));
        }
        claims.insert("iat".into(), now.into());
        claims.insert("exp".into(), now.saturating_add(LIFETIME).into());
        claims
    }

    fn candidate(
        &self,
        id: &str,
        grade: Grade,
        title: String,
        reason: String,
        identity: &Identity,
    ) -> Candidate {
        Candidate {
            id: id.to_string(),
            grade,
            title,
            reason,
            claims: self.claims(identity),
            github: None,
            origin: None,
        }
    }

    /// The audience a statement admits: a registered client ID that matches its `aud` values,
    /// else the first value (wildcards filled), else the provider's default.
    fn audience_for(&self, statement: &Statement) -> String {
        let mut wanted = values_for(statement, &self.key("aud"));
        if wanted.is_empty() && *self.flavour() == Flavour::Google {
            wanted = values_for(statement, &self.key("oaud"));
        }
        let registered = &self.setup.provider.client_ids;
        registered
            .iter()
            .find(|id| wanted.is_empty() || wanted.iter().any(|w| glob_matches(w, id)))
            .cloned()
            .or_else(|| wanted.first().map(|w| fill(w, "example")))
            .or_else(|| self.token_text("aud"))
            .unwrap_or_else(|| self.default_audience().to_string())
    }

    /// A text claim of the scenario's token.
    fn token_text(&self, name: &str) -> Option<String> {
        self.setup
            .token_claims
            .as_ref()
            .and_then(|claims| claims.get(name))
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    fn default_audience(&self) -> &'static str {
        match self.flavour() {
            Flavour::Google => GOOGLE_CLIENT,
            Flavour::Cognito => COGNITO_POOL,
            _ => OIDC_AUDIENCE,
        }
    }

    fn default_subject(&self) -> &'static str {
        match self.flavour() {
            Flavour::Google => GOOGLE_SUBJECT,
            Flavour::Cognito => COGNITO_SUBJECT,
            _ => OIDC_SUBJECT,
        }
    }

    /// Cognito's `amr` for a statement: `authenticated` plus the login providers it names, or
    /// `unauthenticated` alone when that is all it names.
    fn amr_for(&self, statement: &Statement) -> Vec<String> {
        let values = values_for(statement, &self.key("amr"));
        let token_amr = self
            .setup
            .token_claims
            .as_ref()
            .and_then(|claims| claims.get("amr"))
            .and_then(Value::as_array);
        if values.is_empty()
            && let Some(amr) = token_amr
        {
            return amr
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
        }
        let guest_only = values.iter().any(|v| v == "unauthenticated")
            && !values.iter().any(|v| glob_matches(v, "authenticated"));
        if guest_only {
            return vec!["unauthenticated".to_string()];
        }
        let mut amr = vec!["authenticated".to_string()];
        for value in values {
            if value != "authenticated" && value != "unauthenticated" {
                let filled = fill(&value, "example");
                if !amr.contains(&filled) {
                    amr.push(filled);
                }
            }
        }
        amr
    }

    fn guest_reason() -> String {
        "unauthenticated (guest) identities are admitted: if the pool allows guest access, anyone can get one".to_string()
    }

    fn describe(&self, identity: &Identity) -> String {
        match self.flavour() {
            Flavour::Google => format!(
                "Google account `{}` signed in to client `{}`",
                identity.sub, identity.aud
            ),
            Flavour::Cognito => {
                let kind = if identity.amr.iter().any(|a| a == "unauthenticated") {
                    "unauthenticated"
                } else {
                    "authenticated"
                };
                format!(
                    "{kind} identity `{}` of pool `{}`",
                    identity.sub, identity.aud
                )
            }
            _ => format!(
                "subject `{}` with audience `{}`",
                identity.sub, identity.aud
            ),
        }
    }
}

impl Proposer for Generic<'_> {
    fn named(&self) -> Result<Vec<Candidate>, InputError> {
        let mut named = Vec::new();
        if let Some(claims) = &self.setup.token_claims {
            named.push(Candidate {
                id: "scenario-token".to_string(),
                grade: Grade::Safe,
                title: "the scenario's token".to_string(),
                reason: "the token the scenario presents".to_string(),
                claims: retimed(claims, self.setup.now),
                github: None,
                origin: None,
            });
        }
        for (index, statement) in &self.statements {
            let aud = self.audience_for(statement);
            let amr = self.amr_for(statement);
            let subs = values_for(statement, &self.key("sub"));
            let values: Vec<Option<String>> = if subs.is_empty() {
                // The scenario's token already is this statement's run.
                if self.setup.token_claims.is_some() {
                    continue;
                }
                vec![None]
            } else {
                subs.into_iter().map(Some).collect()
            };
            for value in values {
                if named.len() >= MAX_NAMED {
                    break;
                }
                let sub = match &value {
                    Some(v) if has_wildcard(v) => fill(v, "example"),
                    Some(v) => v.clone(),
                    None => self
                        .token_text("sub")
                        .unwrap_or_else(|| self.default_subject().to_string()),
                };
                let identity = Identity {
                    sub,
                    aud: aud.clone(),
                    amr: amr.clone(),
                };
                let guest = identity.amr.iter().any(|a| a == "unauthenticated");
                let (grade, reason) = if guest {
                    (Grade::Dangerous, Self::guest_reason())
                } else {
                    let reason = match &value {
                        Some(value) => format!("the policy names the subject `{value}`"),
                        None => {
                            "the statement has no `sub` condition; an arbitrary subject".to_string()
                        }
                    };
                    (Grade::Safe, reason)
                };
                named.push(Candidate {
                    origin: Some(*index),
                    ..self.candidate("named", grade, self.describe(&identity), reason, &identity)
                });
            }
        }
        Ok(named)
    }

    fn families(&self, baseline: &Candidate) -> Vec<Family> {
        let text = |name: &str| {
            baseline
                .claims
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let amr = baseline
            .claims
            .get("amr")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_else(|| vec!["authenticated".to_string()]);
        // Google's `aud` key holds `azp` when the token has one.
        let azp = text("azp");
        let aud = if *self.flavour() == Flavour::Google && !azp.is_empty() {
            azp
        } else {
            text("aud")
        };
        let base = Identity {
            sub: text("sub"),
            aud,
            amr,
        };
        let with = |sub: Option<&str>, aud: Option<&str>, amr: Option<Vec<String>>| Identity {
            sub: sub.map_or_else(|| base.sub.clone(), str::to_string),
            aud: aud.map_or_else(|| base.aud.clone(), str::to_string),
            amr: amr.unwrap_or_else(|| base.amr.clone()),
        };
        let family = |name: &str, variants: Vec<Candidate>, skip: &[&str]| Family {
            name: name.to_string(),
            variants,
            skip_when: skip.iter().map(|s| vec![(*s).to_string()]).collect(),
            // The questions (is the subject, the audience pinned?) are the same for every
            // baseline.
            once: true,
        };
        match self.flavour() {
            Flavour::Google => {
                let anyone = with(Some(GOOGLE_OTHER_SUBJECT), Some(GOOGLE_OTHER_CLIENT), None);
                let other_client = with(None, Some(GOOGLE_OTHER_CLIENT), None);
                let any_account = with(Some(GOOGLE_OTHER_SUBJECT), None, None);
                vec![
                    family("anyone", vec![self.candidate(
                        "google.anyone",
                        Grade::Dangerous,
                        "any Google account signed in to any client".to_string(),
                        "neither the client (`aud`) nor the account (`sub`) is pinned: any Google account signed in to any OAuth client, which anyone can create, can assume this role".to_string(),
                        &anyone,
                    )], &[]),
                    family("other-client", vec![self.candidate(
                        "google.other-client",
                        Grade::Dangerous,
                        "the same Google account signed in to another client".to_string(),
                        "the client (`aud`) is not pinned: any OAuth client this account signs in to, which anyone can create, gets a token that assumes this role".to_string(),
                        &other_client,
                    )], &["anyone"]),
                    family("any-account", self.subject_variants("google.any-account", "another Google account signed in to the same client", &any_account, &base, |identity: &Identity| {
                        format!("any Google account that signs in to the client `{}` can assume this role", identity.aud)
                    }), &["anyone"]),
                ]
            }
            Flavour::Cognito => {
                let anyone = with(
                    Some(COGNITO_OTHER_SUBJECT),
                    Some(COGNITO_OTHER_POOL),
                    Some(vec!["authenticated".to_string()]),
                );
                let other_pool = with(None, Some(COGNITO_OTHER_POOL), None);
                let guest = with(
                    Some(COGNITO_OTHER_SUBJECT),
                    None,
                    Some(vec!["unauthenticated".to_string()]),
                );
                let any_identity = with(Some(COGNITO_OTHER_SUBJECT), None, None);
                let pool_reason = "the identity pool (`aud`) is not pinned: an identity from any pool, in any AWS account, can assume this role".to_string();
                vec![
                    family(
                        "anyone",
                        vec![self.candidate(
                            "cognito.anyone",
                            Grade::Dangerous,
                            "an identity of another identity pool".to_string(),
                            pool_reason.clone(),
                            &anyone,
                        )],
                        &[],
                    ),
                    family(
                        "other-pool",
                        vec![self.candidate(
                            "cognito.other-pool",
                            Grade::Dangerous,
                            "the same identity id in another identity pool".to_string(),
                            pool_reason,
                            &other_pool,
                        )],
                        &["anyone"],
                    ),
                    family(
                        "unauthenticated",
                        vec![self.candidate(
                            "cognito.unauthenticated",
                            Grade::Dangerous,
                            "an unauthenticated (guest) identity of the same pool".to_string(),
                            Self::guest_reason(),
                            &guest,
                        )],
                        &[],
                    ),
                    family(
                        "any-identity",
                        self.subject_variants(
                            "cognito.any-identity",
                            "another identity of the same pool",
                            &any_identity,
                            &base,
                            |identity: &Identity| {
                                format!(
                                    "any identity in the pool `{}` can assume this role",
                                    identity.aud
                                )
                            },
                        ),
                        &["anyone"],
                    ),
                ]
            }
            _ => {
                let any_subject = with(Some(OIDC_OTHER_SUBJECT), None, None);
                let mut families = vec![family("any-subject", vec![self.candidate(
                    "oidc.any-subject",
                    Grade::Dangerous,
                    "any subject, with the same audience".to_string(),
                    format!("the subject (`sub`) is not pinned: any identity `{}` signs a token for with this audience can assume this role", self.setup.provider.issuer),
                    &any_subject,
                )], &[])];
                let mut fills = Vec::new();
                for pattern in self.sub_patterns() {
                    let filled = fill(&pattern, "another");
                    if filled == base.sub || fills.len() >= MAX_VARIANTS {
                        continue;
                    }
                    let identity = with(Some(&filled), None, None);
                    fills.push(self.candidate(
                        "oidc.other-subject",
                        Grade::Caution,
                        format!("the subject `{filled}`, with the same audience"),
                        format!("the subject pattern `{pattern}` also admits `{filled}`: check what its wildcards stand for"),
                        &identity,
                    ));
                }
                families.push(family("other-subject", fills, &["any-subject"]));
                let others: Vec<Candidate> = self
                    .setup
                    .provider
                    .client_ids
                    .iter()
                    .filter(|id| **id != base.aud)
                    .take(MAX_VARIANTS)
                    .map(|id| {
                        let identity = with(None, Some(id), None);
                        self.candidate(
                            "oidc.other-audience",
                            Grade::Caution,
                            format!("the same subject for the client ID `{id}`"),
                            format!("the audience is not pinned: a token the issuer signs for the provider's other client ID `{id}` can assume this role"),
                            &identity,
                        )
                    })
                    .collect();
                families.push(family("other-audience", others, &[]));
                families
            }
        }
    }
}

impl Generic<'_> {
    /// The wildcard `sub` values of the relevant statements.
    fn sub_patterns(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, statement) in &self.statements {
            for value in values_for(statement, &self.key("sub")) {
                if has_wildcard(&value) && !out.contains(&value) {
                    out.push(value);
                }
            }
        }
        out
    }

    /// Another subject: a made-up one first, then the policy's wildcard patterns filled.
    fn subject_variants(
        &self,
        id: &str,
        title: &str,
        other: &Identity,
        base: &Identity,
        reason: impl Fn(&Identity) -> String,
    ) -> Vec<Candidate> {
        let mut identities = vec![other.clone()];
        for pattern in self.sub_patterns() {
            let filled = fill(&pattern, "another");
            if filled != base.sub && identities.len() < MAX_VARIANTS {
                identities.push(Identity {
                    sub: filled,
                    ..base.clone()
                });
            }
        }
        identities
            .iter()
            .map(|identity| {
                self.candidate(
                    id,
                    Grade::Caution,
                    title.to_string(),
                    reason(identity),
                    identity,
                )
            })
            .collect()
    }
}

/// The scenario's token claims, moved to the clock: issued now, with its lifetime kept, so that
/// the question is what the policy admits rather than whether the token has expired.
fn retimed(claims: &Map<String, Value>, now: i64) -> Map<String, Value> {
    let mut out = claims.clone();
    let at = |name: &str| claims.get(name).and_then(Value::as_i64);
    let iat = at("iat");
    let lifetime = match (iat, at("exp")) {
        (Some(iat), Some(exp)) if exp > iat => exp - iat,
        _ => LIFETIME,
    };
    out.insert("exp".into(), now.saturating_add(lifetime).into());
    if iat.is_some() {
        out.insert("iat".into(), now.into());
    }
    if let (Some(iat), Some(nbf)) = (iat, at("nbf")) {
        out.insert(
            "nbf".into(),
            now.saturating_sub(iat.saturating_sub(nbf)).into(),
        );
    }
    out
}

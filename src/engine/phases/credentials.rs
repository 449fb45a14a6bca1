//! Phase `credentials`: the response STS returns. The credentials are simulated and derived from
//! the scenario by hashing, so the same scenario always yields the same bytes.

use super::PhaseReport;
use super::claims::ClaimFacts;
use super::provider::Issuer;
use super::session::SessionFacts;
use super::token::TokenFacts;
use crate::engine::arn::RoleArn;
use crate::engine::clock::format_rfc3339;
use crate::engine::scenario::{Role, Scenario};
use crate::engine::verdict::{AssumeRoleResult, AssumedRoleUser, Check, Credentials, Status};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// Run the phase (it cannot fail).
pub fn issue(
    scenario: &Scenario,
    role_arn: &RoleArn,
    role: &Role,
    issuer: &Issuer,
    token: &TokenFacts,
    claims: &ClaimFacts,
    session: &SessionFacts,
) -> PhaseReport<AssumeRoleResult> {
    let request = &scenario.request;
    // Hash the scenario's request once; every credential is derived from that digest.
    let mut hasher = Sha256::new();
    for part in [
        scenario.now.to_string().as_str(),
        &request.role_arn,
        &request.role_session_name,
        &request.web_identity_token,
        &session.duration_seconds.to_string(),
        request.policy.as_deref().unwrap_or_default(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let seed: [u8; 32] = hasher.finalize().into();
    let role_id = role
        .role_id
        .clone()
        .unwrap_or_else(|| derived_role_id(&scenario.account, role));
    let session_name = &request.role_session_name;
    let expiration = scenario.now.saturating_add(session.duration_seconds);
    let result = AssumeRoleResult {
        credentials: Credentials {
            access_key_id: format!("ASIA{}", base32(&derive(&seed, "access-key-id"), 16)),
            secret_access_key: STANDARD
                .encode(derive(&seed, "secret-access-key"))
                .chars()
                .take(40)
                .collect(),
            session_token: format!(
                "IQoJb3JpZ2luX2Vj{}",
                STANDARD.encode(
                    [
                        derive(&seed, "session-token-1"),
                        derive(&seed, "session-token-2"),
                        derive(&seed, "session-token-3"),
                        derive(&seed, "session-token-4"),
                    ]
                    .concat()
                )
            ),
            expiration: format_rfc3339(expiration),
        },
        subject_from_web_identity_token: claims.subject.clone(),
        assumed_role_user: AssumedRoleUser {
            // AWS: the assumed-role ARN drops the role path.
            arn: format!(
                "arn:{}:sts::{}:assumed-role/{}/{session_name}",
                role_arn.partition, role_arn.account, role.name
            ),
            assumed_role_id: format!("{role_id}:{session_name}"),
        },
        provider: issuer.principal.clone(),
        audience: claims.audience.clone(),
        source_identity: token.source_identity.clone(),
        packed_policy_size: session.packed_policy_size,
    };
    let detail = format!(
        "simulated credentials for {} until {}",
        result.assumed_role_user.arn, result.credentials.expiration
    );
    let check = Check::new(
        "credentials.issue",
        Status::Pass,
        format!(
            "AccessKeyId {} (simulated, derived from the scenario), expires now + {} s",
            result.credentials.access_key_id, session.duration_seconds
        ),
    );
    PhaseReport::pass(result, detail, vec![check])
}

fn derive(seed: &[u8], label: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(label.as_bytes());
    hasher.update([0]);
    hasher.update(seed);
    hasher.finalize().into()
}

/// A role id when the scenario gives none: `AROA` + 17 characters, stable for the role.
fn derived_role_id(account: &str, role: &Role) -> String {
    let seed = format!("{account}\n{}\n{}", role.path, role.name);
    format!("AROA{}", base32(&derive(seed.as_bytes(), "role-id"), 17))
}

/// Upper-case RFC 4648 base32 characters, as AWS key ids use.
fn base32(bytes: &[u8], len: usize) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    bytes
        .iter()
        .cycle()
        .take(len)
        .map(|b| char::from(ALPHABET.get(usize::from(b % 32)).copied().unwrap_or(b'A')))
        .collect()
}

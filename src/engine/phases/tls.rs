//! Phase `tls`: STS trusts the IdP's JWKS endpoint when its certificate chains to a root CA in
//! AWS's library; only otherwise does it compare the provider's `ThumbprintList` with the SHA-1
//! thumbprint of the top intermediate certificate, since July 2023 (IAM API Reference,
//! <https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateOpenIDConnectProviderThumbprint.html>,
//! and IAM User Guide,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html>).

use super::PhaseReport;
use super::provider::{Issuer, IssuerKind};
use crate::engine::json::pointer;
use crate::engine::rejection::Rejection;
use crate::engine::verdict::{Check, Status};

/// Run the phase.
pub fn check(issuer: &Issuer) -> PhaseReport<()> {
    let Some(provider) = issuer.provider.filter(|_| issuer.kind == IssuerKind::Oidc) else {
        return PhaseReport::pass(
            (),
            "a built-in IdP: AWS trusts its endpoints itself",
            vec![Check::new(
                "tls.builtin",
                Status::Pass,
                format!(
                    "{} is operated or trusted by AWS directly",
                    issuer.principal
                ),
            )],
        );
    };
    let tls = issuer.idp.map(|idp| (idp.tls.clone(), idp.path.clone()));
    let (trusted_root, served, tls_path) = match &tls {
        Some((tls, path)) => (
            tls.trusted_root,
            tls.thumbprint.clone(),
            pointer(path, "tls"),
        ),
        None => (true, None, String::new()),
    };
    if trusted_root {
        let mut check = Check::new(
            "tls.root",
            Status::Pass,
            "the certificate chains to a root CA that AWS trusts, so the thumbprints are not consulted",
        );
        if !tls_path.is_empty() {
            check = check.at(&tls_path);
        }
        return PhaseReport::pass((), "trusted root CA; thumbprints ignored", vec![check]);
    }

    let mut checks = vec![
        Check::new(
            "tls.root",
            Status::Fail,
            "the certificate does not chain to a root CA that AWS trusts, so a configured thumbprint must match",
        )
        .at(&tls_path),
    ];
    let served_normalized = served.as_deref().map(normalize);
    let mut matched = false;
    for (index, configured) in provider.thumbprints.iter().enumerate() {
        let equal = served_normalized.as_deref() == Some(normalize(configured).as_str());
        matched |= equal;
        checks.push(
            Check::new(
                format!("tls.thumbprint[{index}]"),
                if equal { Status::Pass } else { Status::Fail },
                format!(
                    "configured `{configured}` {} the served `{}`",
                    if equal { "equals" } else { "differs from" },
                    served.as_deref().unwrap_or("(none given)")
                ),
            )
            .at(format!("{}/ThumbprintList/{index}", provider.path)),
        );
    }
    if provider.thumbprints.is_empty() {
        checks.push(
            Check::new(
                "tls.thumbprint",
                Status::Fail,
                "the provider has no thumbprints configured",
            )
            .at(pointer(&provider.path, "ThumbprintList")),
        );
    }
    if matched {
        PhaseReport::pass(
            (),
            "untrusted root, but a configured thumbprint matches",
            checks,
        )
    } else {
        PhaseReport::fail(
            Rejection::ThumbprintMismatch,
            "the certificate is not from a trusted root and no configured thumbprint matches the one served",
            checks,
        )
    }
}

/// Thumbprints are hex; IAM stores them lower case, and people paste them with colons.
fn normalize(thumbprint: &str) -> String {
    thumbprint
        .chars()
        .filter(|c| *c != ':' && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

//! Why STS refuses, and the one place that maps each reason to AWS's wire error.
//!
//! The engine's phases return a [`Rejection`] with the evidence; [`Rejection::aws_error`] turns it
//! into the code and message AWS returns. Message texts are AWS's, verbatim, including AWS's own
//! typography (the two spaces in the verification-key message). Where AWS's text is unknown we
//! reuse the nearest known AWS text and say so in [`Rejection::message_is_assumed`].

use super::verdict::{AwsError, ErrorCode};

/// AWS's text when the JWKS cannot be fetched. Note the two spaces after the comma: raw STS
/// responses have them (README, Fidelity).
pub const VERIFICATION_KEY_MESSAGE: &str = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

/// AWS's text for a token that does not parse as a JWT.
pub const NOT_A_JWT_MESSAGE: &str = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)";

/// AWS's text for every trust-policy refusal: it never names the failing condition.
pub const ACCESS_DENIED_MESSAGE: &str = "Not authorized to perform sts:AssumeRoleWithWebIdentity";

/// A reason STS refuses the call, with the evidence the message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Parameter constraint violations, each already in AWS's
    /// "Value '…' at '…' failed to satisfy constraint: …" form.
    Validation(Vec<String>),
    /// `RoleArn` is not an IAM role ARN.
    InvalidRoleArn,
    /// The token is not three base64url segments of JSON (or not JSON objects).
    NotAJwt,
    /// A required claim is missing.
    MissingClaim(&'static str),
    /// `iss` is not an `https://` URL. (Message assumed.)
    IssuerNotHttps {
        /// The issuer as sent.
        iss: String,
    },
    /// A time claim is not an integer. (Message assumed.)
    NonIntegerTime,
    /// No IAM OIDC provider matches `iss` in the role's account.
    NoProvider {
        /// The issuer as sent, echoed verbatim.
        iss: String,
    },
    /// `ProviderId` names no OAuth IdP that STS supports. (Message assumed.)
    UnsupportedProviderId,
    /// The IdP's certificate does not chain to a trusted root and no thumbprint matches.
    ThumbprintMismatch,
    /// The JWKS cannot be retrieved (absent, or not a key set).
    KeysUnavailable,
    /// No key of the JWKS fits the token's `kid` and algorithm, or the signature does not verify.
    /// (Message assumed: the verification-key text.)
    SignatureNotVerified,
    /// The token's algorithm is not one STS accepts, or does not fit the key. (Message assumed.)
    AlgorithmNotAllowed,
    /// `aud` is not among the provider's client IDs.
    IncorrectAudience,
    /// `exp` plus the five-minute grace is not after `now`.
    Expired {
        /// The clock, epoch seconds.
        now: i64,
        /// The token's `exp`, epoch seconds.
        exp: i64,
    },
    /// `nbf` or `iat` lies beyond the grace in the future. (Message assumed.)
    NotYetValid,
    /// An OAuth IdP refused the access token.
    IdpRejected {
        /// `www.amazon.com` or `graph.facebook.com`.
        provider: String,
        /// The IdP's HTTP status line.
        status: String,
    },
    /// An OAuth IdP could not be reached. (Message assumed.)
    IdpUnreachable {
        /// `www.amazon.com` or `graph.facebook.com`.
        provider: String,
    },
    /// The role is missing, or its trust policy does not allow the call.
    AccessDenied,
    /// The trust policy or the session policy cannot be parsed; IAM's message.
    MalformedPolicy(String),
    /// `DurationSeconds` exceeds the role's `MaxSessionDuration`.
    DurationExceedsMax,
    /// The session policy and tags exceed the packing limit.
    PackedPolicyTooLarge {
        /// Percentage of the limit used.
        percent: u32,
    },
}

impl Rejection {
    /// The AWS error code and message, exactly as STS returns them.
    pub fn aws_error(&self) -> AwsError {
        let (code, message) = match self {
            Rejection::Validation(violations) => (
                ErrorCode::ValidationError,
                format!(
                    "{} validation error{} detected: {}",
                    violations.len(),
                    if violations.len() == 1 { "" } else { "s" },
                    violations.join("; ")
                ),
            ),
            Rejection::InvalidRoleArn => (
                ErrorCode::ValidationError,
                "Request ARN is invalid".to_string(),
            ),
            Rejection::NotAJwt | Rejection::NonIntegerTime | Rejection::NotYetValid => (
                ErrorCode::InvalidIdentityToken,
                NOT_A_JWT_MESSAGE.to_string(),
            ),
            Rejection::MissingClaim(claim) => (
                ErrorCode::InvalidIdentityToken,
                format!("Missing a required claim: {claim}"),
            ),
            Rejection::IssuerNotHttps { iss } | Rejection::NoProvider { iss } => (
                ErrorCode::InvalidIdentityToken,
                format!("No OpenIDConnect provider found in your account for {iss}"),
            ),
            Rejection::UnsupportedProviderId => (
                ErrorCode::InvalidIdentityToken,
                "The ProviderId provided is not supported".to_string(),
            ),
            Rejection::ThumbprintMismatch => (
                ErrorCode::InvalidIdentityToken,
                "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint"
                    .to_string(),
            ),
            Rejection::KeysUnavailable
            | Rejection::SignatureNotVerified
            | Rejection::AlgorithmNotAllowed => (
                ErrorCode::InvalidIdentityToken,
                VERIFICATION_KEY_MESSAGE.to_string(),
            ),
            Rejection::IncorrectAudience => (
                ErrorCode::InvalidIdentityToken,
                "Incorrect token audience".to_string(),
            ),
            Rejection::Expired { now, exp } => (
                ErrorCode::ExpiredTokenException,
                format!(
                    "Token expired: current date/time {now} must be before the expiration date/time {exp}"
                ),
            ),
            Rejection::IdpRejected { provider, status } => (
                ErrorCode::IdpRejectedClaim,
                format!("{provider}: {provider} responded with {status}"),
            ),
            Rejection::IdpUnreachable { provider } => (
                ErrorCode::IdpCommunicationError,
                format!("{provider}: communication with the identity provider failed"),
            ),
            Rejection::AccessDenied => (ErrorCode::AccessDenied, ACCESS_DENIED_MESSAGE.to_string()),
            Rejection::MalformedPolicy(message) => {
                (ErrorCode::MalformedPolicyDocument, message.clone())
            }
            Rejection::DurationExceedsMax => (
                ErrorCode::ValidationError,
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
                    .to_string(),
            ),
            Rejection::PackedPolicyTooLarge { percent } => (
                ErrorCode::PackedPolicyTooLarge,
                format!("Packed policy consumes {percent}% of allotted space"),
            ),
        };
        AwsError {
            error_type: "Sender".to_string(),
            code,
            message,
        }
    }

    /// True when AWS's text for this reason is not documented and we chose the nearest known one.
    pub fn message_is_assumed(&self) -> bool {
        match self {
            Rejection::IssuerNotHttps { .. }
            | Rejection::NonIntegerTime
            | Rejection::NotYetValid
            | Rejection::UnsupportedProviderId
            | Rejection::AlgorithmNotAllowed
            | Rejection::SignatureNotVerified
            | Rejection::IdpUnreachable { .. } => true,
            // Only the `aud` text has been seen from AWS.
            Rejection::MissingClaim(claim) => *claim != "aud",
            Rejection::Validation(_)
            | Rejection::InvalidRoleArn
            | Rejection::NotAJwt
            | Rejection::NoProvider { .. }
            | Rejection::ThumbprintMismatch
            | Rejection::KeysUnavailable
            | Rejection::IncorrectAudience
            | Rejection::Expired { .. }
            | Rejection::IdpRejected { .. }
            | Rejection::AccessDenied
            | Rejection::MalformedPolicy(_)
            | Rejection::DurationExceedsMax
            | Rejection::PackedPolicyTooLarge { .. } => false,
        }
    }
}

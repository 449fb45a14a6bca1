//! Why a policy document was refused, in two vocabularies: the exact text IAM/STS puts in a
//! `MalformedPolicyDocument` error, and our own explanation with a JSON pointer.

use std::fmt;

/// A policy document that IAM or STS would refuse with `MalformedPolicyDocument`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    /// What class of problem it is; decides the AWS message.
    pub kind: PolicyErrorKind,
    /// JSON pointer relative to the policy document root (`""` for the root), e.g.
    /// `/Statement/0/Effect`.
    pub path: String,
    /// Our explanation for humans, e.g. "`Effect` must be \"Allow\" or \"Deny\", found `allow`".
    pub detail: String,
}

/// The class of a [`PolicyError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyErrorKind {
    /// The text is not JSON.
    InvalidJson,
    /// JSON, but not the policy grammar: wrong types, unknown members, unknown operators, empty
    /// lists, a bad `Version` or `Effect`.
    Syntax,
    /// An element the kind of policy may not carry: `Resource`/`NotResource` in a trust policy.
    /// The `path` ends with the element's name.
    ProhibitedField,
    /// A required element is absent (`Statement`, `Effect`, `Principal`, `Action`, `Resource`).
    /// The `path` ends with the element's name.
    MissingField,
    /// `Principal` or `NotPrincipal` in a session policy.
    PrincipalInSessionPolicy,
    /// An `Action` value that is not `*` or `vendor:action`.
    InvalidAction,
}

impl PolicyError {
    /// Build an error.
    pub(crate) fn new(
        kind: PolicyErrorKind,
        path: impl Into<String>,
        detail: impl Into<String>,
    ) -> PolicyError {
        PolicyError {
            kind,
            path: path.into(),
            detail: detail.into(),
        }
    }

    /// The exact message STS uses with `MalformedPolicyDocument` (for the session `Policy`
    /// parameter; IAM uses the same texts for trust policies except for invalid JSON, see
    /// [`PolicyError::iam_message`]).
    pub fn aws_message(&self) -> String {
        match self.kind {
            // Verified: real STS output quoted by Hadoop's assumed-roles documentation
            // (<https://hadoop.apache.org/docs/stable/hadoop-aws/tools/hadoop-aws/assumed_roles.html>);
            // README, Fidelity.
            PolicyErrorKind::InvalidJson => "The policy is not in the valid JSON format.".into(),
            // Verified: same sources; also boto/boto3#180 (IAM CreatePolicy).
            PolicyErrorKind::Syntax => "Syntax errors in policy.".into(),
            // Verified for Resource in a trust policy (README, Fidelity).
            // ASSUMED: the same template names `NotResource`.
            PolicyErrorKind::ProhibitedField => {
                format!("Has prohibited field {}", self.field_name())
            }
            PolicyErrorKind::MissingField => match self.field_name().as_str() {
                // Verified: aws/aws-cdk#7615 (IAM, identity policy without actions).
                // ASSUMED: trust policies use the same text.
                "Action" => "Policy statement must contain actions.".into(),
                // Verified: trussworks/terraform-aws-s3-anti-virus#22 and #28 (IAM role
                // inline policy without resources).
                "Resource" => "Policy statement must contain resources.".into(),
                // Verified for Principal in resource policies (humanmade/S3-Uploads#191,
                // aws-amplify/docs#2586). ASSUMED: IAM trust policies, and the other fields
                // (`Effect`, `Statement`), use the same template.
                field => format!("Missing required field {field}"),
            },
            // Verified: hashicorp/terraform-provider-aws#10419, hashicorp/terraform#13449 [S54].
            PolicyErrorKind::PrincipalInSessionPolicy => {
                "Policy document should not specify a principal.".into()
            }
            PolicyErrorKind::InvalidAction => {
                if self.detail.contains("more than one colon") {
                    // Verified: garnaat/kappa#111 (IAM CreatePolicy).
                    "Actions/Condition can contain only one colon.".into()
                } else {
                    // ASSUMED: IAM's text for an action without a service prefix, from memory
                    // of IAM console output; not found in any stored source.
                    "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
                        .into()
                }
            }
        }
    }

    /// The message IAM (`CreateRole`, `UpdateAssumeRolePolicy`) uses for the same problem in a
    /// trust policy. It differs from [`PolicyError::aws_message`] only for invalid JSON.
    pub fn iam_message(&self) -> String {
        match self.kind {
            // Verified: AWSCookbook/Security#2, aws-samples/aws-microservices-deploy-options#118,
            // brendanhay/amazonka#434 (IAM CreateRole with text that is not JSON).
            PolicyErrorKind::InvalidJson => "This policy contains invalid Json".into(),
            _ => self.aws_message(),
        }
    }

    /// The last reference token of `path`, unescaped: the element a Missing/Prohibited error
    /// is about.
    fn field_name(&self) -> String {
        let last = self.path.rsplit('/').next().unwrap_or_default();
        last.replace("~1", "/").replace("~0", "~")
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.detail)
        } else {
            write!(f, "{} (at `{}`)", self.detail, self.path)
        }
    }
}

impl std::error::Error for PolicyError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_messages_per_kind() {
        let rows: &[(PolicyErrorKind, &str, &str, &str)] = &[
            (
                PolicyErrorKind::InvalidJson,
                "",
                "x",
                "The policy is not in the valid JSON format.",
            ),
            (
                PolicyErrorKind::Syntax,
                "/Version",
                "x",
                "Syntax errors in policy.",
            ),
            (
                PolicyErrorKind::ProhibitedField,
                "/Statement/0/Resource",
                "x",
                "Has prohibited field Resource",
            ),
            (
                PolicyErrorKind::ProhibitedField,
                "/Statement/NotResource",
                "x",
                "Has prohibited field NotResource",
            ),
            (
                PolicyErrorKind::MissingField,
                "/Statement/0/Principal",
                "x",
                "Missing required field Principal",
            ),
            (
                PolicyErrorKind::MissingField,
                "/Statement/0/Action",
                "x",
                "Policy statement must contain actions.",
            ),
            (
                PolicyErrorKind::MissingField,
                "/Statement/0/Resource",
                "x",
                "Policy statement must contain resources.",
            ),
            (
                PolicyErrorKind::PrincipalInSessionPolicy,
                "/Statement/0/Principal",
                "x",
                "Policy document should not specify a principal.",
            ),
            (
                PolicyErrorKind::InvalidAction,
                "/Statement/0/Action",
                "`a:b:c` has more than one colon",
                "Actions/Condition can contain only one colon.",
            ),
            (
                PolicyErrorKind::InvalidAction,
                "/Statement/0/Action",
                "`AssumeRole` has no service prefix",
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
            ),
        ];
        for (kind, path, detail, want) in rows {
            let error = PolicyError::new(*kind, *path, *detail);
            assert_eq!(error.aws_message(), *want, "{kind:?} at {path}");
        }
    }

    #[test]
    fn iam_message_differs_only_for_invalid_json() {
        let json = PolicyError::new(PolicyErrorKind::InvalidJson, "", "x");
        assert_eq!(json.iam_message(), "This policy contains invalid Json");
        let syntax = PolicyError::new(PolicyErrorKind::Syntax, "", "x");
        assert_eq!(syntax.iam_message(), "Syntax errors in policy.");
    }
}

//! Amazon Resource Names, `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html>), and the two kinds
//! this simulator reads: the IAM role a request names and the IAM OIDC provider a trust policy
//! names. Every ARN in the crate is read here.

use std::fmt;

/// An ARN split into its six parts; the resource keeps any further colons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub partition: &'a str,
    /// `iam`, `sts`, …
    pub service: &'a str,
    /// Empty for global services such as IAM.
    pub region: &'a str,
    /// The account ID; empty for some services.
    pub account: &'a str,
    /// `role/ci/deploy`, `oidc-provider/token.actions.githubusercontent.com`, …
    pub resource: &'a str,
}

/// Why a text is not an ARN, or not the kind of ARN wanted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArnError {
    /// The text does not start with `arn:`.
    NoPrefix,
    /// The text has fewer than six colon-separated parts; how many it has.
    TooFewParts(usize),
    /// The partition is not `aws` or `aws-…`.
    Partition,
    /// The service is not the one wanted (`iam`).
    Service,
    /// The region is not empty (IAM is global).
    Region,
    /// The account is not what the resource needs (a role's is 12 digits).
    Account,
    /// The resource is not of the type wanted (`role/…`, `oidc-provider/…`).
    ResourceType,
    /// The resource names nothing, or a role name outside `[\w+=,.@-]{1,64}`.
    ResourceName,
}

impl fmt::Display for ArnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArnError::NoPrefix => write!(f, "an ARN starts with `arn:`"),
            ArnError::TooFewParts(found) => {
                write!(f, "an ARN has six parts separated by `:`, this has {found}")
            }
            ArnError::Partition => write!(f, "the partition is not `aws` or `aws-…`"),
            ArnError::Service => write!(f, "the service is not `iam`"),
            ArnError::Region => write!(f, "an IAM ARN has no region"),
            ArnError::Account => write!(f, "the account is not a 12-digit account ID"),
            ArnError::ResourceType => write!(f, "the resource is not of the expected type"),
            ArnError::ResourceName => write!(f, "the resource name is empty or invalid"),
        }
    }
}

impl<'a> Arn<'a> {
    /// Split `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
    pub fn parse(text: &'a str) -> Result<Arn<'a>, ArnError> {
        let mut parts = text.splitn(6, ':');
        if parts.next() != Some("arn") {
            return Err(ArnError::NoPrefix);
        }
        let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(ArnError::TooFewParts(text.split(':').count()));
        };
        Ok(Arn {
            partition,
            service,
            region,
            account,
            resource,
        })
    }

    /// An IAM ARN (`arn:aws…:iam::…`) of this resource type: the rest of the resource after
    /// `TYPE/`.
    fn iam_resource(&self, resource_type: &str) -> Result<&'a str, ArnError> {
        if self.partition != "aws" && !self.partition.starts_with("aws-") {
            return Err(ArnError::Partition);
        }
        if self.service != "iam" {
            return Err(ArnError::Service);
        }
        if !self.region.is_empty() {
            return Err(ArnError::Region);
        }
        self.resource
            .strip_prefix(resource_type)
            .and_then(|rest| rest.strip_prefix('/'))
            .ok_or(ArnError::ResourceType)
    }
}

/// An IAM role ARN, `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns>).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleArn {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub partition: String,
    /// The 12-digit account.
    pub account: String,
    /// The path, `/` or `/a/b/`.
    pub path: String,
    /// The role name.
    pub name: String,
}

impl RoleArn {
    /// Parse `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`: an `aws` partition, a 12-digit
    /// account, and a role name of 1 to 64 characters of `[\w+=,.@-]`.
    pub fn parse(text: &str) -> Result<RoleArn, ArnError> {
        let arn = Arn::parse(text)?;
        let rest = arn.iam_resource("role")?;
        if arn.account.len() != 12 || !arn.account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ArnError::Account);
        }
        let (path, name) = match rest.rsplit_once('/') {
            Some((dirs, name)) => (format!("/{dirs}/"), name),
            None => ("/".to_string(), rest),
        };
        let name_ok = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
        if !name_ok {
            return Err(ArnError::ResourceName);
        }
        Ok(RoleArn {
            partition: arn.partition.to_string(),
            account: arn.account.to_string(),
            path,
            name: name.to_string(),
        })
    }
}

impl fmt::Display for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:iam::{}:role{}{}",
            self.partition, self.account, self.path, self.name
        )
    }
}

/// An IAM OIDC provider ARN, `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST[/PATH]`
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>).
/// The host and path are the provider's URL without `https://`, and the prefix of its condition
/// keys (`token.actions.githubusercontent.com:sub`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OidcProviderArn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub partition: &'a str,
    /// The account that registered the provider.
    pub account: &'a str,
    /// `token.actions.githubusercontent.com`, `oidc.eks.us-east-1.amazonaws.com/id/…`.
    pub host: &'a str,
}

impl<'a> OidcProviderArn<'a> {
    /// Parse `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST[/PATH]`: an `aws` partition, an
    /// account and a host.
    pub fn parse(text: &'a str) -> Result<OidcProviderArn<'a>, ArnError> {
        let arn = Arn::parse(text)?;
        let host = arn.iam_resource("oidc-provider")?;
        if arn.account.is_empty() {
            return Err(ArnError::Account);
        }
        if host.is_empty() {
            return Err(ArnError::ResourceName);
        }
        Ok(OidcProviderArn {
            partition: arn.partition,
            account: arn.account,
            host,
        })
    }
}

impl fmt::Display for OidcProviderArn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:iam::{}:oidc-provider/{}",
            self.partition, self.account, self.host
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_six_parts_and_keeps_colons_in_the_resource() {
        let arn = Arn::parse("arn:aws:iam::1:role/a:b").unwrap();
        assert_eq!(
            (arn.partition, arn.service, arn.region, arn.account),
            ("aws", "iam", "", "1")
        );
        assert_eq!(arn.resource, "role/a:b");
        assert_eq!(Arn::parse("urn:aws:iam::1:role/a"), Err(ArnError::NoPrefix));
        assert_eq!(Arn::parse("arn:aws:iam::1"), Err(ArnError::TooFewParts(5)));
        assert_eq!(Arn::parse("arn"), Err(ArnError::TooFewParts(1)));
    }

    #[test]
    fn parses_role_arns() {
        let arn = RoleArn::parse("arn:aws:iam::123456789012:role/ci/deploy").unwrap();
        assert_eq!((arn.path.as_str(), arn.name.as_str()), ("/ci/", "deploy"));
        assert_eq!(arn.to_string(), "arn:aws:iam::123456789012:role/ci/deploy");
        let arn = RoleArn::parse("arn:aws-cn:iam::123456789012:role/deploy").unwrap();
        assert_eq!((arn.partition.as_str(), arn.path.as_str()), ("aws-cn", "/"));
        let arn = RoleArn::parse("arn:aws:iam::123456789012:role/a/b/c").unwrap();
        assert_eq!((arn.path.as_str(), arn.name.as_str()), ("/a/b/", "c"));
    }

    #[test]
    fn names_what_is_wrong_with_a_role_arn() {
        let error = |text| RoleArn::parse(text).unwrap_err();
        assert_eq!(error("arn:aws:iam::123:role/deploy"), ArnError::Account);
        assert_eq!(
            error("arn:aws:iam::123456789012:user/deploy"),
            ArnError::ResourceType
        );
        assert_eq!(
            error("arn:aws:iam::123456789012:roles/deploy"),
            ArnError::ResourceType
        );
        assert_eq!(
            error("arn:aws:iam::123456789012:role/"),
            ArnError::ResourceName
        );
        assert_eq!(
            error("arn:aws:iam::123456789012:role/a b"),
            ArnError::ResourceName
        );
        assert_eq!(error("arn:aws:sts::123456789012:role/x"), ArnError::Service);
        assert_eq!(
            error("arn:gcp:iam::123456789012:role/x"),
            ArnError::Partition
        );
        assert_eq!(
            error("arn:aws:iam:us-east-1:123456789012:role/x"),
            ArnError::Region
        );
        assert_eq!(error("role/x"), ArnError::NoPrefix);
    }

    #[test]
    fn parses_oidc_provider_arns() {
        let arn = OidcProviderArn::parse(
            "arn:aws-us-gov:iam::1:oidc-provider/token.actions.githubusercontent.com/acme",
        )
        .unwrap();
        assert_eq!(
            (arn.partition, arn.account, arn.host),
            (
                "aws-us-gov",
                "1",
                "token.actions.githubusercontent.com/acme"
            )
        );
        assert_eq!(
            arn.to_string(),
            "arn:aws-us-gov:iam::1:oidc-provider/token.actions.githubusercontent.com/acme"
        );
        let error = |text| OidcProviderArn::parse(text).unwrap_err();
        assert_eq!(
            error("arn:aws:iam::1:oidc-provider/"),
            ArnError::ResourceName
        );
        assert_eq!(error("arn:aws:iam:::oidc-provider/x"), ArnError::Account);
        assert_eq!(
            error("arn:aws:iam::1:saml-provider/x"),
            ArnError::ResourceType
        );
        assert_eq!(error("accounts.google.com"), ArnError::NoPrefix);
    }
}

//! Exports: carry a scenario into the tools people already use.
//!
//! - [`mermaid`]: the simulated call as a Mermaid `sequenceDiagram` (from the verdict);
//! - [`terraform`], [`cloudformation`], [`aws_cli_commands`]: the IAM OIDC provider and the role
//!   the request names, with the trust policy exactly as the engine evaluated it, as Terraform,
//!   CloudFormation YAML, or the AWS CLI commands that create them (plus the
//!   `aws sts assume-role-with-web-identity` call itself).
//!
//! Every function is pure and returns text, so the CLI (`stsplay export`) and the playground's
//! copy buttons share them. (Not to be confused with [`crate::present::aws_cli`], which renders
//! what the AWS CLI *prints*; [`aws_cli_commands`] writes what a user *types*.)

pub mod aws_cli_commands;
pub mod cloudformation;
pub mod mermaid;
mod resources;
pub mod terraform;
mod text;

pub use resources::{ExportProvider, ExportRole, IamResources};

use crate::engine::json::InputError;
use crate::engine::scenario::Scenario;
use crate::engine::verdict::Verdict;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The trace as a Mermaid `sequenceDiagram`.
    Mermaid,
    /// `aws_iam_openid_connect_provider` and `aws_iam_role` (HCL).
    Terraform,
    /// `AWS::IAM::OIDCProvider` and `AWS::IAM::Role` (YAML template).
    CloudFormation,
    /// `aws iam create-open-id-connect-provider`, `aws iam create-role`, and
    /// `aws sts assume-role-with-web-identity`.
    AwsCli,
}

impl Format {
    /// Every format, in the order menus list them.
    pub const ALL: [Format; 4] = [
        Format::Mermaid,
        Format::Terraform,
        Format::CloudFormation,
        Format::AwsCli,
    ];

    /// The name `stsplay export --format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Mermaid => "mermaid",
            Format::Terraform => "terraform",
            Format::CloudFormation => "cloudformation",
            Format::AwsCli => "aws-cli",
        }
    }

    /// The format with this name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }
}

/// Render `format` for a scenario and its verdict (`engine::simulate(scenario)`).
///
/// The Mermaid diagram needs only the verdict; the other formats need the role that
/// `/request/RoleArn` names and a trust policy that is a JSON object, and answer a
/// [`InputError`] naming the JSON path when the scenario lacks them.
pub fn render(
    format: Format,
    scenario: &Scenario,
    verdict: &Verdict,
) -> Result<String, InputError> {
    match format {
        Format::Mermaid => Ok(mermaid::render(scenario, verdict)),
        Format::Terraform => Ok(terraform::render(&IamResources::from_scenario(scenario)?)),
        Format::CloudFormation => Ok(cloudformation::render(&IamResources::from_scenario(
            scenario,
        )?)),
        Format::AwsCli => Ok(aws_cli_commands::render(&IamResources::from_scenario(
            scenario,
        )?)),
    }
}

//! `stsplay export`: load the scenario, simulate, and print one export format. The formats
//! themselves live in `present::export`.

use crate::engine::simulate;
use crate::present::export::{self, Format};
use std::io::Read;

/// The `--format` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum FormatArg {
    /// The trace as a Mermaid sequenceDiagram.
    Mermaid,
    /// aws_iam_openid_connect_provider and aws_iam_role (HCL).
    Terraform,
    /// AWS::IAM::OIDCProvider and AWS::IAM::Role (YAML).
    Cloudformation,
    /// aws iam create-open-id-connect-provider, create-role, and the sts call.
    AwsCli,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Mermaid => Format::Mermaid,
            FormatArg::Terraform => Format::Terraform,
            FormatArg::Cloudformation => Format::CloudFormation,
            FormatArg::AwsCli => Format::AwsCli,
        }
    }
}

/// Exit 0 with the export, or an error message (exit 2) naming the file and the JSON path.
pub fn run(
    file: &str,
    format: FormatArg,
    now: Option<&str>,
    stdin: &mut dyn Read,
) -> Result<(u8, String), String> {
    let scenario = super::load_scenario(file, now, stdin)?;
    let verdict = simulate(&scenario);
    let name = if file == "-" { "standard input" } else { file };
    export::render(format.into(), &scenario, &verdict)
        .map(|text| (0, text))
        .map_err(|error| format!("{name}: {}", error.in_scenario()))
}

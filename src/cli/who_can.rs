//! `stsplay who-can POLICY|SCENARIO`: who else can assume this role. Reads the input and the
//! clock, makes the throwaway signing key, calls [`crate::who_can::who_can`], and renders the
//! report as text or JSON. Exit 0 when nothing accepted is dangerous, 1 when something is, 2 when
//! the input is unusable.

use super::{parse_now_flag, read_input, system_now};
use crate::engine::json::parse_text;
use crate::engine::verdict::ErrorCode;
use crate::signing::SigningKey;
use crate::who_can::{Admitted, Grade, InputKind, Report, input_now, who_can};
use serde_json::Value;
use std::fmt::Write as _;
use std::io::Read;

/// Arguments of `stsplay who-can`.
#[derive(clap::Args, Debug)]
pub struct WhoCanArgs {
    /// A trust policy JSON file (GitHub Actions in a default account is assumed unless its
    /// principal names the provider), or a whole scenario; `-` for standard input.
    file: String,
    /// The clock STS uses: RFC 3339 or epoch seconds. Overrides a scenario's `now`; without
    /// either, the system clock.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Run `stsplay who-can`: the report and the exit code, or an error naming the input (exit 2).
pub fn run(args: &WhoCanArgs, stdin: &mut dyn Read, colour: bool) -> Result<(u8, String), String> {
    let now_flag = parse_now_flag(args.now.as_deref())?;
    let name = if args.file == "-" {
        "standard input"
    } else {
        args.file.as_str()
    };
    let value = parse_text(&read_input(&args.file, stdin)?, "the input")
        .map_err(|e| format!("{name}: {}", e.message))?;
    let now = match now_flag {
        Some(now) => now,
        None => input_now(&value)
            .map_err(|e| format!("{name}: {e}"))?
            .unwrap_or_else(system_now),
    };
    let key = SigningKey::generate_p256().map_err(|e| format!("cannot make a signing key: {e}"))?;
    let report = who_can(&value, now, &key).map_err(|e| format!("{name}: {e}"))?;
    let code = u8::from(report.worst() == Some(Grade::Dangerous));
    let output = if args.json {
        let mut text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        text.push('\n');
        text
    } else {
        render(&report, colour)
    };
    Ok((code, output))
}

/// The readable report.
fn render(report: &Report, colour: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Who else can assume {}?", report.role_arn);
    let _ = writeln!(
        out,
        "Provider: {} (`{}`), tokens from {}",
        report.provider.kind, report.provider.condition_key_prefix, report.provider.issuer
    );
    if report.input == InputKind::Policy {
        for assumption in &report.assumptions {
            let _ = writeln!(out, "Assumed: {assumption}.");
        }
    }
    let _ = writeln!(out, "Tried {} tokens in the simulated STS.", report.tried);

    if !report.intended.is_empty() {
        let _ = writeln!(out, "\nNamed by the policy (accepted):");
        for admitted in &report.intended {
            block(&mut out, admitted, colour);
        }
    }
    if report.intended.is_empty() {
        let _ = writeln!(
            out,
            "\nSTS accepted nothing the policy names, so the variations start from a refused run; fix the reason below first."
        );
    }
    if !report.refused.is_empty() {
        let _ = writeln!(out, "\nNamed by the policy, but refused by STS:");
        for refused in &report.refused {
            let step = refused.failed_step.as_deref().unwrap_or("?");
            let code = refused.code.map_or("?", ErrorCode::as_str);
            let _ = writeln!(out, "  ✘ {}", refused.title);
            for (name, value) in &refused.key_claims {
                let _ = writeln!(out, "      {name:<17}{}", plain(value));
            }
            let _ = writeln!(
                out,
                "      {:<17}{step}: {code}: {}",
                "refused at", refused.explanation
            );
        }
    }
    if report.counterexamples.is_empty() {
        let _ = writeln!(
            out,
            "\nNo counterexample: STS refused every variation tried (another repository or account, pull requests, other branches, tags and environments, …)."
        );
    } else {
        let _ = writeln!(out, "\nCounterexamples (accepted by STS):");
        for admitted in &report.counterexamples {
            block(&mut out, admitted, colour);
        }
    }
    let worst = report.worst();
    let verdict = match worst {
        Some(Grade::Dangerous) => "exit 1: something dangerous is admitted",
        _ => "exit 0: nothing dangerous is admitted",
    };
    let _ = writeln!(
        out,
        "\n{} dangerous, {} caution, {} safe ({verdict}).",
        report.count(Grade::Dangerous),
        report.count(Grade::Caution),
        report.count(Grade::Safe)
    );
    out
}

/// One accepted token: grade and title, why, the key claims, and the admitting statement.
fn block(out: &mut String, admitted: &Admitted, colour: bool) {
    let label = admitted.grade.as_str().to_uppercase();
    let label = if colour {
        let code = match admitted.grade {
            Grade::Safe => "32",
            Grade::Caution => "33",
            Grade::Dangerous => "1;31",
        };
        format!("\u{1b}[{code}m{label:<9}\u{1b}[0m")
    } else {
        format!("{label:<9}")
    };
    let _ = writeln!(out, "\n  {label} {}", admitted.title);
    let _ = writeln!(out, "      {:<17}{}", "why", admitted.reason);
    for (name, value) in &admitted.key_claims {
        let _ = writeln!(out, "      {name:<17}{}", plain(value));
    }
    if let Some(statement) = &admitted.statement {
        let sid = statement
            .sid
            .as_ref()
            .map(|sid| format!(" (Sid `{sid}`)"))
            .unwrap_or_default();
        let loose: Vec<String> = admitted
            .matched
            .iter()
            .filter(|m| m.value.contains('*') || m.value.contains('?'))
            .map(|m| format!("{} `{}` matched `{}`", m.operator, m.key, m.value))
            .collect();
        let via = if loose.is_empty() {
            String::new()
        } else {
            format!("; {}", loose.join("; "))
        };
        let _ = writeln!(
            out,
            "      {:<17}statement {}{sid} at {}{via}",
            "admitted by", statement.index, statement.path
        );
    }
}

/// A claim value as text: strings without quotes, anything else as JSON.
fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

//! The engine as an ES module for documentation sites: `dist/pkg/stsplay.js`.
//!
//! ```js
//! import init, { check } from "./pkg/stsplay.js";
//! await init();
//! const verdict = check(scenario); // the same object `stsplay check --json` prints
//! ```
//!
//! Built by `scripts/post-build.sh` (a Trunk post-build hook) with wasm-bindgen `--target web`.

use serde::Serialize;
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A scenario in stsplay's format (see the README): now, account, providers, roles, idps, request. */
export type Scenario = Record<string, unknown>;
export type StepId = "request" | "token" | "provider" | "tls" | "signature" | "claims" | "trust_policy" | "session" | "credentials";
export type Status = "pass" | "fail" | "skip";
export interface AwsError { Type: "Sender"; Code: string; Message: string; }
export interface ConditionExplain { operator: string; key: string; context_values: string[] | null; policy_values: string[]; matched: boolean; reason: string; }
export interface Check { id: string; status: Status; detail: string; assumed?: boolean; path?: string; condition?: ConditionExplain; }
export interface Step { id: StepId; status: Status; title: string; detail: string; assumed: boolean; checks: Check[]; }
export interface Credentials { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string; }
export interface AssumeRoleResult {
  Credentials: Credentials; SubjectFromWebIdentityToken: string;
  AssumedRoleUser: { Arn: string; AssumedRoleId: string };
  Provider: string; Audience: string; SourceIdentity?: string; PackedPolicySize?: number;
}
/** A range of the policy text: byte offsets, 1-based lines, columns in characters (end exclusive). */
export interface Span { start: number; end: number; line: number; column: number; end_line: number; end_column: number; }
export interface Finding {
  code: string; severity: "error" | "warning" | "info"; path: string; message: string; help: string;
  /** Where it points in the policy text, when the policy was given as text. */
  span: Span | null;
}
/** The verdict: the same object `stsplay check --json` prints. */
export interface Verdict {
  outcome: "accepted" | "rejected"; error: AwsError | null; failed_step: StepId | null;
  steps: Step[]; result: AssumeRoleResult | null; findings: Finding[];
}
"#;

/// Simulate one call. Takes a scenario object (or its JSON text) and returns the verdict.
/// Throws an `Error` naming the JSON path when the scenario is unusable.
#[wasm_bindgen(unchecked_return_type = "Verdict")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> Result<JsValue, JsError> {
    let parsed = match scenario.as_string() {
        Some(text) => Scenario::from_json(&text),
        None => {
            let value: serde_json::Value = serde_wasm_bindgen::from_value(scenario)
                .map_err(|e| JsError::new(&format!("scenario: {e}")))?;
            Scenario::from_value(&value)
        }
    };
    let scenario = parsed.map_err(|e| JsError::new(&e.in_scenario()))?;
    let verdict = simulate(&scenario);
    verdict
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The engine version, for share links and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn main() {}

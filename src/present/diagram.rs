//! The sequence diagram as data: lanes and one arrow per engine step, with the labels the
//! playground draws. Plain Rust, so the diagram's content is tested natively and the web front
//! end only lays it out.

use crate::engine::scenario::Scenario;
use crate::engine::verdict::{Status, StepId, Verdict};

/// The four participants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// The caller: a GitHub Actions runner, an app.
    Workload,
    /// The identity provider that issued the token and serves the JWKS.
    IdentityProvider,
    /// AWS STS.
    Sts,
    /// AWS IAM: the OIDC provider registry and the role.
    Iam,
}

impl Lane {
    /// Left-to-right order.
    pub const ALL: [Lane; 4] = [Lane::Workload, Lane::IdentityProvider, Lane::Sts, Lane::Iam];

    /// Column index.
    pub fn index(self) -> usize {
        match self {
            Lane::Workload => 0,
            Lane::IdentityProvider => 1,
            Lane::Sts => 2,
            Lane::Iam => 3,
        }
    }
}

/// One arrow (or a self-check on one lane).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// The engine step this arrow shows; `None` for the prelude (the workload fetching its token),
    /// which happens before STS is involved.
    pub step: Option<StepId>,
    /// Where the arrow starts.
    pub from: Lane,
    /// Where it ends (equal to `from` for a check inside one participant).
    pub to: Lane,
    /// The label drawn on the arrow.
    pub label: String,
    /// Pass, fail or skip.
    pub status: Status,
    /// Whether the step rests on our assumption.
    pub assumed: bool,
    /// On the last arrow of a rejection: the AWS error code it carries back to the caller. That
    /// arrow is STS's answer, drawn as reached although the credentials step itself never ran.
    pub error_return: Option<String>,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    /// Lane titles, in [`Lane::ALL`] order.
    pub lane_titles: [String; 4],
    /// Arrows top to bottom: the prelude, then one per engine step.
    pub arrows: Vec<Arrow>,
}

impl Diagram {
    /// Build the diagram for a scenario and its verdict.
    pub fn new(scenario: &Scenario, verdict: &Verdict) -> Diagram {
        let issuer = issuer_of(scenario);
        let is_github = issuer.contains("token.actions.githubusercontent.com");
        let workload = if is_github {
            "GitHub Actions runner"
        } else {
            "Workload / app"
        };
        let idp = if is_github {
            "GitHub OIDC".to_string()
        } else if issuer.is_empty() {
            "Identity provider".to_string()
        } else {
            short_host(&issuer)
        };
        let mut arrows = vec![Arrow {
            step: None,
            from: Lane::Workload,
            to: Lane::IdentityProvider,
            label: "request the OIDC token".to_string(),
            status: Status::Pass,
            assumed: false,
            error_return: None,
        }];
        for step in &verdict.steps {
            let (from, to, label) = shape(step.id, verdict);
            arrows.push(Arrow {
                step: Some(step.id),
                from,
                to,
                label: label.to_string(),
                status: step.status,
                assumed: step.assumed,
                error_return: verdict
                    .error()
                    .filter(|_| step.id == StepId::Credentials)
                    .map(|error| error.code.to_string()),
            });
        }
        Diagram {
            lane_titles: [
                workload.to_string(),
                idp,
                "AWS STS".to_string(),
                "AWS IAM".to_string(),
            ],
            arrows,
        }
    }
}

fn shape(id: StepId, verdict: &Verdict) -> (Lane, Lane, &'static str) {
    match id {
        StepId::Request => (
            Lane::Workload,
            Lane::Sts,
            "AssumeRoleWithWebIdentity (token, role ARN)",
        ),
        StepId::Token => (Lane::Sts, Lane::Sts, "read the token"),
        StepId::Provider => (Lane::Sts, Lane::Iam, "look up the OIDC provider"),
        StepId::Tls => (Lane::Sts, Lane::IdentityProvider, "TLS / thumbprint"),
        StepId::Signature => (
            Lane::Sts,
            Lane::IdentityProvider,
            "fetch the JWKS, verify the signature",
        ),
        StepId::Claims => (Lane::Sts, Lane::Sts, "validate iss/aud/exp/nbf/iat"),
        StepId::TrustPolicy => (Lane::Sts, Lane::Iam, "evaluate the trust policy"),
        StepId::Session => (Lane::Sts, Lane::Sts, "session duration and policy"),
        StepId::Credentials => (
            Lane::Sts,
            Lane::Workload,
            if verdict.error().is_some() {
                "error"
            } else {
                "credentials"
            },
        ),
    }
}

/// The token's `iss` (or the OAuth ProviderId), read leniently for labelling only.
fn issuer_of(scenario: &Scenario) -> String {
    if let Some(provider_id) = &scenario.request.provider_id {
        return provider_id.clone();
    }
    crate::engine::token::decode(&scenario.request.web_identity_token)
        .ok()
        .and_then(|t| t.claim_str("iss").map(str::to_string))
        .unwrap_or_default()
}

fn short_host(issuer: &str) -> String {
    let host = issuer
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    host.split('/').next().unwrap_or(host).to_string()
}

/// A lane title as one or two lines, for drawing it in a narrow column: a title of more than
/// [`TITLE_LINE`] characters breaks at the space, dot or dash that best balances the two lines
/// (`cognito-identity.` / `amazonaws.com`), the first line the longer on a tie. A title with
/// nowhere to break stays on one line.
pub fn title_lines(title: &str) -> (&str, Option<&str>) {
    if title.chars().count() <= TITLE_LINE {
        return (title, None);
    }
    let best = title
        .char_indices()
        .filter_map(|(at, c)| match c {
            ' ' => Some((at, at + 1)),
            '.' | '-' => Some((at + 1, at + 1)),
            _ => None,
        })
        .filter_map(|(end, start)| {
            let first = title.get(..end)?;
            let second = title.get(start..)?;
            let longer = first.chars().count().max(second.chars().count());
            (!first.is_empty() && !second.is_empty()).then_some((longer, first, second))
        })
        // On a tie, the longer first line: `GitHub Actions` / `runner`.
        .min_by_key(|(longer, first, _)| (*longer, std::cmp::Reverse(first.len())));
    match best {
        Some((_, first, second)) => (first, Some(second)),
        None => (title, None),
    }
}

/// The longest lane title drawn on one line.
pub const TITLE_LINE: usize = 14;

/// An arrow's label broken into lines of at most `width` characters, at spaces (a word longer
/// than `width` gets a line of its own), so that the label stays between the lanes it joins.
pub fn wrap_label(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split(' ').filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{title_lines, wrap_label};

    #[test]
    fn labels_wrap_at_spaces_within_the_width() {
        assert_eq!(wrap_label("✔ read the token", 40), vec!["✔ read the token"]);
        assert_eq!(
            wrap_label("✔ fetch the JWKS, verify the signature", 20),
            vec!["✔ fetch the JWKS,", "verify the signature"]
        );
        // Every line within the width, unless one word is longer than it.
        for width in 8..40 {
            for line in wrap_label("✔ AssumeRoleWithWebIdentity (token, role ARN)", width) {
                assert!(
                    line.chars().count() <= width || !line.contains(' '),
                    "{width}: {line}"
                );
            }
        }
        assert_eq!(wrap_label("", 10), vec![""]);
    }

    #[test]
    fn long_titles_break_where_the_lines_balance() {
        assert_eq!(title_lines("AWS STS"), ("AWS STS", None));
        assert_eq!(
            title_lines("Identity provider"),
            ("Identity", Some("provider"))
        );
        assert_eq!(
            title_lines("GitHub Actions runner"),
            ("GitHub Actions", Some("runner"))
        );
        assert_eq!(
            title_lines("cognito-identity.amazonaws.com"),
            ("cognito-identity.", Some("amazonaws.com"))
        );
        assert_eq!(
            title_lines("accounts.google.com"),
            ("accounts.", Some("google.com"))
        );
        assert_eq!(
            title_lines("averyveryverylonghostname"),
            ("averyveryverylonghostname", None)
        );
        // A break never leaves an empty line, and never splits a character.
        assert_eq!(title_lines("ééééééééééééééé."), ("ééééééééééééééé.", None));
    }
}

//! Small text helpers the export formats share: identifiers derived from user names, and
//! comment lines that user text cannot break out of.

/// The first comment line of the Terraform, CloudFormation and AWS CLI exports (all three
/// comment with `#`).
pub const HEADER_COMMENT: &str =
    "# IAM OIDC provider and role, exported by stsplay from a scenario.\n";

/// Said instead of a provider when the role uses none of the scenario's providers.
pub const NO_PROVIDER_COMMENT: &str = "\
# No IAM OIDC provider: the token's issuer and the trust policy name none of the
# scenario's providers (built-in identity providers such as Google, Cognito or
# Facebook need none).
";

/// A Terraform name (`[a-z_][a-z0-9_]*`) from free text: lower case, every run of other
/// characters becomes one `_`. `fallback` is used when nothing is left.
pub fn snake_identifier(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_end_matches('_');
    match trimmed.chars().next() {
        None => fallback.to_string(),
        Some(first) if first.is_ascii_digit() => format!("{fallback}_{trimmed}"),
        Some(_) => trimmed.to_string(),
    }
}

/// A CloudFormation logical id (`[A-Za-z0-9]+`) from free text: each ASCII alphanumeric run
/// starts with a capital (`token.actions.githubusercontent.com` → `TokenActionsGithubusercontentCom`).
pub fn camel_identifier(text: &str) -> String {
    let mut out = String::new();
    let mut word_start = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if word_start {
                c.to_ascii_uppercase()
            } else {
                c
            });
            word_start = false;
        } else {
            word_start = true;
        }
    }
    out
}

/// `name`, or `name2`, `name3`… (with `separator` before the number) when it is already taken;
/// records the result as taken.
pub fn unique(name: String, separator: &str, taken: &mut Vec<String>) -> String {
    let mut candidate = name.clone();
    let mut counter = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{separator}{counter}");
        counter += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// User text made safe for a one-line comment: characters that any of the target languages
/// treats as a line break (or that a terminal would act on) become spaces.
pub fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_keep_only_safe_characters() {
        assert_eq!(
            snake_identifier("token.actions.githubusercontent.com", "provider"),
            "token_actions_githubusercontent_com"
        );
        assert_eq!(snake_identifier("Deploy-Role", "role"), "deploy_role");
        assert_eq!(snake_identifier("@@", "role"), "role");
        assert_eq!(snake_identifier("123abc", "role"), "role_123abc");
        assert_eq!(
            camel_identifier("token.actions.githubusercontent.com"),
            "TokenActionsGithubusercontentCom"
        );
        assert_eq!(camel_identifier("deploy-role"), "DeployRole");
        assert_eq!(camel_identifier("é"), "");
    }

    #[test]
    fn unique_numbers_repeats() {
        let mut taken = Vec::new();
        assert_eq!(unique("a".into(), "_", &mut taken), "a");
        assert_eq!(unique("a".into(), "_", &mut taken), "a_2");
        assert_eq!(unique("a".into(), "_", &mut taken), "a_3");
    }

    #[test]
    fn comments_cannot_be_broken() {
        assert_eq!(comment_safe("a\nb\r\u{85}c\u{2028}"), "a b  c ");
    }
}

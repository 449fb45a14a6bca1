//! Policy variables in condition values: `${key}`, `${key, 'default'}` and the escapes
//! `${*}`, `${?}`, `${$}`.
//!
//! Substitution keeps track of which characters came from the policy text (where `*` and `?`
//! are wildcards for `StringLike`/`ArnLike`) and which came from a variable or an escape
//! (always literal). IAM User Guide, "IAM policy elements: Variables and tags": variables are
//! substituted only under `"Version": "2012-10-17"` and only for string and ARN operators;
//! `${*}`, `${?}` and `${$}` stand for the literal characters; a default is written
//! `${key, 'default'}`.

use super::context::{ContextValue, RequestContext};
use super::glob::Pattern;

/// One run of a resolved value.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    /// Text written in the policy: wildcards stay wildcards.
    Policy(String),
    /// Text from a variable, a default or an escape: always literal.
    Literal(String),
}

/// A condition value after variable substitution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pieces: Vec<Piece>,
    /// Variables (as written inside `${…}`) that had no value and no default.
    unresolved: Vec<String>,
}

impl Resolved {
    /// The value as plain text (for `StringEquals`, where nothing is a wildcard).
    pub(crate) fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Policy(text) | Piece::Literal(text) => text.as_str(),
            })
            .collect()
    }

    /// The value as a wildcard pattern (for `StringLike` and the ARN operators).
    pub(crate) fn pattern(&self) -> Pattern {
        let mut pattern = Pattern::default();
        for piece in &self.pieces {
            match piece {
                Piece::Policy(text) => pattern.push_glob(text),
                Piece::Literal(text) => pattern.push_literal(text),
            }
        }
        pattern
    }

    /// The variables that could not be resolved; empty when the value is usable.
    pub(crate) fn unresolved(&self) -> &[String] {
        &self.unresolved
    }
}

/// What one `${…}` stands for.
#[derive(Debug, PartialEq, Eq)]
enum Variable {
    /// `${*}`, `${?}`, `${$}`.
    Escape(char),
    /// `${key}` or `${key, 'default'}`.
    Key {
        name: String,
        default: Option<String>,
    },
}

/// Substitute the variables in `text` from `context`. With `substitute` false (another policy
/// version, or an operator that takes no variables) the text is kept as written.
pub(crate) fn resolve(text: &str, context: &RequestContext, substitute: bool) -> Resolved {
    let mut resolved = Resolved {
        pieces: Vec::new(),
        unresolved: Vec::new(),
    };
    if !substitute {
        resolved.pieces.push(Piece::Policy(text.to_string()));
        return resolved;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut plain = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '$'
            && chars.get(i.saturating_add(1)) == Some(&'{')
            && let Some((variable, end)) = parse_variable(&chars, i.saturating_add(2))
        {
            if !plain.is_empty() {
                resolved
                    .pieces
                    .push(Piece::Policy(std::mem::take(&mut plain)));
            }
            match variable {
                Variable::Escape(c) => resolved.pieces.push(Piece::Literal(c.to_string())),
                Variable::Key { name, default } => match lookup(context, &name) {
                    Some(value) => resolved.pieces.push(Piece::Literal(value)),
                    None => match default {
                        Some(default) => resolved.pieces.push(Piece::Literal(default)),
                        None => resolved.unresolved.push(name),
                    },
                },
            }
            i = end.saturating_add(1);
            continue;
        }
        plain.push(c);
        i = i.saturating_add(1);
    }
    if !plain.is_empty() {
        resolved.pieces.push(Piece::Policy(plain));
    }
    resolved
}

/// The single value of a key, for substitution.
// IAM User Guide, "Single-valued vs. multivalued context keys": "you cannot use a multivalued
// context key as a policy variable". ASSUMED: such a key behaves like an absent one (the
// default applies, else the value is unresolved).
fn lookup(context: &RequestContext, name: &str) -> Option<String> {
    match &context.get(name)?.value {
        ContextValue::Single(value) => Some(value.clone()),
        ContextValue::Multi(_) => None,
    }
}

/// Parse the inside of `${…}` starting at `start` (just after `${`). Returns the variable and
/// the index of the closing `}`, or `None` when the text is not a well-formed variable (it is
/// then kept literally).
// ASSUMED: whitespace around the key name and around `, 'default'` is ignored, and a
// malformed `${` (no closing brace, empty name) is plain text. IAM documents only the
// `${key, 'default'}` spelling.
fn parse_variable(chars: &[char], start: usize) -> Option<(Variable, usize)> {
    let mut name = String::new();
    let mut i = start;
    loop {
        match chars.get(i)? {
            '}' => {
                let name = name.trim();
                return match name {
                    "" => None,
                    "*" => Some((Variable::Escape('*'), i)),
                    "?" => Some((Variable::Escape('?'), i)),
                    "$" => Some((Variable::Escape('$'), i)),
                    _ => Some((
                        Variable::Key {
                            name: name.to_string(),
                            default: None,
                        },
                        i,
                    )),
                };
            }
            ',' => break,
            c => name.push(*c),
        }
        i = i.saturating_add(1);
    }
    // `, 'default'}`
    i = i.saturating_add(1);
    while chars.get(i)?.is_whitespace() {
        i = i.saturating_add(1);
    }
    if *chars.get(i)? != '\'' {
        return None;
    }
    i = i.saturating_add(1);
    let mut default = String::new();
    loop {
        match chars.get(i)? {
            '\'' => break,
            c => default.push(*c),
        }
        i = i.saturating_add(1);
    }
    i = i.saturating_add(1);
    while chars.get(i)?.is_whitespace() {
        i = i.saturating_add(1);
    }
    if *chars.get(i)? != '}' {
        return None;
    }
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    Some((
        Variable::Key {
            name: name.to_string(),
            default: Some(default),
        },
        i,
    ))
}

/// Does `text` contain a policy variable or escape?
pub(crate) fn mentions_variable(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        *c == '$'
            && chars.get(i.saturating_add(1)) == Some(&'{')
            && parse_variable(&chars, i.saturating_add(2)).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> RequestContext {
        let mut context = RequestContext::new();
        context.insert_single("token.actions.githubusercontent.com:repository", "octo/app");
        context.insert_single("aws:username", "a*b");
        context.insert_multi("aws:TagKeys", vec!["a".into(), "b".into()]);
        context
    }

    #[test]
    fn substitution_table() {
        // (policy text, substitute?, text(), display of the pattern, unresolved, text that
        // the pattern must match, text it must not match)
        type Row = (
            &'static str,
            bool,
            &'static str,
            &'static str,
            &'static [&'static str],
            &'static str,
            &'static str,
        );
        let rows: &[Row] = &[
            ("plain", true, "plain", "plain", &[], "plain", "plainx"),
            (
                "repo:${token.actions.githubusercontent.com:repository}:*",
                true,
                "repo:octo/app:*",
                "repo:octo/app:*",
                &[],
                "repo:octo/app:ref:x",
                "repo:octo/other:ref:x",
            ),
            // Key names are case-insensitive.
            ("${AWS:UserName}", true, "a*b", "a${*}b", &[], "a*b", "aXb"),
            // Substituted text is literal, not a wildcard.
            ("${aws:username}", true, "a*b", "a${*}b", &[], "a*b", "axxb"),
            ("x${*}y", true, "x*y", "x${*}y", &[], "x*y", "xzy"),
            ("x${?}y", true, "x?y", "x${?}y", &[], "x?y", "xzy"),
            ("x${$}y", true, "x$y", "x$y", &[], "x$y", "xy"),
            (
                "${missing, 'dflt'}",
                true,
                "dflt",
                "dflt",
                &[],
                "dflt",
                "other",
            ),
            ("${missing,'d*'}", true, "d*", "d${*}", &[], "d*", "dx"),
            (
                "${aws:username, 'dflt'}",
                true,
                "a*b",
                "a${*}b",
                &[],
                "a*b",
                "dflt",
            ),
            // A multivalued key cannot be a variable: the default applies, or nothing.
            (
                "${aws:TagKeys, 'none'}",
                true,
                "none",
                "none",
                &[],
                "none",
                "a",
            ),
            ("${aws:TagKeys}", true, "", "", &["aws:TagKeys"], "", "a"),
            (
                "pre-${missing}",
                true,
                "pre-",
                "pre-",
                &["missing"],
                "pre-",
                "pre-x",
            ),
            // Malformed variables stay literal text.
            (
                "${unterminated",
                true,
                "${unterminated",
                "${unterminated",
                &[],
                "${unterminated",
                "x",
            ),
            ("${}", true, "${}", "${}", &[], "${}", "x"),
            (
                "${x, dflt}",
                true,
                "${x, dflt}",
                "${x, dflt}",
                &[],
                "${x, dflt}",
                "x",
            ),
            // Without substitution (another Version) everything is policy text.
            (
                "${aws:username}*",
                false,
                "${aws:username}*",
                "${aws:username}*",
                &[],
                "${aws:username}zz",
                "a*b",
            ),
            ("${*}", false, "${*}", "${*}", &[], "${zz}", "*"),
        ];
        let context = context();
        for (text, substitute, want_text, want_display, want_unresolved, yes, no) in rows {
            let resolved = resolve(text, &context, *substitute);
            assert_eq!(resolved.text(), *want_text, "{text}");
            assert_eq!(resolved.pattern().display(), *want_display, "{text}");
            assert_eq!(resolved.unresolved(), *want_unresolved, "{text}");
            assert!(
                resolved.pattern().matches(yes, false),
                "{text} should match {yes}"
            );
            assert!(
                !resolved.pattern().matches(no, false),
                "{text} should not match {no}"
            );
        }
    }

    #[test]
    fn mentions() {
        assert!(mentions_variable("a${aws:username}"));
        assert!(mentions_variable("${*}"));
        assert!(!mentions_variable("a$b{c}"));
        assert!(!mentions_variable("${"));
    }
}

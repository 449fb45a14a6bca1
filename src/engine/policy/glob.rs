//! IAM wildcards: `*` matches any run of characters (including `/` and `:`), `?` exactly one.
//!
//! A pattern is a list of tokens rather than a string so that characters which came from a
//! policy variable or an escape (`${*}`) stay literal. Matching is the classic two-pointer
//! algorithm that only ever backtracks to the most recent `*`: O(text × pattern) in the worst
//! case, never exponential, so a hostile `a*a*a*…b` stays fast.

/// One element of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// This character, literally.
    Literal(char),
    /// `?`: exactly one character.
    AnyOne,
    /// `*`: any run of characters, possibly empty.
    AnyRun,
}

/// A compiled wildcard pattern.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pattern {
    tokens: Vec<Token>,
}

impl Pattern {
    /// Compile policy text in which `*` and `?` are wildcards.
    pub(crate) fn glob(text: &str) -> Pattern {
        let mut pattern = Pattern::default();
        pattern.push_glob(text);
        pattern
    }

    /// Append policy text in which `*` and `?` are wildcards.
    pub(crate) fn push_glob(&mut self, text: &str) {
        self.tokens.reserve(text.len());
        self.tokens.extend(text.chars().map(glob_token));
    }

    /// Append text that must match literally (a substituted variable, an escape).
    pub(crate) fn push_literal(&mut self, text: &str) {
        self.tokens.extend(text.chars().map(Token::Literal));
    }

    /// Split at literal `:` into at most `parts` patterns (the last keeps the remaining
    /// colons), as IAM splits an ARN into its six components.
    pub(crate) fn split_colons(&self, parts: usize) -> Vec<Pattern> {
        let mut out = vec![Pattern::default()];
        for token in &self.tokens {
            let splitting = out.len() < parts && *token == Token::Literal(':');
            if splitting {
                out.push(Pattern::default());
            } else if let Some(current) = out.last_mut() {
                current.tokens.push(*token);
            }
        }
        out
    }

    /// Does `text` match the whole pattern? `ignore_case` compares characters by their
    /// lowercase forms.
    pub(crate) fn matches(&self, text: &str, ignore_case: bool) -> bool {
        matches_text(|i| self.tokens.get(i).copied(), text, ignore_case)
    }

    /// Render the pattern for people: wildcards as `*`/`?`, literal `*`, `?` and `$` as the
    /// IAM escapes `${*}`, `${?}`, `${$}` so that the text is unambiguous.
    pub(crate) fn display(&self) -> String {
        let mut out = String::new();
        for token in &self.tokens {
            match token {
                Token::AnyRun => out.push('*'),
                Token::AnyOne => out.push('?'),
                Token::Literal('*') => out.push_str("${*}"),
                Token::Literal('?') => out.push_str("${?}"),
                Token::Literal(c) => out.push(*c),
            }
        }
        out
    }
}

/// Does `text` match policy text `pattern`, in which `*` and `?` are wildcards? The same as
/// `Pattern::glob(pattern).matches(text, ignore_case)`, without compiling the pattern first.
pub(crate) fn glob_matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if pattern.is_ascii() {
        let bytes = pattern.as_bytes();
        matches_text(
            |i| bytes.get(i).map(|b| glob_token(char::from(*b))),
            text,
            ignore_case,
        )
    } else {
        Pattern::glob(pattern).matches(text, ignore_case)
    }
}

/// The token a character of policy text stands for.
fn glob_token(c: char) -> Token {
    match c {
        '*' => Token::AnyRun,
        '?' => Token::AnyOne,
        other => Token::Literal(other),
    }
}

/// Does `text` match the pattern whose tokens `token_at` reads by position?
fn matches_text(token_at: impl Fn(usize) -> Option<Token>, text: &str, ignore_case: bool) -> bool {
    // Condition values and action names are nearly always ASCII: then a byte is a character,
    // and the text need not be decoded into a buffer first.
    if text.is_ascii() {
        let bytes = text.as_bytes();
        match_tokens(
            token_at,
            |i| bytes.get(i).map(|b| char::from(*b)),
            ignore_case,
        )
    } else {
        let chars: Vec<char> = text.chars().collect();
        match_tokens(token_at, |i| chars.get(i).copied(), ignore_case)
    }
}

/// The matcher proper: the pattern's tokens and the text's characters, read by position.
fn match_tokens(
    token_at: impl Fn(usize) -> Option<Token>,
    char_at: impl Fn(usize) -> Option<char>,
    ignore_case: bool,
) -> bool {
    let same = |a: char, b: char| a == b || (ignore_case && chars_eq_ignore_case(a, b));
    let mut ti = 0; // position in the text
    let mut pi = 0; // position in the pattern
    // The most recent `*`: the pattern position after it, and the text position it is
    // currently assumed to stop at. Backtracking only ever moves this one star forward, which
    // is what keeps the matcher polynomial.
    let mut star: Option<(usize, usize)> = None;
    while let Some(c) = char_at(ti) {
        match token_at(pi) {
            Some(Token::AnyRun) => {
                star = Some((pi.saturating_add(1), ti));
                pi = pi.saturating_add(1);
                continue;
            }
            Some(Token::AnyOne) => {
                ti = ti.saturating_add(1);
                pi = pi.saturating_add(1);
                continue;
            }
            Some(Token::Literal(p)) if same(p, c) => {
                ti = ti.saturating_add(1);
                pi = pi.saturating_add(1);
                continue;
            }
            _ => {}
        }
        match star {
            Some((after_star, stop)) => {
                pi = after_star;
                ti = stop.saturating_add(1);
                star = Some((after_star, stop.saturating_add(1)));
            }
            None => return false,
        }
    }
    // The text is used up: the rest of the pattern must be stars.
    while let Some(token) = token_at(pi) {
        if token != Token::AnyRun {
            return false;
        }
        pi = pi.saturating_add(1);
    }
    true
}

/// Compare two characters ignoring case, by their full lowercase mappings.
pub(crate) fn chars_eq_ignore_case(a: char, b: char) -> bool {
    // Two ASCII characters have one-character ASCII lowercase forms. (An ASCII letter can
    // still equal a non-ASCII one, e.g. `k` and the Kelvin sign, so both must be ASCII.)
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(&b);
    }
    a.to_lowercase().eq(b.to_lowercase())
}

/// Compare two strings ignoring case, character by character.
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_table() {
        // (pattern, text, ignore_case, expected)
        let rows: &[(&str, &str, bool, bool)] = &[
            ("", "", false, true),
            ("", "a", false, false),
            ("*", "", false, true),
            ("*", "anything/at:all", false, true),
            ("?", "", false, false),
            ("?", "a", false, true),
            ("?", "ab", false, false),
            ("a?c", "abc", false, true),
            ("a?c", "ac", false, false),
            (
                "repo:octo/app:*",
                "repo:octo/app:ref:refs/heads/main",
                false,
                true,
            ),
            (
                "repo:octo/app:*",
                "repo:octo/other:ref:refs/heads/main",
                false,
                false,
            ),
            ("repo:*/*", "repo:x/y:pull_request", false, true),
            (
                "*:ref:refs/heads/main",
                "repo:o/r:ref:refs/heads/main",
                false,
                true,
            ),
            ("*main", "repo:o/r:ref:refs/heads/mainline", false, false),
            ("a*b*c", "aXXbYYc", false, true),
            ("a*b*c", "aXXbYY", false, false),
            ("**", "x", false, true),
            ("*?", "", false, false),
            ("*?", "x", false, true),
            ("Repo:Octo/*", "repo:octo/app", false, false),
            ("Repo:Octo/*", "repo:octo/app", true, true),
            ("sts:Assume*", "sts:assumerolewithwebidentity", true, true),
            ("ÄB", "äb", true, true),
            // The Kelvin sign lowercases to an ASCII `k`.
            ("\u{212A}ey", "KEY", true, true),
            ("key", "\u{212A}EY", true, true),
            ("x", "é", false, false),
        ];
        for (pattern, text, ignore_case, want) in rows {
            assert_eq!(
                Pattern::glob(pattern).matches(text, *ignore_case),
                *want,
                "{pattern:?} vs {text:?} ignore_case={ignore_case}"
            );
            assert_eq!(
                glob_matches(pattern, text, *ignore_case),
                *want,
                "glob_matches {pattern:?} vs {text:?} ignore_case={ignore_case}"
            );
        }
    }

    #[test]
    fn literal_tokens_are_not_wildcards() {
        let mut pattern = Pattern::glob("a");
        pattern.push_literal("*");
        assert!(pattern.matches("a*", false));
        assert!(!pattern.matches("abc", false));
        assert_eq!(pattern.display(), "a${*}");
    }

    #[test]
    fn hostile_pattern_stays_fast() {
        // With exponential backtracking this would not finish; the two-pointer matcher does
        // about 40 × 20 000 steps. (No timer: `Instant` is unavailable on wasm32.)
        let pattern = Pattern::glob(&format!("{}b", "a*".repeat(40)));
        let text = "a".repeat(20_000);
        assert!(!pattern.matches(&text, false));
        assert!(!glob_matches(
            &format!("{}b", "a*".repeat(40)),
            &text,
            false
        ));
        assert!(pattern.matches(&format!("{text}b"), false));
    }

    #[test]
    fn split_colons_keeps_rest_in_last_part() {
        let parts = Pattern::glob("arn:aws:iam::1:role/a:b").split_colons(6);
        let shown: Vec<String> = parts.iter().map(Pattern::display).collect();
        assert_eq!(shown, ["arn", "aws", "iam", "", "1", "role/a:b"]);
    }

    #[test]
    fn ignore_case_equality() {
        assert!(eq_ignore_case("Repo:OCTO", "repo:octo"));
        assert!(!eq_ignore_case("repo:octo", "repo:octa"));
    }
}

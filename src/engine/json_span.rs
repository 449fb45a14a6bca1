//! Where a JSON pointer lands in JSON text, as byte offsets and line/column, for editor markers
//! and `file:line:col` messages.
//!
//! serde_json keeps no positions, so a small scanner walks the text along the pointer, skipping
//! every value it does not need. When the pointer goes on into a JSON string (a trust policy
//! written as a string, as `aws iam get-role` prints it, possibly URL-encoded), the scanner
//! decodes that string, keeping for every decoded byte the offset it came from, looks inside,
//! and maps the result back. Total: text it cannot follow gives `None`, never a panic.

use super::verdict::{Part, Span};
use std::ops::Range;

/// How deep the scanner follows nested arrays and objects (serde_json's own limit is 128).
const MAX_DEPTH: usize = 128;

/// How many levels of JSON held in a string a pointer may cross.
const MAX_CROSSINGS: usize = 4;

/// Where `pointer` (RFC 6901) lands in `text`: the value, or the member's name. `None` when the
/// text is not JSON along the way or does not hold the pointer.
pub fn locate(text: &str, pointer: &str, part: Part) -> Option<Span> {
    let tokens = parse_pointer(pointer)?;
    let range = find_in_text(text, &tokens, part, MAX_CROSSINGS)?;
    Some(span(text, range))
}

/// The span of a byte range of `text`, with 1-based lines and columns counted in characters.
pub fn span(text: &str, range: Range<usize>) -> Span {
    let (line, column) = line_column(text, range.start);
    let (end_line, end_column) = line_column(text, range.end);
    Span {
        start: range.start,
        end: range.end,
        line,
        column,
        end_line,
        end_column,
    }
}

/// The one-character span serde_json means by an error's `line` and `column` (1-based; the
/// column counts bytes). At the end of the text the span is empty.
pub fn span_of_json_error(text: &str, line: usize, column: usize) -> Span {
    let line_start = text
        .match_indices('\n')
        .nth(line.saturating_sub(2))
        .map(|(at, _)| at.saturating_add(1))
        .filter(|_| line > 1)
        .unwrap_or(0);
    let mut start = line_start
        .saturating_add(column.saturating_sub(1))
        .min(text.len());
    while !text.is_char_boundary(start) {
        start = start.saturating_sub(1);
    }
    let end = text
        .get(start..)
        .and_then(|rest| rest.chars().next())
        .map_or(start, |c| start.saturating_add(c.len_utf8()));
    span(text, start..end)
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut line: usize = 1;
    let mut column: usize = 1;
    for (at, c) in text.char_indices() {
        if at >= offset {
            break;
        }
        if c == '\n' {
            line = line.saturating_add(1);
            column = 1;
        } else {
            column = column.saturating_add(1);
        }
    }
    (line, column)
}

/// The reference tokens of a JSON pointer, unescaped (`~1` is `/`, `~0` is `~`).
fn parse_pointer(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Find in `text`, which is JSON or URL-encoded JSON (the forms a trust policy takes).
fn find_in_text(
    text: &str,
    tokens: &[String],
    part: Part,
    crossings: usize,
) -> Option<Range<usize>> {
    if let Some(range) = find_in_json(text, tokens, part, crossings) {
        return Some(range);
    }
    if !text.contains('%') {
        return None;
    }
    let (decoded, map) = percent_decode(text)?;
    let range = find_in_json(&decoded, tokens, part, crossings)?;
    map_back(range, &map)
}

fn find_in_json(
    text: &str,
    tokens: &[String],
    part: Part,
    crossings: usize,
) -> Option<Range<usize>> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    scanner.skip_ws();
    let mut name = None;
    for (depth, token) in tokens.iter().enumerate() {
        if depth >= MAX_DEPTH {
            return None;
        }
        match scanner.peek()? {
            b'{' => {
                let (name_range, value_start) = scanner.member(token, depth)?;
                name = Some(name_range);
                scanner.pos = value_start;
            }
            b'[' => {
                scanner.pos = scanner.item(parse_index(token)?, depth)?;
                name = None;
            }
            b'"' if crossings > 0 => {
                // The pointer goes on inside a string: the string holds JSON text.
                let quoted = scanner.string()?;
                let content = quoted.start.saturating_add(1)..quoted.end.checked_sub(1)?;
                let (inner, map) = unescape(text.as_bytes().get(content.clone())?)?;
                let inner_range = find_in_text(
                    &inner,
                    tokens.get(depth..)?,
                    part,
                    crossings.checked_sub(1)?,
                )?;
                let range = map_back(inner_range, &map)?;
                return Some(
                    content.start.checked_add(range.start)?
                        ..content.start.checked_add(range.end)?,
                );
            }
            _ => return None,
        }
    }
    let value = scanner.value(tokens.len())?;
    match (part, name) {
        (Part::Name, Some(name)) => Some(name),
        _ => Some(value),
    }
}

/// An array index token: decimal digits, no leading zero.
fn parse_index(token: &str) -> Option<usize> {
    if token.is_empty()
        || !token.bytes().all(|b| b.is_ascii_digit())
        || (token.len() > 1 && token.starts_with('0'))
    {
        return None;
    }
    token.parse().ok()
}

/// A cursor over JSON text that skips values without building them.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos = self.pos.saturating_add(1);
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos = self.pos.saturating_add(1))
    }

    /// A string at the cursor; its range, quotes included.
    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        self.eat(b'"')?;
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos = self.pos.saturating_add(1);
                    return Some(start..self.pos);
                }
                b'\\' => self.pos = self.pos.saturating_add(2),
                _ => self.pos = self.pos.saturating_add(1),
            }
        }
    }

    /// Skip the value at the cursor (after whitespace); its range.
    fn value(&mut self, depth: usize) -> Option<Range<usize>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        let start = self.pos;
        match self.peek()? {
            b'"' => {
                self.string()?;
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos = self.pos.saturating_add(1);
                self.skip_ws();
                if self.peek()? == close {
                    self.pos = self.pos.saturating_add(1);
                } else {
                    loop {
                        if open == b'{' {
                            self.skip_ws();
                            self.string()?;
                            self.skip_ws();
                            self.eat(b':')?;
                        }
                        self.value(depth.saturating_add(1))?;
                        self.skip_ws();
                        match self.peek()? {
                            b',' => self.pos = self.pos.saturating_add(1),
                            b if b == close => {
                                self.pos = self.pos.saturating_add(1);
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
            }
            _ => {
                // A number, `true`, `false` or `null`: up to the next delimiter.
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos = self.pos.saturating_add(1);
                }
                if self.pos == start {
                    return None;
                }
            }
        }
        Some(start..self.pos)
    }

    /// In the object at the cursor, the member called `name`: its name's range and where its
    /// value starts. A repeated name finds the last one, the one serde_json keeps.
    fn member(&mut self, name: &str, depth: usize) -> Option<(Range<usize>, usize)> {
        self.eat(b'{')?;
        self.skip_ws();
        if self.peek()? == b'}' {
            return None;
        }
        let mut found = None;
        loop {
            self.skip_ws();
            let name_range = self.string()?;
            let raw = self
                .bytes
                .get(name_range.start.saturating_add(1)..name_range.end.checked_sub(1)?)?;
            let matches = unescape(raw).is_some_and(|(decoded, _)| decoded == name);
            self.skip_ws();
            self.eat(b':')?;
            self.skip_ws();
            let value_start = self.pos;
            self.value(depth.saturating_add(1))?;
            if matches {
                found = Some((name_range, value_start));
            }
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos = self.pos.saturating_add(1),
                b'}' => return found,
                _ => return None,
            }
        }
    }

    /// In the array at the cursor, where item `index` starts.
    fn item(&mut self, index: usize, depth: usize) -> Option<usize> {
        self.eat(b'[')?;
        self.skip_ws();
        if self.peek()? == b']' {
            return None;
        }
        let mut position = 0;
        loop {
            self.skip_ws();
            let start = self.pos;
            self.value(depth.saturating_add(1))?;
            if position == index {
                return Some(start);
            }
            position = position.saturating_add(1);
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos = self.pos.saturating_add(1),
                _ => return None,
            }
        }
    }
}

/// Decoded text and, for every decoded byte, the offset in the source it came from (plus one
/// entry for the end).
type Mapped = (String, Vec<usize>);

/// Decode the content of a JSON string (between the quotes).
fn unescape(raw: &[u8]) -> Option<Mapped> {
    let mut out = Vec::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len().saturating_add(1));
    let mut at = 0;
    while let Some(&byte) = raw.get(at) {
        if byte != b'\\' {
            out.push(byte);
            map.push(at);
            at = at.saturating_add(1);
            continue;
        }
        let (c, width) = match raw.get(at.saturating_add(1))? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let high = hex4(raw.get(at.saturating_add(2)..at.saturating_add(6))?)?;
                if (0xD800..0xDC00).contains(&high) {
                    // A surrogate pair: `\uD83D\uDE00`.
                    if raw.get(at.saturating_add(6)..at.saturating_add(8))? != b"\\u" {
                        return None;
                    }
                    let low = hex4(raw.get(at.saturating_add(8)..at.saturating_add(12))?)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return None;
                    }
                    // Both halves were range-checked above, so this cannot fail.
                    let scalar = high
                        .checked_sub(0xD800)
                        .and_then(|h| (h << 10).checked_add(low.checked_sub(0xDC00)?))?
                        .checked_add(0x10000)?;
                    (char::from_u32(scalar)?, 12)
                } else {
                    (char::from_u32(high)?, 6)
                }
            }
            _ => return None,
        };
        let mut buffer = [0u8; 4];
        for encoded in c.encode_utf8(&mut buffer).bytes() {
            out.push(encoded);
            map.push(at);
        }
        at = at.saturating_add(width);
    }
    map.push(raw.len());
    Some((String::from_utf8(out).ok()?, map))
}

fn hex4(digits: &[u8]) -> Option<u32> {
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// Percent-decode as the policy reader does: `%XX` becomes a byte, anything else stays.
fn percent_decode(text: &str) -> Option<Mapped> {
    let raw = text.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len().saturating_add(1));
    let mut at = 0;
    while let Some(&byte) = raw.get(at) {
        let escaped = (byte == b'%')
            .then(|| raw.get(at.saturating_add(1)..at.saturating_add(3)))
            .flatten()
            .filter(|digits| digits.iter().all(u8::is_ascii_hexdigit))
            .and_then(|digits| u8::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok());
        map.push(at);
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                at = at.saturating_add(3);
            }
            None => {
                out.push(byte);
                at = at.saturating_add(1);
            }
        }
    }
    map.push(raw.len());
    Some((String::from_utf8(out).ok()?, map))
}

/// A range of decoded text as a range of its source.
fn map_back(range: Range<usize>, map: &[usize]) -> Option<Range<usize>> {
    Some(*map.get(range.start)?..*map.get(range.end)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a span covers.
    fn at<'t>(text: &'t str, pointer: &str, part: Part) -> Option<&'t str> {
        let span = locate(text, pointer, part)?;
        text.get(span.start..span.end)
    }

    const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"},
      "Action": ["sts:AssumeRole", "sts:TagSession"],
      "Condition": {
        "StringLike": {"token.actions.githubusercontent.com:sub": ["repo:*", "repo:a/b:*"]},
        "a~b/c": 1.5e3
      }
    }
  ]
}"#;

    #[test]
    fn values_and_names() {
        let rows: &[(&str, Part, Option<&str>)] = &[
            ("", Part::Value, Some(POLICY)),
            ("/Version", Part::Value, Some("\"2012-10-17\"")),
            ("/Version", Part::Name, Some("\"Version\"")),
            (
                "/Statement/0/Action/1",
                Part::Value,
                Some("\"sts:TagSession\""),
            ),
            (
                "/Statement/0/Action/1",
                Part::Name,
                Some("\"sts:TagSession\""),
            ),
            (
                "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/0",
                Part::Value,
                Some("\"repo:*\""),
            ),
            (
                "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub",
                Part::Name,
                Some("\"token.actions.githubusercontent.com:sub\""),
            ),
            (
                "/Statement/0/Condition/StringLike",
                Part::Value,
                Some(r#"{"token.actions.githubusercontent.com:sub": ["repo:*", "repo:a/b:*"]}"#),
            ),
            ("/Statement/0/Condition/a~0b~1c", Part::Value, Some("1.5e3")),
            (
                "/Statement/0/Condition/a~0b~1c",
                Part::Name,
                Some("\"a~b/c\""),
            ),
            // Not there, or not a valid pointer.
            ("/Statement/1", Part::Value, None),
            ("/Statement/00", Part::Value, None),
            ("/Statement/-1", Part::Value, None),
            ("/Nope", Part::Value, None),
            ("/Version/x", Part::Value, None),
            ("Version", Part::Value, None),
        ];
        for (pointer, part, want) in rows {
            assert_eq!(at(POLICY, pointer, *part), *want, "{pointer} {part:?}");
        }
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "{\n  \"é\": {\"k\": \"v\"},\n  \"😀x\": [true, \"w\"]\n}";
        let span = locate(text, "/😀x/1", Part::Value).unwrap();
        assert_eq!(text.get(span.start..span.end), Some("\"w\""));
        assert_eq!((span.line, span.column), (3, 16));
        assert_eq!((span.end_line, span.end_column), (3, 19));
        let span = locate(text, "/é/k", Part::Name).unwrap();
        assert_eq!((span.line, span.column, span.end_column), (2, 9, 12));
        let span = locate(text, "/é", Part::Value).unwrap();
        assert_eq!((span.line, span.column, span.end_line), (2, 8, 2));
    }

    #[test]
    fn escaped_names_and_repeated_members() {
        // `\u00e9` and `é` are the same name; the later of two equal names wins, as in serde_json.
        let text = r#"{"\u00e9": 1, "a\"b": [2], "x": 3, "x": {"y": 4}, "\ud83d\ude00": 5}"#;
        assert_eq!(at(text, "/é", Part::Value), Some("1"));
        assert_eq!(at(text, "/é", Part::Name), Some(r#""\u00e9""#));
        assert_eq!(at(text, "/a\"b/0", Part::Value), Some("2"));
        assert_eq!(at(text, "/x/y", Part::Value), Some("4"));
        assert_eq!(at(text, "/😀", Part::Value), Some("5"));
    }

    #[test]
    fn follows_a_policy_held_in_a_string() {
        let inner = r#"{"Statement": [{"Effect": "Allow", "Resource": "*"}]}"#;
        let scenario = format!(
            "{{\"roles\": [{{\"AssumeRolePolicyDocument\": {}}}]}}",
            serde_json::to_string(inner).unwrap()
        );
        let pointer = "/roles/0/AssumeRolePolicyDocument/Statement/0/Resource";
        assert_eq!(at(&scenario, pointer, Part::Name), Some(r#"\"Resource\""#));
        assert_eq!(at(&scenario, pointer, Part::Value), Some(r#"\"*\""#));

        // URL-encoded, as some `aws iam get-role` output prints it.
        let encoded = "%7B%22Statement%22%3A%20%5B%7B%22Resource%22%3A%20%22*%22%7D%5D%7D";
        assert_eq!(
            at(encoded, "/Statement/0/Resource", Part::Name),
            Some("%22Resource%22")
        );
        let scenario = format!("{{\"p\": \"{encoded}\"}}");
        assert_eq!(
            at(&scenario, "/p/Statement/0/Resource", Part::Value),
            Some("%22*%22")
        );
        // A string that is not JSON has nothing inside.
        assert_eq!(at("{\"p\": \"nope\"}", "/p/x", Part::Value), None);
    }

    #[test]
    fn json_error_positions() {
        let text = "{\n  \"a\": é,\n}";
        let err = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let span = span_of_json_error(text, err.line(), err.column());
        assert_eq!(text.get(span.start..span.end), Some("é"));
        assert_eq!((span.line, span.column), (2, 8));
        let text = "{\"a\": ";
        let err = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let span = span_of_json_error(text, err.line(), err.column());
        assert_eq!((span.line, span.column), (1, 6));
        assert_eq!(span_of_json_error(text, 1, 99).start, text.len());
    }

    #[test]
    fn never_panics_on_broken_text() {
        let texts = [
            "",
            "{",
            "[",
            "\"",
            "\"\\",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1,",
            "[1,",
            "{\"a\" 1}",
            "\"\\u12\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "%",
            "%7",
            "%zz",
            "%E9",
            "{\"a\":\"%\"}",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        ];
        for text in texts {
            for pointer in ["", "/a", "/0", "/a/b/c", "/0/0/0"] {
                for part in [Part::Name, Part::Value] {
                    let _ = locate(text, pointer, part);
                }
            }
            let _ = span_of_json_error(text, 3, 99);
        }
        let deep = "[".repeat(10_000);
        assert_eq!(locate(&deep, "", Part::Value), None);
        let pointer = "/0".repeat(300);
        assert_eq!(locate(&deep, &pointer, Part::Value), None);
    }
}

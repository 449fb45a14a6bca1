//! Colouring for the playground's editors, as data: JSON text split into lines of coloured pieces,
//! with the spans that carry a problem (a syntax error, a lint finding) marked; a JWT split into
//! its three segments. Plain Rust, so it is tested natively; the web front end lays the pieces out
//! under a transparent text area (the text area keeps editing, undo, IME and screen readers).
//!
//! The pieces always concatenate back to the text exactly (lines joined with `\n`): the colouring
//! must sit under the caret character for character.

/// What a piece of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Token {
    /// White space, or text that is not JSON.
    Plain,
    /// `{ } [ ] : ,`
    Punctuation,
    /// A string that names an object member.
    Key,
    /// A string value.
    String,
    /// A number.
    Number,
    /// `true`, `false`, `null`.
    Literal,
    /// A JWT's header segment.
    Header,
    /// A JWT's payload segment.
    Payload,
    /// A JWT's signature segment.
    Signature,
    /// The dots between a JWT's segments.
    Dot,
}

impl Token {
    /// The CSS class the playground gives this kind of text.
    pub fn class(self) -> &'static str {
        match self {
            Token::Plain => "",
            Token::Punctuation => "t-punct",
            Token::Key => "t-key",
            Token::String => "t-str",
            Token::Number => "t-num",
            Token::Literal => "t-lit",
            Token::Header => "t-header",
            Token::Payload => "t-payload",
            Token::Signature => "t-signature",
            Token::Dot => "t-dot",
        }
    }
}

/// How serious a marked span is; the highest wins where marks overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// A lint finding of severity info.
    Info,
    /// A lint finding of severity warning.
    Warning,
    /// A lint error, or the place where the JSON stops parsing.
    Error,
}

impl Level {
    /// The word the playground shows and uses as a CSS class.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A span of the text to underline: byte offsets, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// How serious.
    pub level: Level,
}

/// A run of text drawn one way.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Piece {
    /// The text, never containing `\n`.
    pub text: String,
    /// What it is.
    pub token: Token,
    /// The most serious mark over it, if any.
    pub mark: Option<Level>,
}

/// One line of the text (without its `\n`).
pub type Line = Vec<Piece>;

/// JSON (or any text typed into a JSON editor) as coloured lines, with `marks` underlined.
/// Text that is not JSON is still coloured as far as it looks like JSON; nothing is dropped.
pub fn json(text: &str, marks: &[Mark]) -> Vec<Line> {
    let tokens = json_tokens(text);
    let mut lines: Vec<Line> = vec![Vec::new()];
    for (start, end, token) in tokens {
        let mut at = start;
        while at < end {
            let newline = text.get(at..end).and_then(|rest| rest.find('\n'));
            let stop = next_boundary(at, end, newline.map(|n| at.saturating_add(n)), marks);
            if let Some(piece) = text.get(at..stop).filter(|piece| !piece.is_empty()) {
                let mark = mark_over(at, stop, marks);
                push(&mut lines, piece, token, mark);
            }
            at = stop;
            if at < end && text.get(at..).is_some_and(|rest| rest.starts_with('\n')) {
                lines.push(Vec::new());
                at = at.saturating_add(1);
            }
        }
    }
    lines
}

/// A JWT coloured by segment, as jwt.io does: header, payload and signature, with the dots
/// between. Text after a third dot, or a token that is not three segments, is coloured as far as
/// the segments go; nothing is dropped.
pub fn jwt(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let segments = [Token::Header, Token::Payload, Token::Signature];
    for (index, part) in text.split('.').enumerate() {
        if index > 0 {
            pieces.push(Piece {
                text: ".".to_string(),
                token: Token::Dot,
                mark: None,
            });
        }
        if !part.is_empty() {
            pieces.push(Piece {
                text: part.to_string(),
                token: segments.get(index).copied().unwrap_or(Token::Plain),
                mark: None,
            });
        }
    }
    pieces
}

/// The byte offset of a 1-based line and column (columns counted in characters, as serde_json
/// and the lint spans count them), clamped to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0usize;
    for (index, content) in text.split('\n').enumerate() {
        if index.saturating_add(1) == line {
            let within = content
                .char_indices()
                .nth(column.saturating_sub(1))
                .map(|(at, _)| at)
                .unwrap_or(content.len());
            return offset.saturating_add(within);
        }
        offset = offset.saturating_add(content.len()).saturating_add(1);
    }
    text.len()
}

/// A mark over the character at `offset` (or the one before it at the end of a line or of the
/// text, so that an error after the last character still shows).
pub fn mark_at(text: &str, offset: usize, level: Level) -> Mark {
    let after = text
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| *c != '\n');
    match after {
        Some(c) => Mark {
            start: offset,
            end: offset.saturating_add(c.len_utf8()),
            level,
        },
        None => {
            let before = text
                .get(..offset)
                .and_then(|head| head.chars().next_back())
                .filter(|c| *c != '\n');
            let start = before.map_or(offset, |c| offset.saturating_sub(c.len_utf8()));
            Mark {
                start,
                end: offset,
                level,
            }
        }
    }
}

fn push(lines: &mut [Line], text: &str, token: Token, mark: Option<Level>) {
    let Some(line) = lines.last_mut() else {
        return;
    };
    match line.last_mut() {
        Some(last) if last.token == token && last.mark == mark => last.text.push_str(text),
        _ => line.push(Piece {
            text: text.to_string(),
            token,
            mark,
        }),
    }
}

/// Where the piece starting at `at` ends: the token's end, a newline, or a mark's edge.
fn next_boundary(at: usize, end: usize, newline: Option<usize>, marks: &[Mark]) -> usize {
    let mut stop = newline.unwrap_or(end).min(end);
    for mark in marks {
        for edge in [mark.start, mark.end] {
            if edge > at && edge < stop {
                stop = edge;
            }
        }
    }
    stop
}

fn mark_over(start: usize, end: usize, marks: &[Mark]) -> Option<Level> {
    marks
        .iter()
        .filter(|m| m.start < end && start < m.end)
        .map(|m| m.level)
        .max()
}

/// The text cut into tokens that cover it exactly: `(start, end, token)`.
fn json_tokens(text: &str) -> Vec<(usize, usize, Token)> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0usize;
    while let Some(&byte) = bytes.get(at) {
        let (end, token) = match byte {
            b'"' => {
                let end = string_end(bytes, at);
                let token = if next_significant(bytes, end) == Some(b':') {
                    Token::Key
                } else {
                    Token::String
                };
                (end, token)
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => (at.saturating_add(1), Token::Punctuation),
            b'-' | b'0'..=b'9' => (
                run(bytes, at, |b| {
                    b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
                }),
                Token::Number,
            ),
            b'a'..=b'z' => {
                let end = run(bytes, at, |b| b.is_ascii_alphabetic());
                let word = text.get(at..end).unwrap_or_default();
                let token = if matches!(word, "true" | "false" | "null") {
                    Token::Literal
                } else {
                    Token::Plain
                };
                (end, token)
            }
            _ => {
                // Anything else up to the next character that starts a token (UTF-8 safe: every
                // stop is an ASCII byte, so a char boundary).
                let end = run(
                    bytes,
                    at,
                    |b| !matches!(b, b'"' | b'{' | b'}' | b'[' | b']' | b':' | b',' | b'-' | b'0'..=b'9' | b'a'..=b'z'),
                );
                (end, Token::Plain)
            }
        };
        let end = end.max(at.saturating_add(1)).min(bytes.len());
        tokens.push((at, end, token));
        at = end;
    }
    tokens
}

/// Just past a string that starts at `start`: its closing quote, or the end of its line when it
/// is not closed (JSON strings cannot span lines).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start.saturating_add(1);
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' => at = at.saturating_add(2),
            b'"' => return at.saturating_add(1),
            b'\n' => return at,
            _ => at = at.saturating_add(1),
        }
    }
    bytes.len()
}

fn run(bytes: &[u8], start: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut at = start.saturating_add(1);
    while bytes.get(at).is_some_and(|b| keep(*b)) {
        at = at.saturating_add(1);
    }
    at
}

fn next_significant(bytes: &[u8], from: usize) -> Option<u8> {
    bytes
        .get(from..)?
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(lines: &[Line]) -> String {
        lines
            .iter()
            .map(|line| line.iter().map(|p| p.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn tokens_of(lines: &[Line]) -> Vec<(String, Token)> {
        lines
            .iter()
            .flatten()
            .filter(|p| p.token != Token::Plain)
            .map(|p| (p.text.clone(), p.token))
            .collect()
    }

    #[test]
    fn json_is_coloured_by_role_and_concatenates_back() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"n\": -1.5e3, \"b\": [true, null]\n}";
        let lines = json(text, &[]);
        assert_eq!(lines.len(), 4);
        assert_eq!(joined(&lines), text);
        let tokens = tokens_of(&lines);
        assert!(tokens.contains(&("\"Version\"".to_string(), Token::Key)));
        assert!(tokens.contains(&("\"2012-10-17\"".to_string(), Token::String)));
        assert!(tokens.contains(&("-1.5e3".to_string(), Token::Number)));
        assert!(tokens.contains(&("true".to_string(), Token::Literal)));
        assert!(tokens.contains(&("null".to_string(), Token::Literal)));
    }

    #[test]
    fn broken_and_non_ascii_text_is_kept_whole() {
        for text in [
            "{\"a\": \"unterminated\n\"b\": 1}",
            "not json at all: ünïcödé ✘",
            "\"\\\"escaped\\\" quote\": tru",
            "",
            "\n\n",
            "{\"k\": \"日本語\"}",
        ] {
            let lines = json(
                text,
                &[Mark {
                    start: 1,
                    end: 3,
                    level: Level::Error,
                }],
            );
            assert_eq!(joined(&lines), text, "{text:?}");
            assert_eq!(lines.len(), text.split('\n').count());
        }
        // An unterminated string stops at its line's end; the next line is coloured anew.
        let lines = json("{\"a\": \"open\n\"b\": 1}", &[]);
        assert!(tokens_of(&lines).contains(&("\"b\"".to_string(), Token::Key)));
    }

    #[test]
    fn marks_split_pieces_and_the_most_serious_wins() {
        let text = "{\"sub\": \"repo:*\"}";
        let start = text.find("\"repo").unwrap_or(0);
        let marks = [
            Mark {
                start,
                end: start + 8,
                level: Level::Warning,
            },
            Mark {
                start: start + 1,
                end: start + 5,
                level: Level::Error,
            },
        ];
        let lines = json(text, &marks);
        assert_eq!(joined(&lines), text);
        let marked: Vec<(&str, Option<Level>)> = lines[0]
            .iter()
            .filter(|p| p.mark.is_some())
            .map(|p| (p.text.as_str(), p.mark))
            .collect();
        assert_eq!(
            marked,
            vec![
                ("\"", Some(Level::Warning)),
                ("repo", Some(Level::Error)),
                (":*\"", Some(Level::Warning)),
            ]
        );
    }

    #[test]
    fn a_mark_across_lines_marks_each_line() {
        let text = "[\n1,\n2\n]";
        let lines = json(
            text,
            &[Mark {
                start: 0,
                end: text.len(),
                level: Level::Info,
            }],
        );
        assert!(lines.iter().flatten().all(|p| p.mark == Some(Level::Info)));
    }

    #[test]
    fn error_positions_become_visible_marks() {
        let text = "{\"a\": [}\n";
        // serde_json: line 1, column 8 ("expected value" at the `}`).
        let offset = offset_of(text, 1, 8);
        assert_eq!(text.get(offset..offset + 1), Some("}"));
        assert_eq!(mark_at(text, offset, Level::Error).end, offset + 1);
        // At the end of the text the mark takes the character before.
        let end = mark_at("{\"a\"", 4, Level::Error);
        assert_eq!((end.start, end.end), (3, 4));
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
        assert_eq!(offset_of("ab", 9, 9), 2);
        assert_eq!(offset_of("é\nx", 1, 2), 2);
    }

    #[test]
    fn a_jwt_is_coloured_by_segment() {
        let pieces = jwt("aaa.bbb.ccc");
        let shape: Vec<(&str, Token)> = pieces.iter().map(|p| (p.text.as_str(), p.token)).collect();
        assert_eq!(
            shape,
            vec![
                ("aaa", Token::Header),
                (".", Token::Dot),
                ("bbb", Token::Payload),
                (".", Token::Dot),
                ("ccc", Token::Signature),
            ]
        );
        let odd = "a.b.c.d";
        assert_eq!(
            jwt(odd).iter().map(|p| p.text.as_str()).collect::<String>(),
            odd
        );
        assert!(jwt("").is_empty());
    }
}

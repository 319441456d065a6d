//! Character-level reading of IDL text: positions, the grammar's three kinds of
//! whitespace (`SP`, `WS`, `BR`), comments, doc comments and identifiers. Every error
//! carries the line and column it happened at.

/// A place in the source: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub offset: usize,
    pub line: usize,
    pub col: usize,
}

/// A syntax error before it is rendered with its file name and source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    /// Characters to underline (at least one caret is drawn).
    pub len: usize,
    pub message: String,
}

pub type PResult<T> = Result<T, SyntaxError>;

#[derive(Clone)]
pub struct Cursor<'a> {
    pub src: &'a str,
    pos: Pos,
    /// `///` lines seen by the last whitespace run, for the shape or member that follows.
    docs: Vec<String>,
}

impl<'a> Cursor<'a> {
    pub fn new(src: &'a str) -> Self {
        Cursor {
            src,
            pos: Pos {
                offset: 0,
                line: 1,
                col: 1,
            },
            docs: Vec::new(),
        }
    }

    pub fn pos(&self) -> Pos {
        self.pos
    }

    pub fn rest(&self) -> &'a str {
        &self.src[self.pos.offset..]
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    pub fn at_end(&self) -> bool {
        self.pos.offset >= self.src.len()
    }

    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos.offset += c.len_utf8();
        if c == '\n' {
            self.pos.line += 1;
            self.pos.col = 1;
        } else {
            self.pos.col += 1;
        }
        Some(c)
    }

    pub fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    pub fn eat_str(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            s.chars().for_each(|_| {
                self.bump();
            });
            true
        } else {
            false
        }
    }

    /// An error at the current position, underlining the token found there.
    pub fn error(&self, message: impl Into<String>) -> SyntaxError {
        self.error_at(self.pos, message)
    }

    pub fn error_at(&self, pos: Pos, message: impl Into<String>) -> SyntaxError {
        let len = token_len(&self.src[pos.offset..]);
        SyntaxError {
            pos,
            len,
            message: message.into(),
        }
    }

    /// `expected X, found Y` at the current position.
    pub fn expected(&self, what: &str) -> SyntaxError {
        self.error(format!("expected {what}, found {}", self.found()))
    }

    /// A short description of what is at the current position.
    pub fn found(&self) -> String {
        match self.peek() {
            None => "end of file".into(),
            Some('\n') | Some('\r') => "a line break".into(),
            Some(_) => format!(
                "`{}`",
                self.rest()
                    .chars()
                    .take(token_len(self.rest()).max(1))
                    .collect::<String>()
            ),
        }
    }

    pub fn expect(&mut self, c: char) -> PResult<()> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{c}`")))
        }
    }

    /// `SP`: spaces and tabs. Returns whether any were skipped.
    pub fn sp(&mut self) -> bool {
        let start = self.pos.offset;
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.bump();
        }
        self.pos.offset > start
    }

    /// `SP` that must be present.
    pub fn require_sp(&mut self) -> PResult<()> {
        if self.sp() {
            Ok(())
        } else {
            Err(self.expected("a space"))
        }
    }

    /// `WS`: spaces, line breaks, commas and comments. Collects doc comments, which
    /// belong to what follows this run. Returns whether anything was skipped.
    pub fn ws(&mut self) -> bool {
        self.docs.clear();
        let start = self.pos.offset;
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\n' | ',') => {
                    self.bump();
                }
                Some('\r') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                }
                Some('/') if self.peek_at(1) == Some('/') => self.comment(),
                _ => break,
            }
        }
        self.pos.offset > start
    }

    /// `BR`: optional spaces, then at least one line break or comment, then `WS`.
    pub fn br(&mut self) -> PResult<()> {
        self.sp();
        let at = self.pos;
        let broke = matches!(self.peek(), Some('\n' | '\r') | Some('/'))
            && (self.peek() != Some('/') || self.peek_at(1) == Some('/'));
        if !broke && !self.at_end() {
            return Err(self.error_at(at, format!("expected a line break, found {}", self.found())));
        }
        self.ws();
        Ok(())
    }

    fn comment(&mut self) {
        let start = self.pos.offset;
        // A `///` after other text on its line is a plain comment.
        let line_start = self.src[..start].rfind('\n').map_or(0, |i| i + 1);
        let doc = self.rest().starts_with("///") && self.src[line_start..start].trim().is_empty();
        while !matches!(self.peek(), None | Some('\n')) {
            self.bump();
        }
        let line = self.src[start..self.pos.offset].trim_end_matches('\r');
        if doc {
            let text = &line[3..];
            self.docs
                .push(text.strip_prefix(' ').unwrap_or(text).to_string());
        }
    }

    /// The doc comment the last whitespace run ended with, if any.
    pub fn take_docs(&mut self) -> Option<String> {
        if self.docs.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.docs).join("\n"))
        }
    }

    /// `Identifier`: a letter or `_` (then at least one letter or digit if it was `_`),
    /// then letters, digits and `_`.
    pub fn identifier(&mut self) -> PResult<String> {
        let start = self.pos;
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let valid = match word.chars().next() {
            Some(c) if c.is_ascii_alphabetic() => true,
            Some('_') => word.chars().any(|c| c.is_ascii_alphanumeric()),
            _ => false,
        };
        if !valid {
            return Err(self.error_at(
                start,
                format!("expected an identifier, found {}", self.found()),
            ));
        }
        self.eat_str(word);
        Ok(word.to_string())
    }

    /// `Namespace`: identifiers separated by `.`.
    pub fn namespace(&mut self) -> PResult<String> {
        let mut ns = self.identifier()?;
        while self.eat('.') {
            ns.push('.');
            ns.push_str(&self.identifier()?);
        }
        Ok(ns)
    }

    /// A shape id as written: `ns.a#Name$member`, `Name$member` or `Name`.
    pub fn shape_id(&mut self) -> PResult<String> {
        let start = self.pos;
        let mut id = self.namespace().map_err(|_| {
            self.error_at(
                start,
                format!("expected a shape id, found {}", self.found()),
            )
        })?;
        if self.eat('#') {
            id.push('#');
            id.push_str(&self.identifier()?);
        } else if id.contains('.') {
            return Err(self.error(format!(
                "expected `#` after the namespace `{id}`, found {}",
                self.found()
            )));
        }
        if self.eat('$') {
            id.push('$');
            id.push_str(&self.identifier()?);
        }
        Ok(id)
    }
}

/// Length of the token starting `s`, for the caret line: a word, or one character.
pub fn token_len(s: &str) -> usize {
    let word = s
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '#' | '$'))
        .count();
    if word > 0 {
        word
    } else {
        usize::from(!s.is_empty() && !s.starts_with(['\n', '\r']))
    }
}

/// The source line of `pos` and a caret under the `len` characters there.
pub fn snippet(src: &str, pos: Pos, len: usize) -> String {
    let line: Vec<char> = src
        .lines()
        .nth(pos.line - 1)
        .unwrap_or("")
        .trim_end_matches('\r')
        .chars()
        .collect();
    // A long line (a whole model on one line) is shown only around the column.
    let col = (pos.col - 1).min(line.len());
    let start = col.saturating_sub(SNIPPET_WIDTH / 2);
    let end = (start + SNIPPET_WIDTH).min(line.len());
    let (open, close) = (
        if start > 0 { "…" } else { "" },
        if end < line.len() { "…" } else { "" },
    );
    let shown: String = line[start..end].iter().collect();
    let indent: String = open
        .chars()
        .chain(line[start..col].iter().copied())
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let carets = "^".repeat(len.clamp(1, (end - col).max(1)));
    format!("  {open}{shown}{close}\n  {indent}{carets}")
}

/// How many characters of a source line an error shows at most.
const SNIPPET_WIDTH: usize = 120;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let at = |line, col| Pos {
            offset: 0,
            line,
            col,
        };
        assert_eq!(snippet("a\n\tbad x", at(2, 2), 3), "  \tbad x\n  \t^^^");
        let long = format!("{}XY{}", "[".repeat(5000), "]".repeat(5000));
        let shown = snippet(&long, at(1, 5001), 2);
        let (text, carets) = shown.split_once('\n').unwrap();
        assert!(text.chars().count() <= SNIPPET_WIDTH + 4, "{text}");
        assert!(text.starts_with("  …[") && text.ends_with("]…"), "{text}");
        // The carets stand under `XY`.
        let under = carets.chars().position(|c| c == '^').unwrap();
        assert_eq!(text.chars().nth(under), Some('X'));
        assert!(carets.ends_with("^^"));
    }
}

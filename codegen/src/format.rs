//! Token streams -> Rust source text, printed straight from the tokens.
//!
//! Parsing every generated file into a syntax tree only to print it again was most of the
//! generator's time (see BENCHMARKS.md), so the printer works on the tokens: spacing comes
//! from the kinds of neighbouring tokens, blocks are always broken over lines, and
//! parenthesised, bracketed and generic argument lists, struct literals, method chains and
//! match-arm bodies are broken only when they do not fit the margin. No token is added or dropped, so the text lexes back
//! to the emitters' tokens (a test checks every generated file); `#[doc = "..."]`
//! attributes become `///` comments, which lex back to the same attributes.

use crate::tokens::{Delimiter, Flat, Token, Tokens};
use std::borrow::Cow;

const MARGIN: usize = 100;
const INDENT: usize = 4;

/// Prints a whole file.
pub fn file(tokens: Tokens) -> String {
    let mut lexer = Lexer::new(tokens);
    let toks = lexer.group();
    // Room for the tokens' text, and spaces and indentation about half as much again.
    let capacity = lexer.text_len + lexer.text_len / 2;
    let mut p = Printer { out: String::with_capacity(capacity), indent: 0, col: 0, fresh_line: true };
    p.seq(&toks, Mode::Block, 0);
    p.out.push('\n');
    p.out
}

/// A token, with punctuation joined into operators and groups measured.
#[derive(Debug)]
enum Tok {
    Word(Cow<'static, str>, Word),
    Lit(Cow<'static, str>),
    Op(&'static str),
    Lifetime(Cow<'static, str>),
    /// A `#[doc = "..."]` (or `#![doc = ...]`) whose text prints as a comment.
    Doc { inner: bool, text: String },
    /// Boxed, so that tokens stay small to move.
    Group(Box<Group>),
}

/// What a word means for spacing and layout, decided once when it is lexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// A keyword followed by a space (not `self`, `Self`, `crate`, `super`, which act as
    /// operands, nor `pub`, which `(crate)` follows tightly).
    Keyword {
        /// Its next brace group is a block (`fn`, `if`, `match`...).
        opens_block: bool,
        /// The name after it may take generic parameters (`fn`, `struct`...).
        names_item: bool,
    },
    /// Starts with a capital: a type or variant, which `<` after it opens generics of.
    Capitalized,
    Other,
}

impl Word {
    fn of(word: &str) -> Word {
        let keyword = matches!(
            word,
            "as" | "async" | "break" | "const" | "continue" | "dyn" | "else" | "enum" | "extern" | "fn" | "for" | "if" | "impl"
                | "in" | "let" | "loop" | "match" | "mod" | "move" | "mut" | "ref" | "return" | "static" | "struct" | "trait"
                | "type" | "union" | "unsafe" | "use" | "where" | "while"
        );
        if keyword {
            Word::Keyword {
                opens_block: matches!(
                    word,
                    "fn" | "impl" | "struct" | "enum" | "trait" | "mod" | "match" | "if" | "else" | "while" | "for" | "loop"
                        | "unsafe" | "union"
                ),
                names_item: matches!(word, "fn" | "struct" | "enum" | "trait" | "type" | "union"),
            }
        } else if word.starts_with(|c: char| c.is_ascii_uppercase()) {
            Word::Capitalized
        } else {
            Word::Other
        }
    }
}

/// A group's delimiters: the token stream's, and `<...>` of generics, which the printer
/// folds into groups so that they break like other lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delim {
    Paren,
    Bracket,
    Brace,
    Angle,
}

#[derive(Debug)]
struct Group {
    delim: Delim,
    toks: Vec<Tok>,
    /// Width on one line, delimiters included; `None` when it must span lines.
    flat: Option<usize>,
    /// Width up to its first forced line break (the whole width when it has none); used
    /// for parentheses and brackets, as a block breaks right after its `{`.
    head: usize,
    /// Its forced line breaks are all in the last comma-separated element, so it can stay
    /// open on the line it starts on (`f(a, |x| {` ... `})`).
    breaks_in_last: bool,
    /// Holds statements, arms or attributes: printed as a block wherever it is.
    statements: bool,
    /// When its one element (not a closure) ends with a group (`Ok(Foo { .. })`,
    /// `Err(Error::new(..))`), the width through that group's opening delimiter: it can
    /// stay open on its line and let the inner group break.
    last_group_head: Option<usize>,
}

/// Reads the emitters' flat token list into groups.
struct Lexer {
    tokens: Flat,
    /// The enclosing groups' tokens read so far: each group's tokens gather on top and
    /// leave in one exactly sized vector.
    stack: Vec<Tok>,
    /// Punctuation written together, before it is split into operators.
    chars: Vec<u8>,
    /// The length of the words, literals and docs read so far.
    text_len: usize,
}

impl Lexer {
    fn new(tokens: Tokens) -> Lexer {
        Lexer { tokens: tokens.into_flat(), stack: Vec::new(), chars: Vec::new(), text_len: 0 }
    }

    /// Reads tokens up to the end of the current group (or of the list), with punctuation
    /// joined into operators, groups measured and generics folded.
    fn group(&mut self) -> Vec<Tok> {
        let start = self.stack.len();
        while let Some(token) = self.tokens.next() {
            match token {
                Token::Word(text) => {
                    self.text_len += text.len();
                    let word = Word::of(&text);
                    self.stack.push(Tok::Word(text, word));
                }
                Token::Literal(text) => {
                    self.text_len += text.len();
                    self.stack.push(Tok::Lit(text));
                }
                Token::Open(delim) => {
                    let delim = match delim {
                        Delimiter::Paren => Delim::Paren,
                        Delimiter::Bracket => Delim::Bracket,
                        Delimiter::Brace => Delim::Brace,
                    };
                    let inner = self.group();
                    push_group(&mut self.stack, start, measure_group(delim, inner));
                }
                Token::Close(_) => break,
                Token::Punct(c, joint) => self.punct(c, joint),
                Token::Puncts(run) => push_operators(&mut self.stack, run.as_bytes()),
                Token::Doc { inner, text } if comment_can_say(&text, inner) => {
                    self.text_len += text.len();
                    self.stack.push(Tok::Doc { inner, text: text.into_owned() });
                }
                Token::Doc { inner, text } => doc_attribute(&mut self.stack, inner, &text),
                Token::Splice(_) => unreachable!("`Flat` opens splices"),
            }
        }
        fold_generics(self.stack.split_off(start))
    }

    /// A lifetime, or the operators that punctuation written together makes.
    fn punct(&mut self, c: char, joint: bool) {
        if c == '\'' {
            if let Some(Token::Word(name)) = self.tokens.next_if(|t| matches!(t, Token::Word(_))) {
                self.stack.push(Tok::Lifetime(Cow::Owned(format!("'{name}"))));
                return;
            }
        }
        self.chars.clear();
        self.chars.push(c as u8);
        let mut joint = joint;
        // A `'` after an operator starts a lifetime (`&'a`), not part of it.
        while joint {
            match self.tokens.next_if(|t| matches!(t, Token::Punct(c, _) if *c != '\'')) {
                Some(Token::Punct(next, next_joint)) => {
                    self.chars.push(next as u8);
                    joint = next_joint;
                }
                _ => break,
            }
        }
        push_operators(&mut self.stack, &self.chars);
    }
}

/// The operators that punctuation written together makes.
fn push_operators(toks: &mut Vec<Tok>, chars: &[u8]) {
    let mut rest = chars;
    while !rest.is_empty() {
        let op = operator(rest);
        toks.push(Tok::Op(op));
        rest = &rest[op.len()..];
    }
}

/// Folds generic argument lists (`Vec<u8>`, `::<T>`, `impl<'a>`) into [`Delim::Angle`]
/// groups. A `<` read as generics that is not closed before something generics cannot
/// hold (`;`, a block, `&&`...) was a comparison, and is put back as it was.
fn fold_generics(toks: Vec<Tok>) -> Vec<Tok> {
    if !toks.iter().any(|t| matches!(t, Tok::Op("<"))) {
        return toks;
    }
    // The open lists, innermost last: the tokens before each one's `<`, and the spacing
    // state there.
    let mut open: Vec<(Vec<Tok>, Spacer)> = Vec::new();
    let mut out = Vec::with_capacity(toks.len());
    let mut sp = Spacer::default();
    for tok in toks {
        let closes = match &tok {
            Tok::Op("<") if sp.generic_open() => {
                open.push((std::mem::take(&mut out), std::mem::take(&mut sp)));
                continue;
            }
            Tok::Op(">") => open.len().min(1),
            Tok::Op(">>") => open.len().min(2),
            Tok::Op(";" | "&&" | "||" | "=>" | "==" | "!=") => {
                unfold(&mut open, &mut out, &mut sp);
                0
            }
            Tok::Group(g) if g.delim == Delim::Brace => {
                unfold(&mut open, &mut out, &mut sp);
                0
            }
            _ => 0,
        };
        for _ in 0..closes {
            let Some((before, before_sp)) = open.pop() else { break };
            let list = std::mem::replace(&mut out, before);
            sp = before_sp;
            out.push(Tok::Group(Box::new(measure_group(Delim::Angle, list))));
            sp.step(&out[out.len() - 1]);
        }
        match (&tok, closes) {
            (Tok::Op(">"), 1) | (Tok::Op(">>"), 2) => {}
            // `>>` closing one list: the other `>` is an operator.
            (Tok::Op(">>"), 1) => {
                let gt = Tok::Op(">");
                sp.step(&gt);
                out.push(gt);
            }
            _ => {
                sp.step(&tok);
                out.push(tok);
            }
        }
    }
    unfold(&mut open, &mut out, &mut sp);
    out
}

/// Puts every open `<` back as an operator, with what followed it.
fn unfold(open: &mut Vec<(Vec<Tok>, Spacer)>, out: &mut Vec<Tok>, sp: &mut Spacer) {
    while let Some((before, before_sp)) = open.pop() {
        let after = std::mem::replace(out, before);
        *sp = before_sp;
        for tok in std::iter::once(Tok::Op("<")).chain(after) {
            sp.step(&tok);
            out.push(tok);
        }
    }
}

/// Rust's operators, longest first within each first character.
const OPERATORS: [&str; 46] = [
    "<<=", "<=", "<<", "<", ">>=", ">=", ">>", ">", "...", "..=", "..", ".", "::", ":", "->", "-=", "-", "=>", "==", "=",
    "!=", "!", "&&", "&=", "&", "||", "|=", "|", "+=", "+", "*=", "*", "/=", "/", "%=", "%", "^=", "^", ",", ";", "#", "@",
    "?", "~", "$", "'",
];

/// For each ASCII character, the range of [`OPERATORS`] that start with it.
const BY_FIRST: [(u8, u8); 128] = {
    let mut table = [(0, 0); 128];
    let mut i = 0;
    while i < OPERATORS.len() {
        let first = OPERATORS[i].as_bytes()[0] as usize;
        if table[first].1 == 0 {
            table[first].0 = i as u8;
        }
        table[first].1 = i as u8 + 1;
        i += 1;
    }
    table
};

/// The longest operator that `chars` (punctuation written together) starts with. `#` is
/// always alone: `#!` and `#[` start attributes.
pub(crate) fn operator(chars: &[u8]) -> &'static str {
    let (start, end) = BY_FIRST.get(usize::from(chars[0])).copied().unwrap_or_default();
    OPERATORS[usize::from(start)..usize::from(end)]
        .iter()
        .find(|op| chars.starts_with(op.as_bytes()))
        .copied()
        .expect("punctuation is one of Rust's operator characters")
}

/// Pushes a group, folding `#` `[doc = "text"]` (and `#` `!` `[...]`) into [`Tok::Doc`]
/// where the text can be a comment.
fn push_group(toks: &mut Vec<Tok>, start: usize, g: Group) {
    let inner = match &toks[start..] {
        [.., Tok::Op("#"), Tok::Op("!")] => Some(true),
        [.., Tok::Op("#")] => Some(false),
        _ => None,
    };
    if let (Some(inner), Delim::Bracket) = (inner, g.delim) {
        if let Some(text) = doc_text(&g.toks, inner) {
            toks.truncate(toks.len() - if inner { 2 } else { 1 });
            toks.push(Tok::Doc { inner, text });
            return;
        }
    }
    toks.push(Tok::Group(Box::new(g)));
}

/// The text of `doc = "..."`, when a `///` (or `//!`) comment says exactly the same.
fn doc_text(toks: &[Tok], inner: bool) -> Option<String> {
    let [Tok::Word(doc, _), Tok::Op("="), Tok::Lit(lit)] = toks else { return None };
    if doc != "doc" {
        return None;
    }
    let text = match lit.strip_prefix('r') {
        // `///` comments written inside `toks!` arrive as raw strings.
        Some(raw) => raw.trim_matches('#').strip_prefix('"')?.strip_suffix('"')?.to_string(),
        None => unescape(lit.strip_prefix('"')?.strip_suffix('"')?)?,
    };
    comment_can_say(&text, inner).then_some(text)
}

/// Whether a `///` (or `//!`) comment says `text` exactly. A fourth slash would make an
/// ordinary comment. Line breaks would end the comment, and rustc rejects text-direction
/// characters in comments: text that needs escapes stays an attribute.
fn comment_can_say(text: &str, inner: bool) -> bool {
    // Printable ASCII, nearly all text, needs no escapes: other text is read by character.
    // (A fold without an early exit, so that it runs on whole vectors of bytes.)
    let printable_ascii = text.is_ascii() && !text.bytes().fold(false, |control, b| control | (b < b' ') | (b == 0x7f));
    let needs_escapes = !printable_ascii && text.chars().any(|c| !matches!(c, ' '..='~') && c.escape_debug().len() > 1);
    let fourth_slash = !inner && text.starts_with('/');
    !fourth_slash && !needs_escapes
}

/// A doc attribute whose text a comment cannot say, as the tokens of the attribute.
fn doc_attribute(toks: &mut Vec<Tok>, inner: bool, text: &str) {
    toks.push(Tok::Op("#"));
    if inner {
        toks.push(Tok::Op("!"));
    }
    let literal = crate::tokens::Literal::string(text).to_string();
    let body = vec![Tok::Word(Cow::Borrowed("doc"), Word::Other), Tok::Op("="), Tok::Lit(Cow::Owned(literal))];
    toks.push(Tok::Group(Box::new(measure_group(Delim::Bracket, body))));
}

/// The value of a string literal's body, for the escapes string literals print with.
fn unescape(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let escape = &rest[i + 1..];
        let (c, len) = match escape.as_bytes().first()? {
            b'n' => ('\n', 1),
            b'r' => ('\r', 1),
            b't' => ('\t', 1),
            b'0' => ('\0', 1),
            b'\\' => ('\\', 1),
            b'\'' => ('\'', 1),
            b'"' => ('"', 1),
            b'x' => (char::from(u8::from_str_radix(escape.get(1..3)?, 16).ok().filter(u8::is_ascii)?), 3),
            b'u' => {
                let end = escape.find('}')?;
                (char::from_u32(u32::from_str_radix(escape.get(2..end)?, 16).ok()?)?, end + 1)
            }
            _ => return None,
        };
        out.push(c);
        rest = &escape[len..];
    }
    out.push_str(rest);
    Some(out)
}

impl Group {
    /// Whether it prints as a block: braces holding statements, or braces where a block
    /// goes (`block_next`: after `fn`, `if`, `=>`...).
    fn is_block(&self, block_next: bool) -> bool {
        self.delim == Delim::Brace && (block_next || self.statements)
    }
}

fn measure_group(delim: Delim, toks: Vec<Tok>) -> Group {
    let (open, close) = delimiters(delim);
    let statements = delim == Delim::Brace
        && toks.iter().any(|t| match t {
            Tok::Op(op) => matches!(*op, ";" | "=>" | "#"),
            Tok::Doc { .. } => true,
            _ => false,
        });
    if statements {
        // A block always breaks, and of a brace group only its one-line width is asked.
        return Group { delim, toks, flat: None, head: 0, breaks_in_last: false, statements, last_group_head: None };
    }
    let mut sp = Spacer::default();
    let mut width = open.len() + close.len();
    let mut forced_at: Option<usize> = None;
    let mut last_comma = None;
    let mut last_group_head = None;
    for (i, tok) in toks.iter().enumerate() {
        if sp.space_before(tok) {
            width += 1;
        }
        if i + 1 == toks.len() && forced_at.is_none() && last_comma.is_none() && !starts_closure(&toks) && matches!(tok, Tok::Group(_)) {
            last_group_head = Some(width + 1);
        }
        if sp.ends_element(tok) {
            last_comma = Some(i);
        }
        match token_width(tok, sp.block_next) {
            Some(w) => width += w,
            None => {
                if forced_at.is_none() {
                    forced_at = Some(i);
                    width += head_width(tok);
                }
            }
        }
        sp.step(tok);
    }
    let head = width - close.len();
    let breaks_in_last = match forced_at {
        Some(first) => last_comma.is_none_or(|c| c < first),
        None => true,
    };
    // A brace group prints `{ a }`, with spaces inside; with a trailing comma (which the
    // printer cannot drop) it is printed one element a line instead.
    let (padding, one_line) = match delim {
        Delim::Brace => (if toks.is_empty() { 0 } else { 2 }, !matches!(toks.last(), Some(Tok::Op(",")))),
        _ => (0, true),
    };
    let flat = (forced_at.is_none() && one_line).then_some(width + padding);
    Group { delim, toks, flat, head, breaks_in_last, statements, last_group_head }
}

fn starts_closure(toks: &[Tok]) -> bool {
    matches!(toks.first(), Some(Tok::Op("|" | "||"))) || matches!(toks.first(), Some(Tok::Word(w, _)) if w == "move")
}

/// Width on one line, or `None` for a token that always spans lines. `block_next` says
/// whether a brace group here is a block (the body of `fn`, `if`, `match`...).
fn token_width(tok: &Tok, block_next: bool) -> Option<usize> {
    match tok {
        Tok::Op(s) => Some(s.len()),
        Tok::Word(s, _) | Tok::Lit(s) | Tok::Lifetime(s) => (!s.contains('\n')).then_some(s.len()),
        Tok::Doc { .. } => None,
        Tok::Group(g) if g.delim == Delim::Brace && block_next && !g.toks.is_empty() => None,
        Tok::Group(g) => g.flat,
    }
}

/// Width up to the first line break of a token that spans lines: a block breaks right
/// after its `{`.
fn head_width(tok: &Tok) -> usize {
    match tok {
        Tok::Group(g) if g.delim == Delim::Brace => 1,
        Tok::Group(g) => g.head,
        _ => 0,
    }
}

fn delimiters(delim: Delim) -> (&'static str, &'static str) {
    match delim {
        Delim::Paren => ("(", ")"),
        Delim::Bracket => ("[", "]"),
        Delim::Brace => ("{", "}"),
        Delim::Angle => ("<", ">"),
    }
}

/// What the previous token leaves for the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Prev {
    /// Start of a line or group: no space.
    #[default]
    Start,
    /// `.`, `::`, a prefix operator, `..`, `#`, a closure's opening `|`.
    Tight,
    /// `,`, `;`, `:`, an infix operator, `=>`, a closure's closing `|`, a lifetime.
    Spaced,
    /// A keyword; `fn(` of function pointer types has no space.
    Keyword { paren_space: bool },
    /// A name, literal, closed group (generics included) or `?`.
    Operand,
    /// A name that a `<` after it opens generics of (types, items being defined).
    GenericName,
}

/// The spacing state along one sequence of tokens, the same whether measuring or printing.
#[derive(Debug, Clone, Default)]
struct Spacer {
    prev: Prev,
    /// Inside a closure's `|...|`.
    closure: bool,
    /// The next brace group is a block.
    block_next: bool,
    /// The previous word named an item (`fn`, `struct`...).
    item_name_next: bool,
    /// `#` or `#!` was just seen: the next bracket group is an attribute.
    attribute: bool,
}

impl Spacer {
    /// Whether `tok` ends a statement or list element: `;`, or `,` outside closure
    /// parameters (generics are groups of their own).
    fn ends_element(&self, tok: &Tok) -> bool {
        match tok {
            Tok::Op(";") => true,
            Tok::Op(",") => !self.closure,
            _ => false,
        }
    }

    fn operand_before(&self) -> bool {
        matches!(self.prev, Prev::Operand | Prev::GenericName)
    }

    fn space_before(&self, tok: &Tok) -> bool {
        let tight_after = matches!(self.prev, Prev::Start | Prev::Tight);
        match tok {
            Tok::Doc { .. } => false,
            Tok::Op(op) => match *op {
                "," | ";" | "." | "?" | ":" => false,
                "::" | ".." | "..=" => matches!(self.prev, Prev::Keyword { .. } | Prev::Spaced),
                _ if tight_after => false,
                "!" if self.operand_before() => false,
                "|" if self.closure => false,
                _ => true,
            },
            _ if tight_after => false,
            Tok::Group(g) => match g.delim {
                Delim::Brace => true,
                // Generics follow their name or keyword (`impl<T>`).
                Delim::Angle => false,
                _ => matches!(self.prev, Prev::Keyword { paren_space: true } | Prev::Spaced),
            },
            Tok::Word(..) | Tok::Lit(_) | Tok::Lifetime(_) => true,
        }
    }

    /// Whether a `<` here opens generics.
    fn generic_open(&self) -> bool {
        matches!(self.prev, Prev::GenericName | Prev::Tight | Prev::Keyword { .. })
    }

    /// Moves past `tok`.
    fn step(&mut self, tok: &Tok) {
        let item_name = std::mem::take(&mut self.item_name_next);
        let attribute = std::mem::take(&mut self.attribute);
        self.prev = match tok {
            &Tok::Word(ref w, Word::Keyword { opens_block, names_item }) => {
                self.block_next |= opens_block;
                self.item_name_next = names_item;
                Prev::Keyword { paren_space: w != "fn" }
            }
            Tok::Word(_, Word::Capitalized) => Prev::GenericName,
            Tok::Word(..) if item_name => Prev::GenericName,
            Tok::Word(..) | Tok::Lit(_) => Prev::Operand,
            // `&'static [u8]`, `&'a (dyn Error)`: unlike a name, a lifetime is not called.
            Tok::Lifetime(_) => Prev::Spaced,
            Tok::Doc { .. } => Prev::Start,
            Tok::Group(g) => {
                if g.delim == Delim::Brace {
                    self.block_next = false;
                }
                if attribute && g.delim == Delim::Bracket { Prev::Spaced } else { Prev::Operand }
            }
            Tok::Op(op) => self.step_op(op, attribute),
        };
    }

    fn step_op(&mut self, op: &str, attribute: bool) -> Prev {
        match op {
            "|" if self.closure => {
                self.closure = false;
                self.block_next = true;
                Prev::Spaced
            }
            "|" | "||" if !self.operand_before() => {
                self.closure = op == "|";
                self.block_next = op == "||";
                if self.closure { Prev::Tight } else { Prev::Spaced }
            }
            "&" | "&&" | "*" | "-" if !self.operand_before() => Prev::Tight,
            "!" => {
                // `#!` of an inner attribute.
                self.attribute = attribute;
                Prev::Tight
            }
            "?" => Prev::Operand,
            "." | "::" | ".." | "..=" => Prev::Tight,
            "#" => {
                self.attribute = true;
                Prev::Tight
            }
            ";" => {
                *self = Spacer::default();
                Prev::Spaced
            }
            "=>" => {
                self.block_next = true;
                Prev::Spaced
            }
            _ => Prev::Spaced,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Statements, items, fields or arms, one a line.
    Block,
    /// A broken list: one comma-separated element a line.
    List,
    /// On one line, but for the blocks inside.
    Flat,
}

struct Printer {
    out: String,
    indent: usize,
    col: usize,
    /// Nothing but indentation on the current line yet.
    fresh_line: bool,
}

/// The line-level state of one sequence being printed.
#[derive(Default)]
struct Line {
    /// A statement too long for the line, broken before each `.method(` after a call from
    /// index `chain_from` on (the last operand's method chain); one indent deeper.
    chain: bool,
    chain_from: usize,
    /// A match arm whose body went to the next line, one indent deeper.
    arm_wrapped: bool,
}

impl Printer {
    /// Writes text without line breaks.
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        self.fresh_line = false;
        self.col += s.len();
    }

    /// Writes a literal, which may span lines.
    fn write_literal(&mut self, s: &str) {
        self.out.push_str(s);
        self.fresh_line = false;
        match s.rfind('\n') {
            Some(i) => self.col = s.len() - i - 1,
            None => self.col += s.len(),
        }
    }

    fn newline(&mut self) {
        const SPACES: &str = "                                                                ";
        self.out.push('\n');
        let mut n = self.indent * INDENT;
        while n > 0 {
            let chunk = n.min(SPACES.len());
            self.out.push_str(&SPACES[..chunk]);
            n -= chunk;
        }
        self.col = self.indent * INDENT;
        self.fresh_line = true;
    }

    /// Ends a statement's line: undoes its extra indents and breaks the line, unless
    /// `toks[i]` is the last token (the caller closes the group).
    fn end_line(&mut self, line: &mut Line, toks: &[Tok], i: usize) {
        self.indent -= usize::from(line.chain) + usize::from(line.arm_wrapped);
        *line = Line::default();
        if i + 1 < toks.len() {
            self.newline();
        }
    }

    /// Prints a sequence; `trailing` is the width of what follows it on its last line (the
    /// closing delimiters of groups printed on one line around it).
    fn seq(&mut self, toks: &[Tok], mode: Mode, trailing: usize) {
        let mut sp = Spacer::default();
        let mut line = Line::default();
        let mut at_statement_start = true;
        for (i, tok) in toks.iter().enumerate() {
            if at_statement_start && mode != Mode::Flat {
                let (links, from) = chain_links(&toks[i..]);
                line.chain = links >= 2 && self.col + line_width(&toks[i..], sp.clone(), Until::ElementEnd).0 > MARGIN;
                line.chain_from = i + from;
                self.indent += usize::from(line.chain);
            }
            at_statement_start = false;
            if line.chain && matches!(tok, Tok::Group(g) if g.is_block(sp.block_next)) {
                // The block after a broken chain (`match a\n.b()\n.c() {`) is indented
                // like the statement.
                self.indent -= 1;
                line.chain = false;
            }
            if let Tok::Doc { inner, text } = tok {
                if !self.fresh_line {
                    self.newline();
                }
                self.write(if *inner { "//!" } else { "///" });
                self.write(text);
                // Nothing may follow a comment on its line, even in a group on one line.
                if mode == Mode::Flat && i + 1 == toks.len() {
                    self.newline();
                }
                self.end_line(&mut line, toks, i);
                at_statement_start = true;
                sp = Spacer::default();
                continue;
            }
            let chain_break = line.chain
                && i > line.chain_from
                && matches!(tok, Tok::Op("."))
                && matches!(toks.get(i - 1), Some(Tok::Group(g)) if g.delim == Delim::Paren);
            if chain_break {
                self.newline();
            } else if sp.space_before(tok) {
                self.write(" ");
            }
            let block_next = sp.block_next;
            let attribute = sp.attribute;
            let ends_element = sp.ends_element(tok);
            match tok {
                Tok::Group(g) => {
                    let after_path = matches!(toks.get(i.wrapping_sub(1)), Some(Tok::Op("::")));
                    let mut after = sp.clone();
                    after.step(tok);
                    // Nothing follows an attribute on its line.
                    let tail = match line_width(&toks[i + 1..], after, Until::BreakPoint { chain: line.chain }) {
                        _ if attribute => 0,
                        (width, true) => width,
                        (width, false) => width + if mode == Mode::Flat { trailing } else { 0 },
                    };
                    self.print_group(g, block_next, after_path, tail);
                }
                Tok::Op(s) => self.write(s),
                Tok::Word(s, _) | Tok::Lifetime(s) => self.write(s),
                Tok::Lit(s) => self.write_literal(s),
                Tok::Doc { .. } => unreachable!("printed above"),
            }
            sp.step(tok);
            if mode == Mode::Flat {
                continue;
            }
            if matches!(tok, Tok::Op("=>")) && !line.arm_wrapped && self.wrap_arm(&toks[i + 1..], &sp) {
                line.arm_wrapped = true;
                self.indent += 1;
                self.newline();
                sp = Spacer { block_next: sp.block_next, ..Spacer::default() };
                continue;
            }
            let ends_line = match tok {
                Tok::Op(";") => mode == Mode::Block,
                Tok::Op(",") => ends_element,
                Tok::Group(g) if g.delim == Delim::Bracket && attribute => true,
                Tok::Group(g) if g.is_block(block_next) => {
                    !matches!(toks.get(i + 1), Some(Tok::Op("," | ";" | "." | "?")))
                        && !matches!(toks.get(i + 1), Some(Tok::Word(w, _)) if w == "else")
                }
                _ => false,
            };
            if ends_line {
                self.end_line(&mut line, toks, i);
                at_statement_start = true;
                sp = Spacer::default();
            }
        }
        self.indent -= usize::from(line.chain) + usize::from(line.arm_wrapped);
    }

    /// Whether a match arm's body (`body`, after `=>`) goes on the next line: when all of
    /// it fits there but not here, or when not even its start fits here.
    fn wrap_arm(&self, body: &[Tok], sp: &Spacer) -> bool {
        let (whole, _) = line_width(body, sp.clone(), Until::ElementEnd);
        let (start, _) = line_width(body, sp.clone(), Until::BreakPoint { chain: false });
        let next_line = (self.indent + 1) * INDENT;
        (self.col + 1 + whole > MARGIN && next_line + whole <= MARGIN) || self.col + 1 + start > MARGIN
    }

    /// Prints a group; `tail` is the width of what must follow it on the same line.
    fn print_group(&mut self, g: &Group, block: bool, after_path: bool, tail: usize) {
        let (open, close) = delimiters(g.delim);
        if g.toks.is_empty() {
            self.write(open);
            self.write(close);
            return;
        }
        let fits = |width: usize| self.col + width + tail <= MARGIN;
        match g.delim {
            Delim::Brace if !block && g.flat.is_some_and(fits) => {
                // `use a::{b, c}` keeps its braces tight, like rustfmt.
                self.write(if after_path { "{" } else { "{ " });
                self.seq(&g.toks, Mode::Flat, tail + 2);
                self.write(if after_path { "}" } else { " }" });
            }
            Delim::Brace => self.broken(g, Mode::Block),
            _ if g.flat.is_some_and(fits) || (g.flat.is_none() && g.breaks_in_last && fits(g.head)) || g.last_group_head.is_some_and(fits) => {
                self.write(open);
                self.seq(&g.toks, Mode::Flat, tail + close.len());
                self.write(close);
            }
            _ => self.broken(g, Mode::List),
        }
    }

    fn broken(&mut self, g: &Group, mode: Mode) {
        let (open, close) = delimiters(g.delim);
        self.write(open);
        self.indent += 1;
        self.newline();
        self.seq(&g.toks, mode, 0);
        self.indent -= 1;
        self.newline();
        self.write(close);
    }
}

/// Where [`line_width`] stops measuring.
#[derive(Debug, Clone, Copy)]
enum Until {
    /// The end of the statement or list element (its `;` or `,` included), or its first block.
    ElementEnd,
    /// The first place the line can break: also a group that can break (through its
    /// opening delimiter), a match arm's `=>` or, in a broken method chain, the next `.`.
    BreakPoint { chain: bool },
}

/// Width of `toks` on one line, from the spacing state `sp`, up to `until`; and whether
/// it stopped before the end of `toks`.
fn line_width(toks: &[Tok], mut sp: Spacer, until: Until) -> (usize, bool) {
    let mut width = 0;
    for tok in toks {
        if let Until::BreakPoint { chain } = until {
            match tok {
                Tok::Op(".") if chain => return (width, true),
                Tok::Op("=>") => return (width + 3, true),
                Tok::Group(g) if g.delim != Delim::Brace && !g.toks.is_empty() => return (width + 1, true),
                _ => {}
            }
        }
        if sp.space_before(tok) {
            width += 1;
        }
        match token_width(tok, sp.block_next) {
            Some(w) => width += w,
            None => return (width + head_width(tok), true),
        }
        if sp.ends_element(tok) {
            return (width, true);
        }
        sp.step(tok);
    }
    (width, false)
}

/// How many `.name(` calls follow a call in the last operand of the statement starting at
/// `toks[0]`, and the index where that operand starts.
fn chain_links(toks: &[Tok]) -> (usize, usize) {
    let (mut links, mut from) = (0, 0);
    for (i, w) in toks.windows(2).enumerate() {
        match w {
            [Tok::Op(";" | ","), _] => break,
            [Tok::Op("=" | "==" | "!=" | "&&" | "||" | "=>" | "+" | "-" | "<=" | ">=" | "+=" | "-=" | "|" | ".."), _] => {
                (links, from) = (0, i + 1);
            }
            [Tok::Group(g), Tok::Op(".")] if g.delim == Delim::Paren => links += 1,
            [Tok::Group(g), _] if g.delim == Delim::Brace => break,
            _ => {}
        }
    }
    (links, from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::CrateSettings;
    use crate::select::Operations;
    use crate::tokens::toks;
    use std::path::Path;

    /// Text as `proc_macro2` lexes it, in the emitters' token type.
    fn lexed(text: &str) -> Tokens {
        fn convert(stream: proc_macro2::TokenStream, out: &mut Tokens) {
            use proc_macro2::TokenTree;
            for tree in stream {
                match tree {
                    TokenTree::Group(g) => {
                        let delim = match g.delimiter() {
                            proc_macro2::Delimiter::Parenthesis => Some(Delimiter::Paren),
                            proc_macro2::Delimiter::Bracket => Some(Delimiter::Bracket),
                            proc_macro2::Delimiter::Brace => Some(Delimiter::Brace),
                            proc_macro2::Delimiter::None => None,
                        };
                        if let Some(d) = delim {
                            out.push(Token::Open(d));
                        }
                        convert(g.stream(), out);
                        if let Some(d) = delim {
                            out.push(Token::Close(d));
                        }
                    }
                    TokenTree::Punct(p) => out.punct(p.as_char(), p.spacing() == proc_macro2::Spacing::Joint),
                    TokenTree::Ident(i) => out.push(Token::Word(Cow::Owned(i.to_string()))),
                    TokenTree::Literal(l) => out.push(Token::Literal(Cow::Owned(l.to_string()))),
                }
            }
        }
        let stream: proc_macro2::TokenStream = text.parse().unwrap_or_else(|e| panic!("does not lex: {e:?}\n{text}"));
        let mut out = Tokens::new();
        convert(stream, &mut out);
        out
    }

    /// Tokens as the compiler sees them: punctuation by character (whether `<` and `::`
    /// touch does not matter), string literals by value (a `///` comment lexes to a plain
    /// string where the emitter wrote a raw one), negative numbers as `-` and the number
    /// (which is what they are unless an emitter calls a method on one: `-1.abs()`).
    fn normalized(tokens: Tokens) -> Vec<String> {
        let mut out = Vec::new();
        for token in tokens.into_flat() {
            match token {
                Token::Open(d) => out.push(crate::tokens::delimiters(d).0.to_string()),
                Token::Close(d) => out.push(crate::tokens::delimiters(d).1.to_string()),
                Token::Punct(c, _) => out.push(c.to_string()),
                Token::Puncts(run) => out.extend(run.chars().map(String::from)),
                Token::Word(w) => out.push(w.into_owned()),
                Token::Literal(l) => out.extend(literal(&l)),
                Token::Doc { inner, text } => {
                    out.push("#".to_string());
                    if inner {
                        out.push("!".to_string());
                    }
                    out.extend(["[", "doc", "="].map(str::to_string));
                    out.push(format!("{text:?}"));
                    out.push("]".to_string());
                }
                Token::Splice(_) => unreachable!("`Flat` opens splices"),
            }
        }
        out
    }

    fn literal(text: &str) -> Vec<String> {
        let text = text.to_string();
        if let Some(number) = text.strip_prefix('-') {
            return vec!["-".to_string(), number.to_string()];
        }
        let value = match text.strip_prefix('r') {
            Some(raw) => raw.trim_matches('#').strip_prefix('"').and_then(|t| t.strip_suffix('"')).map(str::to_string),
            None => text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).and_then(unescape),
        };
        vec![value.map_or(text, |v| format!("{v:?}"))]
    }

    fn assert_same_tokens(name: &str, want: Tokens, got: Tokens) {
        let (want, got) = (normalized(want), normalized(got));
        if let Some(i) = (0..want.len().max(got.len())).find(|&i| want.get(i) != got.get(i)) {
            panic!("{name}: token {i} differs: {:?} printed as {:?}", &want[i.saturating_sub(5)..(i + 5).min(want.len())], &got[i.saturating_sub(5)..(i + 5).min(got.len())]);
        }
    }

    /// Streams lexed from text mark punctuation spacing as the lexer does (`&'a`, `>>`),
    /// not as `toks!` does; they print back to the same tokens too.
    #[test]
    fn lexed_streams_print_back_to_the_same_tokens() {
        for source in [
            "fn f<'a>(x: &'a str, y: &&'static [u8]) -> &'a str { x }",
            "impl<T> X for Y<T> where T: Clone { fn g(&self) -> Vec<Vec<u8>> { vec![vec![]] } }",
            "fn h() { let a = b && !c || &&d == *e; x.y()?.z::<u8>(); let r = 0..=n; }",
            "#![doc = \"inner\"] #[doc = \"/not a doc comment\"] #[doc = \"\\u{202e} bidi\"] struct S;",
        ] {
            let tokens = lexed(source);
            let text = file(tokens.clone());
            assert_same_tokens(source, tokens, lexed(&text));
        }
    }

    #[test]
    fn docs_that_a_comment_cannot_say_stay_attributes() {
        let text = file(toks! {
            #[doc = "/ four slashes would make this a plain comment"]
            #[doc = "\u{202e} rustc rejects text-direction characters in comments"]
            #[doc = " plain text"]
            struct S;
        });
        assert_eq!(text.matches("#[doc = ").count(), 2, "{text}");
        assert!(text.contains("/// plain text\n"), "{text}");
    }

    /// Docs from the model arrive as text (`Token::Doc`), not as attribute tokens.
    #[test]
    fn doc_text_prints_as_comments_or_attributes() {
        let mut tokens = crate::emit::doc("plain text\n\u{202e} text-direction\n\nsays \"hi\"");
        tokens.append(toks!(struct S;));
        let text = file(tokens.clone());
        assert_eq!(text, "/// plain text\n#[doc = \" \\u{202e} text-direction\"]\n///\n/// says \"hi\"\nstruct S;\n");
        assert_same_tokens("docs", tokens, lexed(&text));
    }

    #[test]
    fn long_calls_break_inside_the_last_argument() {
        let text = file(toks! {
            fn f() -> Result<Endpoint, EndpointError> {
                return Err(EndpointError::new("Invalid Configuration: FIPS and custom endpoint are not supported, as it happens"));
            }
        });
        assert!(text.contains("    return Err(EndpointError::new(\n        \"Invalid"), "{text}");
        assert!(text.contains("\n    ));\n"), "{text}");
    }

    #[test]
    fn long_generics_break_like_lists_and_comparisons_stay_operators() {
        let text = file(toks! {
            struct S {
                field_with_a_long_name: ::std::option::Option<::std::collections::BTreeMap<::std::string::String, ::std::string::String>>,
            }
            fn f(a: u8, b: u8) -> bool { Self::MAX < a && b > 2 }
        });
        assert!(text.contains("Option<::std::collections::BTreeMap<\n        ::std::string::String,\n"), "{text}");
        assert!(text.contains("Self::MAX < a && b > 2"), "{text}");
    }

    /// Every generated Rust file of `model` (all operations), printed and lexed again,
    /// has the emitters' tokens.
    fn assert_round_trip(model: &Path) {
        let bytes = std::fs::read(model).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
        let model = crate::loader::load_json(&bytes).expect("loads");
        let options = crate::Options {
            service: None,
            operations: Operations::All,
            crate_settings: CrateSettings { name: "x".into(), version: "0.1.0".into(), description: "x".into() },
            command: String::new(),
            model_name: String::new(),
        };
        let krate = crate::lower(&model, &options).expect("lowers");
        let plan = crate::Plan::of(&krate);
        for (name, emit) in crate::rust_jobs(&krate, &plan, &options.crate_settings) {
            let tokens = emit().expect("emits");
            let text = file(tokens.clone());
            assert_same_tokens(&name, tokens, lexed(&text));
        }
    }

    #[test]
    fn printed_files_lex_back_to_the_emitted_tokens() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        assert_round_trip(&root.join("models/cognito-identity-provider.json"));
        for model in ["upstream/cognito-identity-provider-2016-04-18.json", "other/dynamodb-2012-08-10.json", "other/kms-2014-11-01.json"] {
            assert_round_trip(&root.join("../shared/models").join(model));
        }
    }

    #[test]
    fn items_blocks_and_docs() {
        let text = file(toks! {
            #![doc = " Module docs."]
            #[doc = " A thing."]
            #[derive(Debug, Clone)]
            pub struct Thing<'a> { pub name: &'a str, pub tags: ::std::vec::Vec<::std::string::String>, }
            impl<'a> Thing<'a> {
                pub fn new(name: &'a str) -> Self { Thing { name, tags: ::std::vec::Vec::new() } }
                fn check(&self) -> bool { if self.name.len() < 3 && !self.tags.is_empty() { return false; } else { true } }
            }
        });
        assert_eq!(
            text,
            "//! Module docs.\n\
             /// A thing.\n\
             #[derive(Debug, Clone)]\n\
             pub struct Thing<'a> {\n    pub name: &'a str,\n    pub tags: ::std::vec::Vec<::std::string::String>,\n}\n\
             impl<'a> Thing<'a> {\n    pub fn new(name: &'a str) -> Self {\n        Thing { name, tags: ::std::vec::Vec::new() }\n    }\n    \
             fn check(&self) -> bool {\n        if self.name.len() < 3 && !self.tags.is_empty() {\n            return false;\n        } else {\n            true\n        }\n    }\n}\n"
        );
    }
}

//! The emitters' output: Rust tokens in one flat list, groups marked by their delimiters.
//!
//! The emitters write templates with [`toks!`] (`quote!`'s syntax); [`format`](mod@crate::format)
//! prints the list. Words and literals written in a template are static strings, so
//! building a file allocates little beyond the list itself.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

pub use codegen_macros::toks;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Paren,
    Bracket,
    Brace,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// An identifier or keyword; a raw identifier keeps its `r#`.
    Word(Cow<'static, str>),
    /// A literal, as written.
    Literal(Cow<'static, str>),
    /// A punctuation character; `joint` when the next one is written right after it, as
    /// in `::` or `=>`.
    Punct(char, bool),
    /// Punctuation characters written together in a template (`::`, `=>`, `&&`), never
    /// a lifetime's `'`: the same as `Punct`s joined but for the last.
    Puncts(&'static str),
    Open(Delimiter),
    Close(Delimiter),
    /// A `#[doc = "..."]` attribute (`#![doc = ...]` when `inner`), kept as its text so
    /// that the printer can write it as a comment without escaping and unescaping it.
    Doc { inner: bool, text: Cow<'static, str> },
    /// Another list's tokens, in place: splicing a list in is then one push, however long
    /// it is. Never empty.
    Splice(Vec<Token>),
}

/// A sequence of tokens, whose groups are balanced.
#[derive(Debug, Clone, Default)]
pub struct Tokens(Vec<Token>);

impl Tokens {
    pub fn new() -> Tokens {
        Tokens(Vec::new())
    }

    pub fn with_capacity(capacity: usize) -> Tokens {
        Tokens(Vec::with_capacity(capacity))
    }

    pub fn word(&mut self, word: &'static str) {
        self.0.push(Token::Word(Cow::Borrowed(word)));
    }

    pub fn literal(&mut self, literal: &'static str) {
        self.0.push(Token::Literal(Cow::Borrowed(literal)));
    }

    pub fn punct(&mut self, c: char, joint: bool) {
        self.0.push(Token::Punct(c, joint));
    }

    pub fn puncts(&mut self, run: &'static str) {
        self.0.push(Token::Puncts(run));
    }

    pub fn open(&mut self, delimiter: Delimiter) {
        self.0.push(Token::Open(delimiter));
    }

    pub fn close(&mut self, delimiter: Delimiter) {
        self.0.push(Token::Close(delimiter));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push(&mut self, token: Token) {
        match token {
            Token::Splice(inner) if inner.is_empty() => {}
            token => self.0.push(token),
        }
    }

    /// Moves `more` in at the end.
    pub fn append(&mut self, more: Tokens) {
        match more.0.len() {
            0 => {}
            1 => self.0.extend(more.0),
            _ => self.0.push(Token::Splice(more.0)),
        }
    }

    /// The tokens in order, splices opened.
    pub fn into_flat(self) -> Flat {
        Flat { stack: vec![self.0.into_iter()] }
    }

    /// The identifier, when these tokens are just one.
    pub fn as_word(&self) -> Option<&str> {
        fn single(tokens: &[Token]) -> Option<&str> {
            match tokens {
                [Token::Word(w)] => Some(w),
                [Token::Splice(inner)] => single(inner),
                _ => None,
            }
        }
        single(&self.0)
    }

    /// The tokens in order, splices opened, by reference.
    fn flat_refs(&self) -> Vec<&Token> {
        fn walk<'a>(tokens: &'a [Token], out: &mut Vec<&'a Token>) {
            for token in tokens {
                match token {
                    Token::Splice(inner) => walk(inner, out),
                    _ => out.push(token),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.0, &mut out);
        out
    }
}

/// An iterator over tokens with splices opened, which can look one token ahead.
pub struct Flat {
    /// The lists being read, innermost last.
    stack: Vec<std::vec::IntoIter<Token>>,
}

impl Flat {
    /// The next token, not a splice.
    pub fn peek(&mut self) -> Option<&Token> {
        loop {
            let top = self.stack.last_mut()?;
            match top.as_slice().first() {
                None => {
                    self.stack.pop();
                }
                Some(Token::Splice(_)) => {
                    if let Some(Token::Splice(inner)) = top.next() {
                        self.stack.push(inner.into_iter());
                    }
                }
                Some(_) => return self.stack.last()?.as_slice().first(),
            }
        }
    }

    pub fn next_if(&mut self, pred: impl FnOnce(&Token) -> bool) -> Option<Token> {
        if pred(self.peek()?) {
            self.next()
        } else {
            None
        }
    }
}

impl Iterator for Flat {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            match self.stack.last_mut()?.next() {
                Some(Token::Splice(inner)) => self.stack.push(inner.into_iter()),
                Some(token) => return Some(token),
                None => {
                    self.stack.pop();
                }
            }
        }
    }
}

impl Extend<Tokens> for Tokens {
    fn extend<I: IntoIterator<Item = Tokens>>(&mut self, iter: I) {
        for tokens in iter {
            self.append(tokens);
        }
    }
}

impl FromIterator<Tokens> for Tokens {
    fn from_iter<I: IntoIterator<Item = Tokens>>(iter: I) -> Tokens {
        let mut all = Tokens::new();
        all.extend(iter);
        all
    }
}

/// Tokens as Rust source on one line, spaced as `proc_macro2` spaces `quote!`'s tokens:
/// a space between any two, except inside an operator or a lifetime, and with a space
/// inside non-empty braces.
impl fmt::Display for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tokens = self.flat_refs();
        // At the start of a group; after a lifetime's `'`.
        let (mut first, mut glued) = (true, false);
        let mut i = 0;
        while i < tokens.len() {
            if let Token::Close(d) = tokens[i] {
                if *d == Delimiter::Brace && !first {
                    f.write_char(' ')?;
                }
                f.write_char(delimiters(*d).1)?;
                (first, glued, i) = (false, false, i + 1);
                continue;
            }
            if !first && !glued {
                f.write_char(' ')?;
            }
            (first, glued) = (false, false);
            match tokens[i] {
                Token::Word(s) | Token::Literal(s) => f.write_str(s)?,
                Token::Doc { inner, text } => {
                    let bang = if *inner { " !" } else { "" };
                    write!(f, "#{bang} [doc = {}]", Literal::string(text).0)?;
                }
                Token::Open(d) => {
                    f.write_char(delimiters(*d).0)?;
                    if *d == Delimiter::Brace {
                        f.write_char(' ')?;
                    }
                    first = true;
                }
                Token::Punct('\'', true) => {
                    f.write_char('\'')?;
                    glued = true;
                }
                Token::Punct(c, joint) => {
                    let mut chars = vec![*c as u8];
                    let mut joint = *joint;
                    while let (true, Some(Token::Punct(next, next_joint))) = (joint, tokens.get(i + 1).copied()) {
                        if *next == '\'' {
                            break;
                        }
                        chars.push(*next as u8);
                        joint = *next_joint;
                        i += 1;
                    }
                    write_operators(f, &chars)?;
                }
                Token::Puncts(run) => write_operators(f, run.as_bytes())?,
                Token::Close(_) | Token::Splice(_) => unreachable!("handled above, or opened"),
            }
            i += 1;
        }
        Ok(())
    }
}

/// Punctuation written together, as the operators it makes, a space between each.
fn write_operators(f: &mut fmt::Formatter<'_>, chars: &[u8]) -> fmt::Result {
    let mut rest = chars;
    while !rest.is_empty() {
        let op = crate::format::operator(rest);
        if rest.len() < chars.len() {
            f.write_char(' ')?;
        }
        f.write_str(op)?;
        rest = &rest[op.len()..];
    }
    Ok(())
}

pub fn delimiters(delimiter: Delimiter) -> (char, char) {
    match delimiter {
        Delimiter::Paren => ('(', ')'),
        Delimiter::Bracket => ('[', ']'),
        Delimiter::Brace => ('{', '}'),
    }
}

/// What `#var` splices into a template.
pub trait ToTokens {
    fn to_tokens(&self, out: &mut Tokens);
}

impl ToTokens for Tokens {
    fn to_tokens(&self, out: &mut Tokens) {
        out.0.extend_from_slice(&self.0);
    }
}

impl<T: ToTokens + ?Sized> ToTokens for &T {
    fn to_tokens(&self, out: &mut Tokens) {
        (**self).to_tokens(out);
    }
}

impl<T: ToTokens + ?Sized> ToTokens for &mut T {
    fn to_tokens(&self, out: &mut Tokens) {
        (**self).to_tokens(out);
    }
}

impl<T: ToTokens + ?Sized> ToTokens for Box<T> {
    fn to_tokens(&self, out: &mut Tokens) {
        (**self).to_tokens(out);
    }
}

/// Nothing when `None`.
impl<T: ToTokens> ToTokens for Option<T> {
    fn to_tokens(&self, out: &mut Tokens) {
        if let Some(t) = self {
            t.to_tokens(out);
        }
    }
}

/// Text splices as a string literal.
impl ToTokens for str {
    fn to_tokens(&self, out: &mut Tokens) {
        Literal::string(self).to_tokens(out);
    }
}

impl ToTokens for String {
    fn to_tokens(&self, out: &mut Tokens) {
        self.as_str().to_tokens(out);
    }
}

impl ToTokens for bool {
    fn to_tokens(&self, out: &mut Tokens) {
        out.word(if *self { "true" } else { "false" });
    }
}

/// Integers splice with their type as suffix (`3usize`), as with `quote!`.
macro_rules! suffixed_integers {
    ($($t:ty)*) => {$(
        impl ToTokens for $t {
            fn to_tokens(&self, out: &mut Tokens) {
                out.0.push(Token::Literal(Cow::Owned(format!(concat!("{}", stringify!($t)), self))));
            }
        }
    )*};
}
suffixed_integers!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);

/// An identifier made at run time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    /// `name` must be an identifier, `r#` included for a raw one.
    pub fn new(name: impl Into<String>) -> Ident {
        Ident(name.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ToTokens for Ident {
    fn to_tokens(&self, out: &mut Tokens) {
        out.0.push(Token::Word(Cow::Owned(self.0.clone())));
    }
}

/// A literal made at run time, spelled as `proc_macro2` spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal(String);

impl Literal {
    /// A string literal, escaped as `str::escape_debug` does, except that `'` is left as
    /// it is and a NUL before a digit is written `\x00`.
    pub fn string(s: &str) -> Literal {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            match c {
                ' '..='~' if c != '"' && c != '\\' => out.push(c),
                '\0' if chars.as_str().starts_with(|n: char| n.is_ascii_digit() && n < '8') => out.push_str("\\x00"),
                _ => out.extend(c.escape_debug()),
            }
        }
        out.push('"');
        Literal(out)
    }

    /// A byte string literal: printable ASCII as is, the usual escapes, `\xNN` otherwise.
    pub fn byte_string(bytes: &[u8]) -> Literal {
        let mut out = String::from("b\"");
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\0' if matches!(bytes.get(i + 1), Some(b'0'..=b'7')) => out.push_str("\\x00"),
                b'\0' => out.push_str("\\0"),
                b'\t' => out.push_str("\\t"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b' '..=b'~' => out.push(b as char),
                _ => {
                    let _ = write!(out, "\\x{b:02X}");
                }
            }
        }
        out.push('"');
        Literal(out)
    }

    pub fn usize_unsuffixed(n: usize) -> Literal {
        Literal(n.to_string())
    }

    pub fn i32_unsuffixed(n: i32) -> Literal {
        Literal(n.to_string())
    }

    pub fn i64_unsuffixed(n: i64) -> Literal {
        Literal(n.to_string())
    }

    pub fn f32_suffixed(f: f32) -> Literal {
        Literal(format!("{f}f32"))
    }

    pub fn f64_suffixed(f: f64) -> Literal {
        Literal(format!("{f}f64"))
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ToTokens for Literal {
    fn to_tokens(&self, out: &mut Tokens) {
        out.0.push(Token::Literal(Cow::Owned(self.0.clone())));
    }
}

/// How `#var` splices: method resolution picks `Owned` for a `Tokens` value, which is
/// moved in, and `Copied` for anything else (references included), which is copied.
pub mod splice {
    use super::{ToTokens, Tokens};

    pub trait Owned {
        fn splice_into(self, out: &mut Tokens);
    }

    impl Owned for Tokens {
        fn splice_into(self, out: &mut Tokens) {
            out.append(self);
        }
    }

    pub trait Copied {
        fn splice_into(&self, out: &mut Tokens);
    }

    impl<T: ToTokens + ?Sized> Copied for T {
        fn splice_into(&self, out: &mut Tokens) {
            self.to_tokens(out);
        }
    }
}

/// What `#( ... )*` iterates: see the `toks!` documentation. Method resolution picks
/// `IterItems` for iterators (taken by value), `Same` for single values (repeated, as
/// `quote!` does) and `Items` for anything that derefs to a slice (borrowed). Each also
/// says whether it ends (`Iterates`) or not (`Repeats`); `toks!` combines them with
/// `|` and requires `Iterates`, so that a repetition of single values does not compile.
pub mod repeat {
    use super::ToTokens;

    /// A variable that runs out.
    pub struct Iterates;

    /// A variable repeated forever.
    pub struct Repeats;

    impl std::ops::BitOr<Iterates> for Repeats {
        type Output = Iterates;
        fn bitor(self, _: Iterates) -> Iterates {
            Iterates
        }
    }

    impl std::ops::BitOr<Repeats> for Repeats {
        type Output = Repeats;
        fn bitor(self, _: Repeats) -> Repeats {
            Repeats
        }
    }

    impl<T> std::ops::BitOr<T> for Iterates {
        type Output = Iterates;
        fn bitor(self, _: T) -> Iterates {
            Iterates
        }
    }

    pub trait Same: ToTokens {
        fn repeat_items(&self) -> (std::iter::Repeat<&Self>, Repeats) {
            (std::iter::repeat(self), Repeats)
        }
    }

    impl<T: ToTokens> Same for T {}

    pub trait IterItems: Iterator + Sized {
        fn repeat_items(self) -> (Self, Iterates) {
            (self, Iterates)
        }
    }

    impl<I: Iterator> IterItems for I {}

    pub trait Items<T> {
        fn repeat_items(&self) -> (std::slice::Iter<'_, T>, Iterates);
    }

    impl<T> Items<T> for [T] {
        fn repeat_items(&self) -> (std::slice::Iter<'_, T>, Iterates) {
            (self.iter(), Iterates)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_spelled_as_proc_macro2_spells_them() {
        let texts = ["plain", "quote \" and \\ and ' and \n\t\r", "nul\0 then \x007", "é ñ \u{200b} \u{7f} \u{301}x 😀", ""];
        for text in texts {
            assert_eq!(Literal::string(text).0, proc_macro2::Literal::string(text).to_string(), "{text:?}");
        }
        let bytes: Vec<u8> = (0..=255).chain([0, b'1']).collect();
        assert_eq!(Literal::byte_string(&bytes).0, proc_macro2::Literal::byte_string(&bytes).to_string());
        for f in [0.0, 1.5, -2.0, 1e30, 3.25e-10] {
            assert_eq!(Literal::f64_suffixed(f * 1e200).0, proc_macro2::Literal::f64_suffixed(f * 1e200).to_string());
            assert_eq!(Literal::f32_suffixed(f as f32).0, proc_macro2::Literal::f32_suffixed(f as f32).to_string());
        }
    }

    #[test]
    fn templates_splice_repeat_and_separate() {
        let name = Ident::new("Thing");
        let fields: Vec<Ident> = ["a", "r#type"].into_iter().map(Ident::new).collect();
        let types = ["u8", "String"].iter().map(|t| Ident::new(*t));
        let n = 3usize;
        let doc = "say \"hi\"";
        let tokens = toks! {
            #[doc = #doc]
            struct #name { #(#fields: #types),* }
            const N: usize = #n;
            fn f<'a>(x: &'a str) -> bool { x::y == #(#fields)|* }
        };
        let text = tokens.to_string();
        assert_eq!(
            text,
            "# [doc = \"say \\\"hi\\\"\"] struct Thing { a : u8 , r#type : String } const N : usize = 3usize ; \
             fn f < 'a > (x : & 'a str) -> bool { x :: y == a | r#type }"
        );
        // Spelled as `proc_macro2` spells the same tokens.
        assert_eq!(text, text.parse::<proc_macro2::TokenStream>().unwrap().to_string());
        // The vector was borrowed, not consumed.
        assert_eq!(fields.len(), 2);

        // A `Tokens` value is moved in; a reference is copied, and can be spliced again.
        let owned = toks!(a::b);
        let shared = &toks!(c);
        let items = [toks!(x), toks!(y)];
        let tokens = toks!(#owned #shared #shared #(#items)+* #(#items)-*);
        assert_eq!(tokens.to_string(), "a :: b c c x + y x - y");

        // A `#(...)` not followed by a separator and `*` is not a repetition; a raw
        // identifier can be repeated.
        let c = Ident::new("c");
        let r#type = [Ident::new("u8"), Ident::new("u16")];
        let tokens = toks!(let q = #(#c) + 2 * 3; #(#r#type)=>*);
        assert_eq!(tokens.to_string(), "let q = # (c) + 2 * 3 ; u8 => u16");
    }
}

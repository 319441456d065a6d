//! Smithy IDL (2.0, and 1.0 as written) -> JSON AST pieces, so that everything after
//! parsing (prelude, mixins, `apply`, the 1.0 upgrade, validation) is the loader's job.
//!
//! Relative shape ids resolve against the set of shapes every file defines, so a
//! caller parses each file twice: once with an empty set to learn what it defines
//! ([`Parsed::shapes`]' keys), then with the union of all files' definitions.

mod bodies;
mod cursor;
mod node;
mod parser;
mod prelude;

pub use cursor::{Pos, SyntaxError};

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One parsed file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// `$version`, `1.0` when the file does not say.
    pub version: String,
    pub metadata: Map<String, Value>,
    /// Absolute shape id -> JSON AST shape body. Elided members have an empty target
    /// until [`Elision`]s are resolved.
    pub shapes: Map<String, Value>,
    /// `apply` statements: target -> traits.
    pub applies: Vec<(String, Map<String, Value>)>,
    pub elisions: Vec<Elision>,
    /// Where each shape and member (`ns#S$m`) is defined.
    pub positions: BTreeMap<String, Pos>,
    /// Where the first `apply` to each target is.
    pub apply_positions: BTreeMap<String, Pos>,
}

/// A `$name` member, whose target comes from the `for` resource or the mixins.
#[derive(Debug, Clone)]
pub struct Elision {
    pub shape: String,
    pub member: String,
    pub resource: Option<String>,
    pub mixins: Vec<String>,
    pub pos: Pos,
}

/// Parses one file; `known` holds every shape id defined across the model's files, or
/// is `None` for the first pass (ids then resolve provisionally and are not checked).
pub fn parse(src: &str, known: Option<&BTreeSet<String>>) -> Result<Parsed, SyntaxError> {
    parser::parse(src, known)
}

impl Parsed {
    /// The file as a JSON AST document (without its `apply` statements).
    pub fn to_ast(&self) -> Value {
        json!({ "smithy": self.version, "metadata": self.metadata, "shapes": self.shapes })
    }
}

impl SyntaxError {
    /// The error as the generator reports it: `file:line:col: message`, then the
    /// source line with a caret under the offending text.
    pub fn into_error(self, file: &str, src: &str) -> crate::Error {
        located(
            file,
            src,
            self.pos,
            self.len,
            crate::Error::new(self.message),
        )
    }
}

/// Adds `file:line:col` and the source snippet at `pos` to an error.
pub fn located(file: &str, src: &str, pos: Pos, len: usize, mut e: crate::Error) -> crate::Error {
    e.location = Some(format!("{file}:{}:{}", pos.line, pos.col));
    // A JSON path means nothing in an IDL file; the line and column replace it.
    e.path = None;
    e.snippet = Some(cursor::snippet(src, pos, len));
    e
}

/// The length of the token at `pos`, for underlining.
pub fn token_len_at(src: &str, pos: Pos) -> usize {
    cursor::token_len(&src[pos.offset..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `src` (in its final pass, with no other files) and returns the error's
    /// line, column and message.
    fn error(src: &str) -> (usize, usize, String) {
        let e = parse(src, Some(&BTreeSet::new())).expect_err(src);
        (e.pos.line, e.pos.col, e.message)
    }

    #[test]
    fn errors_point_at_the_offending_text() {
        let deep = format!(
            "metadata x = {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let cases = [
            (
                "namespace a\nstructure S {\n  x String\n}\n",
                3,
                5,
                "expected `:`",
            ),
            (
                "namespace a\nstrcture S {}\n",
                2,
                1,
                "unknown shape type `strcture`",
            ),
            (
                "namespace a\nstring S string T\n",
                2,
                10,
                "expected a line break",
            ),
            (
                "namespace a\n@length(min: 1, min: 2)\nstring S\n",
                2,
                17,
                "duplicate key `min`",
            ),
            (
                "$version: \"2.0\"\nnamespace a\nstring S\nset L { member: S }\n",
                4,
                1,
                "`set` is not part of Smithy 2.0",
            ),
            (
                "namespace a\n@documentation(\"abc\\q\")\nstring S\n",
                2,
                20,
                "invalid escape `\\q`",
            ),
            (
                "namespace a\n@documentation(\"\\u+041\")\nstring S\n",
                2,
                17,
                "invalid unicode escape",
            ),
            (
                "namespace a\nstructure S {\n  x: String = 1\n}\n",
                3,
                3,
                "default values need",
            ),
            (
                "$version: \"2\"\nnamespace a\n@tags([Nope])\nstring S\n",
                3,
                8,
                "`Nope` does not resolve",
            ),
            (
                "$version: \"2\"\nnamespace a\nstring S\n  with [M]\n",
                4,
                3,
                "unknown shape type `with`",
            ),
            ("$version: \"3\"\n", 1, 11, "unsupported Smithy version"),
            (&deep, 1, 143, "nest more than 128"),
        ];
        for (src, line, col, needle) in cases {
            let (l, c, m) = error(src);
            let src = &src[..src.len().min(80)];
            assert_eq!((l, c), (line, col), "{src:?}: {m}");
            assert!(m.contains(needle), "{src:?}: {m}");
        }
    }

    #[test]
    fn rendered_errors_show_file_line_column_and_a_caret() {
        let src = "namespace a\nstructure S {\n\tx String\n}\n";
        let e = parse(src, None).unwrap_err().into_error("m.smithy", src);
        assert_eq!(
            e.to_string(),
            "m.smithy:3:4: expected `:`, found `String`\n  \tx String\n  \t  ^^^^^^"
        );
    }

    #[test]
    fn relative_ids_prefer_use_then_namespace_then_prelude() {
        let src = "$version: \"2\"\nnamespace a\nuse b#Imported\nstructure S {\n  u: Imported\n  n: String\n  p: Integer\n}\n";
        let known: BTreeSet<String> = ["a#S".to_string(), "a#String".to_string()].into();
        let parsed = parse(src, Some(&known)).unwrap();
        let members = &parsed.shapes["a#S"]["members"];
        assert_eq!(members["u"]["target"], "b#Imported");
        assert_eq!(members["n"]["target"], "a#String");
        assert_eq!(members["p"]["target"], "smithy.api#Integer");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let parsed = parse("\u{feff}$version: \"2\"\nnamespace a\nstring S\n", None).unwrap();
        assert_eq!(parsed.version, "2");
        assert!(parsed.shapes.contains_key("a#S"));
    }

    #[test]
    fn text_blocks_lose_incidental_indentation() {
        let src = "$version: \"2\"\nnamespace a\n@documentation(\"\"\"\n    Hello\n      indented\n    \"\"\")\nstring S\n";
        let parsed = parse(src, None).unwrap();
        assert_eq!(
            parsed.shapes["a#S"]["traits"]["smithy.api#documentation"],
            "Hello\n  indented\n"
        );
    }
}

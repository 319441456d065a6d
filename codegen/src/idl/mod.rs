//! Smithy IDL (2.0, and 1.0 as written) -> JSON AST pieces, so that everything after
//! parsing (prelude, mixins, `apply`, the 1.0 upgrade, validation) is the loader's job.
//!
//! Relative shape ids resolve against the set of shapes every file defines, so a
//! caller parses each file twice: once with an empty set to learn what it defines
//! ([`Parsed::shapes`]' keys), then with the union of all files' definitions.

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

/// Parses one file; `known` holds every shape id defined across the model's files.
pub fn parse(src: &str, known: &BTreeSet<String>) -> Result<Parsed, SyntaxError> {
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
        located(file, src, self.pos, self.len, crate::Error::new(self.message))
    }
}

/// Adds `file:line:col` and the source snippet at `pos` to an error.
pub fn located(file: &str, src: &str, pos: Pos, len: usize, mut e: crate::Error) -> crate::Error {
    e.location = Some(format!("{file}:{}:{}", pos.line, pos.col));
    e.snippet = Some(cursor::snippet(src, pos, len));
    e
}

/// The length of the token at `pos`, for underlining.
pub fn token_len_at(src: &str, pos: Pos) -> usize {
    cursor::token_len(&src[pos.offset..])
}

//! JSON AST model files, parsed with serde_json.

use crate::error::{Error, Result};
use serde_json::{Map, Value};

/// One model file as the loader reads it: a JSON AST document, plus `apply` statements
/// kept apart (an IDL file may apply traits to a shape it defines itself, which one
/// JSON AST `shapes` object cannot hold).
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name, for errors (empty for a lone document).
    pub name: String,
    pub ast: Value,
    /// Target shape or member id -> traits.
    pub applies: Vec<(String, Map<String, Value>)>,
}

/// A JSON AST file's bytes as a JSON value.
pub fn json_ast(bytes: &[u8]) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| Error::new(format!("invalid JSON: {e}")).at("$"))
}

/// A lone JSON AST file's bytes as a document.
pub fn document(bytes: &[u8]) -> Result<Document> {
    Ok(Document {
        name: String::new(),
        ast: json_ast(bytes)?,
        applies: Vec::new(),
    })
}

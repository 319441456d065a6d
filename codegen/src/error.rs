//! The one error type of the generator: every failure names the shape it concerns
//! and, where it comes from the model file, the JSON path of the offending value.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Absolute shape id (`ns#Name` or `ns#Name$member`) the error is about, if any.
    pub shape: Option<String>,
    /// JSON path into the model file (`$.shapes["ns#Name"].members.foo.target`), if any.
    pub path: Option<String>,
    pub message: String,
    /// The file (and for IDL files `:line:col`) the error is in, if known.
    pub location: Option<String>,
    /// The offending source line with a caret under the offending text (IDL files).
    pub snippet: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            shape: None,
            path: None,
            message: message.into(),
            location: None,
            snippet: None,
        }
    }

    pub fn shape(shape: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            shape: Some(shape.into()),
            path: None,
            message: message.into(),
            location: None,
            snippet: None,
        }
    }

    /// Names the file the error is in, unless a more precise location is known.
    pub fn in_file(mut self, file: &str) -> Self {
        if self.location.is_none() && !file.is_empty() {
            self.location = Some(file.to_string());
        }
        self
    }

    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        if let Some(shape) = &self.shape {
            write!(f, "shape `{shape}`: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(path) = &self.path {
            write!(f, " (at {path})")?;
        }
        if let Some(snippet) = &self.snippet {
            write!(f, "\n{snippet}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// JSON path of a shape (or, for `ns#Shape$member`, a member) in the AST file.
pub fn shape_path(id: &str) -> String {
    match id.split_once('$') {
        Some((shape, member)) => format!("$.shapes[{shape:?}].members[{member:?}]"),
        None => format!("$.shapes[{id:?}]"),
    }
}

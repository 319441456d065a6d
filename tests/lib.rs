//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// `../shared`, the reference material beside the checkout.
pub fn shared() -> PathBuf {
    root().parent().expect("parent of the checkout").join("shared")
}

//! Model comparison.

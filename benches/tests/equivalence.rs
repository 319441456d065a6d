//! The benchmarks' precondition, as tests: `cargo test` in this crate.

use benchmarks::equivalence;

#[test]
fn all_serializers_write_the_same_json() {
    equivalence::serialization().unwrap();
}

#[test]
fn all_parsers_read_the_same_values() {
    equivalence::parsing().unwrap();
}

#[test]
fn all_error_parsers_read_the_same_code_and_message() {
    equivalence::error_parsing().unwrap();
}

#[test]
fn a_different_body_is_reported() {
    let err = equivalence::same_json("body", br#"{"A":1,"B":[1,2]}"#, br#"{"A":1,"B":[2,1]}"#).unwrap_err();
    assert!(err.contains("body differs"), "{err}");
    equivalence::same_json("body", br#"{"A":1,"B":{"x":1,"y":2}}"#, br#"{"B":{"y":2,"x":1},"A":1}"#).unwrap();
}

//! Serialize the AdminRespondToAuthChallenge input, parse its response and parse a 400
//! error: the generated crate, the official SDK's codec and serde_json derive, on the same
//! fixtures, after checking that all three agree (`benchmarks::equivalence`).

// Both clients' parse results are timed as the clients return them, large error enums included.
#![allow(clippy::result_large_err)]

use benchmarks::{fixtures, lite, plain, sdk};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::time::Duration;

fn serialize(c: &mut Criterion) {
    let input = fixtures::input().expect("input fixture");
    let ours = lite::input(&input).expect("the generated crate accepts the input");
    let codec = sdk::Codec::default();
    let theirs = sdk::input(&input).expect("the SDK accepts the input");
    let mut group = c.benchmark_group("serialize");
    group.throughput(Throughput::Bytes(fixtures::INPUT_JSON.len() as u64));
    group.bench_function("cognito-idp-lite", |b| b.iter(|| lite::serialize(black_box(&ours)).expect("serializes")));
    group.bench_function("cognito-idp-lite body only", |b| {
        b.iter(|| cognito_idp_lite::operation::admin_respond_to_auth_challenge::serialize_body(black_box(&ours)).expect("serializes"))
    });
    group.bench_function("aws-sdk", |b| b.iter(|| codec.serialize(black_box(&theirs)).expect("serializes")));
    group.bench_function("serde_json derive", |b| b.iter(|| plain::serialize(black_box(&input)).expect("serializes")));
    group.finish();
}

/// One group per response: the success body and the error body.
fn parse(c: &mut Criterion, name: &str, status: u16, body: &'static [u8]) {
    let ours = lite::response(status, body);
    let codec = sdk::Codec::default();
    let theirs = sdk::response(status, body);
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("cognito-idp-lite", |b| b.iter(|| lite::parse(black_box(&ours))));
    group.bench_function("aws-sdk", |b| b.iter(|| codec.parse(black_box(&theirs))));
    if status == 200 {
        group.bench_function("serde_json derive", |b| b.iter(|| plain::parse(black_box(body)).expect("parses")));
    } else {
        group.bench_function("serde_json derive", |b| b.iter(|| plain::parse_error(black_box(body)).expect("parses")));
    }
    group.finish();
}

fn codec(c: &mut Criterion) {
    if let Err(e) = benchmarks::equivalence::check_all() {
        panic!("the fixtures are not equivalent on all sides, nothing timed: {e}");
    }
    serialize(c);
    parse(c, "parse", 200, fixtures::OUTPUT_JSON);
    parse(c, "parse_error", 400, fixtures::ERROR_JSON);
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = codec
}
criterion_main!(benches);

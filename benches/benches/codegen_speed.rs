//! The generator on AWS's whole Cognito model, against the floor of only parsing that file
//! with serde_json into a `Value` (with `preserve_order`, as the generator parses it): once
//! for the operations `models/codegen.json` names (what `cargo xtask codegen` does with
//! `--model` pointing at the upstream file), once for every operation. Also each pipeline
//! stage alone, to see where the time goes.

use codegen::render::{CrateSettings, Header};
use codegen::select::Operations;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn model_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/upstream/cognito-identity-provider-2016-04-18.json")
}

/// The operations `models/codegen.json` names.
fn configured() -> Operations {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models/codegen.json");
    let config = codegen::config::parse(&std::fs::read(path).expect("models/codegen.json")).expect("a valid config");
    Operations::Named(config.operations)
}

fn options(operations: Operations) -> codegen::Options {
    codegen::Options {
        service: None,
        operations,
        crate_settings: CrateSettings {
            name: "cognito-identity-provider-client".into(),
            version: "0.1.0".into(),
            description: "benchmark".into(),
        },
        command: "cargo xtask codegen".into(),
        model_name: "cognito-identity-provider-2016-04-18.json".into(),
    }
}

fn codegen_speed(c: &mut Criterion) {
    let path = model_path();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (../shared must be beside the checkout)", path.display()));
    for (group_name, operations) in [("codegen (configured operations)", configured()), ("codegen (all operations)", Operations::All)] {
        let options = options(operations);
        let files = codegen::generate(&bytes, &options).expect("the upstream model generates");
        let operations = files.keys().filter(|f| f.starts_with("src/operation/") && !f.ends_with("mod.rs")).count();
        let generated: usize = files.values().map(String::len).sum();
        eprintln!("{group_name}: {} bytes of model, {operations} operations, {} files, {generated} bytes generated", bytes.len(), files.len());

        interleaved_ratio(group_name, &bytes, &options);

        let mut group = c.benchmark_group(group_name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.sample_size(10);
        group.bench_function("serde_json::from_slice::<Value>", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("parses"))
        });
        group.bench_function("codegen::generate", |b| b.iter(|| codegen::generate(black_box(&bytes), &options).expect("generates")));

        // The stages of `codegen::generate`, each alone.
        let model = codegen::loader::load_json(&bytes).expect("loads");
        let krate = codegen::lower(&model, &options).expect("lowers");
        let header = Header { command: options.command.clone(), model_name: options.model_name.clone(), model_sha256: "0".repeat(64) };
        group.bench_function("stage load", |b| b.iter(|| codegen::loader::load_json(black_box(&bytes)).expect("loads")));
        group.bench_function("stage select + lower", |b| b.iter(|| codegen::lower(black_box(&model), &options).expect("lowers")));
        group.bench_function("stage emit + format", |b| {
            b.iter(|| codegen::emit_crate(black_box(&krate), &header, &options.crate_settings).expect("emits"))
        });
        group.finish();
    }
}

/// The machine is shared and its speed drifts over seconds, which criterion's one bench
/// after the other takes in: so also time the two in turns, in short runs of calls of one
/// kind, and compare the medians. Each run's first call is left out, so that neither side
/// is timed right after the other has churned the allocator and the caches.
fn interleaved_ratio(group_name: &str, bytes: &[u8], options: &codegen::Options) {
    const TURNS: usize = 60;
    const RUN: usize = 4;
    let (mut parse, mut generate) = (Vec::new(), Vec::new());
    for _ in 0..TURNS {
        for call in 0..RUN {
            let start = Instant::now();
            drop(black_box(serde_json::from_slice::<serde_json::Value>(black_box(bytes)).expect("parses")));
            if call > 0 {
                parse.push(start.elapsed());
            }
        }
        for call in 0..RUN {
            let start = Instant::now();
            drop(black_box(codegen::generate(black_box(bytes), options).expect("generates")));
            if call > 0 {
                generate.push(start.elapsed());
            }
        }
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2].as_secs_f64() * 1e3
    };
    let (parse, generate) = (median(&mut parse), median(&mut generate));
    eprintln!("{group_name}: in turns, medians: serde_json {parse:.2} ms, generate {generate:.2} ms, ratio {:.2}", generate / parse);
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    targets = codegen_speed
}
criterion_main!(benches);

//! The generator on its own terms: snapshots of what it emits, determinism, the freshness
//! gate over `generated/`, vendoring the crate elsewhere, loading every reference model.

use codegen::ir::{Crate, Presence, TyKind};
use codegen::select::Operations;
use std::fmt::Write;
use std::path::Path;
use std::process::Command;
use tests::{config, configured_operations, options, root, shared};

fn project_model() -> Vec<u8> {
    std::fs::read(root().join("models").join(config().model)).unwrap()
}

/// A compact, reviewable listing of the IR: every item, field, type and flag.
fn describe(krate: &Crate) -> String {
    fn ty(t: &codegen::ir::Ty) -> String {
        match &t.kind {
            TyKind::Named { path, .. } => path.clone(),
            TyKind::List { member, sparse } => {
                format!("Vec<{}{}>", if *sparse { "?" } else { "" }, ty(member))
            }
            TyKind::Map { value, sparse, .. } => {
                format!("Map<{}{}>", if *sparse { "?" } else { "" }, ty(value))
            }
            other => format!("{other:?}"),
        }
    }
    let mut out = String::new();
    let s = &krate.service;
    writeln!(
        out,
        "service {} {:?} sigv4={:?}",
        s.target_prefix, s.protocol, s.sigv4_name
    )
    .unwrap();
    for op in &krate.operations {
        writeln!(
            out,
            "operation {} mod={} method={} signed={} in={} out={}",
            op.name, op.module, op.method, op.signed, op.input, op.output
        )
        .unwrap();
        for e in &op.errors {
            writeln!(
                out,
                "  error {} variant={} {}",
                e.id, e.variant, e.predicate
            )
            .unwrap();
        }
    }
    for st in krate.structs.values() {
        let err = st
            .error
            .as_ref()
            .map(|e| format!(" error({:?},{},{})", e.fault, e.status, e.code))
            .unwrap_or_default();
        writeln!(
            out,
            "struct {}::{}{}{}",
            st.module.path(),
            st.name,
            if st.sensitive { " sensitive" } else { "" },
            err
        )
        .unwrap();
        for f in &st.fields {
            let presence = match &f.presence {
                Presence::Optional => "optional".to_string(),
                Presence::Required => "required".to_string(),
                Presence::Default(v) => format!("default={v}"),
            };
            let c = &f.ty.constraints;
            writeln!(
                out,
                "  {} ({}): {} {}{}{}{}{}",
                f.name,
                f.wire,
                ty(&f.ty),
                presence,
                if f.sensitive { " sensitive" } else { "" },
                if f.boxed { " boxed" } else { "" },
                c.length
                    .map(|l| format!(" length={l:?}"))
                    .unwrap_or_default(),
                c.pattern
                    .as_ref()
                    .map(|p| format!(" pattern={p}"))
                    .unwrap_or_default(),
            )
            .unwrap();
        }
    }
    for e in krate.enums.values() {
        let variants: Vec<String> = e
            .variants
            .iter()
            .map(|v| format!("{}={:?}", v.name, v.value))
            .collect();
        writeln!(out, "enum {} [{}]", e.name, variants.join(", ")).unwrap();
    }
    for u in krate.unions.values() {
        let variants: Vec<String> = u
            .variants
            .iter()
            .map(|v| {
                format!(
                    "{}({}){}",
                    v.name,
                    ty(&v.ty),
                    if v.boxed { " boxed" } else { "" }
                )
            })
            .collect();
        writeln!(out, "union {} [{}]", u.name, variants.join(", ")).unwrap();
    }
    out
}

fn lower(model: &[u8], operations: Operations) -> Crate {
    let model = codegen::load_json(model).unwrap();
    codegen::lower(&model, &options(operations, "x")).unwrap()
}

#[test]
fn ir_of_the_four_operations() {
    let krate = lower(&project_model(), configured_operations());
    assert_eq!(krate.operations.len(), 4);
    insta::assert_snapshot!("ir_four_operations", describe(&krate));
}

#[test]
fn ir_of_the_obstacle_course() {
    let model = std::fs::read(root().join("tests/fixtures/models/obstacles.json")).unwrap();
    let krate = lower(&model, Operations::All);
    insta::assert_snapshot!("ir_obstacles", describe(&krate));
}

#[test]
fn emitted_operation_modules() {
    let files = codegen::generate(
        &project_model(),
        &options(configured_operations(), "cognito-idp-lite"),
    )
    .unwrap()
    .files;
    for op in ["admin_reset_user_password", "resend_confirmation_code"] {
        let name = format!("src/operation/{op}.rs");
        insta::assert_snapshot!(format!("emitted_{op}"), files[&name]);
    }
}

#[test]
fn naming_rules_hold_in_the_ir() {
    let model = std::fs::read(root().join("tests/fixtures/models/obstacles.json")).unwrap();
    let krate = lower(&model, Operations::All);
    let input = &krate.structs["example.obstacles#Type$Input"];
    let names: Vec<&str> = input.fields.iter().map(|f| f.name.as_str()).collect();
    // Keywords become raw identifiers or get a suffix; acronyms stay one word; `build`
    // would clash with the builder's method.
    for expected in [
        "r#type",
        "self_value",
        "r#match",
        "unknown",
        "build_value",
        "callback_urls",
        "self_ref",
    ] {
        assert!(names.contains(&expected), "{expected} not in {names:?}");
    }
    assert_eq!(
        krate
            .operations
            .iter()
            .map(|o| o.module.as_str())
            .collect::<Vec<_>>(),
        ["match_", "type_"]
    );
    let region = &krate.enums["example.obstacles#Region"];
    assert_eq!(
        region
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["UsEast1", "UnknownValue", "SelfValue"]
    );
    let value = &krate.unions["example.obstacles#Value"];
    assert!(value.variants.iter().any(|v| v.name == "UnknownValue"));
    assert!(
        value.variants.iter().any(|v| v.name == "Nested" && v.boxed),
        "self-recursive union member is boxed"
    );
    let node = &krate.structs["example.obstacles#Node"];
    assert!(
        node.fields.iter().any(|f| f.name == "next" && f.boxed),
        "recursive structure member is boxed"
    );
    let errors = &krate.structs["example.obstacles#MFAMethodNotFoundException"];
    assert_eq!(errors.name, "MfaMethodNotFoundException");
    // Prelude names are ordinary type names: the generated code uses absolute paths.
    for name in ["String", "Option", "Result", "Box", "SelfValue"] {
        assert!(krate.structs.values().any(|s| s.name == name), "{name}");
    }
}

/// Members whose Rust names coincide take the documented suffix, in member order, instead
/// of refusing a valid model.
#[test]
fn names_that_collide_after_case_conversion_take_a_suffix() {
    let model = br#"{"smithy":"2.0","shapes":{
        "a#Svc":{"type":"service","operations":[{"target":"a#Op"}],"traits":{"aws.protocols#awsJson1_1":{}}},
        "a#Op":{"type":"operation","input":{"target":"a#In"}},
        "a#In":{"type":"structure","members":{"fooBar":{"target":"smithy.api#String"},"foo_bar":{"target":"smithy.api#String"}}}}}"#;
    let krate = lower(model, Operations::All);
    let fields: Vec<(&str, &str)> = krate.structs["a#Op$Input"]
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        fields,
        [("fooBar", "foo_bar"), ("foo_bar", "foo_bar_value")]
    );
}

/// Every Rust scope resolves clashes between model names and the names the generator
/// derives or defines itself, by the documented suffix rule (`tests/fixtures/corpus/
/// names.smithy`; the corpus test compiles and lints it).
#[test]
fn every_rust_scope_resolves_clashes_by_the_suffix_rule() {
    let path = root().join("tests/fixtures/corpus/names.smithy");
    let model = codegen::load_paths(&[path]).unwrap();
    let krate = codegen::lower(&model, &options(Operations::All, "x")).unwrap();
    let id = |name: &str| format!("example.names#{name}");
    let names = |s: &codegen::ir::Struct| (s.name.clone(), s.builder.clone());
    // The model's `FooBuilder` keeps its name; `Foo`'s builder moves.
    assert_eq!(
        names(&krate.structs[&id("Foo")]),
        ("Foo".into(), "FooBuilderValue".into())
    );
    assert_eq!(
        names(&krate.structs[&id("FooBuilder")]),
        ("FooBuilder".into(), "FooBuilderBuilder".into())
    );
    let fields: Vec<&str> = krate.structs[&id("Foo")]
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "default_value",
            "foo",
            "set_foo_value",
            "add_value",
            "build_value",
            "builder_value",
            "clone_value",
            "into",
            "get_foo_value",
            "next"
        ]
    );
    let field_names = |name: &str| -> Vec<String> {
        let s = &krate.structs[&id(name)];
        s.fields.iter().map(|f| f.name.clone()).collect()
    };
    assert_eq!(field_names("NumericMessage"), ["message_value"]);
    assert_eq!(field_names("CapitalMessage"), ["code_value", "message"]);
    let choice: Vec<(&str, &str)> = krate.unions[&id("Choice")]
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.method.as_str()))
        .collect();
    assert_eq!(
        choice,
        [
            ("AB", "a_b"),
            ("Ab", "ab"),
            ("UnknownValue", "unknown_value"),
        ]
    );
    let values: Vec<&str> = krate.enums[&id("Values")]
        .variants
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(values, ["AB", "Ab", "UnknownValue"]);
    let ops: Vec<(&str, &str)> = krate
        .operations
        .iter()
        .map(|o| (o.module.as_str(), o.method.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("clone", "clone_operation"),
            ("config", "config_operation"),
            ("eq", "eq_operation"),
            ("fmt", "fmt_operation"),
            ("new", "new_operation"),
            ("probe", "probe"),
            ("probe_value", "probe_value"),
            ("send", "send_operation"),
            ("test_connection", "test_connection"),
            ("use_", "use_"),
        ]
    );
    let errors: Vec<(&str, &str)> = krate.operations[0]
        .errors
        .iter()
        .map(|e| (e.variant.as_str(), e.predicate.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("CapitalMessage", "is_capital_message"),
            ("NumericMessage", "is_numeric_message"),
            ("UnhandledValue", "is_unhandled_value"),
            ("UnhandledValueValue", "is_unhandled_value_value")
        ]
    );
    // The operation's own input and the model's `TestConnectionInput` get their own codec functions.
    let input = &krate.structs[&format!("{}$Input", id("TestConnection"))];
    assert_eq!(
        (input.name.as_str(), input.fn_name.as_str()),
        ("TestConnectionInput", "test_connection_input")
    );
    assert_eq!(
        krate.structs[&id("TestConnectionInput")].fn_name,
        "test_connection_input_value"
    );
}

/// Two shapes named alike in different namespaces collide, and the service's `rename`
/// (as the Smithy specification defines it) resolves the clash, as the error advises.
#[test]
fn the_services_rename_gives_a_shape_its_name() {
    let model = |rename: &str| {
        format!(
            r#"{{"smithy":"2.0","shapes":{{
        "a#Svc":{{"type":"service","operations":[{{"target":"a#Op"}}],{rename}"traits":{{"aws.protocols#awsJson1_1":{{}}}}}},
        "a#Op":{{"type":"operation","input":{{"target":"a#In"}}}},
        "a#In":{{"type":"structure","members":{{"x":{{"target":"a#Thing"}},"y":{{"target":"b#Thing"}}}}}},
        "a#Thing":{{"type":"structure","members":{{}}}},
        "b#Thing":{{"type":"structure","members":{{}}}}}}}}"#
        )
    };
    let e = codegen::generate(model("").as_bytes(), &options(Operations::All, "x")).unwrap_err();
    assert!(e.to_string().contains("service's `rename`"), "{e}");
    let renamed = model(r#""rename":{"b#Thing":"OtherThing"},"#);
    let files = codegen::generate(renamed.as_bytes(), &options(Operations::All, "x"))
        .unwrap()
        .files;
    let types = &files["src/types.rs"];
    assert!(types.contains("pub struct Thing {"), "{types}");
    assert!(types.contains("pub struct OtherThing {"), "{types}");
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let opts = options(configured_operations(), "cognito-idp-lite");
    let a = codegen::generate(&project_model(), &opts).unwrap().files;
    let b = codegen::generate(&project_model(), &opts).unwrap().files;
    assert_eq!(a, b);
    let upstream =
        std::fs::read(shared().join("models/upstream/cognito-identity-provider-2016-04-18.json"))
            .unwrap();
    let all = options(Operations::All, "all");
    assert_eq!(
        codegen::generate(&upstream, &all).unwrap().files,
        codegen::generate(&upstream, &all).unwrap().files
    );
}

#[test]
fn every_file_has_the_generated_header() {
    let files = codegen::generate(&project_model(), &options(configured_operations(), "c"))
        .unwrap()
        .files;
    for (name, contents) in &files {
        let first = contents.lines().next().unwrap();
        assert!(
            first.contains("@generated by `cargo xtask codegen`") && first.contains("sha256 "),
            "{name}: {first}"
        );
    }
}

/// `generated/` must be what `cargo xtask codegen` writes now: plain `cargo test` fails
/// when someone edits the model or the generator and forgets to regenerate.
#[test]
fn generated_crate_is_fresh() {
    let output = Command::new(env!("CARGO"))
        .args(["xtask", "codegen", "--check"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "generated/ is stale; run `cargo xtask codegen`\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn check_reports_stale_missing_and_extra_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    let xtask = |extra: &[&str]| {
        Command::new(env!("CARGO"))
            .args(["xtask", "codegen", "--out"])
            .arg(&out)
            .args(extra)
            .current_dir(root())
            .output()
            .unwrap()
    };
    assert!(xtask(&[]).status.success());
    assert!(xtask(&["--check"]).status.success());
    std::fs::write(out.join("src/lib.rs"), "// edited\n").unwrap();
    std::fs::remove_file(out.join("src/types.rs")).unwrap();
    // A file carrying the generator's header that it no longer produces is extra; a
    // user's own file is neither reported nor touched.
    std::fs::write(
        out.join("src/orphan.rs"),
        "// @generated by `cargo xtask codegen` from m.json (sha256 0). Do not edit by hand.\n",
    )
    .unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let check = xtask(&["--check"]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains("stale: ") && stdout.contains("src/lib.rs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("missing: ") && stdout.contains("src/types.rs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("extra: ") && stdout.contains("src/orphan.rs"),
        "{stdout}"
    );
    let again = xtask(&[]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("2 written"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert!(
        !out.join("src/orphan.rs").exists(),
        "orphaned files are removed"
    );
    assert!(
        !String::from_utf8_lossy(&check.stdout).contains("notes.txt"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
}

/// `--out` at a directory the generator did not write (here a stand-in for a git
/// checkout) is refused with exit code 2, naming it, and nothing in it is touched.
#[test]
fn codegen_refuses_an_unrelated_non_empty_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("checkout");
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = codegen::write::output::list_files(&out).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["xtask", "codegen", "--out"])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("refusing to write into") && stderr.contains(&out.display().to_string()),
        "{stderr}"
    );
    assert_eq!(codegen::write::output::list_files(&out).unwrap(), before);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing beside it"
    );
}

/// Gives a crate built outside the workspace the project's lock file, so that it builds
/// with the dependency versions the rest of the tests use (fetching any that an earlier
/// build did not need, such as optional ones).
fn pin_versions(dir: &Path) {
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// The generated crate builds on its own, outside this workspace: no path dependencies,
/// no `workspace = true` inheritance.
#[test]
fn generated_crate_builds_when_vendored() {
    let manifest = std::fs::read_to_string(root().join("generated/Cargo.toml")).unwrap();
    assert!(
        !manifest.contains("workspace") && !manifest.contains("path ="),
        "{manifest}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("vendored");
    copy_dir(&root().join("generated"), &dest);
    pin_versions(&dest);
    let output = Command::new(env!("CARGO"))
        .args(["build", "--quiet"])
        .env("CARGO_TARGET_DIR", root().join("target/vendored"))
        .current_dir(&dest)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// Every reference model loads, and its whole service lowers to the IR.
#[test]
fn loads_every_reference_model() {
    let mut count = 0;
    for dir in ["models/upstream", "models/history", "models/other"] {
        for entry in std::fs::read_dir(shared().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let model =
                codegen::load_json(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            codegen::lower(&model, &options(Operations::All, "x"))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            count += 1;
        }
    }
    assert_eq!(count, 13);
}

/// The `client` feature follows the model: a method per operation in both flavours, auth
/// and idempotency noted from the IR, the endpoint rules used when the model has them, the
/// override alone when it does not, and an example only where one can be called.
#[test]
fn client_module_follows_the_model() {
    let files = codegen::generate(
        &project_model(),
        &options(configured_operations(), "cognito-idp-lite"),
    )
    .unwrap()
    .files;
    let client = &files["src/client/mod.rs"];
    let count = |needle: &str| client.matches(needle).count();
    assert_eq!(count("pub async fn "), 4, "{client}");
    for op in [
        "admin_reset_user_password",
        "admin_respond_to_auth_challenge",
        "get_user_attribute_verification_code",
        "resend_confirmation_code",
    ] {
        assert_eq!(count(&format!("fn {op}(")), 2, "{op}: async and blocking");
    }
    assert_eq!(
        count("/// Signed with SigV4."),
        4,
        "two signed operations, two flavours"
    );
    assert_eq!(
        count("/// Sent unsigned"),
        4,
        "two @optionalAuth operations, two flavours"
    );
    assert_eq!(count("Not marked idempotent"), 8);
    assert!(
        client.contains("crate::endpoint::resolve(&params)"),
        "{client}"
    );
    let manifest = &files["Cargo.toml"];
    assert!(
        manifest.contains("\nclient = [\"dep:aws-credential-types\", \"dep:aws-sigv4\""),
        "{manifest}"
    );
    assert!(
        manifest.contains(
            "[[example]]\nname = \"admin_reset_user_password\"\nrequired-features = [\"client\"]"
        ),
        "{manifest}"
    );
    assert!(files.contains_key("examples/admin_reset_user_password.rs"));

    let obstacles = std::fs::read(root().join("tests/fixtures/models/obstacles.json")).unwrap();
    let files = codegen::generate(&obstacles, &options(Operations::All, "obstacles"))
        .unwrap()
        .files;
    let client = &files["src/client/mod.rs"];
    assert!(!files.contains_key("src/endpoint.rs"));
    assert!(
        client.contains("the model has no endpoint rules, so set an endpoint URL")
            && !client.contains("crate::endpoint::"),
        "{client}"
    );
    let example = files.keys().find(|f| f.starts_with("examples/"));
    assert_eq!(
        example.is_some(),
        files["Cargo.toml"].contains("[[example]]")
    );
}

/// Operations named like the clients' own methods (`send`, `config`, `new`) get a suffix
/// instead of shadowing them; an `@endpoint` host prefix is applied; the client of a model
/// without endpoint rules (override only) compiles.
#[test]
fn client_methods_never_shadow_the_clients_own() {
    let model = br#"{"smithy": "2.0", "shapes": {
        "a#S": {"type": "service", "version": "1", "operations": [{"target": "a#Send"}, {"target": "a#Config"}, {"target": "a#Ping"}],
                "traits": {"aws.protocols#awsJson1_0": {}, "aws.auth#sigv4": {"name": "s"}}},
        "a#Send": {"type": "operation"},
        "a#Config": {"type": "operation"},
        "a#Ping": {"type": "operation", "traits": {"smithy.api#endpoint": {"hostPrefix": "data-"}}}
    }}"#;
    let files = codegen::generate(model, &options(Operations::All, "shadow"))
        .unwrap()
        .files;
    let client = &files["src/client/mod.rs"];
    for name in ["send_operation", "config_operation", "ping"] {
        assert_eq!(
            client.matches(&format!("fn {name}(")).count(),
            2,
            "{name}: {client}"
        );
    }
    assert!(
        !client.contains("fn send(") && !client.contains("fn config("),
        "{client}"
    );
    assert_eq!(
        client.matches("::host_prefix(&input)").count(),
        1,
        "only Ping has a prefix: {client}"
    );

    let tmp = tempfile::tempdir().unwrap();
    codegen::write::output::write_tree(tmp.path(), &files).unwrap();
    pin_versions(tmp.path());
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--features", "client"])
        .env("CARGO_TARGET_DIR", root().join("target/vendored"))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Relative `--out`, `--model` and `--config` are relative to the current directory, not
/// the workspace: from another directory, `--out models` must not touch the project's
/// own `models/`.
#[test]
fn relative_paths_resolve_against_the_current_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let model = root().join("models/cognito-identity-provider.json");
    std::fs::copy(&model, tmp.path().join("m.json")).unwrap();
    let config = std::fs::read_to_string(root().join("models/codegen.json")).unwrap();
    let mut config: serde_json::Value = serde_json::from_str(&config).unwrap();
    config["model"] = "m.json".into();
    std::fs::write(tmp.path().join("c.json"), config.to_string()).unwrap();
    let models_before = codegen::write::output::list_files(&root().join("models")).unwrap();
    let xtask = |args: &[&str]| {
        Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--manifest-path"])
            .arg(root().join("Cargo.toml"))
            .args(["--package", "xtask", "--", "codegen"])
            .args(args)
            .current_dir(tmp.path())
            .output()
            .unwrap()
    };
    for args in [
        &["--config", "c.json", "--out", "models"][..],
        &["--model", "m.json", "--out", "other"][..],
    ] {
        let output = xtask(args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(tmp.path().join("models/src/lib.rs").is_file());
    assert!(tmp.path().join("other/src/lib.rs").is_file());
    assert!(!root().join("other").exists());
    assert_eq!(
        codegen::write::output::list_files(&root().join("models")).unwrap(),
        models_before
    );
}

/// `--out .` writes into the current directory when it is empty, and is refused when it
/// is not; neither leaves a staging or temporary file anywhere.
#[test]
fn out_dot_writes_in_place_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let here = tmp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let xtask = || {
        Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--manifest-path"])
            .arg(root().join("Cargo.toml"))
            .args(["--package", "xtask", "--", "codegen", "--out", "."])
            .current_dir(&here)
            .output()
            .unwrap()
    };
    let first = xtask();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(here.join("src/lib.rs").is_file());
    let leftovers = |dir: &Path| {
        codegen::write::output::list_files(dir)
            .unwrap()
            .into_iter()
            .filter(|f| f.contains("staging") || f.contains("codegen-tmp"))
            .collect::<Vec<_>>()
    };
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    std::fs::remove_dir_all(&here).unwrap();
    std::fs::create_dir(&here).unwrap();
    std::fs::write(here.join("notes.txt"), "mine").unwrap();
    let refused = xtask();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        codegen::write::output::list_files(tmp.path()).unwrap(),
        ["here/notes.txt".to_string()].into_iter().collect()
    );
}

/// A crate generated from another model is described by its own service, not by the
/// project's config; `--crate-name` must be a name cargo accepts.
#[test]
fn crate_from_another_model_gets_its_own_description_and_a_checked_name() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let xtask = |name: &str| {
        Command::new(env!("CARGO"))
            .args(["xtask", "codegen", "--model"])
            .arg(root().join("tests/fixtures/models/obstacles.json"))
            .args(["--operations", "all", "--crate-name", name, "--out"])
            .arg(&out)
            .current_dir(root())
            .output()
            .unwrap()
    };
    let output = xtask("obstacles-client");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("description = \"Generated Smithy client types for Obstacles\""),
        "{manifest}"
    );
    assert!(!manifest.contains("Cognito"), "{manifest}");
    for bad in ["1st", "has space", ""] {
        let output = xtask(bad);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{bad:?}: {stderr}");
        assert!(stderr.contains("invalid crate name"), "{bad:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(out.join("Cargo.toml")).unwrap(),
        manifest
    );
}

/// A `@pattern` the regex crate cannot compile (a look-ahead) is a warning on stderr that
/// names the member and the pattern, and is left out of the crate; the other patterns and
/// constraints are still checked.
#[test]
fn unsupported_patterns_are_warned_of() {
    let model = root().join("tests/fixtures/corpus/unsupported-pattern.smithy");
    let sources = codegen::read::read_paths(std::slice::from_ref(&model)).unwrap();
    let generated =
        codegen::generate_sources(&sources, &options(Operations::All, "patterns")).unwrap();
    let [warning] = &generated.warnings[..] else {
        panic!("{:?}", generated.warnings)
    };
    for needle in [
        "`example.patterns#SendInput$password`",
        "(?=.*[0-9])",
        "look-around",
    ] {
        assert!(warning.contains(needle), "{needle} in {warning}");
    }
    let patterns = &generated.files["src/pattern.rs"];
    assert!(
        patterns.contains("^[a-z]+$") && !patterns.contains("(?="),
        "{patterns}"
    );
    assert!(generated.files["src/validate.rs"].contains("check_length"));

    let tmp = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO"))
        .args([
            "--quiet",
            "xtask",
            "codegen",
            "--operations",
            "all",
            "--model",
        ])
        .arg(&model)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stderr.trim(), format!("warning: {warning}"));
}

/// A model of `tests/fixtures/corpus/`, every operation generated.
fn corpus(file: &str) -> codegen::write::Files {
    let sources =
        codegen::read::read_paths(&[root().join("tests/fixtures/corpus").join(file)]).unwrap();
    codegen::generate_sources(&sources, &options(Operations::All, "corpus"))
        .unwrap()
        .files
}

/// Every structure-typed union variant is boxed, so that no union is as large as its
/// widest structure (clippy's `large_enum_variant`); other variants stay inline unless
/// recursive, and a boxed variant's accessor lends the value itself. Error enums keep
/// their structures inline and say why the lint does not apply.
#[test]
fn union_structure_variants_are_boxed() {
    let sources = codegen::read::read_paths(&[
        root().join("tests/fixtures/corpus/large-union-variants.smithy")
    ])
    .unwrap();
    let model = codegen::load_sources(&sources).unwrap();
    let krate = codegen::lower(&model, &options(Operations::All, "x")).unwrap();
    let boxed = |union: &str| -> Vec<(String, bool)> {
        krate.unions[union]
            .variants
            .iter()
            .map(|v| (v.name.clone(), v.boxed))
            .collect()
    };
    let pairs = |list: &[(&str, bool)]| -> Vec<(String, bool)> {
        list.iter().map(|(n, b)| (n.to_string(), *b)).collect()
    };
    assert_eq!(
        boxed("example.unions#Choice"),
        pairs(&[
            ("Flag", false),
            ("Name", false),
            ("Wide", true),
            ("Nested", true)
        ]),
        "Wide is a structure; Nested leads back to Choice"
    );
    assert_eq!(
        boxed("example.unions#Nested"),
        pairs(&[("Inner", true), ("Count", false)])
    );
    let files = corpus("large-union-variants.smithy");
    let types = &files["src/types.rs"];
    assert!(
        types.contains("Wide(::std::boxed::Box<crate::types::Wide>)"),
        "{types}"
    );
    assert!(
        types.contains("pub fn as_wide(&self) -> ::std::option::Option<&crate::types::Wide>"),
        "{types}"
    );
    let put = &files["src/operation/put.rs"];
    assert!(
        put.contains("#[allow(clippy::large_enum_variant)]\npub enum PutError {"),
        "{put}"
    );
    assert!(
        !files["src/lib.rs"].contains("large_enum_variant"),
        "the lint still guards every other enum"
    );
}

/// `host_prefix(input)` of a prefix without labels does not read its input (an unused
/// variable otherwise); with labels it does.
#[test]
fn host_prefixes_without_labels_leave_the_input_unread() {
    let files = corpus("host-prefix.smithy");
    for (op, param) in [
        ("fixed", "_input"),
        ("fixed_no_input", "_input"),
        ("labelled", "input"),
    ] {
        let module = &files[&format!("src/operation/{op}.rs")];
        assert!(
            module.contains(&format!("pub fn host_prefix(\n    {param}: &")),
            "{op}: {module}"
        );
    }
}

/// `@idempotencyToken` members are optional even when `@required` (the client fills them),
/// the serializer sends a fresh token when one is unset, at any depth, and only crates
/// whose requests carry a token get the `idempotency` module and its `getrandom`.
#[test]
fn idempotency_tokens_are_filled_by_the_serializer() {
    let sources =
        codegen::read::read_paths(
            &[root().join("tests/fixtures/corpus/idempotency-tokens.smithy")],
        )
        .unwrap();
    let model = codegen::load_sources(&sources).unwrap();
    let krate = codegen::lower(&model, &options(Operations::All, "x")).unwrap();
    let tokens: Vec<(String, bool, bool)> = krate
        .structs
        .values()
        .flat_map(|s| &s.fields)
        .map(|f| {
            (
                f.wire.clone(),
                f.idempotency_token,
                f.presence == Presence::Optional,
            )
        })
        .collect();
    let expected = [
        ("clientToken", true, true),
        ("name", false, true),
        ("requestId", true, true),
        ("token", true, true),
        ("job", false, true),
    ];
    let expected: Vec<(String, bool, bool)> = expected
        .iter()
        .map(|(w, t, o)| (w.to_string(), *t, *o))
        .collect();
    assert_eq!(tokens, expected);

    let files = corpus("idempotency-tokens.smithy");
    let ser = &files["src/ser.rs"];
    assert_eq!(
        ser.matches("token = crate::idempotency::token()?;").count(),
        3,
        "{ser}"
    );
    assert!(files["src/lib.rs"].contains("\nmod idempotency;\n"));
    assert!(files.contains_key("src/idempotency.rs"));
    assert!(files["Cargo.toml"].contains("\ngetrandom = \"0.4\"\n"));

    let cognito = codegen::generate(&project_model(), &options(configured_operations(), "c"))
        .unwrap()
        .files;
    assert!(!cognito.contains_key("src/idempotency.rs"));
    assert!(!cognito["Cargo.toml"].contains("getrandom"));
}

/// `serde` is an opt-in feature: an optional dependency, modules compiled only with it,
/// and the codec functions only serde needs (a sent structure's deserializer, say) too.
/// A serializer that fills idempotency tokens does so on the wire, and passes its choice
/// on to nested structures; serde leaves unset tokens unset.
#[test]
fn serde_is_an_opt_in_feature() {
    let files = codegen::generate(&project_model(), &options(configured_operations(), "c"))
        .unwrap()
        .files;
    let manifest = &files["Cargo.toml"];
    for line in [
        "\nserde = { version = \"1\", optional = true }\n",
        "\nserde = [\"dep:serde\"]\n",
        "\ndefault = []\n",
    ] {
        assert!(manifest.contains(line), "{line}: {manifest}");
    }
    assert!(files["src/lib.rs"].contains(
        "#[cfg(feature = \"serde\")]\nmod serde_impls;\n#[cfg(feature = \"serde\")]\nmod serde_wire;\n"
    ));
    // Cognito's inputs are only sent and its outputs only received: each has one serde-only
    // codec function, and so does every error.
    let krate = codegen::lower(
        &codegen::load_json(&project_model()).unwrap(),
        &options(configured_operations(), "c"),
    )
    .unwrap();
    let impls = &files["src/serde_impls.rs"];
    assert_eq!(
        impls.matches("crate::serde_wire::codec!(").count(),
        krate.structs.len() + krate.unions.len(),
        "{impls}"
    );
    assert_eq!(
        impls.matches("crate::serde_wire::string_enum!(").count(),
        krate.enums.len()
    );
    for (file, name) in [("src/ser.rs", "fn ser_"), ("src/de.rs", "fn de_")] {
        let source = &files[file];
        let gated = source
            .matches(&format!("#[cfg(feature = \"serde\")]\npub(crate) {name}"))
            .count();
        assert!(
            gated > 0 && gated < source.matches(name).count(),
            "{source}"
        );
    }
    assert!(files["src/de.rs"].contains(
        "#[cfg(feature = \"serde\")]\npub(crate) fn de_admin_reset_user_password_input("
    ));

    let files = corpus("idempotency-tokens.smithy");
    let impls = &files["src/serde_impls.rs"];
    for (op, input) in [("create", "create_input"), ("start", "start_input")] {
        assert!(
            impls.contains(&format!("ser_{input}(false), de_{input}")),
            "{impls}"
        );
        let module = &files[&format!("src/operation/{op}.rs")];
        assert!(
            module.contains(&format!("crate::ser::ser_{input}(out, input, true)")),
            "{module}"
        );
    }
    let ser = &files["src/ser.rs"];
    assert!(ser.contains("ser_job(out, v, fill_tokens)"), "{ser}");
    assert!(
        ser.contains("::std::option::Option::None if fill_tokens => {"),
        "{ser}"
    );

    // Generated without it (the config's `crate.serde`, `--serde`), a crate has no trace
    // of it: no feature, no modules, no serde-only codec functions.
    let mut plain = options(configured_operations(), "c");
    plain.crate_settings.serde = false;
    let files = codegen::generate(&project_model(), &plain).unwrap().files;
    assert!(!files.contains_key("src/serde_impls.rs"));
    assert!(!files.contains_key("src/serde_wire.rs"));
    for (name, text) in &files {
        assert!(!text.contains("feature = \"serde\""), "{name}");
    }
    assert!(!files["Cargo.toml"].contains("serde"));
}

/// Each operation tells the retry policy which of its errors (its own and the service's)
/// the model marks `@retryable`, throttling ones apart: data, not code per error.
#[test]
fn retryable_errors_are_listed_per_operation() {
    let files = corpus("retryable-errors.smithy");
    let write = &files["src/operation/write.rs"];
    assert!(
        write.contains("const RETRYABLE_ERRORS: &'static [&'static str] = &[\"Conflict\"];"),
        "{write}"
    );
    assert!(
        write.contains("const THROTTLING_ERRORS: &'static [&'static str] = &[\"SlowDown\"];"),
        "{write}"
    );
    let read = &files["src/operation/read.rs"];
    assert!(
        read.contains("const RETRYABLE_ERRORS: &'static [&'static str] = &[];"),
        "{read}"
    );
    assert!(
        read.contains("const THROTTLING_ERRORS: &'static [&'static str] = &[\"SlowDown\"];"),
        "{read}"
    );
    let send = &files["src/client/send.rs"];
    assert!(
        send.contains("O::RETRYABLE_ERRORS,\n        O::THROTTLING_ERRORS,"),
        "the client's policy reads them: {send}"
    );
}

/// Enums have no `Default`; a structure whose derived `Default` would need one, or would
/// ignore a `@default`, writes its own with the model's values.
#[test]
fn enums_have_no_default_and_structures_keep_model_defaults() {
    let files = corpus("defaults.smithy");
    let types = &files["src/types.rs"];
    assert!(!types.contains("Default for Color"), "{types}");
    assert!(!types.contains("Default for Level"), "{types}");
    assert!(
        !types
            .contains("#[derive(Clone, PartialEq, Default)]\n#[non_exhaustive]\npub struct Nested"),
        "{types}"
    );
    let default_impl = &types[types
        .find("impl ::std::default::Default for Nested")
        .expect("Nested writes its Default")..];
    for init in [
        "color: crate::types::Color::from(\"red\")",
        "level: crate::types::Level::from(2)",
        "unknown_level: crate::types::Level::from(7)",
        "text: ::std::string::String::from(\"hello\")",
        "flag: true",
    ] {
        assert!(default_impl.contains(init), "{init}: {default_impl}");
    }
}

/// Operations whose module names clash (`Probe`, `Probe_`) each keep their own input in
/// their own module.
#[test]
fn operations_with_clashing_modules_keep_their_own_inputs() {
    let files = corpus("names.smithy");
    for module in ["probe", "probe_value"] {
        let file = &files[&format!("src/operation/{module}.rs")];
        assert!(
            file.contains(&format!(
                "type Input = crate::operation::{module}::ProbeInput;"
            )),
            "{module}: {file}"
        );
        assert!(file.contains("pub struct ProbeInput {"), "{module}: {file}");
    }
}

/// The non-generic functions of a file, as `(impl, name, is #[inline])`: free functions
/// (impl `""`) and those of non-generic impls, named `Type` or `Trait for Type` (generic
/// code is compiled where it is used anyway).
fn non_generic_fns(source: &str) -> Vec<(String, String, bool)> {
    let file = syn::parse_file(source).unwrap();
    let generic = |sig: &syn::Signature| {
        !sig.generics.params.is_empty()
            || sig.inputs.iter().any(|arg| {
                matches!(arg, syn::FnArg::Typed(t) if matches!(*t.ty, syn::Type::ImplTrait(_)))
            })
    };
    let inline = |attrs: &[syn::Attribute]| attrs.iter().any(|a| a.path().is_ident("inline"));
    let last = |path: &syn::Path| path.segments.last().unwrap().ident.to_string();
    let mut fns = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Fn(f) if !generic(&f.sig) => {
                fns.push((String::new(), f.sig.ident.to_string(), inline(&f.attrs)))
            }
            syn::Item::Impl(i) if i.generics.params.is_empty() => {
                let syn::Type::Path(ty) = &*i.self_ty else {
                    panic!("an impl for a type that is not a path")
                };
                let owner = match &i.trait_ {
                    Some((_, path, _)) => format!("{} for {}", last(path), last(&ty.path)),
                    None => last(&ty.path),
                };
                for item in &i.items {
                    if let syn::ImplItem::Fn(f) = item {
                        if !generic(&f.sig) {
                            fns.push((owner.clone(), f.sig.ident.to_string(), inline(&f.attrs)));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    fns
}

/// What is written per shape or per operation is compiled only where it is called: every
/// non-generic function of the model types, errors and operation modules is `#[inline]`
/// (see `codegen::emit`). The codecs, which operations share, are compiled once: the
/// serializers, parsers and validators, and the error parser (`AnyError`, each error's
/// `ReadError`, and `AnyError` into `Unhandled`).
#[test]
fn per_shape_code_is_compiled_where_it_is_used() {
    let models = ["kitchen-sink.smithy", "rest-bindings.smithy"].map(|file| {
        let path = root().join("tests/fixtures/models").join(file);
        let sources = codegen::read::read_paths(&[path]).unwrap();
        codegen::generate_sources(&sources, &options(Operations::All, "x"))
            .unwrap()
            .files
    });
    let mut checked = [0, 0];
    for files in &models {
        for (path, text) in files.iter() {
            let per_shape = path == "src/types.rs"
                || path == "src/error.rs"
                || path.starts_with("src/operation/");
            let codec = ["src/ser.rs", "src/de.rs", "src/validate.rs"].contains(&path.as_str());
            if !per_shape && !codec {
                continue;
            }
            for (owner, name, inline) in non_generic_fns(text) {
                let parser = owner == "AnyError"
                    || owner.starts_with("ReadError for ")
                    || owner.ends_with(" for Unhandled");
                let wanted = per_shape && !parser;
                assert_eq!(inline, wanted, "{path}: fn {name} of {owner:?}");
                checked[usize::from(wanted)] += 1;
            }
        }
    }
    assert!(
        checked[0] > 30 && checked[1] > 500,
        "{checked:?} (codec, per shape) functions checked"
    );
}

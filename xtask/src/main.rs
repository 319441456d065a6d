//! `cargo xtask ...`: the project's commands. Argument parsing and reporting only; the
//! work is in the `codegen` library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use codegen::select::Operations;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod diff;

#[derive(Parser)]
#[command(
    name = "xtask",
    about = "Project tasks: generate the client crate from the Smithy model"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the Rust crate from the Smithy model.
    Codegen(CodegenArgs),
    /// Compare two models, restricted to the selected operations' closure.
    Diff(diff::DiffArgs),
}

#[derive(Parser)]
struct CodegenArgs {
    /// The codegen settings (model file, service, operations, crate name); default: the
    /// workspace's `models/codegen.json`. A relative path is relative to the current
    /// directory.
    #[arg(long)]
    config: Option<PathBuf>,
    /// A model to use instead of the one the config names: `.json` (JSON AST) or
    /// `.smithy` (IDL) files, or directories of them; repeat to merge several. Relative
    /// paths are relative to the current directory.
    #[arg(long)]
    model: Vec<PathBuf>,
    /// Operations to generate, comma-separated, or `all`; default: the config's list.
    #[arg(long, value_delimiter = ',')]
    operations: Option<Vec<String>>,
    /// The service shape (id or name), when the model has several.
    #[arg(long)]
    service: Option<String>,
    /// The protocol to generate (`awsJson1_0`, `awsJson1_1`, `restJson1`), when the
    /// service offers several; default: the config's `protocol`, else the first the
    /// service offers in that order.
    #[arg(long)]
    protocol: Option<String>,
    /// The generated crate's package name (default: the config's, or with `--model`,
    /// one derived from the service's name).
    #[arg(long)]
    crate_name: Option<String>,
    /// The output directory; default: the workspace's `generated/`. A relative path is
    /// relative to the current directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The largest model file to read, in bytes (default 256 MiB).
    #[arg(long, default_value_t = codegen::read::DEFAULT_MAX_MODEL_BYTES)]
    max_model_bytes: u64,
    /// Write nothing; list stale, missing and extra files and exit 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Generate the crate's `serde` feature (default: the config's `crate.serde`, off
    /// with `--model`).
    #[arg(long)]
    serde: bool,
}

/// Exit codes: 0 success, 1 stale output (`--check`), 2 bad input (model, config, arguments).
fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(args),
        Command::Diff(args) => diff::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Commands run from the workspace root, whatever the current directory.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A model error, naming the model unless the error already names its file.
pub(crate) fn model_error(e: codegen::Error, shown: &str) -> anyhow::Error {
    match e.location {
        Some(_) => e.into(),
        None => anyhow::Error::from(e).context(format!("in model {shown}")),
    }
}

/// `cargo xtask diff`'s paths: as given when absolute or present, else in the workspace.
pub(crate) fn resolve(p: &Path) -> PathBuf {
    if p.is_absolute() || p.exists() {
        p.to_path_buf()
    } else {
        root().join(p)
    }
}

fn codegen(args: CodegenArgs) -> Result<ExitCode> {
    // Defaults are the workspace's own files, wherever the command runs; paths given on
    // the command line are the user's, relative to the current directory.
    let config_path = args
        .config
        .unwrap_or_else(|| root().join("models/codegen.json"));
    let config_bytes = std::fs::read(&config_path)
        .with_context(|| format!("reading {}", config_path.display()))?;
    let config = codegen::read::config::parse(&config_bytes)
        .with_context(|| format!("in {}", config_path.display()))?;
    let model_paths: Vec<PathBuf> = match args.model.as_slice() {
        [] => vec![config_path
            .parent()
            .unwrap_or(Path::new("."))
            .join(&config.model)],
        paths => paths.to_vec(),
    };
    let shown = model_paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    // Its errors name the file or directory already.
    let sources = codegen::read::read_paths_capped(&model_paths, args.max_model_bytes)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let operations = match args.operations {
        Some(ops) if ops.len() == 1 && ops[0] == "all" => Operations::All,
        Some(ops) => Operations::Named(ops),
        None => Operations::Named(config.operations.clone()),
    };
    let model_name = model_paths
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(", ");
    // The config describes its own model; another model keeps only what the flags say.
    let (service, protocol, mut crate_settings) = match args.model.is_empty() {
        true => (
            args.service.or(config.service),
            args.protocol.or(config.protocol),
            config.crate_settings,
        ),
        false => (
            args.service,
            args.protocol,
            // Name and description come from the model's own service.
            codegen::write::CrateSettings {
                name: String::new(),
                description: String::new(),
                serde: false,
                ..config.crate_settings
            },
        ),
    };
    crate_settings.serde |= args.serde;
    let explicit_name = args.crate_name.is_some();
    if let Some(name) = args.crate_name {
        crate_settings.name = name;
    }
    if explicit_name || !crate_settings.name.is_empty() {
        codegen::write::CrateSettings::check_name(&crate_settings.name)
            .map_err(anyhow::Error::msg)?;
    }
    let options = codegen::Options {
        service,
        operations,
        crate_settings,
        command: "cargo xtask codegen".into(),
        model_name,
        protocol,
    };
    let codegen::Generated { files, warnings } =
        codegen::generate_sources(&sources, &options).map_err(|e| model_error(e, &shown))?;
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    let out = args.out.unwrap_or_else(|| root().join("generated"));
    if args.check {
        let status = codegen::write::output::check(&out, &files)
            .with_context(|| format!("reading {}", out.display()))?;
        if status.is_fresh() {
            println!(
                "codegen --check: {} is up to date ({} files)",
                out.display(),
                files.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        for (label, list) in [
            ("stale", &status.stale),
            ("missing", &status.missing),
            ("extra", &status.extra),
        ] {
            for f in list {
                println!("{label}: {}", out.join(f).display());
            }
        }
        eprintln!(
            "error: {} is out of date; run `cargo xtask codegen`",
            out.display()
        );
        return Ok(ExitCode::from(1));
    }
    let summary = codegen::write::output::write_tree(&out, &files)
        .with_context(|| format!("writing {}", out.display()))?;
    println!("codegen: {}: {summary}", out.display());
    Ok(ExitCode::SUCCESS)
}

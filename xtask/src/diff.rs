//! `cargo xtask diff OLD.json NEW.json`: what changed between two models.

use anyhow::Result;
use clap::Parser;
use std::process::ExitCode;

#[derive(Parser)]
pub struct DiffArgs {}

pub fn run(_args: DiffArgs) -> Result<ExitCode> {
    anyhow::bail!("diff is not implemented yet")
}

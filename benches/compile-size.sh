#!/usr/bin/env bash
# Builds two minimal programs from clean, one using the generated crate and one using the
# official SDK (default features, and only `rt-tokio`), in one run on this machine, and
# prints build seconds, crate counts, stripped binary sizes and the ratios.
# Everything is built in a temporary directory; nothing is written to the repository.
# Usage: benches/compile-size.sh [--keep]   (--keep leaves the temporary directory)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
if [ "${1:-}" = "--keep" ]; then echo "temporary directory: $work"; else trap 'rm -rf "$work"' EXIT; fi
jobs="${JOBS:-2}"

# $1 name, $2 dependency lines; the program's source is read from stdin.
program() {
  mkdir -p "$work/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\n%s\n' \
    "$1" "$2" >"$work/$1/Cargo.toml"
  cat >"$work/$1/src/main.rs"
}

program lite "cognito-idp-lite = { path = \"$repo/generated\" }
http = \"1\"" <<'RUST'
use cognito_idp_lite::operation::admin_respond_to_auth_challenge as op;
use cognito_idp_lite::types::ChallengeNameType;

fn main() {
    let input = op::AdminRespondToAuthChallengeInput::builder()
        .user_pool_id("eu-west-1_Example")
        .client_id("example-client")
        .challenge_name(ChallengeNameType::PasswordVerifier)
        .build()
        .expect("all required members");
    let request = op::serialize_request(&input).expect("a valid input");
    println!("{} {}", request.method(), String::from_utf8_lossy(request.body()));
    let response = http::Response::new(br#"{"Session":"an-example-session-token"}"#.to_vec());
    match op::parse_http_response(&response) {
        Ok(output) => println!("{output:?}"),
        Err(e) => println!("{e}"),
    }
}
RUST

sdk_main='use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::types::ChallengeNameType;
use aws_sdk_cognitoidentityprovider::{Client, Config};

fn main() {
    let config = Config::builder().behavior_version(BehaviorVersion::latest()).region(Region::new("eu-west-1")).build();
    let client = Client::from_conf(config);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let result = runtime.block_on(
        client
            .admin_respond_to_auth_challenge()
            .user_pool_id("eu-west-1_Example")
            .client_id("example-client")
            .challenge_name(ChallengeNameType::PasswordVerifier)
            .send(),
    );
    println!("{result:?}");
}'
program sdk 'aws-sdk-cognitoidentityprovider = "1"
tokio = { version = "1", features = ["rt"] }' <<<"$sdk_main"
program sdk-rt-tokio 'aws-sdk-cognitoidentityprovider = { version = "1", default-features = false, features = ["rt-tokio"] }
tokio = { version = "1", features = ["rt"] }' <<<"$sdk_main"

# Distinct packages (name and version) the program depends on, normal and build
# dependencies (proc-macros included), the program itself not counted.
crates() {
  (cd "$work/$1" && cargo tree -q -e normal,build --prefix none) |
    sed -e 's/ (\*)$//' -e 's/ (proc-macro)$//' -e 's/ (.*)$//' | sort -u | grep -v "^$1 v" | wc -l
}

# Seconds for a clean `cargo build` of $1 with extra arguments $2...
build() {
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  (cd "$work/$name" && cargo build -q -j "$jobs" "$@" >"$work/$name.log" 2>&1) || { cat "$work/$name.log"; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}

stripped() {
  strip -o "$work/$1.stripped" "$work/$1/target/release/$1"
  stat -c %s "$work/$1.stripped"
}

for p in lite sdk sdk-rt-tokio; do (cd "$work/$p" && cargo fetch -q); done
load_before=$(cut -d" " -f1-3 /proc/loadavg)

declare -A debug release count size
for p in lite sdk sdk-rt-tokio; do
  count[$p]=$(crates "$p")
  echo "building $p (debug) ..." >&2
  debug[$p]=$(build "$p")
  if [ "$p" != sdk-rt-tokio ]; then
    echo "building $p (release) ..." >&2
    release[$p]=$(build "$p" --release)
    size[$p]=$(stripped "$p")
  fi
done

mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }

cat <<TABLE

Clean builds after \`cargo fetch\`, $(nproc) cores, -j $jobs, $(cargo --version), load average before: $load_before, after: $(cut -d" " -f1-3 /proc/loadavg)
SDK: $(cd "$work/sdk" && cargo tree -q --depth 1 --prefix none | grep '^aws-sdk-cognitoidentityprovider ' | head -1)

| | generated crate | SDK (default features) | ratio | SDK (rt-tokio only) | ratio |
| --- | --- | --- | --- | --- | --- |
| debug build, s | ${debug[lite]} | ${debug[sdk]} | $(ratio "${debug[sdk]}" "${debug[lite]}") | ${debug[sdk-rt-tokio]} | $(ratio "${debug[sdk-rt-tokio]}" "${debug[lite]}") |
| release build, s | ${release[lite]} | ${release[sdk]} | $(ratio "${release[sdk]}" "${release[lite]}") | | |
| distinct crates | ${count[lite]} | ${count[sdk]} | $(ratio "${count[sdk]}" "${count[lite]}") | ${count[sdk-rt-tokio]} | $(ratio "${count[sdk-rt-tokio]}" "${count[lite]}") |
| stripped release binary | $(mb "${size[lite]}") | $(mb "${size[sdk]}") | $(ratio "${size[sdk]}" "${size[lite]}") | | |
TABLE

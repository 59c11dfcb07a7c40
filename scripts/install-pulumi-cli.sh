#!/usr/bin/env bash
# Provides the Pulumi CLI and its Node.js language host where they are missing.
#
# - A `pulumi` already on PATH (with `pulumi-language-nodejs` beside it or on PATH) is used as it is.
# - Otherwise both are built from Go modules through the Go module proxy, stamped with their version,
#   and cached outside the repository under $PULUMI_CLI_CACHE/<version>/bin (reused when present).
#
# Prints the directory that holds the binaries as its last stdout line; progress goes to stderr.
# Usage: scripts/install-pulumi-cli.sh [--print-dir-only]
set -euo pipefail

PULUMI_CLI_VERSION="${PULUMI_CLI_VERSION:-v3.259.0}"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-privatelink/pulumi-cli}"
BIN_DIR="$CACHE_ROOT/$PULUMI_CLI_VERSION/bin"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHIM="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

log() { printf '[pulumi-cli] %s\n' "$*" >&2; }

install_shim() {
  # The dynamic-provider plugin is a shell script shipped in the @pulumi/pulumi npm package.
  if [ -f "$SHIM" ] && [ ! -x "$1/pulumi-resource-pulumi-nodejs" ]; then
    cp "$SHIM" "$1/" && chmod +x "$1/pulumi-resource-pulumi-nodejs"
  fi
}

if [ "${PULUMI_CLI_FORCE_BUILD:-}" != "1" ] && command -v pulumi >/dev/null 2>&1 \
   && command -v pulumi-language-nodejs >/dev/null 2>&1; then
  log "using pulumi on PATH: $(command -v pulumi) ($(pulumi version 2>/dev/null || echo unknown))"
  dirname "$(command -v pulumi)"
  exit 0
fi

# One install at a time per version: a second run (two `npm run demo` at once, parallel CI jobs on one cache)
# waits for the first and then reuses its build instead of deleting it half-way.
mkdir -p "$CACHE_ROOT"
LOCK_FILE="$CACHE_ROOT/$PULUMI_CLI_VERSION.lock"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$LOCK_FILE"
  if ! flock -n 9; then
    log "another install of $PULUMI_CLI_VERSION is running; waiting for it"
    flock 9
  fi
else
  # No flock (e.g. macOS): a lock directory, taken over when its holder is gone.
  until mkdir "$LOCK_FILE.d" 2>/dev/null; do
    holder=$(cat "$LOCK_FILE.d/pid" 2>/dev/null || true)
    if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then rm -rf "$LOCK_FILE.d"; continue; fi
    sleep 2
  done
  echo $$ >"$LOCK_FILE.d/pid"
  trap 'rm -rf "$LOCK_FILE.d"' EXIT
fi

if [ -x "$BIN_DIR/pulumi" ] && [ -x "$BIN_DIR/pulumi-language-nodejs" ]; then
  install_shim "$BIN_DIR"
  log "using cached build $PULUMI_CLI_VERSION"
  echo "$BIN_DIR"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "no pulumi on PATH and no Go toolchain to build one."
  log "Install the Pulumi CLI (https://www.pulumi.com/docs/install/) or Go >= 1.25, then run this script again."
  exit 3
fi

WORK="$CACHE_ROOT/$PULUMI_CLI_VERSION/build"
rm -rf "$WORK" "$BIN_DIR.tmp" && mkdir -p "$WORK/cli" "$WORK/langhost" "$BIN_DIR.tmp"
export GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
started=$(date +%s)
BUILD_FLAGS=(-trimpath -tags osusergo,grpcnotrace)
stamp() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$1"; }
CLIPBOARD_FORK=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e

log "building pulumi $PULUMI_CLI_VERSION from Go modules (first time only; several minutes)"
cd "$WORK/cli"
go mod init local.invalid/pulumi-cli-build >/dev/null 2>&1
# Require the modules, then declare the tool package with `go mod edit`: `go get` on a package path makes go
# probe `.../cmd/pulumi` as a module of its own, which some proxies refuse with 403 instead of 404.
go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_CLI_VERSION" >&2
go mod edit -tool=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
go mod edit -replace "github.com/atotto/clipboard=$CLIPBOARD_FORK"
go mod tidy >&2
go build "${BUILD_FLAGS[@]}" -ldflags "$(stamp "$PULUMI_CLI_VERSION")" -o "$BIN_DIR.tmp/pulumi" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
log "pulumi built in $(( $(date +%s) - started ))s"

# The Node.js language host. Since v3.69 it is a module of its own with no version tags, reachable only by a
# commit pseudo-version, which not every proxy serves. Try that first (same commit as the CLI), then fall back
# to the last release that shipped it inside the tagged sdk/v3 module. The engine and the language host talk
# over a stable gRPC protocol, and the host only launches the program's own @pulumi/pulumi.
cd "$WORK/langhost"
go mod init local.invalid/pulumi-langhost-build >/dev/null 2>&1
HASH=$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$PULUMI_CLI_VERSION" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Origin.Hash))')
LANGHOST_MODULE=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
LANGHOST_FALLBACK_SDK="${PULUMI_LANGHOST_FALLBACK_SDK:-v3.68.0}"
if go get "$LANGHOST_MODULE@$HASH" >&2 2>"$WORK/langhost.err"; then
  go mod edit -replace "github.com/atotto/clipboard=$CLIPBOARD_FORK"
  go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_CLI_VERSION" >&2
  go mod edit -tool="$LANGHOST_MODULE"
  go mod tidy >&2
  LANGHOST_PKG="$LANGHOST_MODULE"
  LANGHOST_VERSION="$PULUMI_CLI_VERSION"
else
  log "language host at commit $HASH is not served by the module proxy; using the one in sdk/v3@$LANGHOST_FALLBACK_SDK"
  go get "github.com/pulumi/pulumi/sdk/v3@$LANGHOST_FALLBACK_SDK" >&2
  LANGHOST_PKG=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
  go mod edit -tool="$LANGHOST_PKG"
  go mod tidy >&2
  LANGHOST_VERSION="$LANGHOST_FALLBACK_SDK"
fi
go build "${BUILD_FLAGS[@]}" -ldflags "$(stamp "$LANGHOST_VERSION")" -o "$BIN_DIR.tmp/pulumi-language-nodejs" \
  "$LANGHOST_PKG" >&2
rm -rf "$BIN_DIR" && mv "$BIN_DIR.tmp" "$BIN_DIR"
install_shim "$BIN_DIR"
log "built pulumi $("$BIN_DIR/pulumi" version) with language host $LANGHOST_VERSION in $(( $(date +%s) - started ))s"
echo "$BIN_DIR"

#!/usr/bin/env bash
# The GitHub Action's steps (action.yml), as a script so they can be run and tested outside
# GitHub (tests/action.rs). GitHub's runner sets the variables used here:
# https://docs.github.com/en/actions/reference/workflows-and-actions/variables
#
#   action.sh install   put `stsplay` on PATH: the cached build, else `cargo install` from the
#                       action's own checkout (GITHUB_ACTION_PATH, the ref the workflow pinned)
#   action.sh run       `stsplay test` (JUnit XML) and `stsplay lint` (SARIF) as the inputs say;
#                       both run even when the first fails, and the step fails if either did
#
# Inputs arrive as environment variables set by action.yml: STSPLAY_TEST (paths for `stsplay
# test`, space-separated), STSPLAY_LINT (files or globs for `stsplay lint`), STSPLAY_FAIL_ON,
# STSPLAY_JUNIT and STSPLAY_SARIF (report paths), STSPLAY_ROOT (where the binary is cached).
set -euo pipefail

say() { printf '%s\n' "$*"; }
need() { [ -n "${!1:-}" ] || { say "::error::action.sh: $1 is not set"; exit 2; }; }

install() {
  need GITHUB_ACTION_PATH
  need STSPLAY_ROOT
  need GITHUB_PATH
  local bin="$STSPLAY_ROOT/bin"
  if [ -x "$bin/stsplay" ]; then
    say "stsplay is cached: $("$bin/stsplay" --version)"
  else
    say "building stsplay from $GITHUB_ACTION_PATH (cargo install, once per action ref)"
    cargo install --locked --path "$GITHUB_ACTION_PATH" --root "$STSPLAY_ROOT" --bin stsplay
  fi
  echo "$bin" >> "$GITHUB_PATH"
}

run() {
  need GITHUB_OUTPUT
  local failed=0 ran=0
  if [ -n "${STSPLAY_TEST:-}" ]; then
    ran=1
    local junit="${STSPLAY_JUNIT:-stsplay-junit.xml}"
    # Word splitting is wanted: the input is a space-separated list of paths.
    # shellcheck disable=SC2086
    stsplay test $STSPLAY_TEST --junit "$junit" || failed=1
    echo "junit=$junit" >> "$GITHUB_OUTPUT"
  fi
  if [ -n "${STSPLAY_LINT:-}" ]; then
    ran=1
    local sarif="${STSPLAY_SARIF:-stsplay.sarif}" files=()
    # Globs are expanded here, each on its own (also `**` with globstar), so that a pattern
    # that matches nothing fails.
    local patterns
    read -ra patterns <<< "$STSPLAY_LINT"
    shopt -s globstar nullglob
    for pattern in "${patterns[@]}"; do
      # shellcheck disable=SC2206
      local matched=($pattern)
      if [ ${#matched[@]} -eq 0 ]; then
        say "::error::lint: no file matches $pattern"
        failed=1
      fi
      files+=("${matched[@]}")
    done
    shopt -u globstar nullglob
    if [ ${#files[@]} -gt 0 ]; then
      local fail_on="${STSPLAY_FAIL_ON:-error}"
      # The readable report for the log, then the SARIF for code scanning (same findings).
      stsplay lint "${files[@]}" --fail-on "$fail_on" || failed=1
      stsplay lint "${files[@]}" --fail-on "$fail_on" --format sarif > "$sarif" || true
      echo "sarif=$sarif" >> "$GITHUB_OUTPUT"
    fi
  fi
  if [ "$ran" = 0 ]; then
    say "::error::stsplay: give \`test\` (test files or directories) or \`lint\` (trust policy files), or both"
    exit 2
  fi
  exit "$failed"
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  *) say "usage: action.sh install|run" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# One run of the peer comparison: clinic against the obvious Python alternative (PyThaiNLP newmm +
# rank_bm25's BM25Okapi) on tests/eval/questions.jsonl — top-1 accuracy, out-of-scope questions
# declined, latency per question, side by side with the ratio. See docs/peer-comparison.md.
#
#   scripts/peer-compare.sh
#
# Installs the baseline from PyPI into target/peer-venv (made once); times clinic in-process
# with the release build of examples/eval_latency.rs; scores both with scripts/peer_baseline.py.
set -euo pipefail
cd "$(dirname "$0")/.."

today=2026-11-25 # the day the eval set is written for (tests/it/eval.rs)
venv=target/peer-venv
out=target/peer
mkdir -p "$out"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check pythainlp rank_bm25

cargo build --release --quiet --example eval_latency
target/release/examples/eval_latency knowledge tests/eval/questions.jsonl "$today" >"$out/clinic.json"

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(rustc --version)"
"$venv/bin/python" scripts/peer_baseline.py knowledge tests/eval/questions.jsonl "$today" "$out/clinic.json"

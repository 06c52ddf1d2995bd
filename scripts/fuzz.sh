#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a bounded time and prints executions and crashes per
# target. Not part of CI: a finding here becomes a plain #[test] next to the code it broke.
#
#   scripts/fuzz.sh [SECONDS [TARGET...]]   # default: 60 s for each target in fuzz/;
#                                           # needs `cargo install cargo-fuzz`
#
# cargo-fuzz passes nightly-only flags (-Zsanitizer=address, -Cpasses=sancov-module). This machine
# has only a stable toolchain, so RUSTC_BOOTSTRAP=1 lets stable rustc accept them; on a nightly
# toolchain it changes nothing. Corpora start from the repository's own text (the knowledge
# entries and the eval questions) and grow in fuzz/corpus/ (git-ignored); crashing inputs land in
# fuzz/artifacts/<target>/.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift $(($# > 0 ? 1 : 0))
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz is missing; install it with: cargo install cargo-fuzz" >&2
    exit 2
fi
export RUSTC_BOOTSTRAP=1
logs=fuzz/target/logs
mkdir -p "$logs"

# Seeds: one file per eval question / routing text, and every knowledge entry file as it is.
seed_lines() { # target, files...
    local dir="fuzz/corpus/$1"
    shift
    [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return
    mkdir -p "$dir"
    python3 - "$dir" "$@" <<'PY'
import json, sys, hashlib, pathlib
out = pathlib.Path(sys.argv[1])
for name in sys.argv[2:]:
    for line in open(name, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        record = json.loads(line)
        text = record.get("q") or record.get("text") or ""
        (out / hashlib.sha1(text.encode()).hexdigest()).write_text(text, encoding="utf-8")
PY
}
for target in money date normalize_tokenize; do
    seed_lines "$target" tests/eval/questions.jsonl tests/eval/routing.jsonl
done
if [ -z "$(ls -A fuzz/corpus/front_matter 2>/dev/null)" ]; then
    mkdir -p fuzz/corpus/front_matter
    find knowledge/entries -name '*.md' -exec cp {} fuzz/corpus/front_matter/ \;
fi

if [ -z "$(ls -A fuzz/corpus/callback 2>/dev/null)" ]; then
    # Every shape the desk encodes; the fuzzer mutates these towards forged presses.
    mkdir -p fuzz/corpus/callback
    for seed in fb:up:12 fb:down:3 more:7 entry:specific-method-limit handoff:9 \
        open:public_works claim:KK-2569-000001 confirm:KK-2569-000001 reopen:KK-2569-000001 \
        rate:KK-2569-000001:5 show:KK-2569-000001 plan:e-bidding; do
        printf '%s' "$seed" >"fuzz/corpus/callback/${seed//:/_}"
    done
fi

status=0
summary=()
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
for target in "${targets[@]}"; do
    echo "== $target: ${seconds}s"
    log="$logs/$target.log"
    # -a: debug assertions and overflow checks on, so arithmetic overflow is a finding too.
    cargo fuzz run --fuzz-dir fuzz -a "$target" -- \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1
    rc=$?
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -n 1)
    crashes=$(find "fuzz/artifacts/$target" -type f 2>/dev/null | wc -l)
    if [ "$rc" -ne 0 ]; then
        status=1
        grep -E 'panicked at|SUMMARY|Test unit written|ERROR: libFuzzer' "$log" | head -n 5
    fi
    summary+=("$(printf '%-20s %12s executions  exit %-3s  %s artifact(s)' "$target" "${runs:-?}" "$rc" "$crashes")")
done
echo
echo "== summary (${seconds}s per target; logs in $logs/)"
printf '%s\n' "${summary[@]}"
exit "$status"

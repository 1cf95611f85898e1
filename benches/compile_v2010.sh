#!/usr/bin/env bash
# Compile time of a large generated client: Twilio API v2010 (197 operations, 458 types), as a
# standalone crate. Needs ../shared/specs/twilio/twilio_api_v2010.yaml.
#
#   benches/compile_v2010.sh            # crate in /tmp/v2010, target dir /tmp/v2010-target
#
# Env: V2010_DIR, V2010_TARGET (paths), V2010_VARIANTS=1 to also build edited copies (what the
# compile time is spent on, see benches/v2010_variants.py), V2010_PASSES=1 to add rustc's per-pass timings
# (`-Z time-passes` via RUSTC_BOOTSTRAP on the stable compiler; diagnostics only).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SPEC=${V2010_SPEC:-$ROOT/../shared/specs/twilio/twilio_api_v2010.yaml}
CRATE=${V2010_DIR:-/tmp/v2010}
TARGET=${V2010_TARGET:-/tmp/v2010-target}
if [ ! -f "$SPEC" ]; then
  echo "note: $SPEC not found (../shared absent): nothing to measure"
  exit 0
fi

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f s", b - a }'; }
own_time() { # the crate's own unit in the newest timings report
  python3 - "$(ls -t "$TARGET"/cargo-timings/cargo-timing-*.html | head -1)" <<'PY'
import json, re, sys
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", open(sys.argv[1]).read(), re.S).group(1))
own = [u for u in units if u["name"] == "twilio-api-v2010"]
other = [u for u in units if u["name"] != "twilio-api-v2010" and u["duration"] > 0]
for u in own:
    print(f'  twilio-api-v2010 {u.get("target", "").strip() or "lib"}: {u["duration"]:.2f} s'
          + (f' (rmeta at {u["rmeta_time"]:.2f} s)' if u.get("rmeta_time") else ""))
if other:
    print(f"  dependencies: {len(other)} units, {sum(u['duration'] for u in other):.1f} s of unit time")
PY
}

echo "== API v2010 client compile time ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
cd "$ROOT"
rm -rf "$CRATE"
# Own target dir: under `cargo bench` the outer cargo holds the lock on this repo's target/.
CARGO_TARGET_DIR=${V2010_CODEGEN_TARGET:-$TARGET-codegen} \
  cargo run --quiet --release -p specweave -- "$SPEC" --crate "$CRATE" --name twilio-api-v2010
cp "$ROOT/Cargo.lock" "$CRATE/"
ops=$(grep -cE '^    pub async fn ' "$CRATE/src/client.rs" || true)
streams=$(grep -cE '^    pub fn [a-z0-9_]+_stream\(' "$CRATE/src/client.rs" || true)
lines=$(wc -l <"$CRATE/src/client.rs")
code=$(grep -cvE '^\s*(///|//|$)' "$CRATE/src/client.rs")
docs=$(grep -cE '^\s*///' "$CRATE/src/client.rs")
echo "generated: $lines lines in src/client.rs ($code code, $docs doc comment), $ops async methods + $streams streams, $((lines / ops)) lines per operation"
echo "types: $(grep -cE '^    pub (struct|enum) ' "$CRATE/src/client.rs") ($(grep -cE '^    pub struct ' "$CRATE/src/client.rs") structs, $(grep -cE '^    pub enum ' "$CRATE/src/client.rs") enums)"

cd "$CRATE"
export CARGO_TARGET_DIR=$TARGET
rm -rf "$TARGET"
cargo fetch --quiet

echo
echo "== clean cargo build, dependencies not built yet"
t=$(now)
cargo build --timings 2>"$TARGET.clean.log"
echo "total: $(since "$t")"
own_time

echo
echo "== clean build of the crate only (dependencies prebuilt): cargo clean -p twilio-api-v2010 && cargo build --timings"
cargo clean --quiet -p twilio-api-v2010
t=$(now)
cargo build --timings 2>/dev/null
echo "total: $(since "$t")"
own_time

echo
echo "== incremental: touch src/lib.rs && cargo build --timings"
touch src/lib.rs
t=$(now)
cargo build --timings 2>/dev/null
echo "total: $(since "$t")"
own_time

echo
echo "== cargo check of the crate only (front end, no codegen): cargo clean -p ... && cargo check"
cargo check --quiet 2>/dev/null   # dependencies' metadata
cargo clean --quiet -p twilio-api-v2010
t=$(now)
cargo check --timings 2>/dev/null
echo "total: $(since "$t")"
own_time

if [ "${V2010_PASSES:-0}" = 1 ]; then
  echo
  echo "== rustc passes (RUSTC_BOOTSTRAP=1 -Z time-passes), top 25 by wall time"
  touch src/lib.rs
  RUSTC_BOOTSTRAP=1 cargo rustc --quiet --lib -- -Z time-passes 2>"$TARGET.passes.log" || true
  grep -E '^time:' "$TARGET.passes.log" | sort -t: -k2 -rn | awk '{print "  "$0}' | sort -k2 -rn | head -25
fi

if [ "${V2010_VARIANTS:-0}" = 1 ]; then
  echo
  echo "== what dominates: edited copies of the generated code (benches/v2010_variants.py)"
  python3 "$ROOT/benches/v2010_variants.py" "$CRATE" "$TARGET"
fi

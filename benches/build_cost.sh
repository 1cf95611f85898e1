#!/usr/bin/env bash
# Build-script cost of the twilio-chat package, measured in a throwaway copy of the repo
# (the work tree is never touched) with its own CARGO_TARGET_DIR, so the first build is clean.
#
#   benches/build_cost.sh [SOURCE_DIR]     # default: this repository's work tree
#
# SOURCE_DIR may be a git work tree (tracked files plus benches/ and codegen/benches/ are
# copied, as they are on disk) or a plain directory (copied without target/). Set
# BUILD_COST_DIR to keep the copy, target dir and timings report somewhere fixed.
#
# Steps, each timed (wall clock):
#   1. clean `cargo build -p twilio-chat --timings`: total, top units, build-dependency share;
#   2. no-op `cargo build -v`: must report `Fresh twilio-chat` and not run the build script;
#   3. `touch src/lib.rs`: recompiles twilio-chat, must not run the build script;
#   4. `touch spec/*.yaml` (mtime only): runs the build script; the output is unchanged;
#   5. a description edited in the spec: regenerate + recompile.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SOURCE=${1:-$ROOT}
WORK=${BUILD_COST_DIR:-$(mktemp -d /tmp/build-cost.XXXXXX)}
REPO=$WORK/repo
export CARGO_TARGET_DIR=$WORK/target
mkdir -p "$REPO"

if git -C "$SOURCE" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$SOURCE" && { git ls-files -z; find benches codegen/benches -type f -print0 2>/dev/null; } \
    | tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$REPO"
else
  tar -C "$SOURCE" --exclude=./target -cf - . | tar -xf - -C "$REPO"
fi
cd "$REPO"
rm -rf "$CARGO_TARGET_DIR"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f s", b - a }'; }
build_script_ran() { grep -q 'Running `.*build/twilio-chat-[0-9a-f]*/build-script-build`' "$1"; }

echo "== build cost of twilio-chat ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
echo "   copy: $REPO   target: $CARGO_TARGET_DIR"
echo "   $(cargo --version)"

echo
echo "== 1. clean build: cargo build -p twilio-chat --timings"
cargo fetch --quiet
# Warm the page cache with every dependency's sources (aws-lc-sys alone is ~70 MB of C): a
# cold cache otherwise makes whichever build runs first look tens of seconds slower.
cargo metadata --format-version 1 --quiet | python3 -c '
import json, os, sys
for p in json.load(sys.stdin)["packages"]:
    print(os.path.dirname(p["manifest_path"]))' | tar -cf - -T - 2>/dev/null | cat >/dev/null
t=$(now)
cargo build -p twilio-chat --timings 2>"$WORK/clean.log"
echo "clean build: $(since "$t")   ($(grep -c '^ *Compiling' "$WORK/clean.log") crates compiled)"
REPORT=$(ls -t "$CARGO_TARGET_DIR"/cargo-timings/cargo-timing-*.html | head -1)
cp "$REPORT" "$WORK/cargo-timing-clean.html"
echo "timings report: $WORK/cargo-timing-clean.html"

# Packages only the build script needs: specweave's dependency tree minus twilio-chat's normal one.
cargo tree -p specweave -e normal --prefix none --format '{p}' | awk '{print $1" "$2}' | sort -u >"$WORK/build-tree.txt"
cargo tree -p twilio-chat -e normal --prefix none --format '{p}' | awk '{print $1" "$2}' | sort -u >"$WORK/normal-tree.txt"
comm -23 "$WORK/build-tree.txt" "$WORK/normal-tree.txt" >"$WORK/build-only.txt"

python3 - "$WORK/cargo-timing-clean.html" "$WORK/build-only.txt" "$WORK/build-tree.txt" <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
m = re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S)
units = json.loads(m.group(1))
build_only = {tuple(l.split()) for l in open(sys.argv[2]) if l.strip()}
build_tree = {tuple(l.split()) for l in open(sys.argv[3]) if l.strip()}
def key(u): return (u["name"], "v" + u["version"])
def label(u):
    t = u.get("target", "").strip()
    return f'{u["name"]} v{u["version"]}{(" " + t) if t else ""}'
end = lambda u: u["start"] + u["duration"]
wall = max(end(u) for u in units)
cpu = sum(u["duration"] for u in units)
print(f"\nunits: {len(units)}, wall {wall:.1f} s (cargo's clock), sum of unit durations {cpu:.1f} s")
print("\ntop 15 units by duration:")
for u in sorted(units, key=lambda u: -u["duration"])[:15]:
    tag = "build-dep" if key(u) in build_only or u["name"] in ("specweave", "specweave-runtime") else ""
    print(f'  {u["duration"]:7.2f} s  start {u["start"]:6.2f}  {label(u):<55} {tag}')
# Units of the build-dependency tree. Packages shared with the normal tree (serde, proc-macro2, ...)
# appear twice when built with different settings (build-override) and are counted when the
# second copy is the host one: cargo names no kind here, so shared ones are reported apart.
bd = [u for u in units if key(u) in build_only]
script = [u for u in units if u["name"] == "twilio-chat" and "build-script" in u.get("target", "")]
lib = [u for u in units if u["name"] == "twilio-chat" and "build-script" not in u.get("target", "")]
bd_cpu = sum(u["duration"] for u in bd) + sum(u["duration"] for u in script)
print(f"\nbuild-only dependencies ({len(bd)} units: specweave and what only it pulls in) + build script compile/run:")
print(f"  {bd_cpu:.1f} s of {cpu:.1f} s unit time ({100 * bd_cpu / cpu:.0f}%)")
for u in sorted(bd + script, key=lambda u: -u["duration"])[:10]:
    print(f'    {u["duration"]:6.2f} s  {label(u)}')
if lib:
    l = lib[0]
    run = [u for u in script if "run" in u.get("target", "")]
    run_end = max((end(u) for u in run), default=0.0)
    normal_units = [u for u in units if u not in bd and u not in script and u not in lib]
    normal_end = max((end(u) for u in normal_units), default=0.0)
    print(f"\ntwilio-chat lib: starts at {l['start']:.2f} s, takes {l['duration']:.2f} s")
    print(f"  its build script finished running at {run_end:.2f} s; everything else was ready at {normal_end:.2f} s")
    if run_end > normal_end:
        print(f"  => the build script is on the critical path: it delays the lib by {run_end - normal_end:.2f} s")
    else:
        print(f"  => the build script is off the critical path (finished {normal_end - run_end:.2f} s before the last other unit)")
dups = {}
for u in units:
    dups.setdefault((u["name"], u["version"], u.get("target", "")), []).append(u)
dups = {k: v for k, v in dups.items() if len(v) > 1}
if dups:
    print("\nunits built twice with different features (one copy for the build script's tree):")
    for (name, version, target), us in sorted(dups.items()):
        print(f"  {name} v{version}{target}: " + ", ".join(f'{u["duration"]:.2f} s' for u in us))
PY

echo
echo "== 2. no-op: cargo build -v -p twilio-chat"
t=$(now)
cargo build -v -p twilio-chat 2>"$WORK/noop.log"
echo "no-op build: $(since "$t")"
grep -E 'Fresh (twilio-chat|specweave) ' "$WORK/noop.log" || true
if build_script_ran "$WORK/noop.log"; then echo "FAIL: the build script ran"; exit 1; else echo "ok: build script not run"; fi

echo
echo "== 3. touch src/lib.rs; cargo build -v -p twilio-chat"
touch src/lib.rs
t=$(now)
cargo build -v -p twilio-chat 2>"$WORK/touch-lib.log"
echo "rebuild: $(since "$t")"
grep -E '(Dirty|Compiling|Fresh) twilio-chat' "$WORK/touch-lib.log" | sed 's/ --.*//' || true
if build_script_ran "$WORK/touch-lib.log"; then echo "FAIL: the build script ran"; exit 1; else echo "ok: build script not run"; fi

OUT_FILE=$(ls "$CARGO_TARGET_DIR"/debug/build/twilio-chat-*/out/twilio_chat.rs)
before=$(sha256sum "$OUT_FILE" | cut -c1-16)

echo
echo "== 4. touch spec/*.yaml (content unchanged); cargo build -v -p twilio-chat"
touch spec/*.yaml
t=$(now)
cargo build -v -p twilio-chat 2>"$WORK/touch-spec.log"
echo "rebuild: $(since "$t")"
grep -E '(Dirty|Compiling) twilio-chat' "$WORK/touch-spec.log" | sed 's/ --.*//' || true
if build_script_ran "$WORK/touch-spec.log"; then echo "build script ran (expected)"; else echo "build script not run"; fi
after=$(sha256sum "$OUT_FILE" | cut -c1-16)
echo "generated file: $before -> $after ($([ "$before" = "$after" ] && echo unchanged || echo changed))"

echo
echo "== 5. edit a description in spec/twilio_chat_v1_invite.yaml; cargo build -v -p twilio-chat"
sed -i '0,/description: Unique 34-character identifier/s//description: The unique 34-character identifier/' spec/twilio_chat_v1_invite.yaml
t=$(now)
cargo build -v -p twilio-chat 2>"$WORK/edit-spec.log"
echo "rebuild: $(since "$t")"
grep -E '(Dirty|Compiling) twilio-chat' "$WORK/edit-spec.log" | sed 's/ --.*//' || true
if build_script_ran "$WORK/edit-spec.log"; then echo "build script ran (expected)"; else echo "FAIL: build script not run"; exit 1; fi
after2=$(sha256sum "$OUT_FILE" | cut -c1-16)
echo "generated file: $after -> $after2 ($([ "$after" = "$after2" ] && echo unchanged || echo changed))"
grep -c 'The unique 34-character identifier' "$OUT_FILE" | sed 's/^/occurrences of the edited text in the output: /'

echo
echo "== 6. the same edit again, timed with --timings (where the rebuild time goes)"
sed -i 's/description: The unique 34-character identifier/description: Unique 34-character identifier/' spec/twilio_chat_v1_invite.yaml
t=$(now)
cargo build -p twilio-chat --timings 2>"$WORK/edit-spec2.log"
echo "rebuild: $(since "$t")"
REPORT=$(ls -t "$CARGO_TARGET_DIR"/cargo-timings/cargo-timing-*.html | head -1)
python3 - "$REPORT" <<'PY'
import json, re, sys
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", open(sys.argv[1]).read(), re.S).group(1))
for u in units:
    if u["duration"] > 0:
        print(f'  {u["duration"]:6.2f} s  {u["name"]} {u.get("target", "").strip()}')
PY

if [ "${BUILD_COST_AB:-1}" = 1 ]; then
  echo
  echo "== 7. A/B: the same clean build without build-dependencies"
  echo "   (build.rs only copies the generated file from step 1; [build-dependencies] removed)"
  NOBD=$WORK/repo-no-build-deps
  rm -rf "$NOBD"
  mkdir -p "$NOBD"
  tar -C "$REPO" -cf - . | tar -xf - -C "$NOBD"
  cp "$OUT_FILE" "$NOBD/pregenerated.rs"
  cat >"$NOBD/build.rs" <<'RS'
fn main() {
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::copy("pregenerated.rs", format!("{out}/twilio_chat.rs")).expect("copy");
    println!("cargo:rerun-if-changed=pregenerated.rs");
}
RS
  python3 - "$NOBD/Cargo.toml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s2 = re.sub(r'\[build-dependencies\]\nspecweave = \{ version = "0.1.0", path = "codegen" \}\n', "", s)
assert s2 != s, "no [build-dependencies] section found"
open(p, "w").write(s2)
PY
  cd "$NOBD"
  t=$(now)
  CARGO_TARGET_DIR=$WORK/target-no-build-deps cargo build -p twilio-chat --timings 2>"$WORK/clean-no-build-deps.log"
  echo "clean build without build-dependencies: $(since "$t")   ($(grep -c '^ *Compiling' "$WORK/clean-no-build-deps.log") crates compiled)"
  REPORT=$(ls -t "$WORK"/target-no-build-deps/cargo-timings/cargo-timing-*.html | head -1)
  cp "$REPORT" "$WORK/cargo-timing-clean-no-build-deps.html"
  python3 - "$WORK/cargo-timing-clean.html" "$WORK/cargo-timing-clean-no-build-deps.html" <<'PY'
import json, re, sys
def load(p):
    return json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", open(p).read(), re.S).group(1))
a, b = load(sys.argv[1]), load(sys.argv[2])
wall = lambda us: max(u["start"] + u["duration"] for u in us)
cpu = lambda us: sum(u["duration"] for u in us)
print(f"  with build-deps:    {len(a)} units, wall {wall(a):6.1f} s, unit time {cpu(a):6.1f} s")
print(f"  without build-deps: {len(b)} units, wall {wall(b):6.1f} s, unit time {cpu(b):6.1f} s")
print(f"  => build-dependencies cost {cpu(a) - cpu(b):.1f} s of unit (CPU) time and {wall(a) - wall(b):+.1f} s of wall time here")
PY
fi
echo
echo "kept in $WORK (remove with: rm -rf $WORK)"

#!/usr/bin/env python3
"""What dominates the compile time of a generated client: builds edited copies of it.

    python3 benches/v2010_variants.py [CRATE_DIR] [TARGET_DIR]   (defaults: /tmp/v2010, /tmp/v2010-target)

Run benches/compile_v2010.sh first (it generates the crate and builds its dependencies). Each
variant is a copy of the crate with one kind of generated code removed by a text edit of
src/client.rs; its own compile time (`cargo build --timings`, dependencies prebuilt in the shared
target dir, so only the crate itself compiles) and `cargo check` time are compared with the
unedited crate's. Wall times swing with other load on a shared machine, so the CPU time
(user + sys of cargo and rustc, from getrusage) is printed too and is the figure to compare.
Each variant is measured `V2010_ROUNDS` times (default 2, in alternating order) and the
smallest CPU time is kept. The difference estimates what a generator change that drops or shrinks that
code would save. Variants:

  base              the crate as generated
  no_docs           every `///` line removed
  no_streams        the `<op>_stream` paging methods removed
  no_ser_responses  `Serialize` not derived on structs other than `*Params` / `*Request`
  no_std_derives    `Debug, Clone, PartialEq` not derived on structs
  types_only        every operation method removed (types and constructors remain)
"""
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time

CRATE = sys.argv[1] if len(sys.argv) > 1 else "/tmp/v2010"
TARGET = sys.argv[2] if len(sys.argv) > 2 else "/tmp/v2010-target"
NAME = "twilio-api-v2010"


def no_docs(src):
    return "".join(l for l in src.splitlines(True) if not re.match(r"\s*///", l))


def remove_methods(src, predicate):
    """Drops 4-space-indented methods (with their doc comments) whose signature line matches."""
    lines = src.splitlines(True)
    out, pending, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        if re.match(r"    ///", line):
            pending.append(line)
            i += 1
            continue
        if re.match(r"    pub (async )?fn ", line) and predicate(line):
            while not re.match(r"    }\n", lines[i]):
                i += 1
            i += 1
            pending = []
            continue
        out.extend(pending)
        pending = []
        out.append(line)
        i += 1
    return "".join(out + pending)


def no_streams(src):
    return remove_methods(src, lambda l: re.match(r"    pub fn \w+_stream\(", l))


def types_only(src):
    return remove_methods(
        src, lambda l: not re.match(r"    pub fn (new|builder)\(", l)
    )


def no_ser_responses(src):
    lines = src.splitlines(True)
    for i, line in enumerate(lines):
        if "::serde::Serialize, ::serde::Deserialize" in line and "derive(" in line:
            # The item this derive belongs to is the next `pub struct` line.
            j = i + 1
            while not re.match(r"    pub (struct|enum) ", lines[j]):
                j += 1
            name = re.match(r"    pub (?:struct|enum) (\w+)", lines[j]).group(1)
            if not (name.endswith("Params") or name.endswith("Request")):
                lines[i] = line.replace("::serde::Serialize, ", "")
    return "".join(lines)


def no_std_derives(src):
    return src.replace(
        "#[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize",
        "#[derive(Default, ::serde::Serialize",
    ).replace(
        "#[derive(Debug, Clone, PartialEq, ::serde::Serialize",
        "#[derive(::serde::Serialize",
    )


VARIANTS = {
    "base": lambda s: s,
    "no_docs": no_docs,
    "no_streams": no_streams,
    "no_ser_responses": no_ser_responses,
    "no_std_derives": no_std_derives,
    "types_only": types_only,
}


def own_time(target):
    reports = sorted(
        (os.path.join(target, "cargo-timings", f) for f in os.listdir(os.path.join(target, "cargo-timings"))),
        key=os.path.getmtime,
    )
    html = open(reports[-1]).read()
    units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
    return sum(u["duration"] for u in units if u["name"] == NAME)


def cargo(args, cwd):
    """Runs cargo; returns the CPU seconds (user + sys) it and its children used."""
    env = dict(os.environ, CARGO_TARGET_DIR=TARGET)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(["cargo", *args], cwd=cwd, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-3000:])
        raise SystemExit(f"cargo {' '.join(args)} failed in {cwd}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    src = open(os.path.join(CRATE, "src", "client.rs")).read()
    rounds = int(os.environ.get("V2010_ROUNDS", "2"))
    print(f"variants of {CRATE} ({time.strftime('%H:%M:%S', time.gmtime())} UTC, "
          f"load {open('/proc/loadavg').read().split()[0]}, {rounds} rounds, best kept)")
    dirs = {}
    for name, edit in VARIANTS.items():
        d = f"{CRATE}-{name}"
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(CRATE, d)
        open(os.path.join(d, "src", "client.rs"), "w").write(edit(src))
        dirs[name] = d
    results = {name: [] for name in VARIANTS}
    for round_ in range(rounds):
        order = list(VARIANTS) if round_ % 2 == 0 else list(reversed(VARIANTS))
        for name in order:
            d = dirs[name]
            cargo(["clean", "--quiet", "-p", NAME], d)
            build_cpu = cargo(["build", "--quiet", "--timings"], d)
            build_wall = own_time(TARGET)
            check_cpu = cargo(["check", "--quiet", "--timings"], d)
            check_wall = own_time(TARGET)
            results[name].append((build_cpu, build_wall, check_cpu, check_wall))
    print(f"{'variant':<18} {'lines':>7} | {'build cpu':>9} {'vs base':>8} {'wall':>7} | "
          f"{'check cpu':>9} {'vs base':>8} {'wall':>7}")
    best = {name: (min(r[0] for r in rs), min(r[1] for r in rs), min(r[2] for r in rs), min(r[3] for r in rs))
            for name, rs in results.items()}
    b = best["base"]
    for name, (bc, bw, cc, cw) in best.items():
        lines = open(os.path.join(dirs[name], "src", "client.rs")).read().count("\n")
        print(f"{name:<18} {lines:>7} | {bc:>8.1f}s {100 * (bc / b[0] - 1):>+7.0f}% {bw:>6.1f}s | "
              f"{cc:>8.1f}s {100 * (cc / b[2] - 1):>+7.0f}% {cw:>6.1f}s", flush=True)
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()

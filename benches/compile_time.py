#!/usr/bin/env python3
"""Compile time of generated clients: `cargo check` and debug `cargo build` of the client crate
alone (dependencies prebuilt), CPU and wall seconds, generated lines; optionally beside the
output of a second generator (another specweave build, or any generator's crate) for a ratio.

    python3 benches/compile_time.py [options] SPEC...

    --rounds N           rounds per side, alternating the order (default 3); best and median kept
    --generator BIN      the specweave binary measured (default: target/release/specweave,
                         built first with `cargo build --release -p specweave`)
    --baseline BIN       a second specweave binary (e.g. an older release): its crate is built
                         beside ours, round for round, and the ratio printed
    --beside NAME=DIR    a crate made by another generator for the NAME spec (the crate name
                         `.ci/crate_name.sh` gives the spec): built beside ours
    --arg ARG            passed to our generator (repeatable), e.g. --arg=--serde-traits --arg=both
    --feature NAME       our crate is generated with --features-per-tag, and also built with
                         only this feature (repeatable; a row `only:NAME` each), for the share
                         of the whole client one tag costs
    --work DIR           where crates and the shared target directory go (default
                         /tmp/specweave-compile-time)

Every crate gets this workspace's Cargo.lock; all share one target directory, and a first
untimed `cargo build` and `cargo check` of each build the dependencies, so each timed run compiles the client
crate only (`cargo clean -p` before it). Wall time swings with other load on a small machine,
so the CPU time of cargo and rustc (user + sys) is printed beside it; compare CPU seconds.
Incremental compilation is off, as for a clean build of a dependency.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def crate_name(spec):
    script = f'. "{ROOT}/.ci/crate_name.sh"; crate_name "$1"'
    return subprocess.run(["bash", "-c", script, "_", spec], capture_output=True, text=True,
                          check=True).stdout.strip()


def run(args, cwd=None, env=None):
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{r.stderr[-3000:]}")
    return r


def cargo(args, crate, target):
    env = dict(os.environ, CARGO_TARGET_DIR=target, CARGO_INCREMENTAL="0")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    run(["cargo", *args], cwd=crate, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, time.time() - start


def package(crate):
    for line in open(os.path.join(crate, "Cargo.toml")):
        if line.startswith("name"):
            return line.split("=", 1)[1].strip().strip('"')
    sys.exit(f"no package name in {crate}/Cargo.toml")


def lines(crate):
    total = 0
    for folder, _, files in os.walk(os.path.join(crate, "src")):
        for file in files:
            if file.endswith(".rs"):
                with open(os.path.join(folder, file), encoding="utf-8") as f:
                    total += sum(1 for _ in f)
    return total


def generate(binary, spec, crate, name, extra):
    shutil.rmtree(crate, ignore_errors=True)
    run([binary, spec, "--crate", crate, "--name", name, *extra])
    shutil.copy(os.path.join(ROOT, "Cargo.lock"), os.path.join(crate, "Cargo.lock"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--generator")
    parser.add_argument("--baseline")
    parser.add_argument("--beside", action="append", default=[])
    parser.add_argument("--arg", action="append", default=[])
    parser.add_argument("--feature", action="append", default=[])
    parser.add_argument("--work", default="/tmp/specweave-compile-time")
    opts = parser.parse_args()

    generator = opts.generator
    if generator is None:
        run(["cargo", "build", "--quiet", "--release", "-p", "specweave"], cwd=ROOT)
        generator = os.path.join(ROOT, "target/release/specweave")
    beside = dict(item.split("=", 1) for item in opts.beside)
    target = os.path.join(opts.work, "target")
    load = open("/proc/loadavg").read().split()[0]
    print(f"== compile time of generated clients ({time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, "
          f"{os.cpu_count()} cores, load {load}, {opts.rounds} rounds)", flush=True)

    for spec in opts.specs:
        name = crate_name(spec)
        sides = {"ours": os.path.join(opts.work, name, "ours")}
        ours_args = opts.arg + (["--features-per-tag"] if opts.feature else [])
        generate(generator, spec, sides["ours"], name, ours_args)
        if opts.baseline:
            sides["baseline"] = os.path.join(opts.work, name, "baseline")
            generate(opts.baseline, spec, sides["baseline"], name, [])
        if name in beside:
            sides["beside"] = os.path.abspath(beside[name])
        for crate in sides.values():
            # Dependencies, untimed: built, and checked (a check reads their own metadata).
            cargo(["build", "--quiet"], crate, target)
            cargo(["check", "--quiet"], crate, target)
        # A row per side, and per feature built alone (our crate with only that feature).
        rows = {side: (crate, []) for side, crate in sides.items()}
        for feature in opts.feature:
            rows[f"only:{feature}"] = (sides["ours"], ["--no-default-features", "--features", feature])
        results = {row: {"check": [], "build": []} for row in rows}
        order = list(rows)
        for round_ in range(opts.rounds):
            for row in (order if round_ % 2 == 0 else order[::-1]):
                crate, flags = rows[row]
                for kind in ("check", "build"):
                    cargo(["clean", "--quiet", "-p", package(crate)], crate, target)
                    results[row][kind].append(cargo([kind, "--quiet", *flags], crate, target))
        print(f"\n{name} ({spec})")
        print(f"  {'side':<9} {'lines':>8}  {'check CPU s':>11} {'(median)':>8} {'wall s':>7}"
              f"  {'build CPU s':>11} {'(median)':>8} {'wall s':>7}")
        best = {}
        for side, (crate, _) in rows.items():
            row = [f"  {side:<9} {lines(crate):>8}"]
            for kind in ("check", "build"):
                runs = results[side][kind]
                cpu = min(r[0] for r in runs)
                best[(side, kind)] = cpu
                row.append(f"  {cpu:>11.1f} {statistics.median(r[0] for r in runs):>8.1f} "
                           f"{min(r[1] for r in runs):>7.1f}")
            print("".join(row))
        for other in (s for s in rows if s != "ours"):
            # A feature alone is a share of our whole client; another side is what we compare to.
            part, whole = (other, "ours") if other.startswith("only:") else ("ours", other)
            ratios = ", ".join(f"{kind} {best[(part, kind)] / best[(whole, kind)]:.2f}x"
                               for kind in ("check", "build"))
            print(f"  {part} / {whole} (best CPU): {ratios}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

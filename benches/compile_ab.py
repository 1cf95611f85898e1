#!/usr/bin/env python3
"""Compile time of two generated client crates, side by side (A/B of two generator revisions).

    python3 benches/compile_ab.py CRATE_A TARGET_A CRATE_B TARGET_B [ROUNDS]

Each crate is one made by `benches/compile_v2010.sh` (V2010_DIR / V2010_TARGET), whose run also
built its dependencies in TARGET. Per round, in alternating order: `cargo clean -p` + `cargo
build` (the crate alone), `touch src/lib.rs` + `cargo build` (incremental), `cargo clean -p` +
`cargo check`. Wall times swing with other load on a small machine, so CPU time (user + sys of
cargo and rustc) is printed beside them; the best of the rounds is kept for each.
"""
import os
import resource
import subprocess
import sys
import time


def cargo(args, cwd, target):
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    r = subprocess.run(["cargo", *args], cwd=cwd, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"cargo {' '.join(args)} failed in {cwd}:\n{r.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, time.time() - start


def package(crate):
    for line in open(os.path.join(crate, "Cargo.toml")):
        if line.startswith("name"):
            return line.split("=", 1)[1].strip().strip('"')
    sys.exit(f"no package name in {crate}/Cargo.toml")


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    sides = {"A": (sys.argv[1], sys.argv[2]), "B": (sys.argv[3], sys.argv[4])}
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    results = {side: [] for side in sides}
    for round_ in range(rounds):
        for side in (["A", "B"] if round_ % 2 == 0 else ["B", "A"]):
            crate, target = sides[side]
            name = package(crate)
            cargo(["clean", "--quiet", "-p", name], crate, target)
            build = cargo(["build", "--quiet"], crate, target)
            os.utime(os.path.join(crate, "src", "lib.rs"))
            incremental = cargo(["build", "--quiet"], crate, target)
            cargo(["clean", "--quiet", "-p", name], crate, target)
            check = cargo(["check", "--quiet"], crate, target)
            results[side].append(build + incremental + check)
            load = open("/proc/loadavg").read().split()[0]
            print(f"round {round_} {side} ({crate}): build {build[0]:.1f} s CPU / {build[1]:.1f} s wall, "
                  f"incremental {incremental[0]:.1f} / {incremental[1]:.1f}, "
                  f"check {check[0]:.1f} / {check[1]:.1f} (load {load})", flush=True)
    print("best of each (CPU / wall seconds):")
    for side, rows in results.items():
        best = [min(r[i] for r in rows) for i in range(6)]
        print(f"  {side} {sides[side][0]}: build {best[0]:.1f} / {best[1]:.1f}, "
              f"incremental {best[2]:.1f} / {best[3]:.1f}, check {best[4]:.1f} / {best[5]:.1f}")


if __name__ == "__main__":
    main()

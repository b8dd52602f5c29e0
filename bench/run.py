#!/usr/bin/env python3
"""Benchmarks fromlint on the shared corpus (needs ../shared/corpus/files):
whole-corpus wall time through the CLI (parallel over all cores), single-file
process time, and in-process throughput (`cargo bench --bench lint`).

Usage: python3 bench/run.py
"""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "files")
BIN = os.path.join(ROOT, "target", "release", "fromlint")
SMALL = os.path.join(ROOT, "fixtures", "full-distro-base", "python-full.Dockerfile")


def wall(args, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


def main():
    if not os.path.isdir(CORPUS):
        sys.exit(f"no corpus at {CORPUS}")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    names = os.listdir(CORPUS)
    size = sum(os.path.getsize(os.path.join(CORPUS, n)) for n in names)

    # Corpus names (`owner__repo__path`) are not Dockerfile names, so pass them explicitly.
    paths = [os.path.join(CORPUS, n) for n in sorted(names)]
    times = wall([BIN, "--format", "json", *paths], 7)
    best, median = min(times), statistics.median(times)
    print(f"corpus via CLI ({os.cpu_count()} cores): {len(names)} files, {size / 1e6:.1f} MB, "
          f"best {best * 1e3:.0f} ms, median {median * 1e3:.0f} ms = "
          f"{len(names) / best:.0f} files/s, {size / 1e6 / best:.1f} MB/s")

    times = wall([BIN, SMALL], 200)
    print(f"single small file process: mean {statistics.mean(times) * 1e3:.2f} ms, "
          f"median {statistics.median(times) * 1e3:.2f} ms (200 runs)")

    subprocess.run(["cargo", "bench", "--quiet", "--bench", "lint"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmarks fromlint on the shared corpus (needs ../shared/corpus/files):
whole-corpus wall time through the CLI (parallel over all cores), single-file
process time, in-process throughput (`cargo bench --bench lint`), start-up,
linear scaling and memory, the language server, and the size of the shipped
(`dist`) binaries when they are built.

Usage: python3 bench/run.py          (builds target/release/fromlint, measures,
                                      writes bench/figures.json and regenerates
                                      the figures in README.md and
                                      docs/limits.md from it)
       python3 bench/run.py --lsp    (the language-server figures only; writes nothing)
       python3 bench/run.py --dist   (also builds the shipped binaries first,
                                      `cargo build --profile dist` and
                                      tests/release/static.sh, and measures their
                                      size and start-up; without it they are not
                                      measured)
       python3 bench/run.py --no-cargo  (no build, no `cargo bench`; writes
                                      nothing, since the in-process figure is missing)
Run it on an idle machine: the load average at the start and the end is
recorded in bench/figures.json, and tests/figures.rs checks that README.md
and docs/limits.md show what the file says.
FROMLINT_BIN=path runs another build; HADOLINT=path adds hadolint's time
for one small file (target/hadolint-venv/bin/hadolint is used when present).
"""
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "files")
BIN = os.environ.get("FROMLINT_BIN") or os.path.join(ROOT, "target", "release", "fromlint")
SMALL = os.path.join(ROOT, "fixtures", "full-distro-base", "python-full.Dockerfile")


def wall(args, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


FIGURES = os.path.join(ROOT, "bench", "figures.json")
# Above this 1-minute load average at the start, the figures are marked busy
# (tests/figures.rs uses the same threshold).
IDLE_LOAD = 1.0


def settle(limit=180):
    """Waits (at most `limit` seconds) for the load of our own build to decay,
    so it is not taken for another job's."""
    deadline = time.time() + limit
    while os.getloadavg()[0] > IDLE_LOAD / 2 and time.time() < deadline:
        time.sleep(5)


def git(*args):
    out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip()


def record(figures, load_at_start):
    """Writes bench/figures.json: what this run measured, and where, then
    regenerates the figures shown in README.md and docs/limits.md from it
    (tests/figures.rs renders them, and fails when they differ)."""
    import platform
    commit = git("rev-parse", "--short", "HEAD")
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " with uncommitted changes"
    data = {
        "written by": "python3 bench/run.py",
        "date (UTC)": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "commit": commit,
        "binary": os.path.relpath(BIN, ROOT),
        "cores": os.cpu_count(),
        "machine": platform.machine(),
        "load average (1 min) at the start": round(load_at_start, 2),
        "load average (1 min) when done": round(os.getloadavg()[0], 2),
        "figures": {k: round(v, 4) for k, v in figures.items()},
    }
    with open(FIGURES, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    print(f"wrote {os.path.relpath(FIGURES, ROOT)}")
    # The load when done includes the benchmark's own threads (both cores):
    # only the load at the start says whether something else was running.
    if load_at_start > IDLE_LOAD:
        print(f"warning: the machine was not idle (load average above {IDLE_LOAD}); "
              "these figures are noisier than they should be", file=sys.stderr)
    # The documents show what the file says: regenerate them from it.
    env = dict(os.environ, BLESS="1")
    subprocess.run(["cargo", "test", "--quiet", "--test", "figures"], cwd=ROOT, env=env,
                   check=True)
    print("regenerated the figures in README.md and docs/limits.md")


def main():
    figures = {}
    if sys.argv[1:] == ["--lsp"]:
        lsp_round_trip()
        lsp_burst()
        return
    if not os.path.isdir(CORPUS):
        sys.exit(f"no corpus at {CORPUS}")
    no_cargo = "--no-cargo" in sys.argv[1:]
    if "--dist" in sys.argv[1:]:
        # The shipped binaries, whose size and start-up are measured below.
        subprocess.run(["cargo", "build", "--profile", "dist", "--locked", "--quiet"], cwd=ROOT,
                       check=True)
        subprocess.run(["bash", "tests/release/static.sh"], cwd=ROOT, check=True)
    if not no_cargo:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        settle()
    load_at_start = os.getloadavg()[0]
    names = os.listdir(CORPUS)
    size = sum(os.path.getsize(os.path.join(CORPUS, n)) for n in names)

    # Corpus names (`owner__repo__path`) are not Dockerfile names, so pass them explicitly.
    paths = [os.path.join(CORPUS, n) for n in sorted(names)]
    print(f"load average: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    for label, flags in (("default rules", []), ("every rule", ["--select", "all", "--preview"])):
        times = wall([BIN, "--format", "json", *flags, *paths], 7)
        best, median = min(times), statistics.median(times)
        print(f"corpus via CLI, {label}: {len(names)} files, {size / 1e6:.1f} MB, "
              f"best {best * 1e3:.0f} ms, median {median * 1e3:.0f} ms = "
              f"{len(names) / best:.0f} files/s, {size / 1e6 / best:.1f} MB/s")
        if not flags:
            figures["corpus files"] = len(names)
            figures["corpus size (MB)"] = size / 1e6
            figures["corpus via CLI, best (s)"] = best
        else:
            figures["corpus via CLI, every rule, best (s)"] = best

    times = wall([BIN, SMALL], 200)
    print(f"single small file process: mean {statistics.mean(times) * 1e3:.2f} ms, "
          f"median {statistics.median(times) * 1e3:.2f} ms (200 runs)")
    figures["small file process, mean (ms)"] = statistics.mean(times) * 1e3
    figures["start-up (--version), mean (ms)"] = startup(BIN)
    figures["/bin/true, mean (ms)"] = startup("/bin/true", [])
    hadolint = os.environ.get("HADOLINT") or os.path.join(ROOT, "target", "hadolint-venv", "bin",
                                                          "hadolint")
    if os.access(hadolint, os.X_OK):
        times = wall([hadolint, SMALL], 50)
        version = subprocess.run([hadolint, "--version"], capture_output=True,
                                 text=True).stdout.split()[-1]
        print(f"hadolint {version}, single small file: mean {statistics.mean(times) * 1e3:.2f} ms")
        figures[f"hadolint {version}, small file process, mean (ms)"] = \
            statistics.mean(times) * 1e3

    figures.update(scaling(paths, size))
    if "--dist" in sys.argv[1:]:
        figures.update(dist_binaries())
    if not no_cargo:
        out = subprocess.run(["cargo", "bench", "--quiet", "--bench", "lint", "--", "--corpus-only"],
                             cwd=ROOT,
                             check=True, capture_output=True, text=True).stdout
        print(out, end="")
        found = re.search(r"corpus \(1 thread, best of \d+\): \d+ files, [\d.]+ MB in ([\d.]+) ms",
                          out)
        if found:
            figures["corpus in-process, one thread, best (s)"] = float(found.group(1)) / 1e3
    figures["language server, 500 lines, edit to diagnostics, median (ms)"] = \
        statistics.median(lsp_round_trip()) * 1e3
    burst, alone = lsp_burst()
    figures["language server, 44 KB, one edit alone to diagnostics, median (ms)"] = \
        statistics.median(alone) * 1e3
    figures["language server, 44 KB burst, last edit to final diagnostics, median (ms)"] = \
        statistics.median(burst) * 1e3
    figures["language server, 44 KB burst, last edit to final diagnostics, worst (ms)"] = \
        max(burst) * 1e3
    if no_cargo or "corpus in-process, one thread, best (s)" not in figures:
        print("not writing bench/figures.json: the in-process figure needs `cargo bench`")
        return
    record(figures, load_at_start)


def startup(binary, args=("--version",), runs=200):
    """Mean wall time of a process that only starts and exits, in ms."""
    return statistics.mean(wall([binary, *args], runs)) * 1e3


def dist_binaries():
    """Size and start-up of the shipped builds, just built by `--dist`:
    `cargo build --profile dist --locked` (glibc) and tests/release/static.sh
    (static musl; skipped where the musl target cannot be installed)."""
    figures = {}
    for label, path in (("dist (glibc)", os.path.join("target", "dist", "fromlint")),
                        ("static (musl)", os.path.join("target", "x86_64-unknown-linux-musl",
                                                       "dist", "fromlint"))):
        full = os.path.join(ROOT, path)
        if not os.access(full, os.X_OK):
            print(f"{label}: {path} not built; its size is not measured")
            continue
        with open(full, "rb") as f:
            data = f.read()
        figures[f"{label} binary (bytes)"] = len(data)
        figures[f"{label} binary, gzipped (bytes)"] = len(gzip.compress(data, 9))
        figures[f"{label} start-up (--version), mean (ms)"] = startup(full)
        print(f"{label}: {len(data):,} bytes, start-up "
              f"{figures[f'{label} start-up (--version), mean (ms)']:.2f} ms")
    return figures


def peak(args):
    """Wall time, user CPU time and peak resident memory (bytes) of one run."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime, usage.ru_maxrss * 1024


def scaling(paths, size):
    """Issue 12's targets: doubling a single-stage file of RUN lines at most
    doubles the time (+10%), and peak memory stays under 8x the input on
    the corpus concatenated into one file. Times are user CPU seconds (best
    of three), which a busy machine disturbs less than wall time."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        times = {}
        for lines in (20000, 40000):
            path = os.path.join(tmp, f"runs-{lines}.Dockerfile")
            with open(path, "w") as f:
                f.write("FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\n")
                for i in range(lines):
                    f.write(f"RUN apt-get install -y pkg{i} && curl -fsSL https://x/{i} | sh\n")
            times[lines] = min(peak([BIN, "--format", "json", path])[1] for _ in range(3))
        print(f"single stage, 20k RUN lines: {times[20000]:.2f} s; 40k: {times[40000]:.2f} s; "
              f"ratio {times[40000] / times[20000]:.2f} (target <= 2.2)")
        figures = {
            "single stage, 20k RUN lines, user CPU (s)": times[20000],
            "single stage, 40k RUN lines, user CPU (s)": times[40000],
        }
        baseline = peak([BIN, "--version"])[2]
        labels = os.path.join(tmp, "labels.Dockerfile")
        with open(labels, "w") as f:
            f.write("FROM alpine:3.20\n")
            for i in range(400000):
                f.write(f'LABEL org.example.key{i}="value number {i}" other{i}=x\n')
        _, _, rss = peak([BIN, "--format", "json", labels])
        labels_size = os.path.getsize(labels)
        print(f"LABEL lines: {labels_size / 1e6:.1f} MB, peak memory {rss / 2**20:.0f} MiB = "
              f"{rss / labels_size:.1f}x the input, {(rss - baseline) / labels_size:.1f}x above "
              f"the {baseline / 2**20:.1f} MiB baseline (target <= 8x)")
        figures["LABEL lines, input (MB)"] = labels_size / 1e6
        figures["LABEL lines, peak memory / input"] = rss / labels_size
        joined = os.path.join(tmp, "corpus.Dockerfile")
        with open(joined, "wb") as out:
            for p in paths:
                with open(p, "rb") as f:
                    out.write(f.read())
                out.write(b"\n")
        joined_size = os.path.getsize(joined)
        seconds, _, rss = peak([BIN, "--format", "json", joined])
        print(f"concatenated corpus: {joined_size / 1e6:.1f} MB in {seconds:.2f} s, peak memory "
              f"{rss / 2**20:.0f} MiB = {rss / joined_size:.1f}x the input (target <= 8x)")
        figures["concatenated corpus, one file (s)"] = seconds
        figures["concatenated corpus, peak memory / input"] = rss / joined_size
    return figures


class LanguageServer:
    """`fromlint server` driven over stdio, one document open."""

    URI = "file:///bench/Dockerfile"

    def __init__(self, text):
        self.server = subprocess.Popen([BIN, "server"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE)
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"capabilities": {}}})
        self.receive()
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        self.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": self.URI, "languageId": "dockerfile", "version": 1, "text": text}}})
        self.diagnostics()

    def send(self, message, flush=True):
        import json
        data = json.dumps(message).encode()
        self.server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        if flush:
            self.server.stdin.flush()

    def receive(self):
        import json
        length = 0
        while True:
            line = self.server.stdout.readline().strip()
            if not line:
                break
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.server.stdout.read(length))

    def diagnostics(self):
        """Waits for a publishDiagnostics; returns its version."""
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics":
                return message["params"].get("version")

    def change(self, version, start, end, text, flush=True):
        self.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": self.URI, "version": version},
            "contentChanges": [{"range": {"start": {"line": start[0], "character": start[1]},
                                          "end": {"line": end[0], "character": end[1]}},
                                "text": text}]}}, flush)

    def close(self):
        self.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.server.wait(timeout=10)


def lsp_burst(edits=1000, bursts=5):
    """Issue 16's target: after a burst of 1,000 quick edits to a 44 KB
    document, the final diagnostics arrive within 50 ms of the last edit.
    Each edit is written and flushed on its own, as an editor would."""
    text = "FROM python:3.12\n"
    while len(text) < 44_000:
        text += "RUN echo building && make -C /src all install && echo done\n"
    lines = text.count("\n")
    server = LanguageServer(text)
    latencies = []
    version = 1
    for _ in range(bursts):
        for _ in range(edits):
            version += 1
            server.change(version, (lines, 0), (lines, 0), "#")
        last_edit = time.perf_counter()
        while server.diagnostics() != version:
            pass
        latencies.append(time.perf_counter() - last_edit)
    # For comparison: one edit alone, so one lint and nothing to coalesce.
    alone = []
    for _ in range(10):
        version += 1
        start = time.perf_counter()
        server.change(version, (lines, 0), (lines, 0), "#")
        while server.diagnostics() != version:
            pass
        alone.append(time.perf_counter() - start)
    server.close()
    worst = max(latencies) * 1e3
    print(f"language server, 44 KB file: final diagnostics {statistics.median(latencies) * 1e3:.1f} ms "
          f"(median), {worst:.1f} ms (worst) after the last of {edits} edits "
          f"({bursts} bursts; target <= 50 ms); one edit alone: "
          f"{statistics.median(alone) * 1e3:.1f} ms (median of 10)")
    return latencies, alone


def lsp_round_trip(lines=500, changes=50):
    """Time from a didChange to its publishDiagnostics for a 500-line file."""
    body = ["ARG PY=3.12", "FROM python:${PY} AS build"]
    while len(body) < lines - 2:
        body.append(f"RUN pip install --no-cache-dir package{len(body)}==1.0 \\")
        body.append(f"    && echo step {len(body)}")
    body += ["FROM python:3.12-slim", "COPY --from=build /app /app"]
    text = "\n".join(body) + "\n"
    server = LanguageServer(text)
    times = []
    for version in range(2, changes + 2):
        start = time.perf_counter()
        server.change(version, (0, 7), (0, 11), "3.12" if version % 2 else "3.13")
        server.diagnostics()
        times.append(time.perf_counter() - start)
    server.close()
    print(f"language server, {lines}-line file: didChange to publishDiagnostics "
          f"median {statistics.median(times) * 1e3:.2f} ms, max {max(times) * 1e3:.2f} ms ({changes} edits)")
    return times


if __name__ == "__main__":
    main()

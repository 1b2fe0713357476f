#!/usr/bin/env python3
"""Summarises a JFR recording of the server under load (bench/run.sh --profile): where its CPU time goes.

Usage: profile.py RECORDING.jfr THREADS_BEFORE THREADS_AFTER
  RECORDING.jfr      a recording with jdk.CPUTimeSample on (CPU-time samples of Java threads, native frames included)
  THREADS_*          "name|ticks" lines of every thread of the server before and after the load (from /proc)

Prints Markdown: CPU by thread kind, the Java threads' samples by layer (each sample goes to the innermost
frame that belongs to a known layer, so JDK collections count for whoever called them) and the hottest frames.
"""
import collections
import json
import os
import re
import subprocess
import sys

LAYERS = [  # (frame prefix, layer), the first match wins
    ("org.duckdb.", "DuckDB (JDBC driver and native engine)"),
    ("sun.nio.ch.", "socket I/O"),
    ("com.fasterxml.jackson.", "JSON (Jackson)"),
    ("io.helidon.", "HTTP (Helidon)"),
    ("dev.mxcp.host.", None),  # "mxcp <package>"
    ("jdk.internal.vm.Continuation", "virtual-thread scheduling"),
    ("java.util.concurrent.ForkJoin", "virtual-thread scheduling"),
]


def layer_of(frame):
    for prefix, layer in LAYERS:
        if frame.startswith(prefix):
            return layer or "mxcp " + frame[len(prefix):].split(".")[0]
    return None


def thread_kind(name):
    for pattern, kind in [(r"^ForkJoinPool", "virtual-thread carriers (request handling)"),
                          (r"^C[12] CompilerThre|^JVMCI|^Truffle", "JIT compilers"),
                          (r"^JFR", "the profiler (JFR)"),
                          (r"^(GC Thread|G1 |VM Thread|G1 Refine|G1 Service)", "GC and VM"),
                          (r"^java$", "DuckDB's worker threads (unnamed native threads)"),
                          (r"^mxcp-", "mxcp platform threads (guest workers, timers)")]:
        if re.search(pattern, name):
            return kind
    return "other"


def thread_ticks(path):
    ticks = collections.Counter()
    for line in open(path):
        name, _, value = line.rstrip("\n").rpartition("|")
        if name:
            ticks[name.strip()] += sum(int(v) for v in value.split())
    return ticks


def main(recording, before, after):
    jfr = os.path.join(os.environ["JAVA_HOME"], "bin", "jfr")
    events = json.loads(subprocess.check_output(
        [jfr, "print", "--json", "--stack-depth", "256", "--events", "jdk.CPUTimeSample", recording]))["recording"]["events"]
    by_layer, hottest = collections.Counter(), collections.Counter()
    for event in events:
        trace = event["values"].get("stackTrace") or {"frames": []}
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in trace["frames"]]
        if frames:
            hottest[frames[0]] += 1
        by_layer[next((layer for layer in map(layer_of, frames) if layer), "JDK, other")] += 1
    total = max(1, len(events))

    used = thread_ticks(after)
    used.subtract(thread_ticks(before))
    kinds = collections.Counter()
    for name, ticks in used.items():
        kinds[thread_kind(name)] += max(0, ticks)
    cpu = max(1, sum(kinds.values()))

    print("| server threads (CPU time during the load) | share |")
    print("|---|---:|")
    for kind, ticks in kinds.most_common():
        print(f"| {kind} | {100 * ticks / cpu:.1f} % |")
    print()
    print(f"| Java threads' CPU samples by layer ({len(events)} samples) | share |")
    print("|---|---:|")
    for layer, n in by_layer.most_common():
        print(f"| {layer} | {100 * n / total:.1f} % |")
    print()
    print("| hottest frames (self) | share |")
    print("|---|---:|")
    for frame, n in hottest.most_common(12):
        print(f"| `{frame}` | {100 * n / total:.1f} % |")


if __name__ == "__main__":
    main(*sys.argv[1:4])

"""Writes bench/run.sh's Markdown report.
Usage: report.py RESULTS_TSV PYTHON_BENCH_OUTPUT JS_BENCH_OUTPUT MANAGER_FACTS PROFILE_MD < facts (key=value)
       report.py --governance RESULTS_TSV   (the governance rows and their cost, for bench/run.sh --governance)
       report.py --tracing RESULTS_TSV      (the tracing rows and their cost, for bench/run.sh --tracing)
       report.py --manager RESULTS_TSV MANAGER_FACTS   (the MCP Manager's rows, for bench/run.sh --manager)"""
import re
import sys

GOVERNANCE = ["Governance: SQL lookup, plain", "Governance: + policies", "Governance: + policies + audit",
              "Governance: + policies + audit + auth", "Governance: + policies + audit + auth + tracing"]


def against_first(rows, labels, first_word):
    """The rows of `labels` (the first the baseline) as a table of calls/s, latency and calls/s against the
    first; with the rows by (label, connections) and the connection counts, for the cost lines."""
    by = {(r[0], r[1]): r for r in rows}
    conns = sorted({r[1] for r in rows if r[0] in labels}, key=int)
    out = [f"| configuration | connections | calls/s | p50 ms | p99 ms | errors | calls/s vs {first_word} |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for label in labels:
        for c in conns:
            r, first = by[(label, c)], by[(labels[0], c)]
            out.append(f"| {label.split(': ', 1)[1]} | {c} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | "
                       f"{100 * float(r[2]) / float(first[2]):.0f}% |")
    out.append("")
    return out, by, conns


def cost(by, label, first, conns):
    """The percentage of the first row's calls/s that `label`'s row loses at `conns` connections."""
    return 100 * (1 - float(by[(label, conns)][2]) / float(by[(first, conns)][2]))


def governance(rows):
    """The governance rows' calls/s and latency against plain, and the combined costs against their targets:
    policies + audit + auth under 10 % (issue 16), all of them with tracing within 15 % (issue 20)."""
    out, by, conns = against_first(rows, [g for g in GOVERNANCE if any(r[0] == g for r in rows)], "plain")
    for c in conns:
        total = cost(by, GOVERNANCE[3], GOVERNANCE[0], c)
        out.append(f"- Cost of policies + audit + auth, {c} connections: **{total:.0f}%** of plain's calls/s "
                   f"(target: under 10%): {verdict(total < 10)}")
        if (GOVERNANCE[4], c) in by:
            every = cost(by, GOVERNANCE[4], GOVERNANCE[0], c)
            out.append(f"- Cost of policies + audit + auth + tracing, {c} connections: **{every:.0f}%** of plain's "
                       f"calls/s (budget: within 15%): {verdict(every <= 15)}")
    return out


TRACING = ["Tracing: SQL lookup, telemetry off", "Tracing: on, to a collector",
           "Tracing: on, to an endpoint that is down"]


def tracing(rows):
    """The tracing rows against telemetry off, and the cost of tracing against the 5 % target."""
    out, by, conns = against_first(rows, TRACING, "off")
    for c in conns:
        for label in TRACING[1:]:
            traced = cost(by, label, TRACING[0], c)
            out.append(f"- Cost of tracing ({label.split(': ', 1)[1][4:]}), {c} connections: **{traced:.0f}%** of "
                       f"off's calls/s (target: under 5%): {verdict(traced < 5)}")
    return out


MANAGER = ["Manager: direct call to the upstream (lookup_sql)", "Manager: through the gateway (up__lookup_sql)",
           "Manager: execute()"]
# the same two rows with the upstream on CPU 0, the gateway and wrk on CPU 1
MANAGER_PINNED = ["Manager, own cores: direct call to the upstream (lookup_sql)",
                  "Manager, own cores: through the gateway (up__lookup_sql)"]
# an upstream tool that does next to no work (bench/echo-js): the gateway's own capacity
MANAGER_ECHO = ["Manager: direct call to the upstream (echo_js)", "Manager: through the gateway (up__echo_js)"]
CONTEXTFORGE = (250, 400)  # ContextForge's published MCP requests/s per pod


def manager(rows, facts_text):
    """The MCP Manager's rows, its targets (gateway overhead <= 25 % at 16 connections, on shared cores and with a
    core each; >= 10x ContextForge through the gateway to the echo tool: the gateway's own capacity), the
    fail-fast time of an open circuit and health convergence."""
    facts = dict(re.findall(r"(\w+)=([\d.]+)", facts_text))
    picked = [r for r in rows if any(r[0].startswith(m) for m in MANAGER + MANAGER_PINNED + MANAGER_ECHO)]
    out = ["| path | connections | calls/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|"]
    out += [f"| {r[0].removeprefix('Manager: ').replace('Manager, own cores: ', 'own cores: ')} | {r[1]} | {r[2]} "
            f"| {r[3]} | {r[4]} | {r[5]} |" for r in picked]
    out.append("")

    def at(prefix, conns):
        return next(float(r[2]) for r in picked if r[0].startswith(prefix) and r[1] == str(conns))

    for conns in (16, 64):
        direct, gateway, execute = at(MANAGER[0], conns), at(MANAGER[1], conns), at(MANAGER[2], conns)
        overhead = 100 * (1 - gateway / direct)
        pinned = 100 * (1 - at(MANAGER_PINNED[1], conns) / at(MANAGER_PINNED[0], conns))
        capacity = at(MANAGER_ECHO[1], conns)
        line = (f"- {conns} connections: gateway overhead on the lookup **{overhead:.0f}%** of the direct call's "
                f"calls/s on shared cores, **{pinned:.0f}%** with a core each; execute() "
                f"{100 * execute / direct:.0f}% of direct; through the gateway to the echo tool **{capacity:.0f} "
                f"calls/s** ({100 * (1 - capacity / at(MANAGER_ECHO[0], conns)):.0f}% under the direct call), "
                f"{capacity / CONTEXTFORGE[1]:.1f}x-{capacity / CONTEXTFORGE[0]:.1f}x ContextForge's "
                f"{CONTEXTFORGE[0]}-{CONTEXTFORGE[1]} requests/s")
        if conns == 16:
            line += (f" (targets: overhead at most 25%: {verdict(overhead <= 25)} on shared cores, "
                     f"{verdict(pinned <= 25)} with a core each; at least 10x ContextForge, i.e. "
                     f"{10 * CONTEXTFORGE[1]} calls/s: {verdict(capacity >= 10 * CONTEXTFORGE[1])})")
        out.append(line)
    out.append(f"- Open circuit, fail-fast time of execute(): p50 **{facts.get('p50_us', '?')} us**, p99 "
               f"{facts.get('p99_us', '?')} us, mean {facts.get('mean_ns', '?')} ns (no network call)")
    out.append(f"- Health convergence with 100 ms checks (unhealthy after 2 failures, 1 s window, 0.5 s cooldown): "
               f"upstream killed -> Unhealthy in **{facts.get('down_ms', '?')} ms**; upstream listening again "
               f"(restart took {facts.get('restart_ms', '?')} ms) -> Healthy in **{facts.get('up_ms', '?')} ms**")
    return out


def verdict(ok):
    return "met" if ok else "**missed**"


if sys.argv[1] == "--manager":
    print("\n".join(manager([line.rstrip("\n").split("\t") for line in open(sys.argv[2]) if line.strip()],
                            open(sys.argv[3]).read())))
    sys.exit(0)

if sys.argv[1] == "--governance":
    print("\n".join(governance([line.rstrip("\n").split("\t") for line in open(sys.argv[2]) if line.strip()])))
    sys.exit(0)
if sys.argv[1] == "--tracing":
    print("\n".join(tracing([line.rstrip("\n").split("\t") for line in open(sys.argv[2]) if line.strip()])))
    sys.exit(0)

facts = dict(line.rstrip("\n").split("=", 1) for line in sys.stdin if "=" in line)
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
python_bench = open(sys.argv[2]).read().strip()
js_bench = open(sys.argv[3]).read().strip()
manager_facts = open(sys.argv[4]).read()
profile = open(sys.argv[5]).read().strip()


def row(label_start, conns):
    """The row of the target whose label starts with label_start, at conns connections (None if absent)."""
    return next((r for r in rows if r[0].startswith(label_start) and r[1] == str(conns)), None)


def rate(label_start, conns):
    r = row(label_start, conns)
    return float(r[2]) if r else None


def latency(label_start, conns):
    """(p50, p99) in ms of the row."""
    r = row(label_start, conns)
    return (float(r[3]), float(r[4])) if r else None


out = []
w = out.append
w("# Benchmarks")
w("")
w("Reproduce: `bench/run.sh` (about 25 minutes; writes bench/out/report.md). Everything runs on 127.0.0.1 on")
w("the same machine in one run, so compare the ratios, not the absolute numbers, across machines.")
w("")
w(f"- Date: {facts['date']}")
w(f"- Machine: {facts['cores']} cores ({facts['cpu']}), {facts['memory']} memory")
w(f"- JDK: {facts['jdk']}; peer on Node {facts['node']}; {facts['cpython']}; load generator {facts['wrk']}")
w(f"- Load: wrk, 2 threads, one initialized MCP session per run, {facts['duration']} s per row after a "
  f"{facts['warmup']} s warm-up at 16 connections ({facts['guest_warmup']} s before a Python or JavaScript row, "
  "for the Graal JIT to compile the guest path); every request is a `tools/call` (Streamable HTTP, JSON "
  "response); JSON-RPC and tool errors are counted as errors, not as calls.")
w("")
w("## Tool-call throughput and latency")
w("")
w("| target | connections | calls/s | p50 ms | p99 ms | errors | wrk CPU % | server CPU % |")
w("|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    w("| " + " | ".join(r) + " |")
w("")
w("CPU % is of one core over the run (100 % = one core busy); the machine has "
  f"{facts['cores']} cores, so the server's share plus wrk's is what the machine could give.")
w("")
w("## Ceilings, engines, start and memory")
w("")
w(f"- Database ceiling (bench/java/DbCeiling.java: the same point lookup through JDBC, one reused prepared "
  f"statement per thread, {facts['cores']} threads): **{facts['db_ceiling']} lookups/s**; with DuckDB's "
  f"`threads` setting at 1: {facts['db_ceiling_t1']} lookups/s.")
w(f"- GraalPy (JIT, warmed) over CPython on the same CPU-bound function: **{facts['speedup']}x** "
  "(bench/python, output below).")
w(f"- GraalJS (JIT, warmed) time over Node's on the same CPU-bound function: **{facts['js_ratio']}x** "
  "(bench/js, output below; lower is better).")
w(f"- Cold start, `mxcp serve` launched -> first successful tools/call: SQL-only project (bench/cold-sql) "
  f"**{facts['cold_sql']} ms**; examples-python **{facts['cold_py']} ms** (served with the Graal JIT, the "
  f"default for projects with guest code), {facts['cold_py_nojit']} ms with `MXCP_JIT=off` (guests interpreted).")
w(f"- Resident memory after the load runs: mxcp serving the SQL-only copy **{facts['sql_rss']} MiB**, serving "
  f"the whole bench project (Python and JavaScript workers: {facts['workers']} each, the default of one per "
  f"core; DuckDB connection pool: {facts['db_pool']}) **{facts['rss']} MiB**; the peers after their loads: "
  f"echo {facts['peer_rss']} MiB, DuckDB {facts['duckdb_peer_rss']} MiB.")
w("")

sql16, sql64 = rate("SQL lookup", 16), rate("SQL lookup", 64)
peer16, peer64 = rate("Peer", 16), rate("Peer", 64)
duck16, duck64 = rate("DuckDB peer", 16), rate("DuckDB peer", 64)
bare16, bare64 = rate("Ceiling: bare", 16), rate("Ceiling: bare", 64)
py16, py64 = rate("Python lookup", 16), rate("Python lookup", 64)
js16, js64 = rate("JavaScript lookup", 16), rate("JavaScript lookup", 64)
js_ratio = float(facts["js_ratio"] or 0)
speedup = float(facts["speedup"] or 0)
ceiling = int(facts["db_ceiling"])
sql_lat16, sql_lat64 = latency("SQL lookup", 16), latency("SQL lookup", 64)
py_lat16, py_lat64 = latency("Python lookup", 16), latency("Python lookup", 64)
sql_rss, guests_rss, peer_rss = int(facts["sql_rss"]), int(facts["rss"]), int(facts["peer_rss"])
# the Python lookup row of the last full run before issue 20 (BENCHMARKS.md of 2026-11-22), which it must keep
PY_BEFORE = {16: 2534, 64: 2460}


def tail(lat):
    return lat[1] / lat[0]


w("## Targets (ratios from this run)")
w("")
w("| target | 16 connections | 64 connections | verdict |")
w("|---|---:|---:|---|")
w(f"| SQL tool >= 80% of the database ceiling | {100 * sql16 / ceiling:.0f}% | {100 * sql64 / ceiling:.0f}% | "
  f"{verdict(min(sql16, sql64) >= 0.8 * ceiling)} |")
w(f"| SQL tool >= 1.5x the DuckDB peer (same lookup) | {sql16 / duck16:.2f}x | {sql64 / duck64:.2f}x | "
  f"{verdict(min(sql16 / duck16, sql64 / duck64) >= 1.5)} |")
w(f"| SQL tool p99 <= 3x p50 | {tail(sql_lat16):.1f}x | {tail(sql_lat64):.1f}x | "
  f"{verdict(max(tail(sql_lat16), tail(sql_lat64)) <= 3)} |")
w(f"| Python lookup p99 <= 3x p50 | {tail(py_lat16):.1f}x | {tail(py_lat64):.1f}x | "
  f"{verdict(max(tail(py_lat16), tail(py_lat64)) <= 3)} |")
w(f"| SQL tool p99 <= 10 ms at 16 connections | {sql_lat16[1]:.1f} ms | | {verdict(sql_lat16[1] <= 10)} |")
w(f"| First Python call <= 4 s with the JIT (cold start of examples-python) | {int(facts['cold_py']) / 1000:.2f} s | | "
  f"{verdict(int(facts['cold_py']) <= 4000)} |")
w(f"| Python lookup within 5% of the 2026-11-22 run ({PY_BEFORE[16]}, {PY_BEFORE[64]} calls/s) | "
  f"{100 * py16 / PY_BEFORE[16]:.0f}% | {100 * py64 / PY_BEFORE[64]:.0f}% | "
  f"{verdict(min(py16 / PY_BEFORE[16], py64 / PY_BEFORE[64]) >= 0.95)} |")
w(f"| Resident memory at or below the TypeScript peer's ({peer_rss} MiB): SQL-only project | {sql_rss} MiB | | "
  f"{verdict(sql_rss <= peer_rss)} |")
w(f"| (same): the whole bench project, Python and JS workers | {guests_rss} MiB | | {verdict(guests_rss <= peer_rss)} |")
gov = {c: [rate(g, c) for g in GOVERNANCE] for c in (16, 64)}
gov_cost = {c: 100 * (1 - gov[c][3] / gov[c][0]) for c in gov}
every_cost = {c: 100 * (1 - gov[c][4] / gov[c][0]) for c in gov}
w(f"| Policies + audit + auth cost < 10% of the SQL tool's calls/s | {gov_cost[16]:.0f}% | {gov_cost[64]:.0f}% | "
  f"{verdict(max(gov_cost.values()) < 10)} |")
w(f"| Policies + audit + auth + tracing within 15% of the SQL tool's calls/s | {every_cost[16]:.0f}% | "
  f"{every_cost[64]:.0f}% | {verdict(max(every_cost.values()) <= 15)} |")
trace = {c: 100 * (1 - rate(TRACING[1], c) / rate(TRACING[0], c)) for c in (16, 64)}
w(f"| Tracing on (to a collector) costs < 5% of the SQL tool's calls/s | {trace[16]:.0f}% | {trace[64]:.0f}% | "
  f"{verdict(max(trace.values()) < 5)} |")
for rows_of, where in ((MANAGER, "upstream, gateway and wrk on 2 shared cores"),
                       (MANAGER_PINNED, "upstream on a core, gateway and wrk on the other")):
    gateway = {c: 100 * (1 - rate(rows_of[1], c) / rate(rows_of[0], c)) for c in (16, 64)}
    w(f"| A tools/call through the gateway within 25% of the direct call ({where}) | {gateway[16]:.0f}% | "
      f"{gateway[64]:.0f}% | {verdict(gateway[16] <= 25)} (16 connections) |")
w(f"| Gateway >= 10x ContextForge's {CONTEXTFORGE[1]} requests/s (echo tool upstream) | "
  f"{rate(MANAGER_ECHO[1], 16):.0f} calls/s | {rate(MANAGER_ECHO[1], 64):.0f} calls/s | "
  f"{verdict(rate(MANAGER_ECHO[1], 16) >= 10 * CONTEXTFORGE[1])} |")
w("")
w("Earlier targets, kept for context (issue of 2026-11-22):")
w("")
w("| target | 16 connections | 64 connections | verdict |")
w("|---|---:|---:|---|")
w(f"| SQL tool >= 3x the peer's echo | {sql16 / peer16:.2f}x | {sql64 / peer64:.2f}x | "
  f"{verdict(min(sql16 / peer16, sql64 / peer64) >= 3)} |")
w(f"| SQL tool >= 40% of the bare Helidon route | {100 * sql16 / bare16:.1f}% | {100 * sql64 / bare64:.1f}% | "
  f"{verdict(min(sql16 / bare16, sql64 / bare64) >= 0.4)} |")
w(f"| Python lookup >= 50% of the SQL tool | {100 * py16 / sql16:.0f}% | {100 * py64 / sql64:.0f}% | "
  f"{verdict(min(py16 / sql16, py64 / sql64) >= 0.5)} |")
w(f"| JS lookup >= 50% of the SQL tool | {100 * js16 / sql16:.0f}% | {100 * js64 / sql64:.0f}% | "
  f"{verdict(min(js16 / sql16, js64 / sql64) >= 0.5)} |")
w(f"| SQL tool p99 <= 10 ms at 64 connections | | {sql_lat64[1]:.1f} ms | {verdict(sql_lat64[1] <= 10)} |")
w(f"| GraalPy >= 5x CPython | {speedup:.1f}x | | {verdict(speedup >= 5)} |")
w(f"| GraalJS within 2x of Node | {js_ratio:.2f}x | | {verdict(0 < js_ratio <= 2)} |")
w(f"| Cold start SQL-only <= 1.5 s | {int(facts['cold_sql']) / 1000:.2f} s | | {verdict(int(facts['cold_sql']) <= 1500)} |")
w(f"| Cold start examples-python, `MXCP_JIT=off`, <= 4 s | {int(facts['cold_py_nojit']) / 1000:.2f} s | | "
  f"{verdict(int(facts['cold_py_nojit']) <= 4000)} |")
audit16, audit64 = rate("Audit log on", 16), rate("Audit log on", 64)
w(f"| (context) SQL tool with the audit log on, vs off | {100 * audit16 / sql16:.0f}% | {100 * audit64 / sql64:.0f}% | |")
w("")
w("## Where the SQL tool's time goes (`bench/run.sh --profile`)")
w("")
w("The SQL lookup at 16 connections on the SQL-only copy, recorded after the warm-up with JFR's CPU-time sampler "
  "(JDK 25; native frames included, so DuckDB's engine shows under the JDBC call that runs it). The recording "
  "stays in bench/out/sql-lookup.jfr.")
w("")
w(profile)
w("")
w("## Governance: policies, audit log and authentication on the SQL tool")
w("")
w("The SQL lookup tool on copies of bench/project, one server after the other, each adding a layer: an input "
  "policy that is evaluated and allows plus an output policy masking a field; the audit log "
  "(`MXCP_AUDIT_ENABLED=true`); OIDC verifier authentication, a bearer token from a local issuer "
  "(mock-oauth2-server) checked on every request.")
w("")
out.extend(governance(rows))
w("")
w("## Tracing: the cost of OpenTelemetry on the SQL tool")
w("")
w("The SQL lookup tool on a copy of bench/project: telemetry off (the default); every call traced (5 spans) and "
  "exported over OTLP/HTTP to a collector that takes and discards them (bench/java/OtlpSink.java); the same to "
  "an endpoint where nothing listens (every export fails, its spans counted as dropped).")
w("")
out.extend(tracing(rows))
w("")
w("## MCP Manager: execute(), the gateway, circuit and health")
w("")
w("The SQL lookup on an SQL-only copy of bench/project served by `mxcp serve`, called directly, through the "
  "gateway of a second `mxcp serve` whose site file lists it (`up__lookup_sql`: the gateway's own MCP handling, "
  "policies and audit hooks, then the manager's session to the upstream), and through `McpManager.execute` from "
  "Java threads (bench/java/ManagerBench.java; one manager session, no wrk: its latency is measured per call). "
  "The upstream and the gateway share the machine's 2 cores with the load generator, so every microsecond the "
  "gateway spends is taken from the upstream. The rows marked own cores repeat the direct call and the gateway "
  "with the upstream pinned to CPU 0 and the gateway and wrk to CPU 1 (`taskset`; each JVM sees one CPU), as when "
  "a gateway runs on a machine of its own. The echo rows call bench/echo-js, a JavaScript tool that does next to "
  "no work, directly and through a gateway: the most tools/calls per second the gateway passes on this machine.")
w("")
out.extend(manager(rows, manager_facts))
w("")
w("## bench/python output (in-process Python call overhead, GraalPy vs CPython)")
w("")
w("```")
w(python_bench)
w("```")
w("")
w("## bench/js output (in-process JavaScript call overhead, GraalJS vs Node)")
w("")
w("```")
w(js_bench)
w("```")
print("\n".join(out))

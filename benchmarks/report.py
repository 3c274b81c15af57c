#!/usr/bin/env python3
"""Turns the benchmark program's JSON (all repetitions) and the callgrind counts into markdown tables and gnuplot data.

usage: report.py BENCH.json INSTRUCTIONS.tsv CHART.dat
Each benchmark is named workload/contender[: method][/arg]; the reference of a workload is raw_libpq (for bulk
inserts raw libpq's binary COPY, for SQL building the hand-written std::string concatenation).
"""
import collections
import json
import statistics
import sys

bench_json, instr_tsv, chart_dat = sys.argv[1:4]
runs = collections.defaultdict(list)
cpu = collections.defaultdict(list)
counters = {}
order = []
for b in json.load(open(bench_json))["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    name = b["run_name"].removesuffix("/real_time")
    if name not in runs:
        order.append(name)
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
    runs[name].append(b["real_time"] * unit)
    cpu[name].append(b["cpu_time"] * unit)
    counters[name] = b.get("allocs")


def split(name):
    parts = name.split("/")
    workload, contender = parts[0], parts[1]
    arg = parts[2] if len(parts) > 2 else ""
    return workload, contender, arg


def reference(workload, arg):
    if workload == "bulk_insert":
        return f"bulk_insert/raw_libpq: copy binary/{arg}"
    if workload == "build_sql":
        return "build_sql/hand-written: std::string concatenation"
    if workload == "batch_100_selects":
        return "batch_100_selects/raw_libpq: pipeline mode"
    return f"{workload}/raw_libpq" + (f"/{arg}" if arg else "")


def fmt_time(s):
    if s < 1e-6:
        return f"{s * 1e9:.1f} ns"
    if s < 1e-3:
        return f"{s * 1e6:.1f} us"
    return f"{s * 1e3:.2f} ms"


medians = {n: statistics.median(v) for n, v in runs.items()}
# A fixed order (the run itself is randomly interleaved): workloads as registered, contenders as below.
contender_order = ["hand-written", "drizzle fixed", "drizzle dynamic", "raw_libpq", "raw_libpq_again",
                   "raw_libpq_binary", "pqxx_exec_params", "pqxx_exec_prepared", "pqxx_work_per_query", "soci",
                   "soci_oneshot", "drizzle", "drizzle_prepared"]
workload_order = ["build_sql", "point_select", "range_select", "join_aggregate", "associations", "insert_returning",
                  "bulk_insert", "batch_100_selects"]


def sort_key(name):
    w, c, arg = split(name)
    base = c.split(":")[0]
    rank = next((i for i, p in reversed(list(enumerate(contender_order))) if base == p or base.startswith(p + " ")
                 or (p.endswith(("written", "fixed", "dynamic")) and base.startswith(p))), len(contender_order))
    return (workload_order.index(w) if w in workload_order else 99, int(arg) if arg.isdigit() else 0, rank, c)


order.sort(key=sort_key)
titles = {
    "build_sql": "Building SQL only (no database)",
    "point_select": "Point select by primary key",
    "range_select": "Range select (rows in the last column of the name)",
    "join_aggregate": "Join with aggregation (100 users, count of posts)",
    "associations": "Associations: 100 users x 10 posts x 10 comments into nested structs",
    "insert_returning": "Single insert ... returning id",
    "bulk_insert": "Bulk insert (rows in the last column of the name)",
    "batch_100_selects": "100 independent point selects in one batch",
}
by_workload = collections.defaultdict(list)
for n in order:
    by_workload[split(n)[0]].append(n)
reps = max(len(v) for v in runs.values())
print(f"Medians of {reps} repetitions (random interleaving) of wall time; spread = (max - min) / median; ratio = "
      "median / median of the reference in the same run (lower is better); client CPU = median CPU time of the "
      "benchmark process; allocs = C++ allocations (operator new) per iteration.\n")
for workload, names in by_workload.items():
    print(f"### {titles.get(workload, workload)}\n")
    bulk = workload in ("bulk_insert", "range_select")
    print("| contender | median | spread | ratio | client CPU | allocs |" + (" rows/s |" if bulk else ""))
    print("|---|---|---|---|---|---|" + ("---|" if bulk else ""))
    for n in names:
        w, c, arg = split(n)
        v = runs[n]
        m = medians[n]
        spread = (max(v) - min(v)) / m if m else 0
        ref = medians.get(reference(w, arg))
        ratio = f"{m / ref:.2f}x" if ref else "-"
        allocs = counters.get(n)
        label = c + (f" / {arg}" if arg else "")
        c_cpu = fmt_time(statistics.median(cpu[n]))
        row = f"| {label} | {fmt_time(m)} | {spread * 100:.0f}% | {ratio} | {c_cpu} | " + \
            (f"{allocs:.0f} |" if allocs is not None else "- |")
        if bulk:
            row += f" {int(arg) / m:,.0f} |"
        print(row)
    print()

# Instructions per query (callgrind), from INSTRUCTIONS.tsv: contender, per point select, per decoded row.
instr = [line.rstrip("\n").split("\t") for line in open(instr_tsv) if line.strip()]
if instr:
    base = {r[0]: r for r in instr}.get("raw_libpq")
    print("### Client instructions (callgrind; differences between two query counts, so setup cancels out)\n")
    print("| contender | instructions per point select | ratio | instructions per decoded row (range select) | ratio "
          "| instructions per point select in a batch of 100 | ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in instr:
        c, point, row = r[:3]
        batched = r[3] if len(r) > 3 else "-"
        rp = f"{float(point) / float(base[1]):.2f}x" if base else "-"
        rr = f"{float(row) / float(base[2]):.2f}x" if base else "-"
        if batched != "-" and base and len(base) > 3 and base[3] != "-":
            rb = f"{float(batched) / float(base[3]):.2f}x"
            batched = f"{float(batched):,.0f}"
        else:
            rb = "-"
        print(f"| {c} | {float(point):,.0f} | {rp} | {float(row):,.0f} | {rr} | {batched} | {rb} |")
    print()

# Chart data: ratio to raw libpq per workload (columns) and contender (rows).
chart_workloads = [("point_select", ""), ("range_select", "1000"), ("join_aggregate", ""), ("associations", ""),
                   ("insert_returning", "")]
contenders = []
for n in order:
    w, c, arg = split(n)
    if w == "point_select" and c not in contenders:
        contenders.append(c)
with open(chart_dat, "w") as out:
    out.write("contender " + " ".join(f'"{w.replace("_", " ")}{(" " + a) if a else ""}"' for w, a in chart_workloads)
              + "\n")
    for c in contenders:
        vals = []
        for w, a in chart_workloads:
            n = f"{w}/{c}" + (f"/{a}" if a else "")
            ref = medians.get(reference(w, a))
            vals.append(f"{medians[n] / ref:.3f}" if n in medians and ref else "NaN")
        out.write(f'"{c}" ' + " ".join(vals) + "\n")

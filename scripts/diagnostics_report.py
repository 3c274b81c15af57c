#!/usr/bin/env python3
"""Compile-time diagnostics report (issue 11; a tool to run, never a test).

Compiles every tests/compile_fail/*.cpp with -DDRIZZLE_COMPILE_FAIL under g++ and clang++ (the flags of
tests/compile_fail/check.cmake) and prints, per file and compiler: the lines of the whole output, whether the first
line that says `error` carries the `drizzle:` message, and whether the output names the thing involved. What a file's
diagnostic must name is written in the file as its `// expect:` lines after the first (`column_named<'e', ...>`,
`placeholder_named<...>`, `struct_field_type<1, ...`); a file without one is shown with `-` (its message itself says
what is wrong, e.g. which clause). The goal: first error `drizzle:`, named, at most 20 lines with both compilers.

  scripts/diagnostics_report.py [-j N] [--cxx g++,clang++] [--show] [FILE...]

--show prints each failing compiler output (over 20 lines, or first error not ours). Exit status 1 when any file
misses the goal.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOAL_LINES = 20


def includes():
    dirs = [os.path.join(ROOT, "include"), os.path.join(ROOT, "tests")]
    # libpq-fe.h: the driver calls libpq directly; Boost and libpqxx are in the default search path here.
    for d in ("/usr/include/postgresql",):
        if os.path.isdir(d):
            dirs.append(d)
    return ["-I" + d for d in dirs]


def expectations(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    expects = re.findall(r"^// expect: (.*)$", text, re.M)
    max_lines = re.search(r"^// max-lines: (\d+)", text, re.M)
    return expects, int(max_lines.group(1)) if max_lines else None


def compile_one(cxx, path):
    cmd = [cxx, "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic", "-Werror", *includes(),
           "-DDRIZZLE_COMPILE_FAIL", path]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    return proc.returncode, proc.stdout


def judge(path, cxx):
    expects, max_lines = expectations(path)
    rc, out = compile_one(cxx, path)
    lines = out.count("\n")
    # The same rule as check.cmake: the first line that says `error`.
    first = next((line for line in out.split("\n") if "error" in line), "")
    ours = "drizzle:" in first and rc != 0
    names = expects[1:]
    named = None if not names else all(n in out for n in names)
    message = bool(expects) and expects[0] in out
    return {"cxx": cxx, "lines": lines, "ours": ours, "named": named, "message": message, "failed": rc != 0,
            "max": max_lines, "out": out}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-j", type=int, default=1, help="parallel compiles (default 1)")
    parser.add_argument("--cxx", default="g++,clang++", help="comma-separated compilers")
    parser.add_argument("--show", action="store_true", help="print the output of each case that misses the goal")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    compilers = args.cxx.split(",")
    files = args.files or sorted(
        os.path.join(ROOT, "tests", "compile_fail", f)
        for f in os.listdir(os.path.join(ROOT, "tests", "compile_fail")) if f.endswith(".cpp"))
    jobs = [(f, c) for f in files for c in compilers]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        results = list(pool.map(lambda job: judge(*job), jobs))
    by_file = {}
    for (f, _), r in zip(jobs, results):
        by_file.setdefault(f, []).append(r)

    def mark(flag):
        return "-" if flag is None else ("yes" if flag else "NO")

    header = f"{'file':44}" + "".join(f" | {c:>8} lines drizzle: named" for c in compilers) + " | max-lines"
    print(header)
    print("-" * len(header))
    misses = 0
    worst = {c: 0 for c in compilers}
    for f, rs in by_file.items():
        row = f"{os.path.basename(f)[:-4]:44}"
        bad = False
        for r in rs:
            ok = r["failed"] and r["message"] and r["ours"] and r["named"] is not False and r["lines"] <= GOAL_LINES
            bad |= not ok
            worst[r["cxx"]] = max(worst[r["cxx"]], r["lines"])
            row += f" | {r['lines']:14d} {mark(r['ours'] and r['message']):>8} {mark(r['named']):>5}"
        row += f" | {rs[0]['max'] if rs[0]['max'] is not None else 'none'}"
        if bad or (rs[0]["max"] or GOAL_LINES) > GOAL_LINES:
            row += "  <- misses the goal" if bad else "  <- max-lines above 20"
            misses += 1
        print(row)
        if args.show and bad:
            for r in rs:
                print(f"---- {r['cxx']}:\n{r['out']}")
    print(f"{len(by_file)} files; most lines: " + ", ".join(f"{c} {n}" for c, n in worst.items()) +
          f"; {misses} miss the goal (<= {GOAL_LINES} lines, first error drizzle:, named, no max-lines above 20)")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())

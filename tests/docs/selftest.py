#!/usr/bin/env python3
"""The harness must be able to fail: runs docs_test.py (with the same arguments) on each page of tests/docs/selftest/
and checks that it fails and prints every `<!-- expect: TEXT -->` line of that page."""
import glob
import os
import re
import subprocess
import sys

args = sys.argv[1:]
source_dir = args[args.index("--source-dir") + 1]
failed = False
for path in sorted(glob.glob(os.path.join(source_dir, "tests/docs/selftest/*.md"))):
    page = os.path.relpath(path, source_dir)
    expected = re.findall(r"<!-- expect: (.*?) -->", open(path, encoding="utf-8").read())
    proc = subprocess.run([sys.executable, os.path.join(source_dir, "tests/docs/docs_test.py"), "--page", page] + args,
                          capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    missing = [e for e in expected if e not in output]
    if proc.returncode == 0 or missing or not expected:
        print(output)
        print(f"{page}: docs_test.py exited with {proc.returncode}; missing from its output: {missing}")
        failed = True
    else:
        print(f"{page}: docs_test.py failed as it should, with all {len(expected)} expected lines")
sys.exit(1 if failed else 0)

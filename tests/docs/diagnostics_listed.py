#!/usr/bin/env python3
"""docs/diagnostics.md lists every compile-time message: each `drizzle:` static_assert message in include/ (its
adjacent string literals joined) must appear in the page, compared by its first 45 characters (whitespace folded), so
that a message whose tail names a type may be shortened in the table. Prints the missing ones and fails."""
import glob
import os
import re
import sys


def messages(include_dir):
    found = []
    for path in sorted(glob.glob(os.path.join(include_dir, "**", "*.hpp"), recursive=True)):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r"static_assert\s*\(", text):
            i = j = m.end()
            depth = 1
            while depth:  # the matching parenthesis, skipping string literals
                c = text[j]
                if c == '"':
                    j += 1
                    while text[j] != '"':
                        j += 2 if text[j] == "\\" else 1
                elif c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                j += 1
            joined = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text[i : j - 1]))
            if "drizzle:" in joined:
                found.append((os.path.relpath(path, include_dir), joined[joined.index("drizzle:") :].replace('\\"', '"')))
    return found


def fold(s):
    return re.sub(r"\s+", " ", s)


def main():
    source_dir = sys.argv[1]
    page = fold(open(os.path.join(source_dir, "docs", "diagnostics.md"), encoding="utf-8").read())
    found = messages(os.path.join(source_dir, "include"))
    missing = sorted({(f, m) for f, m in found if fold(m[:45]) not in page})
    for f, m in missing:
        print(f"docs/diagnostics.md does not list ({f}): {m}")
    print(f"{len(found) - len(missing)} passed, {len(missing)} failed")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

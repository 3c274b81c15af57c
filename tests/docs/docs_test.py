#!/usr/bin/env python3
"""Docs are tests: compiles (and runs) the C++ code blocks of one Markdown page.

    docs_test.py --source-dir DIR --page docs/queries.md --flags FILE --work-dir DIR [--url-file FILE]

Every ```cpp (or ```c++) block of the page is compiled; the blocks of a page go into one translation unit, each in
its own namespace, with the #include lines of every block and prelude hoisted to the top and a #line directive in
front of every block, so compiler errors name the page and the line. A block may start with marker comments:

    // prelude: schema, db   prepend preludes from tests/docs/preludes/NAME.hpp (their own dependencies too)
    // run                   the block is statements: compiled into a function body and run against the test database
    // body                  the block is statements: compiled into a function body, not run
    // compile-fail: TEXT    the block must fail to compile with TEXT in the compiler's output (its own compile)
    // global                declarations at global scope, not in the block's namespace: for what C++ allows only
                             there, such as a specialization of a library template (drizzle::codec<T>)
    // fragment              not C++ on its own (an API listing): not compiled

Without `run` or `body` a block holds declarations (namespace scope). A prelude file holds declarations, then
optionally a line `// body:` followed by statements that open the function body of every `run` / `body` block using
it (e.g. a connection named `db`).

Blocks in other languages are not compiled, but ```sh / ```bash / ```console blocks are checked to name scripts
that exist (`./scripts/x.sh`, `scripts/x.sh`).

Runnable blocks get their own database per page (docs_<page>, created and dropped by the program), on the server
of DATABASE_URL or of --url-file (the CTest postgres fixture's URL file).
"""
import argparse
import os
import re
import subprocess
import sys
import time
import urllib.parse

FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+#-]*)")
MARKER = re.compile(r"^//\s*(prelude:\s*(?P<preludes>.*?)|(?P<kind>run|body|global|fragment)|compile-fail(?::\s*(?P<expect>.*?))?)\s*$")
INCLUDE = re.compile(r"^\s*#\s*include\b")
CPP_LANGS = {"cpp", "c++"}
SHELL_LANGS = {"sh", "bash", "shell", "console"}
SCRIPT = re.compile(r"(?<![\w/.-])(?:\./)?((?:scripts|tools|tests|examples)/[\w./-]+\.(?:sh|py))\b")


class Block:
    def __init__(self, lang, line, lines):
        self.lang = lang
        self.line = line  # 1-based line of the first line inside the fence
        self.lines = lines
        self.preludes = []
        self.kind = "decl"  # decl | run | body | global | fragment | compile-fail
        self.expect = None
        self.code_line = line  # first line after the markers

    def end(self):
        return self.code_line + len(self.lines) - 1


def parse_page(path):
    """The fenced blocks of a Markdown page, with their language and line."""
    blocks = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = m.group(1), m.group(2), m.group(3).lower()
        j = i + 1
        body = []
        while j < len(lines) and not re.match(r"^\s*" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence), lines[j]):
            text = lines[j]
            body.append(text[len(indent):] if text.startswith(indent) else text.lstrip())
            j += 1
        blocks.append(Block(lang, i + 2, body))
        i = j + 1
    return blocks


def read_markers(block, where):
    n = 0
    for text in block.lines:
        m = MARKER.match(text.strip())
        if not m:
            break
        n += 1
        if m.group("preludes") is not None:
            block.preludes += [p.strip() for p in m.group("preludes").split(",") if p.strip()]
        elif m.group("kind"):
            block.kind = m.group("kind")
        else:
            block.kind = "compile-fail"
            block.expect = m.group("expect") or None
    block.code_line = block.line + n
    block.lines = block.lines[n:]


class Prelude:
    def __init__(self, name, path):
        self.name = name
        self.path = path
        self.deps = []
        self.includes = []  # (line, text)
        self.decls = []  # (line, text)
        self.body = []  # (line, text)
        part = self.decls
        for number, text in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
            m = MARKER.match(text.strip())
            if m and m.group("preludes") is not None and not self.decls and not self.includes:
                self.deps += [p.strip() for p in m.group("preludes").split(",") if p.strip()]
            elif text.strip() == "// body:":
                part = self.body
            elif INCLUDE.match(text):
                self.includes.append((number, text))
            elif text.strip() == "#pragma once":
                continue
            else:
                part.append((number, text))


def load_preludes(names, prelude_dir, cache, where):
    """names with their dependencies, dependencies first."""
    order = []

    def visit(name, chain):
        if name in chain:
            raise SystemExit(f"{where}: preludes depend on each other in a cycle: {' -> '.join(chain + [name])}")
        if name not in cache:
            path = os.path.join(prelude_dir, name + ".hpp")
            if not os.path.exists(path):
                raise SystemExit(f"{where}: no prelude named '{name}' ({path} is missing)")
            cache[name] = Prelude(name, path)
        if len(cache[name].deps) > 1:
            raise SystemExit(f"{cache[name].path}: a prelude builds on at most one other prelude")
        for dep in cache[name].deps:
            visit(dep, chain + [name])
        if name not in order:
            order.append(name)

    for name in names:
        visit(name, [])
    return [cache[n] for n in order]


def ident(name):
    return re.sub(r"\W", "_", name)


def namespace_of(prelude, cache):
    """A prelude's namespace sits inside the namespace of the prelude it builds on, so that its own names hide the
    ones its base brings in with `using namespace` (a `schema` variable hides drizzle::schema)."""
    chain = []
    p = prelude
    while p is not None:
        chain.insert(0, f"docs_prelude_{ident(p.name)}")
        p = cache[p.deps[0]] if p.deps else None
    return "::".join(chain)


def line_directive(line, path):
    return f'#line {line} "{path}"'


def translation_unit(page_rel, blocks, preludes_of, all_preludes, source_dir, harness_main, cache):
    """The C++ text of one translation unit holding `blocks`."""
    out = [f"// Generated from {page_rel} by tests/docs/docs_test.py: do not edit."]
    seen = set()
    for p in all_preludes:
        rel = os.path.relpath(p.path, source_dir)
        for number, text in p.includes:
            if text.strip() not in seen:
                seen.add(text.strip())
                out += [line_directive(number, rel), text]
    for b in blocks:
        for offset, text in enumerate(b.lines):
            if INCLUDE.match(text) and text.strip() not in seen:
                seen.add(text.strip())
                out += [line_directive(b.code_line + offset, page_rel), text]
    if harness_main:
        out += ['#line 1 "tests/docs/docs_harness.hpp"', '#include "docs_harness.hpp"']
    for p in all_preludes:
        rel = os.path.relpath(p.path, source_dir)
        out.append(f"namespace {namespace_of(p, cache)} {{")
        if p.decls:
            out.append(line_directive(p.decls[0][0], rel))
            out += [text for _, text in p.decls]
        out.append("}")
    for b in blocks:
        if b.kind == "global":  # at global scope, as written (its names must not clash with other global blocks)
            out.append(line_directive(b.code_line, page_rel))
            out += [("" if INCLUDE.match(text) else text) for text in b.lines]
            continue
        # The block lives in the namespace of its innermost prelude; preludes off that chain are used by directive.
        home = max(preludes_of[b], key=lambda p: len(namespace_of(p, cache).split("::")), default=None)
        outer = namespace_of(home, cache) + "::" if home else ""
        out.append(f"namespace {outer}docs_block_{b.code_line} {{")
        out += [f"using namespace ::{namespace_of(p, cache)};" for p in preludes_of[b]
                if not (namespace_of(home, cache) + "::").startswith(namespace_of(p, cache) + "::")]
        code = [("" if INCLUDE.match(text) else text) for text in b.lines]
        if b.kind in ("run", "body"):
            out.append("[[maybe_unused]] void docs_block() {")
            for p in preludes_of[b]:
                if p.body:
                    out.append(line_directive(p.body[0][0], os.path.relpath(p.path, source_dir)))
                    out += [text for _, text in p.body]
            out.append("{")
            out.append(line_directive(b.code_line, page_rel))
            out += code
            out.append("}")
            out.append("}")
        else:
            out.append(line_directive(b.code_line, page_rel))
            out += code
        out.append("}")
    if harness_main:
        runs = [b for b in blocks if b.kind == "run"]
        out.append('#line 1 "generated main"')
        out.append("int main() {")
        out.append("  docs_harness::page page;")
        for b in runs:
            home = max(preludes_of[b], key=lambda p: len(namespace_of(p, cache).split("::")), default=None)
            outer = namespace_of(home, cache) + "::" if home else ""
            out.append(f'  page.run("{page_rel}", {b.line}, {outer}docs_block_{b.code_line}::docs_block);')
        out.append("  return page.result();")
        out.append("}")
    return "\n".join(out) + "\n"


def read_flags(path):
    flags = {"compiler": None, "compile": [], "link": []}
    lines = open(path, encoding="utf-8").read().split("\n")
    # The compiler's own include directories stay out of -I (it would reorder the system headers).
    implicit = {os.path.realpath(t.partition("=")[2].strip()) for t in lines if t.startswith("implicit=")}
    for text in lines:
        key, _, value = text.partition("=")
        value = value.strip()
        if not value:
            continue
        if key == "compiler":
            flags["compiler"] = value
        elif key == "include":
            if os.path.realpath(value) not in implicit and "-I" + value not in flags["compile"]:
                flags["compile"].append("-I" + value)
        elif key == "define":
            flags["compile"].append("-D" + value)
        elif key == "option":
            flags["compile"].append(value)
        elif key == "link":
            flags["link"].append(value)
    return flags


ERROR = re.compile(r"^(?P<loc>[^\s:][^:]*:\d+(?::\d+)?): (?:fatal )?error: ")


def first_errors(output, page_rel, blocks, prelude_paths):
    """{block or name: first error line}, each error placed at the doc line it comes from."""
    lines = output.split("\n")
    errors = [i for i, t in enumerate(lines) if ERROR.match(t)]
    doc_loc = re.compile(r"(?:^|[\s'\"])(" + re.escape(page_rel) + r"):(\d+)")
    found = {}
    for k, i in enumerate(errors):
        lo = errors[k - 1] + 1 if k > 0 else 0
        hi = errors[k + 1] if k + 1 < len(errors) else len(lines)
        # g++ puts the instantiation chain before the error ("required from here"), clang++ after it in notes
        # ("requested here").
        before = [m for t in lines[lo:i] if "required from" in t for m in [doc_loc.search(t)] if m]
        before += [m for m in [doc_loc.search(lines[i])] if m]
        after = [m for t in lines[i + 1:hi] if "requested here" in t or "required from" in t
                 for m in [doc_loc.search(t)] if m]
        where = before[-1] if before else (after[0] if after else None)
        key = None
        if where:
            line = int(where.group(2))
            key = next((b for b in blocks if b.code_line <= line <= b.end()), None)
            text = lines[i] if doc_loc.search(lines[i]) else f"{page_rel}:{line}: (from here) {lines[i]}"
        else:
            text = lines[i]
            key = next((p for p in prelude_paths if lines[i].startswith(p)), "elsewhere")
        if key not in found:
            found[key] = text
    return found


def compile_unit(flags, source, work_dir, name, link):
    cmd = [flags["compiler"], "-std=c++20"] + flags["compile"]
    cmd += ["-Wno-unused-variable", "-Wno-unused-but-set-variable", "-Wno-unused-function",
            "-Wno-unused-local-typedefs", "-Wno-unused-parameter", "-Wno-main"]
    cmd += ["-I" + os.path.join(os.path.dirname(os.path.abspath(__file__)))]
    cmd += ["-I" + os.path.join(os.path.dirname(os.path.abspath(__file__)), "include")]
    exe = os.path.join(work_dir, name)
    if link:
        cmd += [source, "-o", exe] + flags["link"]
    else:
        cmd += ["-fsyntax-only", source]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=flags["source_dir"])
    return proc.returncode, proc.stdout + proc.stderr, exe, time.monotonic() - started, cmd


def page_database_url(base, dbname):
    if re.match(r"^postgres(ql)?://", base):
        parts = urllib.parse.urlsplit(base)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))
    return base + " dbname=" + dbname


def check_shell_blocks(page_rel, blocks, source_dir):
    problems = []
    for b in blocks:
        if b.lang not in SHELL_LANGS:
            continue
        for offset, text in enumerate(b.lines):
            for m in SCRIPT.finditer(text):
                if not os.path.exists(os.path.join(source_dir, m.group(1))):
                    problems.append(f"{page_rel}:{b.line + offset}: names {m.group(1)}, which does not exist")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--page", required=True, help="the page, relative to the source dir")
    ap.add_argument("--flags", help="compiler and flags, written by tests/docs/CMakeLists.txt")
    ap.add_argument("--work-dir")
    ap.add_argument("--url-file", help="the postgres fixture's URL file (DATABASE_URL wins)")
    ap.add_argument("--list", action="store_true", help="list the blocks and their markers, compile nothing")
    args = ap.parse_args()

    source_dir = os.path.abspath(args.source_dir)
    page_rel = args.page
    page_path = os.path.join(source_dir, page_rel)
    prelude_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "preludes")
    blocks = parse_page(page_path)
    cpp = [b for b in blocks if b.lang in CPP_LANGS]
    cache = {}
    preludes_of = {}
    for b in cpp:
        read_markers(b, f"{page_rel}:{b.line}")
        preludes_of[b] = load_preludes(b.preludes, prelude_dir, cache, f"{page_rel}:{b.line}")
    if args.list:
        for b in blocks:
            extra = ""
            if b.lang in CPP_LANGS:
                extra = f" {b.kind}" + (f" prelude: {', '.join(b.preludes)}" if b.preludes else "")
            print(f"{page_rel}:{b.line}: {b.lang or '(no language)'}{extra}")
        return 0
    if not args.flags or not args.work_dir:
        ap.error("--flags and --work-dir are needed (except with --list)")

    failures = check_shell_blocks(page_rel, blocks, source_dir)
    flags = read_flags(args.flags)
    flags["source_dir"] = source_dir
    args.work_dir = os.path.abspath(args.work_dir)
    os.makedirs(args.work_dir, exist_ok=True)
    stem = ident(os.path.splitext(os.path.basename(page_rel))[0]).lower()

    grouped = [b for b in cpp if b.kind in ("decl", "global", "run", "body")]
    runs = [b for b in grouped if b.kind == "run"]
    fragments = [b for b in cpp if b.kind == "fragment"]
    compile_fails = [b for b in cpp if b.kind == "compile-fail"]
    prelude_paths = sorted({os.path.relpath(p.path, source_dir) for b in cpp for p in preludes_of[b]})
    report = []

    if grouped:
        used = []
        for b in grouped:
            used += [p for p in preludes_of[b] if p not in used]
        source = os.path.join(args.work_dir, f"{stem}.cpp")
        with open(source, "w", encoding="utf-8") as f:
            f.write(translation_unit(page_rel, grouped, preludes_of, used, source_dir, bool(runs), cache))
        rc, output, exe, seconds, cmd = compile_unit(flags, source, args.work_dir, stem, bool(runs))
        log = os.path.join(args.work_dir, f"{stem}.log")
        with open(log, "w", encoding="utf-8") as f:
            f.write(" ".join(cmd) + "\n\n" + output)
        report.append(f"{len(grouped)} block(s) compiled in one translation unit ({seconds:.1f} s)")
        if rc != 0:
            found = first_errors(output, page_rel, grouped, prelude_paths)
            for b in grouped:
                if b in found:
                    failures.append(f"{page_rel}:{b.line}: the block does not compile:\n  {found[b]}")
            in_blocks = any(isinstance(key, Block) for key in found)
            for key, text in found.items():
                # An error no doc line leads to, after one in a block, is that error's aftermath: left out.
                if not isinstance(key, Block) and not (in_blocks and key == "elsewhere"):
                    failures.append(f"{page_rel}: an error outside the page's blocks ({key}):\n  {text}")
            if not found:
                failures.append(f"{page_rel}: the compiler failed:\n  " + "\n  ".join(output.strip().split("\n")[:20]))
            failures.append(f"(the compiler's full output: {log}; the generated source: {source})")
        elif runs:
            base = os.environ.get("DATABASE_URL", "")
            if not base and args.url_file:
                try:
                    base = open(args.url_file, encoding="utf-8").read().strip()
                except OSError:
                    base = ""
            if not base:
                failures.append(f"{page_rel}: {len(runs)} runnable block(s) but no database: set DATABASE_URL or run "
                                f"through ctest (the postgres fixture writes {args.url_file})")
            else:
                env = dict(os.environ)
                env["DOCS_ADMIN_URL"] = base
                env["DOCS_DATABASE"] = f"docs_{stem}"
                env["DATABASE_URL"] = page_database_url(base, f"docs_{stem}")
                started = time.monotonic()
                proc = subprocess.run([exe], capture_output=True, text=True, env=env, cwd=args.work_dir)
                sys.stdout.write(proc.stdout)
                report.append(f"{len(runs)} block(s) run ({time.monotonic() - started:.1f} s)")
                if proc.returncode != 0:
                    failures.append(proc.stderr.strip() or f"{exe} exited with {proc.returncode}")

    for b in compile_fails:
        source = os.path.join(args.work_dir, f"{stem}_fail_{b.code_line}.cpp")
        with open(source, "w", encoding="utf-8") as f:
            f.write(translation_unit(page_rel, [b], preludes_of, preludes_of[b], source_dir, False, cache))
        rc, output, _, _, _ = compile_unit(flags, source, args.work_dir, "", False)
        if rc == 0:
            failures.append(f"{page_rel}:{b.line}: a compile-fail block compiled")
        elif b.expect and b.expect not in output:
            first = next((t for t in output.split("\n") if ERROR.match(t)), "")
            failures.append(f"{page_rel}:{b.line}: the block failed without \"{b.expect}\":\n  {first}")
    if compile_fails:
        report.append(f"{len(compile_fails)} compile-fail block(s)")
    if fragments:
        report.append(f"{len(fragments)} fragment(s) not compiled: " + ", ".join(f"line {b.line}" for b in fragments))

    print(f"{page_rel}: " + ("; ".join(report) if report else "no C++ blocks"))
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

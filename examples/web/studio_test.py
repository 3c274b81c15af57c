#!/usr/bin/env python3
"""`kit studio` in headless Chromium: studio_test.py KIT_PROGRAM OUT_DIR

KIT_PROGRAM is the blog's kit program (examples/kit, schema version 3: authors, articles, comments with foreign
keys). The test pushes the schema, fills it with psql, starts `KIT_PROGRAM studio --port 0` and, through
chromedriver: reads the table list with row counts, pages, sorts, filters, edits a cell (a bad integer is refused
and changes nothing), inserts and deletes a row, follows a foreign key by a click, and saves a screenshot."""
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_test import WebDriver, check, eventually, fail, psql  # noqa: E402


def main():
    kit, out_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    psql("drop schema if exists blog cascade")
    push = subprocess.run([kit, "push", "--force"], cwd=out_dir, capture_output=True, text=True)
    if push.returncode != 0:
        fail("push: " + push.stdout + push.stderr)
    psql("insert into blog.authors (handle, display_name) select 'a' || lpad(i::text, 2, '0'), 'Author ' || i "
         "from generate_series(1, 30) i;"
         "insert into blog.articles (author_id, slug, title, view_count) "
         "select (select id from blog.authors where handle = 'a07'), 's' || i, 'Title ' || i, i "
         "from generate_series(1, 3) i;"
         "insert into blog.comments (article_id, body) select id, 'nice' from blog.articles")
    log = open(os.path.join(out_dir, "studio.log"), "w")
    proc = subprocess.Popen([kit, "studio", "--port", "0"], cwd=out_dir, stdout=subprocess.PIPE, stderr=log,
                            text=True)
    line = proc.stdout.readline()
    if "http://127.0.0.1:" not in line:
        proc.kill()
        fail("studio did not print its URL: %r" % line)
    url = line.split("studio: ")[1].strip().rstrip("/")
    b = WebDriver(out_dir)
    try:
        b.get(url + "/")
        check(b.text("#table-blog\\.authors .count") == "30", "the table list shows authors' row count")
        check(b.text("#table-blog\\.articles .count") == "3", "and articles'")
        b.click("#table-blog\\.authors")
        check(eventually(lambda: b.text("#page") == "page 1 of 2" and b.text("#total") == "30 row(s)"),
              "authors: 30 rows, two pages")
        b.click("a[rel=next]")
        check(eventually(lambda: b.text("#page") == "page 2 of 2"), "the next page")
        b.click("#sort-handle")
        eventually(lambda: "dir=desc" in b.cmd("GET", "/element/%s/property/href" % b.find("#sort-handle")))
        b.click("#sort-handle")

        def first():
            return b.cmd("GET", "/element/%s/property/value" % b.find("tbody tr td input[data-col=handle]"))
        check(eventually(lambda: first() == "a30"), "sorted by handle, descending: %s first" % first())
        b.click("#fcol option:nth-child(2)")  # handle
        b.type("#fval", "a07")
        b.click("#apply")
        check(eventually(lambda: b.text("#total") == "1 row(s)"), "filtered by handle = a07")
        b.type("tbody td input[data-col=display_name]", "Seventh, edited\ue007")  # Enter submits the cell
        check(eventually(lambda: psql("select display_name from blog.authors where handle = 'a07'") == "Seventh, edited"),
              "a cell edited in the page is in the table")
        b.click("#new-handle")
        b.type("#new-handle", "zed")
        b.type("#new-display_name", "Zed")
        b.click("#insert")
        check(eventually(lambda: psql("select display_name from blog.authors where handle = 'zed'") == "Zed"),
              "a row inserted")
        b.get(url + "/t/blog.authors?fcol=handle&fval=zed")
        b.click("tbody button.del")
        check(eventually(lambda: psql("select count(*) from blog.authors where handle = 'zed'") == "0"),
              "the row deleted")
        b.click("#table-blog\\.articles")
        b.type("tbody tr:first-child td input[data-col=view_count]", "not a number\ue007")
        check(eventually(lambda: "integer" in b.text("#error")),
              "a bad integer is refused with the column's error: %s" % b.text("#error"))
        check(psql("select string_agg(view_count::text, ',' order by id) from blog.articles") == "1,2,3",
              "and nothing changed")
        b.screenshot(os.path.join(out_dir, "studio-articles.png"))
        b.click("tbody tr:first-child a.fk")  # author_id -> blog.authors
        check(eventually(lambda: "/t/blog.authors" in b.url() and b.text("#total") == "1 row(s)"),
              "a foreign key followed by a click")
        check(b.cmd("GET", "/element/%s/property/value" % b.find("td input[data-col=handle]")) == "a07",
              "to the referenced author")
        b.screenshot(os.path.join(out_dir, "studio.png"))
    finally:
        b.quit()
        proc.terminate()
        proc.wait(timeout=20)
    psql("drop schema blog cascade")
    print("studio: ok")


if __name__ == "__main__":
    main()

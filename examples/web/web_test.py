#!/usr/bin/env python3
"""Tests of the posts app (examples/web) against a running server: web_test.py MODE SERVER_BINARY OUT_DIR

MODE browser: headless Chromium, driven through chromedriver's WebDriver protocol (plain HTTP + JSON, so only the
Python standard library), fills the form, sees the post, triggers the duplicate-title error, edits, deletes, and
saves screenshots in OUT_DIR. Fails (never skips) when chromium or chromedriver is missing.
MODE load: 8 clients x 500 form posts over keep-alive connections; then every title is in the table exactly once
(psql counts them), p50/p99 latencies are printed, and the server still answers.
MODE bad: oversized bodies (413), malformed %-escapes and non-UTF-8 (400), wrong content type (400), unknown routes
(404), a script tag stored as text and escaped in the page; nothing stored by a refused request.

The server runs with DATABASE_URL from the environment and port 0; its first line names the URL."""
import base64
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print("ok: " + message, flush=True)


def eventually(probe, timeout=10):
    """probe() until it is true (a page after a click may still be loading); its last value."""
    deadline = time.time() + timeout
    while True:
        try:
            value = probe()
        except WebDriverError:  # e.g. a stale element: the page changed under the probe
            if time.time() > deadline:
                raise
            value = False
        if value or time.time() > deadline:
            return value
        time.sleep(0.1)


class Server:
    def __init__(self, binary, log_path):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen([binary, "0"], stdout=subprocess.PIPE, stderr=self.log, text=True)
        deadline = time.time() + 60
        line = ""
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.log.write(line)
            if "listening on" in line:
                break
        if "listening on" not in line:
            self.proc.kill()
            fail("the server did not start (see %s)" % log_path)
        self.url = line.split("listening on ")[1].strip().rstrip("/")
        self.port = int(self.url.rsplit(":", 1)[1])
        # Keep reading its stdout so that it never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stdout:
            self.log.write(line)

    def stop(self):
        if self.proc.poll() is not None:
            fail("the server exited early with status %d" % self.proc.returncode)
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the server did not stop on SIGTERM")
        check(code == 0, "the server stops cleanly on SIGTERM (status %d)" % code)


def psql(sql):
    out = subprocess.run(["psql", os.environ["DATABASE_URL"], "-XAtqc", sql], capture_output=True, text=True)
    if out.returncode != 0:
        fail("psql: " + out.stderr)
    return out.stdout.strip()


def request(server, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data.decode("utf-8", "replace"), response


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


# ---- browser -----------------------------------------------------------------------------------------------

class WebDriverError(Exception):
    pass


class WebDriver:
    """The few WebDriver commands the test needs, over chromedriver's HTTP endpoint."""
    ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

    def __init__(self, out_dir):
        for program in ("chromium", "chromedriver"):
            if not shutil.which(program):
                fail("%s is missing (scripts/setup.sh installs chromium and chromium-driver)" % program)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.log = open(os.path.join(out_dir, "chromedriver.log"), "w")
        self.proc = subprocess.Popen(["chromedriver", "--port=%d" % port], stdout=self.log, stderr=self.log)
        self.base = "http://127.0.0.1:%d" % port
        deadline = time.time() + 30
        while True:
            try:
                self.call("GET", "/status")
                break
            except (OSError, WebDriverError):
                if time.time() > deadline:
                    fail("chromedriver did not start")
                time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,900",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + os.path.join(out_dir, "chromium")]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium"), "args": args}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]
        # Finding an element waits for it (up to 10 s): a page loaded after a click may still be arriving.
        self.cmd("POST", "/timeouts", {"implicit": 10000, "pageLoad": 60000})

    def call(self, method, path, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read())["value"]
        except urllib.error.HTTPError as e:
            raise WebDriverError("webdriver %s %s: %s" % (method, path, e.read().decode()[:400])) from None

    def cmd(self, method, path, payload=None):
        return self.call(method, "/session/%s%s" % (self.session, path), payload)

    def get(self, url):
        self.cmd("POST", "/url", {"url": url})

    def find(self, css):
        return self.cmd("POST", "/element", {"using": "css selector", "value": css})[self.ELEMENT]

    def find_all(self, css):
        return [e[self.ELEMENT] for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def type(self, css, text):
        element = self.find(css)
        self.cmd("POST", "/element/%s/clear" % element, {})
        self.cmd("POST", "/element/%s/value" % element, {"text": text})

    def click(self, css):
        self.cmd("POST", "/element/%s/click" % self.find(css), {})

    def text(self, css):
        return self.cmd("GET", "/element/%s/text" % self.find(css))

    def source(self):
        return self.cmd("GET", "/source")

    def url(self):
        return self.cmd("GET", "/url")

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.cmd("GET", "/screenshot")))

    def quit(self):
        try:
            self.cmd("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=20)


def titles(b):
    return [b.cmd("GET", "/element/%s/text" % e) for e in b.find_all("ul.posts .title")]


def browser(server, out_dir):
    b = WebDriver(out_dir)
    try:
        b.get(server.url + "/")
        check("Posts" in b.text("h1"), "the list page loads in Chromium")
        b.type("#title", "Hello from Chromium")
        b.type("#body", "Written by a real browser <b>not bold</b>")
        b.click("#submit")
        check(eventually(lambda: b.url().rstrip("/") == server.url), "after the POST the browser is redirected to the list")
        check(eventually(lambda: "Hello from Chromium" in titles(b)), "the new post is listed")
        check("<b>not bold</b>" in b.text("ul.posts .body"), "markup in the body is shown as text")
        b.type("#title", "Hello from Chromium")
        b.type("#body", "again")
        b.click("#submit")
        check(eventually(lambda: "already exists" in b.text("#title-error")),
              "a duplicate title shows the error next to the field")
        b.screenshot(os.path.join(out_dir, "web-duplicate.png"))
        b.get(server.url + "/")
        b.type("#title", "Second post")
        b.type("#body", "Edited below, then kept.")
        b.click("#submit")
        check(eventually(lambda: "Second post" in titles(b)), "a second post is listed")
        b.click("ul.posts li .actions a")  # the newest post's Edit link
        check(eventually(lambda: "Edit" in b.text("h1")), "the edit page opens")
        b.type("#title", "Second post, edited")
        b.click("#submit")
        expected = ["Second post, edited", "Hello from Chromium"]
        check(eventually(lambda: titles(b) == expected), "the edit is saved")
        b.screenshot(os.path.join(out_dir, "web.png"))
        b.click("ul.posts li:last-child button.danger")
        check(eventually(lambda: titles(b) == ["Second post, edited"]), "the deleted post is gone")
        check(psql("select string_agg(title, '|') from web.posts") == "Second post, edited",
              "the table holds what the page shows")
    finally:
        b.quit()


# ---- load --------------------------------------------------------------------------------------------------

def load(server, clients=8, posts=500):
    latencies, errors = [], []
    lock = threading.Lock()

    def client(n):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        mine = []
        try:
            for i in range(posts):
                body = urllib.parse.urlencode({"title": "load %d-%d" % (n, i), "body": "client %d post %d" % (n, i)})
                t0 = time.perf_counter()
                conn.request("POST", "/posts", body=body, headers=FORM)
                r = conn.getresponse()
                r.read()
                mine.append(time.perf_counter() - t0)
                if r.status != 303:
                    raise RuntimeError("status %d" % r.status)
        except Exception as e:  # noqa: BLE001 - any failure of a client fails the test
            with lock:
                errors.append("client %d: %s" % (n, e))
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    check(not errors, "every post answered 303 (%s)" % "; ".join(errors[:3]))
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print("load: %d clients x %d posts in %.2f s (%.0f posts/s), p50 %.2f ms, p99 %.2f ms"
          % (clients, posts, elapsed, clients * posts / elapsed, p50, p99), flush=True)
    rows, distinct = psql("select count(*) || ' ' || count(distinct title) from web.posts "
                          "where title like 'load %'").split()
    check(int(rows) == clients * posts, "no post lost: %s rows for %d posts" % (rows, clients * posts))
    check(int(distinct) == int(rows), "no post duplicated")
    expected = {"load %d-%d" % (n, i) for n in range(clients) for i in range(posts)}
    stored = set(psql("select string_agg(title, E'\\n') from web.posts where title like 'load %'").split("\n"))
    check(stored == expected, "exactly the posted titles are stored")
    status, page, _ = request(server, "GET", "/?page=2")
    check(status == 200 and "page 2 of %d" % ((clients * posts + 9) // 10) in page,
          "the server still answers, with pagination")


# ---- bad input ---------------------------------------------------------------------------------------------

def bad(server):
    before = psql("select count(*) from web.posts")

    def status_of(method, path, body=None, headers=None):
        return request(server, method, path, body, headers)[0]

    check(status_of("POST", "/posts", "title=" + "a" * 100000 + "&body=x", FORM) == 413, "an oversized body is 413")
    # Chunked, no Content-Length: refused once the limit is passed.
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("POST", "/posts", body=iter([b"title=" + b"b" * 50000, b"c" * 50000]),
                 headers=dict(FORM, **{"Transfer-Encoding": "chunked"}), encode_chunked=True)
    check(conn.getresponse().status == 413, "an oversized chunked body is 413")
    conn.close()
    check(status_of("POST", "/posts", "title=bad%zzescape&body=x", FORM) == 400, "a malformed %-escape is 400")
    check(status_of("POST", "/posts", "title=bad%4", FORM) == 400, "a truncated %-escape is 400")
    check(status_of("POST", "/posts", "title=latin1%E9t%E9&body=x", FORM) == 400, "non-UTF-8 (Latin-1) is 400")
    check(status_of("POST", "/posts", "title=%C0%AFoverlong&body=x", FORM) == 400, "overlong UTF-8 is 400")
    check(status_of("POST", "/posts", b"title=raw\xff&body=x", FORM) == 400, "a raw non-UTF-8 byte is 400")
    check(status_of("POST", "/posts", '{"title":"json"}', {"Content-Type": "application/json"}) == 400,
          "another content type is 400")
    check(status_of("POST", "/posts", "title=nul%00byte&body=x", FORM) == 422, "a NUL byte is a validation error")
    check(status_of("POST", "/posts", "title=++&body=x", FORM) == 422, "an empty title is a validation error")
    check(status_of("POST", "/posts", "title=" + "t" * 201, FORM) == 422, "201 characters are too many")
    check(status_of("GET", "/nowhere") == 404, "an unknown route is 404")
    check(status_of("GET", "/posts/999999/edit") == 404, "a missing post is 404")
    check(status_of("GET", "/posts/1x/edit") == 404, "a malformed id is 404")
    check(status_of("POST", "/posts/999999/delete", "", FORM) == 404, "deleting a missing post is 404")
    check(status_of("DELETE", "/") == 405, "a wrong method is 405")
    # Malformed HTTP itself.
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        check(s.recv(100).startswith(b"HTTP/1.1 400"), "a malformed request line is 400")
    check(psql("select count(*) from web.posts") == before, "no refused request stored anything")

    title = "<script>alert('x')</script> & \"quotes\" \u00e9\u4e2d"
    status, _, r = request(server, "POST", "/posts", urllib.parse.urlencode({"title": title, "body": "b"}), FORM)
    check(status == 303 and r.getheader("Location") == "/", "a post with a script tag is stored, redirect to /")
    check(psql("select count(*) from web.posts where title = $$%s$$" % title) == "1", "the title is stored as sent")
    page = request(server, "GET", "/")[1]
    check("<script>alert" not in page, "no script tag reaches the page")
    check("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; \u00e9\u4e2d" in page,
          "the title is escaped in the page")


def main():
    mode, binary, out_dir = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    os.makedirs(out_dir, exist_ok=True)
    psql("drop schema if exists web cascade; drop table if exists drizzle.__web_migrations")
    server = Server(binary, os.path.join(out_dir, "server-%s.log" % mode))
    try:
        {"browser": lambda: browser(server, out_dir), "load": lambda: load(server), "bad": lambda: bad(server)}[mode]()
    except BaseException:
        server.proc.kill()
        raise
    server.stop()
    print("web %s: ok" % mode)


if __name__ == "__main__":
    main()

"""``python -m bench.http``: requests per second through gunicorn, as ratios to yardsticks.

Serves, each with the same gunicorn settings (sync workers, as an outside measurement did), a
static WSGI page, a one-query Flask page and the blog on a generated database with the page
cache on and off; then loads each page with wrk in interleaved rounds and prints the median
requests per second and its ratio to the static page measured in the same rounds. Only
loopback addresses are used; every run is bounded in time.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from bench import data, databases
from bench.measure import catalogue_path
from blog.extensions import db
from blog.models import Review, User

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench reader password"
HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|next)"[^>]*value="([^"]*)"')
RATE = re.compile(r"Requests/sec:\s+([\d.]+)")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__)
    parser.add_argument("--size", type=int, default=1000, help="reviews (default: 1000)")
    parser.add_argument("--seconds", type=int, default=5, help="wrk run length (default: 5)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default: 3)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    return parser.parse_args(argv)


def build_site(size: int, workdir: Path):
    """A generated SQLite site with a reader whose password we know; its URL and landmarks."""
    url = "sqlite:///" + str(workdir / "http.sqlite3")
    app = databases.make_app(url, workdir)
    databases.prepare_schema(app)
    with app.app_context():
        landmarks = data.generate(size, 10, seed=1)
        reader = db.session.scalar(sa.select(User).where(User.role == "commenter").limit(1))
        reader.password_hash = generate_password_hash(PASSWORD)
        twenty = db.session.scalar(sa.text(
            "SELECT r.slug FROM reviews r JOIN comments c ON c.review_id = r.id "
            "GROUP BY r.id HAVING count(c.id) BETWEEN 18 AND 22 LIMIT 1"))
        slug = twenty or db.session.scalar(sa.select(Review.slug).limit(1))
        db.session.commit()
        username = reader.username
        db.session.remove()
        db.engine.dispose()
    return url, landmarks, slug, username


class Server:
    """One gunicorn on a loopback port."""

    def __init__(self, name: str, app: str, port: int, env: dict, workers: int):
        self.name, self.url = name, f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class",
             "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait(self, path: str = "/") -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + path, timeout=5).read()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def sign_in(base: str, username: str) -> str:
    """Log in through the real form; the Cookie header a signed-in reader sends."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login", timeout=10).read().decode()
    fields = dict(HIDDEN.findall(page))
    body = urllib.parse.urlencode({**fields, "login": username, "password": PASSWORD}).encode()
    opener.open(base + "/auth/login", body, timeout=10).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session" not in cookie and "remember" not in cookie:
        raise RuntimeError("could not sign in the bench reader")
    return cookie


def wrk(url: str, seconds: float, connections: int, cookie: str | None = None) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{round(seconds)}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    match = RATE.search(output)
    return float(match.group(1)) if match else 0.0


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        print("bench.http needs wrk (Debian package wrk)")
        return 1
    with tempfile.TemporaryDirectory(prefix="blog-http-") as tmp:
        workdir = Path(tmp)
        print(f"building {args.size:,} reviews ...", flush=True)
        url, landmarks, slug, username = build_site(args.size, workdir)
        base_env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-http",
                    "BLOG_INSTANCE_PATH": str(workdir / "instance"),
                    "BLOG_SITE_URL": "http://127.0.0.1", "BLOG_RATELIMIT_ENABLED": "false"}
        base_env.pop("REDIS_URL", None)
        servers = {
            "static": Server("static", "bench.http_apps:static_app", 18301, base_env,
                             args.workers),
            "one query": Server("one query", "bench.http_apps:make_one_query_app()", 18302,
                                base_env, args.workers),
            "cache on": Server("blog", "blog:create_app()", 18303, base_env, args.workers),
            "cache off": Server("blog", "blog:create_app()", 18304,
                                {**base_env, "BLOG_PAGE_CACHE_SECONDS": "0"}, args.workers),
        }
        try:
            for server in servers.values():
                server.wait()
            cookie = sign_in(servers["cache off"].url, username)
            targets = [("static page", servers["static"].url + "/", None),
                       ("one-query Flask page", servers["one query"].url + "/", None)]
            pages = [("homepage", "/"), ("review, ~20 comments", f"/reviews/{slug}"),
                     (f"tag ({landmarks.popular_tag})", f"/tags/{landmarks.popular_tag}"),
                     ("person", f"/people/{landmarks.person_slug}"),
                     ("archive year", f"/archive/{landmarks.archive_year}/"),
                     ("catalogue, filtered", catalogue_path(landmarks))]
            for label, path in pages:
                targets.append((f"{label}, page cache on", servers["cache on"].url + path, None))
                targets.append((f"{label}, page cache off", servers["cache off"].url + path,
                                None))
            targets.append(("review signed in", servers["cache off"].url + f"/reviews/{slug}",
                            cookie))
            rates: dict[str, list[float]] = {label: [] for label, _, _ in targets}
            for number in range(1, args.rounds + 1):
                print(f"round {number} of {args.rounds}", flush=True)
                for label, target, with_cookie in targets:
                    rates[label].append(wrk(target, args.seconds, args.connections,
                                            with_cookie))
        finally:
            for server in servers.values():
                server.stop()
    static = statistics.median(rates["static page"])
    print(f"\n{args.size:,} reviews; gunicorn {args.workers} sync workers; wrk "
          f"{args.connections} connections, {args.seconds:g} s x {args.rounds} rounds (medians)")
    print(f"{'page':44} {'req/s':>9} {'÷ static':>9}")
    for label, values in rates.items():
        median = statistics.median(values)
        print(f"{label:44} {median:9.1f} {median / static:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

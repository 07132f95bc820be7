"""``python -m bench.writes``: concurrent commenters while gunicorn is killed, then a count.

Serves a copy of a generated site with the repository's ``gunicorn.conf.py`` (as ``make run``
and production do), and lets ``--writers`` signed-in readers post comments for ``--seconds``.
A third of the way in one worker is killed with SIGKILL (the master replaces it); two thirds in
the master itself is killed with SIGKILL. Its workers would live on as orphans holding the port,
so the benchmark then kills the rest of the process group, as systemd's ``KillMode=mixed`` or
``control-group`` does in production (see deploy/blog.service), and starts gunicorn again.

A writer whose request got no answer sends the same form again (the same tokens, as a browser
resending it would) until it gets one. At the end every comment that was acknowledged (the
blog's answer to a stored comment: a redirect to it) must be stored exactly once, no comment may be stored twice, and the database
must be sound: ``PRAGMA integrity_check`` on SQLite, matching counts on PostgreSQL.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa

from bench import sites
from bench.http import child_pids, free_ports, with_group

ROOT = Path(__file__).resolve().parent.parent
FORM = re.compile(r"<form\b(.*?)</form>", re.DOTALL | re.IGNORECASE)
INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')
COMMENT_ID = re.compile(r"/comments/(\d+)")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.writes", description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=None,
                        help="PostgreSQL server (default: $BLOG_BENCH_POSTGRES_URL or "
                             "postgresql://postgres@127.0.0.1:5432/); the copy written to is "
                             "the database blog_bench_writes, dropped afterwards")
    parser.add_argument("--size", type=int, default=1000,
                        help="reviews in the site copied for the run (default: 1000)")
    parser.add_argument("--writers", type=int, default=16, help="concurrent writers (16)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the run (60)")
    parser.add_argument("--kill", default="worker,master",
                        help="what to kill mid-run: worker, master, both (default) or none")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: 2 with Redis, else 1, as "
                             "gunicorn.conf.py chooses)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads per worker (default: gunicorn.conf.py's)")
    parser.add_argument("--redis-url", default=os.environ.get("BLOG_BENCH_REDIS_URL"),
                        help="REDIS_URL for the blog (its keys get a prefix of their own), which shares spent form "
                             "tokens and rate limits between workers (default: "
                             "$BLOG_BENCH_REDIS_URL, else none)")
    args = parser.parse_args(argv)
    args.kill = set() if args.kill == "none" else set(args.kill.replace("both",
                                                                        "worker,master").split(","))
    if not args.kill <= {"worker", "master"}:
        parser.error("--kill takes worker, master, both or none")
    if args.workers is None:
        args.workers = 2 if args.redis_url else 1
    return args


class Gunicorn:
    """The blog under the repository's gunicorn.conf.py, in a process group of its own."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{env['PORT']}"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")],
                cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.log.read_text()[-3000:])
            try:
                urllib.request.urlopen(self.url + "/robots.txt", timeout=10).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer:\n" + self.log.read_text()[-3000:])

    def kill_worker(self) -> int | None:
        """SIGKILL one worker; the master starts another."""
        workers = child_pids(self.process.pid)
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            return workers[0]
        return None

    def kill_master(self) -> list[int]:
        """SIGKILL the master; then the orphans it leaves, as the service manager would."""
        orphans = child_pids(self.process.pid)
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        time.sleep(0.5)  # the orphans keep serving (and holding the port) meanwhile
        with_group(self.process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in orphans) and \
                time.monotonic() < deadline:
            time.sleep(0.05)
        return orphans

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with_group(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self.process:
            with_group(self.process.pid, signal.SIGKILL)  # any worker left behind


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form_fields(page: str, action: str) -> dict[str, str]:
    """The hidden inputs of the page's form posting to ``action``."""
    for form in FORM.findall(page):
        if f'action="{action}' not in form.split(">", 1)[0]:
            continue
        fields = {}
        for tag in INPUT.findall(form):
            attributes = {name: unescape(value) for name, value in ATTRIBUTE.findall(tag)}
            if attributes.get("type") == "hidden" and "name" in attributes:
                fields[attributes["name"]] = attributes.get("value", "")
        return fields
    raise LookupError(f"no form posting to {action}")


@dataclass
class Tally:
    """What the writers saw, shared between their threads."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: dict[str, int | None] = field(default_factory=dict)  # body -> comment id
    refused: Counter = field(default_factory=Counter)  # final status of unacknowledged posts
    elsewhere: Counter = field(default_factory=Counter)  # 2xx/3xx answers not naming a comment
    unanswered: list[str] = field(default_factory=list)  # posts that never got an answer
    resent: int = 0  # posts sent again after getting no answer
    submitted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stored_unacknowledged: int = 0  # refused or unanswered, yet stored (once)


class Writer:
    """One signed-in reader posting comments on one review page."""

    def __init__(self, base: str, username: str, slug: str, run: str, number: int,
                 tally: Tally):
        self.base, self.username, self.slug, self.tally = base, username, slug, tally
        self.run, self.number = run, number
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, Location, body); raises OSError when no whole answer came."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), \
                    response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx and 4xx arrive here without redirects
            return error.code, error.headers.get("Location", ""), ""
        except http.client.HTTPException as error:
            # A worker killed while it sent the answer: the page stops short (IncompleteRead).
            raise ConnectionError(f"the answer was cut short: {error!r}") from error

    def until_answered(self, path: str, data: dict | None, deadline: float):
        """Send until an answer comes (the server may be restarting); None past the deadline."""
        first = True
        while time.monotonic() < deadline:
            try:
                status, location, page = self.request(path, data)
                if status < 500:
                    return status, location, page
            except OSError:
                pass
            if data is not None and not first:
                with self.tally.lock:
                    self.tally.resent += 1
            first = False
            time.sleep(0.2)
        return None

    def sign_in(self, deadline: float) -> None:
        answer = self.until_answered("/auth/login", None, deadline)
        fields = form_fields(answer[2], "/auth/login")
        status, _, _ = self.until_answered("/auth/login", {
            **fields, "login": self.username, "password": sites.PASSWORD}, deadline)
        if status != 302:
            raise RuntimeError(f"{self.username} could not sign in (HTTP {status})")

    def post_until(self, stop: float, grace: float) -> None:
        """Post comments until ``stop`` (at least one, however slow the machine is); resend
        unanswered ones until ``grace``."""
        page_path = f"/reviews/{self.slug}"
        action = f"/reviews/{self.slug}/comments"
        serial = 0
        while time.monotonic() < stop or (serial == 0 and time.monotonic() < grace):
            answer = self.until_answered(page_path, None, grace if serial == 0 else stop)
            if answer is None:
                return
            try:
                fields = form_fields(answer[2], action)
            except LookupError:
                continue  # an error page while restarting: ask again
            serial += 1
            body = f"bench-writes {self.run} writer {self.number} comment {serial}"
            with self.tally.lock:
                self.tally.submitted.append(body)
            answer = self.until_answered(action, {**fields, "body": body}, grace)
            with self.tally.lock:
                if answer is None:
                    self.tally.unanswered.append(body)
                elif 300 <= answer[0] < 400 and COMMENT_ID.search(answer[1]):
                    # The answer to a stored comment: a redirect to it.
                    self.tally.acknowledged[body] = int(COMMENT_ID.search(answer[1]).group(1))
                elif 200 <= answer[0] < 400:
                    # Any other success is not a comment stored: a redirect to the login page
                    # (the reader was taken for signed out), or a page.
                    where = urllib.parse.urlsplit(answer[1]).path or "a page"
                    self.tally.elsewhere[f"{answer[0]} to {where}"] += 1
                else:
                    self.tally.refused[answer[0]] += 1


def copy_site(args, workdir: Path) -> tuple[str, sites.Site]:
    """A writable copy of the cached site: the URL to write to, and the site."""
    site = sites.site(args.db, args.size, args.postgres_url)
    if args.db == "sqlite":
        source = Path(site.url.removeprefix("sqlite:///"))
        target = workdir / "writes.sqlite3"
        with sa.create_engine(site.url).connect() as connection:  # fold the WAL in first
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(source, target)
        return "sqlite:///" + str(target), site
    import psycopg
    from psycopg import sql

    url = sa.engine.make_url(site.url)
    template, name = url.database, "blog_bench_writes"
    with psycopg.connect(**sites.admin_params(url), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)))
    return url.set(database=name).render_as_string(hide_password=False), site


def drop_copy(args, url: str) -> None:
    if args.db == "postgres":
        import psycopg
        from psycopg import sql

        parsed = sa.engine.make_url(url)
        with psycopg.connect(**sites.admin_params(parsed), autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(parsed.database)))


def check(url: str, run: str, tally: Tally, comments_before: int) -> list[str]:
    """The problems found in the database after the run (empty when all is well)."""
    problems = []
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        stored = Counter(dict(connection.execute(sa.text(
            "SELECT body_source, count(*) FROM comments WHERE body_source LIKE :prefix "
            "GROUP BY body_source"), {"prefix": f"bench-writes {run} %"}).all()))
        total = connection.execute(sa.text("SELECT count(*) FROM comments")).scalar()
        if engine.dialect.name == "sqlite":
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            if integrity != "ok":
                problems.append(f"PRAGMA integrity_check: {integrity}")
        else:
            counted = connection.execute(sa.text(
                "SELECT count(*) FROM (SELECT id FROM comments ORDER BY id) AS scanned")).scalar()
            if counted != total:
                problems.append(f"comments counted {total} by one plan, {counted} by another")
    engine.dispose()
    tally.stored_unacknowledged = sum(1 for body in stored if body not in tally.acknowledged)
    missing = [body for body in tally.acknowledged if stored[body] == 0]
    twice = {body: count for body, count in stored.items() if count > 1}
    strangers = set(stored) - set(tally.submitted)
    if missing:
        problems.append(f"{len(missing)} acknowledged comments not stored, e.g. {missing[0]!r}")
    if twice:
        body, count = next(iter(twice.items()))
        problems.append(f"{len(twice)} comments stored more than once, e.g. {body!r} x{count}")
    if strangers:
        problems.append(f"{len(strangers)} stored comments nobody sent")
    if total != comments_before + sum(stored.values()):
        problems.append(f"{total - comments_before} new comment rows, "
                        f"{sum(stored.values())} of them the writers'")
    return problems


def run(args) -> tuple[Tally, list[str], dict]:
    """Serve, write, kill, restart, check; the tally, the problems and what happened when."""
    events: dict = {}
    with tempfile.TemporaryDirectory(prefix="blog-writes-") as tmp:
        workdir = Path(tmp)
        url, site = copy_site(args, workdir)
        server: Gunicorn | None = None
        try:
            tally, name = Tally(), uuid.uuid4().hex[:8]
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-writes",
                   "BLOG_INSTANCE_PATH": str(workdir / "instance"),
                   "BLOG_SITE_URL": "http://127.0.0.1", "BLOG_RATELIMIT_ENABLED": "false",
                   "BLOG_COMMENT_MIN_SECONDS": "0", "BLOG_COMMENT_HOLD_UNTIL_APPROVED": "false",
                   "BLOG_NOTIFY_AUTHOR_OF_COMMENTS": "false", "BLOG_MAIL_DELIVERY": "external",
                   "HOST": "127.0.0.1", "PORT": str(next(free_ports(25_000))),
                   "WEB_CONCURRENCY": str(args.workers)}
            env.pop("REDIS_URL", None)
            if args.redis_url:  # keys of this run only: the Redis database may be shared
                env.update(REDIS_URL=args.redis_url, BLOG_CACHE_KEY_PREFIX=f"bench-{name}-")
            if args.threads:
                env["GUNICORN_THREADS"] = str(args.threads)
            engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
            with engine.connect() as connection:
                before = connection.execute(sa.text("SELECT count(*) FROM comments")).scalar()
            engine.dispose()
            server = Gunicorn(env, workdir / "gunicorn.log")
            server.start()
            slugs = [site.landmarks.twenty_slug, site.landmarks.thread_slug]
            writers = [Writer(server.url, site.readers[n % len(site.readers)],
                              slugs[n % len(slugs)], name, n, tally)
                       for n in range(args.writers)]
            for writer in writers:  # before the clock starts: password hashing is slow
                writer.sign_in(time.monotonic() + 120)
            started = time.monotonic()
            stop = started + args.seconds
            grace = stop + max(30.0, args.seconds / 2)

            def guarded(writer: Writer):
                try:
                    writer.post_until(stop, grace)
                except Exception as error:  # noqa: BLE001 — reported with the problems
                    with tally.lock:
                        tally.errors.append(f"writer {writer.number}: {error!r}")

            threads = [threading.Thread(target=guarded, args=(writer,), daemon=True)
                       for writer in writers]
            for thread in threads:
                thread.start()
            try:
                if "worker" in args.kill:
                    time.sleep(max(0.0, started + args.seconds / 3 - time.monotonic()))
                    events["worker killed"] = (server.kill_worker(),
                                               round(time.monotonic() - started, 1))
                if "master" in args.kill:
                    time.sleep(max(0.0, started + 2 * args.seconds / 3 - time.monotonic()))
                    master = server.process.pid
                    orphans = server.kill_master()
                    down = time.monotonic()
                    server.start()
                    events["master killed"] = (master, round(down - started, 1))
                    events["orphaned workers killed"] = orphans
                    events["restart took s"] = round(time.monotonic() - down, 1)
                for thread in threads:
                    thread.join(timeout=max(1.0, grace - time.monotonic() + 30))
                events["writers still running"] = sum(thread.is_alive() for thread in threads)
            finally:
                server.stop()
            problems = check(url, name, tally, before) + tally.errors
            if events["writers still running"]:
                problems.append(f"{events['writers still running']} writers never finished")
        finally:
            if server is not None:
                server.stop()  # also when signing in failed
            drop_copy(args, url)
    return tally, problems, events


def main(argv=None) -> int:
    args = parse_args(argv)
    kills = " and ".join(sorted(args.kill, reverse=True)) or "nothing"
    print(f"bench.writes: {args.db}, {args.writers} writers for {args.seconds:g} s, "
          f"{args.workers} gunicorn workers, killing {kills} (SIGKILL); "
          f"Redis: {args.redis_url or 'none'}", flush=True)
    tally, problems, events = run(args)
    for name, value in events.items():
        print(f"  {name}: {value}")
    print(f"  comments sent {len(tally.submitted)}, acknowledged {len(tally.acknowledged)}, "
          f"refused {sum(tally.refused.values())} {dict(tally.refused) or ''}, "
          f"answered with something else {dict(tally.elsewhere) or 0}, "
          f"never answered {len(tally.unanswered)}, resends after no answer "
          f"{tally.resent}; stored though not acknowledged {tally.stored_unacknowledged}")
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("ok: every acknowledged comment stored exactly once, none twice, database sound")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The threaded development server under concurrent readers and writers, and the SQLite guard.

Eight readers of one review page once crashed `flask run` with a segmentation fault inside the
sqlite3 driver: Python's sqlite3 objects must never be used by two threads at once. On SQLite the
engine keeps each connection for the thread that opened it (``ThreadConfinedPool``), and the
driver ties it to that thread, so such a use is an exception, never a crash; these tests hold
the pool and the server to that, under load.
"""
from __future__ import annotations

import re
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from blog import create_app
from blog.database import ThreadConfinedPool
from blog.extensions import db
from blog.models import Comment
from tests import factories
from tests.conftest import PASSWORD, base_config, hidden_fields
from tests.live import serve

READERS = 8
WRITERS = 4
SECONDS = 4.0
COMMENT_ID = re.compile(r"/comments/(\d+)")


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on its own migrated SQLite file: the load test needs real files, not the shared DB."""
    config = base_config("sqlite:///" + str(tmp_path / "load.sqlite3")) | {
        "RATELIMIT_COMMENT": "10000 per minute", "COMMENT_HOLD_UNTIL_APPROVED": False,
        "COMMENT_MAX_LINKS": 10, "NOTIFY_AUTHOR_OF_COMMENTS": False}
    app = create_app(config, instance_path=tmp_path / "instance")
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        review = factories.review("Under load", slug="under-load")
        for _ in range(20):
            factories.comment(review, factories.user())
        writers = [factories.user(f"writer{number}").username for number in range(WRITERS)]
        db.session.remove()
    yield app, writers
    with app.app_context():
        db.engine.dispose()


def test_sqlite_connections_belong_to_one_thread(sqlite_app):
    app, _ = sqlite_app
    with app.app_context():
        assert isinstance(db.engine.pool, ThreadConfinedPool)
        raw = db.engine.raw_connection()
    failures = []

    def use_elsewhere():
        try:
            raw.driver_connection.execute("SELECT 1")
        except sqlite3.ProgrammingError as error:
            failures.append(error)

    other = threading.Thread(target=use_elsewhere)
    other.start()
    other.join()
    raw.close()
    assert len(failures) == 1 and "same thread" in str(failures[0])


def checked_out(app) -> int:
    """Check a connection out and back in; return its driver connection's identity."""
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            return id(raw.driver_connection)
        finally:
            raw.close()


def test_a_thread_gets_its_own_connection_back_and_never_another_threads(sqlite_app):
    app, _ = sqlite_app
    mine = checked_out(app)
    assert checked_out(app) == mine  # kept open for this thread's next checkout
    elsewhere = []
    for _ in range(3):
        other = threading.Thread(target=lambda: elsewhere.append(
            (checked_out(app), checked_out(app))))
        other.start()
        other.join()
    # Each thread reuses its own connection, and no thread is given this one.
    assert all(first == second for first, second in elsewhere)
    assert mine not in {first for first, _ in elsewhere}
    assert checked_out(app) == mine


def test_two_checkouts_at_once_in_one_thread_use_two_connections(sqlite_app):
    app, _ = sqlite_app
    with app.app_context():
        first, second = db.engine.raw_connection(), db.engine.raw_connection()
        assert first.driver_connection is not second.driver_connection
        first.close()
        second.close()


def test_a_connection_from_before_a_fork_is_not_used_after_it(sqlite_app):
    app, _ = sqlite_app
    with app.app_context():
        raw = db.engine.raw_connection()
        before = raw.driver_connection
        # As if this process were the child of the one that opened it.
        raw._connection_record.info["blog_owner"] = (-1, threading.get_ident())
        raw.close()
        again = db.engine.raw_connection()
        assert again.driver_connection is not before
        again.close()


def test_disposing_closes_this_threads_kept_connections(sqlite_app):
    app, _ = sqlite_app
    with app.app_context():
        raw = db.engine.raw_connection()
        kept = raw.driver_connection
        raw.close()
        db.engine.dispose()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        kept.execute("SELECT 1")


class Browser:
    """A reader with cookies, talking to the live server over HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:  # 3xx and 4xx arrive here without redirects
            return error.code, error.headers.get("Location", "")

    def submit(self, page: str, action: str, data: dict) -> tuple[int, str]:
        status, html = self.get(page)
        assert status == 200, f"{page}: HTTP {status}"
        return self.post(action.split("#")[0], {**hidden_fields(html, action), **data})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_threaded_server_keeps_answering_readers_and_writers(sqlite_app):
    app, writers = sqlite_app
    results = {"read": [], "write": [], "errors": []}
    lock = threading.Lock()

    def record(kind, value):
        with lock:
            results[kind].append(value)

    with serve(app) as url:
        signed_in = []
        for username in writers:  # before the clock starts: password hashing is slow
            writer = Browser(url)
            status, _ = writer.submit("/auth/login", "/auth/login",
                                      {"login": username, "password": PASSWORD})
            assert status == 302, f"login: HTTP {status}"
            signed_in.append((username, writer))
        deadline = time.monotonic() + SECONDS

        def read():
            reader = Browser(url)
            while time.monotonic() < deadline:
                for path in ("/reviews/under-load", "/"):
                    record("read", reader.get(path)[0])

        def write(username, writer):
            while time.monotonic() < deadline:
                status, location = writer.submit(
                    "/reviews/under-load", "/reviews/under-load/comments#respond",
                    {"body": f"Said by {username} at {time.monotonic()}"})
                record("write", (status, location))

        def guarded(target, *args):
            try:
                target(*args)
            except Exception as error:  # noqa: BLE001 — reported below with the others
                record("errors", repr(error))

        threads = ([threading.Thread(target=guarded, args=(read,)) for _ in range(READERS)]
                   + [threading.Thread(target=guarded, args=(write, *pair)) for pair in signed_in])
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 60)
        assert not any(thread.is_alive() for thread in threads)
        # Still answering after the storm.
        assert Browser(url).get("/reviews/under-load")[0] == 200

    assert results["errors"] == []
    assert results["read"] and set(results["read"]) == {200}
    assert results["write"] and {status for status, _ in results["write"]} == {302}
    acknowledged = {int(COMMENT_ID.search(location).group(1))
                    for _, location in results["write"]}
    with app.app_context():
        stored = set(db.session.scalars(sa.select(Comment.id).where(
            Comment.body_source.like("Said by %"))))
        assert stored == acknowledged and len(acknowledged) == len(results["write"])
        assert db.session.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"

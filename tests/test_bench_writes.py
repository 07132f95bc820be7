"""The concurrent-write check of ``make bench`` (bench/writes.py), short: writers through the
production gunicorn settings while a worker and then the master are killed with SIGKILL.

Every comment that got a 2xx/3xx answer must be stored exactly once and none twice, and SQLite's
integrity check must pass: with one worker and no Redis, and with two workers sharing Redis, as
gunicorn.conf.py runs them.
"""
from __future__ import annotations

import socket
import threading

import pytest
import redis
import sqlalchemy as sa

from bench import writes
from tests.conftest import require_service

REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def bench_cache(tmp_path, monkeypatch):
    """Generated sites in a folder of this test's own."""
    monkeypatch.setenv("BLOG_BENCH_CACHE", str(tmp_path / "sites"))
    return tmp_path / "sites"


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL).ping())
    except redis.RedisError:
        return False


def run_writes(capsys, *extra: str) -> str:
    status = writes.main(["--size", "60", "--writers", "4", "--seconds", "6", *extra])
    output = capsys.readouterr().out
    assert status == 0, output
    acknowledged = int(output.split("acknowledged ", 1)[1].split(",", 1)[0])
    assert acknowledged > 0, output
    return output


def test_acknowledged_comments_survive_a_worker_kill_without_redis(bench_cache, capsys):
    """One worker (gunicorn.conf.py's choice without Redis): its spent tokens die with it, and
    a resent form is still stored once."""
    output = run_writes(capsys, "--kill", "worker")
    assert "1 gunicorn workers" in output and "worker killed" in output


def test_acknowledged_comments_survive_a_worker_and_master_kill(bench_cache, capsys):
    require_service(redis_available(), f"Redis at {REDIS_URL}")
    output = run_writes(capsys, "--kill", "worker,master", "--redis-url", REDIS_URL)
    assert "2 gunicorn workers" in output
    assert "worker killed" in output and "master killed" in output
    assert "orphaned workers killed" in output


def comments_db(tmp_path, bodies: list[str]) -> str:
    """A SQLite file with a comments table holding these bodies."""
    url = "sqlite:///" + str(tmp_path / "check.sqlite3")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE comments (id INTEGER PRIMARY KEY, "
                                   "body_source TEXT)")
        for body in bodies:
            connection.execute(sa.text("INSERT INTO comments (body_source) VALUES (:body)"),
                               {"body": body})
    engine.dispose()
    return url


def tally_of(acknowledged: list[str], sent: list[str]) -> writes.Tally:
    tally = writes.Tally()
    tally.submitted = list(sent)
    tally.acknowledged = {body: None for body in acknowledged}
    return tally


ONE, TWO = "bench-writes run writer 0 comment 1", "bench-writes run writer 0 comment 2"


def test_the_check_passes_when_each_acknowledged_comment_is_stored_once(tmp_path):
    url = comments_db(tmp_path, ["an older comment", ONE, TWO])
    # TWO got no answer but was stored: allowed, as long as it is stored once.
    assert writes.check(url, "run", tally_of([ONE], [ONE, TWO]), comments_before=1) == []


def test_the_check_finds_a_comment_stored_twice(tmp_path):
    url = comments_db(tmp_path, [ONE, ONE])
    problems = writes.check(url, "run", tally_of([ONE], [ONE]), comments_before=0)
    assert any("stored more than once" in problem for problem in problems)


def test_the_check_finds_an_acknowledged_comment_missing(tmp_path):
    url = comments_db(tmp_path, [ONE])
    problems = writes.check(url, "run", tally_of([ONE, TWO], [ONE, TWO]), comments_before=0)
    assert problems == [f"1 acknowledged comments not stored, e.g. {TWO!r}"]


def test_the_check_finds_rows_nobody_sent(tmp_path):
    url = comments_db(tmp_path, [ONE, "bench-writes run writer 9 comment 9"])
    problems = writes.check(url, "run", tally_of([ONE], [ONE]), comments_before=0)
    assert any("nobody sent" in problem for problem in problems)


def test_an_answer_cut_short_counts_as_no_answer():
    # A worker killed while it sends a page: the headers promise more than ever arrives.
    listener = socket.create_server(("127.0.0.1", 0))

    def answer_half():
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this")

    server = threading.Thread(target=answer_half)
    server.start()
    writer = writes.Writer(f"http://127.0.0.1:{listener.getsockname()[1]}", "reader", "slug",
                           "run", 1, writes.Tally())
    try:
        with pytest.raises(OSError, match="cut short"):
            writer.request("/reviews/slug")
    finally:
        server.join(timeout=5)
        listener.close()


"""How the blog uses its PostgreSQL connections.

A GET or HEAD request reads outside a transaction until it first writes
(``blog.database.read_until_writing``), and what it then writes still commits or rolls back
whole: observed through the server's own word, psycopg's transaction status after a statement
(IDLE: the statement ran and committed on its own; INTRANS: a transaction is open). A pooled
connection the server closed while it was idle is replaced before a request sees it, and a
live one is handed out without a round trip (``blog.database.still_open``)."""
from __future__ import annotations

import time

import psycopg
import pytest
import sqlalchemy as sa
from psycopg.pq import TransactionStatus

from blog import create_app
from blog.extensions import db
from tests.conftest import base_config, database_of_this_worker, postgres_server, require_service
from bench import sites

PROBE = "read_autocommit_probe"


@pytest.fixture(scope="module")
def pg_app(tmp_path_factory):
    """An app on this worker's PostgreSQL test database (the suite's own on the PostgreSQL
    pass), with a table of its own to write to."""
    server = postgres_server()
    require_service(server is not None, "PostgreSQL")
    url = database_of_this_worker(sa.engine.make_url(server).set(database="blog_test")
                                  .render_as_string(hide_password=False))
    app = create_app(base_config(url), instance_path=tmp_path_factory.mktemp("instance"))
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(sa.text(f"CREATE TABLE IF NOT EXISTS {PROBE} (n integer PRIMARY KEY)"))
    yield app
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(sa.text(f"DROP TABLE IF EXISTS {PROBE}"))
        db.engine.dispose()


@pytest.fixture(autouse=True)
def empty_probe(pg_app):
    with pg_app.app_context():
        with db.engine.begin() as connection:
            connection.execute(sa.text(f"DELETE FROM {PROBE}"))


def status() -> TransactionStatus:
    """The session's connection's state, as the server last reported it."""
    return db.session.connection().connection.dbapi_connection.info.transaction_status


def stored(app) -> list[int]:
    with app.app_context():
        with db.engine.connect() as connection:
            return list(connection.scalars(sa.text(f"SELECT n FROM {PROBE} ORDER BY n")))


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_reading_request_reads_outside_a_transaction(pg_app, method):
    with pg_app.test_request_context("/", method=method):
        db.session.execute(sa.text("SELECT 1"))
        assert status() == TransactionStatus.IDLE
        db.session.execute(sa.select(sa.literal(2)))
        assert status() == TransactionStatus.IDLE
        db.session.remove()


def test_its_first_write_opens_a_transaction_that_rolls_back_whole(pg_app):
    with pg_app.test_request_context("/", method="GET"):
        db.session.execute(sa.text(f"SELECT count(*) FROM {PROBE}"))
        db.session.execute(sa.text(f"INSERT INTO {PROBE} VALUES (1)"))
        assert status() == TransactionStatus.INTRANS
        db.session.execute(sa.text(f"INSERT INTO {PROBE} VALUES (2)"))
        db.session.execute(sa.text(f"SELECT n FROM {PROBE}"))  # reads after it stay inside
        assert status() == TransactionStatus.INTRANS
        db.session.rollback()
        db.session.remove()
    assert stored(pg_app) == []


def test_its_writes_commit_together(pg_app):
    with pg_app.test_request_context("/", method="GET"):
        db.session.execute(sa.text(f"INSERT INTO {PROBE} VALUES (1)"))
        assert stored(pg_app) == []  # not seen by others before the commit
        db.session.execute(sa.text(f"INSERT INTO {PROBE} VALUES (2)"))
        db.session.commit()
        db.session.remove()
    assert stored(pg_app) == [1, 2]


@pytest.mark.parametrize("lock", ["FOR UPDATE", "FOR SHARE", "FOR NO KEY UPDATE",
                                  "FOR KEY SHARE"])
def test_a_locking_read_opens_the_transaction_first(pg_app, lock):
    with pg_app.test_request_context("/", method="GET"):
        db.session.execute(sa.text(f"SELECT n FROM {PROBE} {lock}"))
        assert status() == TransactionStatus.INTRANS
        db.session.remove()


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_requests_that_write_are_transactional_from_the_first_statement(pg_app, method):
    with pg_app.test_request_context("/", method=method):
        db.session.execute(sa.text("SELECT 1"))
        assert status() == TransactionStatus.INTRANS
        db.session.remove()


def test_work_outside_requests_is_transactional_even_on_a_connection_a_read_used(pg_app):
    with pg_app.app_context():
        db.engine.dispose()  # so that the pool's one connection is the one the read used
    with pg_app.test_request_context("/", method="GET"):
        db.session.execute(sa.text("SELECT 1"))
        assert status() == TransactionStatus.IDLE
        db.session.remove()  # the connection goes back to the pool in autocommit
    with pg_app.app_context():
        db.session.execute(sa.text("SELECT 1"))
        assert status() == TransactionStatus.INTRANS
        db.session.remove()


def backend_pid(app) -> int:
    """The server process behind the connection a reading request gets."""
    with app.test_request_context("/", method="GET"):
        pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
        db.session.remove()
    return pid


@pytest.fixture
def pings(pg_app, monkeypatch):
    """The round trips made to ask the server whether a connection is alive."""
    with pg_app.app_context():
        dialect = db.engine.dialect
        db.engine.dispose()  # one connection in the pool from here on
    made = []
    ping = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda connection: made.append(1) or ping(connection))
    return made


def test_a_live_pooled_connection_is_handed_out_without_a_round_trip(pg_app, pings):
    first = backend_pid(pg_app)
    assert backend_pid(pg_app) == backend_pid(pg_app) == first  # the same connection, kept
    assert pings == []


def test_a_connection_the_server_closed_while_idle_is_replaced_before_use(pg_app, pings):
    gone = backend_pid(pg_app)
    with pg_app.app_context():
        url = db.engine.url
    with psycopg.connect(**sites.admin_params(url), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [gone])
        deadline = time.monotonic() + 10
        while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [gone]).fetchone():
            assert time.monotonic() < deadline, "the server did not end the connection"
            time.sleep(0.05)
    # The request gets a new connection, not an error.
    assert backend_pid(pg_app) != gone
    with pg_app.test_request_context("/", method="POST"):
        assert db.session.scalar(sa.text("SELECT 1")) == 1
        db.session.remove()

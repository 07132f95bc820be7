"""Engine tuning: SQLite in WAL mode, with a busy timeout and IMMEDIATE write transactions."""
import contextlib
import sqlite3
import time
from contextvars import ContextVar

from flask import has_request_context, request
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import NullPool

from blog.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Rows ANALYZE samples per index when ``PRAGMA optimize`` decides statistics are stale: enough
# for the planner, and quick even on a table of a million comments.
SQLITE_ANALYSIS_LIMIT = 400
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_writing: ContextVar[bool] = ContextVar("blog_sqlite_writing", default=False)


def set_engine_options(app):
    """On SQLite, give every checkout its own connection, which the driver ties to its thread.

    Python's sqlite3 objects are not safe to use from two threads at once: a connection shared
    that way crashes the whole process inside the driver (a segmentation fault in ``fetchall``)
    instead of raising. A pool hands its connections from thread to thread, so it needs
    ``check_same_thread=False`` and leaves that safety to every code path; without a pool each
    request opens its own connection (tens of microseconds for a local file) and the driver
    refuses, with an exception, any use from another thread.
    """
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite") or ":memory:" in uri:
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options["poolclass"] = NullPool
    options["connect_args"] = {**options.get("connect_args", {}), "check_same_thread": True}
    options.pop("pool_pre_ping", None)  # nothing is kept open long enough to go stale
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def configure_engine(app):
    """Attach the SQLite pragmas and transaction handling when the app runs on SQLite."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Take transaction control from the driver so that BEGIN can be IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql(f"BEGIN {transaction_mode()}")

    interval = app.config["SQLITE_OPTIMIZE_SECONDS"]
    if interval > 0:
        due = [time.monotonic() + interval]

        @event.listens_for(engine, "close")
        def on_close(dbapi_connection, _record):
            # SQLite asks short-lived connections to run it as they close; once in a while is
            # enough, and spares each request the statistics it may write.
            if time.monotonic() >= due[0]:
                due[0] = time.monotonic() + interval
                optimize(dbapi_connection)


def optimize(dbapi_connection) -> None:
    """Let SQLite refresh the planner's statistics where it finds them stale or missing."""
    try:
        dbapi_connection.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
        dbapi_connection.execute("PRAGMA optimize")
    except sqlite3.Error:
        pass  # a busy database: the next run will try again


def transaction_mode():
    """IMMEDIATE for requests that write (and inside ``writing()``), DEFERRED otherwise.

    A deferred transaction that later writes can fail with "database is locked" without waiting,
    because SQLite cannot upgrade a stale read snapshot; taking the write lock up front makes it
    wait its turn under the busy timeout instead. Reads stay deferred so that they never hold
    the write lock (a forgotten `flask shell` must not block every commenter).
    """
    if _writing.get() or (has_request_context() and request.method in WRITE_METHODS):
        return "IMMEDIATE"
    return "DEFERRED"


@contextlib.contextmanager
def writing():
    """Make transactions begun inside this block IMMEDIATE (for CLI commands that write)."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def reachable() -> bool:
    """Whether the database answers a trivial query (the session is rolled back if not)."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False
    return True

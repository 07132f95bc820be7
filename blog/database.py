"""Engine tuning: SQLite in WAL mode, with a busy timeout and IMMEDIATE write transactions,
and connections kept by the thread that opened them; on PostgreSQL, reading requests read
outside a transaction until they write."""
import contextlib
import os
import select
import sqlite3
import threading
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
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What makes a SELECT take row locks, as SQLAlchemy spells it (FOR UPDATE, FOR SHARE, FOR NO
# KEY UPDATE, FOR KEY SHARE): such a read belongs in the transaction of the write it precedes.
LOCKING_CLAUSES = ("FOR UPDATE", "FOR SHARE", "KEY UPDATE", "KEY SHARE")
_writing: ContextVar[bool] = ContextVar("blog_sqlite_writing", default=False)


class ThreadConfinedPool(NullPool):
    """Keeps a SQLite connection open between checkouts, for the thread that opened it only.

    Python's sqlite3 objects are not safe to use from two threads at once: a connection shared
    that way crashes the whole process inside the driver (a segmentation fault in ``fetchall``)
    instead of raising. A usual pool hands its connections from thread to thread, so it needs
    ``check_same_thread=False`` and leaves that safety to every code path. This one keeps each
    idle connection in its thread's own storage and gives it back only to that thread, so the
    driver's check (``check_same_thread=True``) stays on and any other use is an exception.

    Kept open, a connection skips the open and its pragmas on every request, and keeps SQLite's
    page cache warm: on a large blog a request's queries read their index pages from memory
    instead of the file (a person's page at 100,000 reviews: 2.4 ms of SQL on a fresh
    connection, 0.9 ms on a kept one). A thread's connections close when the thread ends (the
    development server's per-request threads) or when the pool is disposed and collected; a
    connection is never used in a process other than its own (gunicorn forks).
    """

    IDLE_PER_THREAD = 2  # a request's connection, and one more a nested block may take

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._idle = threading.local()

    def status(self) -> str:
        return "ThreadConfinedPool"

    def _idle_here(self) -> list:
        if not hasattr(self._idle, "records"):
            self._idle.records = []
        return self._idle.records

    def _do_get(self):
        idle = self._idle_here()
        while idle:
            record = idle.pop()
            if record.info.get("blog_owner") == owner():
                return record
            # Opened by this thread's namesake before a fork: the parent's, left untouched.
        record = self._create_connection()
        record.info["blog_owner"] = owner()
        return record

    def _do_return_conn(self, record) -> None:
        if record.info.get("blog_owner") != owner():
            # Handed back from elsewhere (a checkout collected as garbage by another thread):
            # not kept, and not closed here, where the driver would refuse; it closes when
            # collected.
            return
        idle = self._idle_here()
        if len(idle) < self.IDLE_PER_THREAD:
            idle.append(record)
        else:
            record.close()

    def dispose(self) -> None:
        """Close this thread's idle connections; other threads' close with their thread, or
        with this pool once the engine has replaced it."""
        idle, self._idle.records = self._idle_here(), []
        for record in idle:
            if record.info.get("blog_owner") == owner():
                record.close()


def owner() -> tuple[int, int]:
    """The process and thread a connection belongs to."""
    return os.getpid(), threading.get_ident()


def set_engine_options(app):
    """On SQLite, keep connections per thread (``ThreadConfinedPool``), tied to their thread
    by the driver."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite") or ":memory:" in uri:
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options["poolclass"] = ThreadConfinedPool
    options["connect_args"] = {**options.get("connect_args", {}), "check_same_thread": True}
    options.pop("pool_pre_ping", None)  # a local file does not drop connections
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def configure_engine(app):
    """Attach the connection checks and transaction handling of the app's database: on
    PostgreSQL, the checkout check and reads in autocommit; on SQLite, the pragmas and
    IMMEDIATE write transactions."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        check_on_checkout(engine)  # first: a closed connection is replaced before it is set up
        read_until_writing(engine)
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

        @event.listens_for(engine, "checkin")
        def on_checkin(dbapi_connection, _record):
            # SQLite asks connections to run it now and then (as they close, or every few
            # hours for long-lived ones); once in a while, at the end of a request, spares
            # each request the statistics it may write.
            if dbapi_connection is not None and time.monotonic() >= due[0]:
                due[0] = time.monotonic() + interval
                optimize(dbapi_connection)


def read_until_writing(engine) -> None:
    """On PostgreSQL, let a GET or HEAD request read in autocommit until it writes.

    Under READ COMMITTED, PostgreSQL's level and ours, each statement sees what was committed
    when it began, inside a transaction or not; so a request that only reads gains nothing from
    the ``BEGIN`` before its first statement and the ``ROLLBACK`` as its connection goes back to
    the pool but two round trips (a signed-in review page made five: those two, the pool's
    ping, the login and the review; it now makes the last two, see ``check_on_checkout``). The
    first statement that may write (anything but a plain SELECT: an INSERT, UPDATE or DELETE, a
    locking read, a savepoint) turns the connection transactional again before it runs, so
    what a reading request writes (confirming an address from its link) still commits or rolls
    back whole. Other requests, and work outside requests (the command line, the mail worker),
    are transactional from their first statement, as before.
    """

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, _record, _proxy):
        # Idle here (the pool rolled it back when it came home), so psycopg allows the switch.
        dbapi_connection.autocommit = has_request_context() and request.method in READ_METHODS

    @event.listens_for(engine, "before_cursor_execute")
    def before_execute(_connection, cursor, statement, _parameters, _context, _executemany):
        dbapi_connection = cursor.connection
        if dbapi_connection.autocommit and not is_plain_read(statement):
            dbapi_connection.autocommit = False  # idle between autocommitted statements


def check_on_checkout(engine) -> None:
    """On PostgreSQL, hand out only pooled connections the server has not closed
    (``still_open``); the pool replaces one it has."""

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, _record, _proxy):
        if not still_open(dbapi_connection, engine.dialect):
            raise sa.exc.DisconnectionError("the server closed the connection while it was idle")


def still_open(dbapi_connection, dialect) -> bool:
    """Whether a pooled PostgreSQL connection is still open, as a rule without asking the server.

    An idle connection has nothing to read. A server that ends one (restarted, told to by an
    administrator, or past an idle timeout) sends a last message and closes its end, and either
    makes the socket readable; so a poll that does not wait answers the usual case for one
    system call, where the pool's pre-ping cost a round trip on every checkout. Only when
    something is waiting is the server asked, as the pre-ping would (a notice on a live
    connection is read and the connection kept). A peer that vanished without a word (a
    network cut) is found by neither way before the first statement.
    """
    if dbapi_connection.closed:
        return False
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLPRI)
    if not poller.poll(0):
        return True
    try:
        return dialect.do_ping(dbapi_connection)
    except dialect.loaded_dbapi.Error:
        return False


def is_plain_read(statement: str) -> bool:
    """Whether a statement only reads and locks nothing (``WITH`` counts as a write: it may)."""
    return (statement.lstrip()[:6].upper() == "SELECT"
            and not any(clause in statement for clause in LOCKING_CLAUSES))


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

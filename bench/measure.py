"""Request pages through the test client, timing them and recording the SQL they run."""
from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field

import sqlalchemy as sa

from bench.data import Landmarks
from blog.extensions import db


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: object
    seconds: float


@dataclass
class PageResult:
    """One page at one size: latencies in milliseconds and the SQL of the last request."""
    name: str
    path: str
    size: int
    status: int
    timings_ms: list[float] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    plans: dict[str, list[str]] = field(default_factory=dict)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings_ms) if self.timings_ms else math.nan

    @property
    def p90_ms(self) -> float:
        """The nearest-rank 90th percentile."""
        if not self.timings_ms:
            return math.nan
        ordered = sorted(self.timings_ms)
        return ordered[math.ceil(0.9 * len(ordered)) - 1]

    @property
    def queries(self) -> int:
        return len(self.statements)


def pages(landmarks: Landmarks) -> list[tuple[str, str]]:
    """The pages measured, as (name, path) pairs."""
    return [
        ("homepage", "/"),
        ("deep page", "/?page=50"),
        ("review, 200 comments", f"/reviews/{landmarks.thread_slug}"),
        ("popular tag", f"/tags/{landmarks.popular_tag}"),
        ("tag index", "/tags/"),
        ("person, most films", f"/people/{landmarks.person_slug}"),
        # The worst case for a query that walks reviews newest first looking for matches.
        ("person, one film", f"/people/{landmarks.rare_person_slug}"),
        ("archive year", f"/archive/{landmarks.archive_year}/"),
        ("catalogue", "/reviews/"),
        # Four facets at once, sorted by rating: every option's count is recomputed.
        ("catalogue, filtered", catalogue_path(landmarks)),
    ]


def catalogue_path(landmarks: Landmarks) -> str:
    """A filtered, sorted catalogue page: a genre, a decade, a service in a region."""
    return (f"/reviews/?genre={landmarks.popular_tag}&decade=1970&service=StreamCo"
            "&region=GB&sort=rating")


class StatementRecorder:
    """Collects every statement the engine sends, with its parameters and duration."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.statements: list[Statement] = []

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self.before)
        sa.event.listen(self.engine, "after_cursor_execute", self.after)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self.before)
        sa.event.remove(self.engine, "after_cursor_execute", self.after)

    def before(self, conn, cursor, statement, parameters, context, executemany):
        """Start a statement's clock (a stack, in case statements nest)."""
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(self, conn, cursor, statement, parameters, context, executemany):
        """Record the statement with its parameters and duration."""
        started = conn.info["bench_started"].pop()
        self.statements.append(Statement(statement, parameters, time.perf_counter() - started))

    def take(self) -> list[Statement]:
        """The statements recorded since the last call, and start afresh."""
        taken, self.statements = self.statements, []
        return taken


def measure_page(client, recorder: StatementRecorder, result: PageResult,
                 requests: int, warmups: int) -> PageResult:
    """Fill ``result`` with ``requests`` timings after ``warmups`` untimed requests."""
    for n in range(warmups + requests):
        recorder.take()
        started = time.perf_counter()
        response = client.get(result.path)
        elapsed = time.perf_counter() - started
        result.status = response.status_code
        if response.status_code != 200:
            result.timings_ms.clear()
            break
        if n >= warmups:
            result.timings_ms.append(elapsed * 1000)
        result.statements = recorder.take()
    return result


def measure_site(app, landmarks: Landmarks, size: int, requests: int,
                 warmups: int) -> list[PageResult]:
    """Measure every page of ``pages`` on this app's database."""
    with app.app_context():
        engine = db.engine
    client = app.test_client()
    results = []
    with StatementRecorder(engine) as recorder:
        for name, path in pages(landmarks):
            result = PageResult(name, path, size, status=0)
            results.append(measure_page(client, recorder, result, requests, warmups))
    with app.app_context():
        for result in results:
            result.plans = explain_slowest(result.statements)
        db.session.remove()
    return results


def explain_slowest(statements: list[Statement], keep: int = 3) -> dict[str, list[str]]:
    """The query plans of a request's slowest SELECTs, keyed by "<ms> ms: <statement>"."""
    selects = [s for s in statements if s.sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    plans = {}
    for statement in sorted(selects, key=lambda s: s.seconds, reverse=True)[:keep]:
        label = f"{statement.seconds * 1000:.2f} ms: {' '.join(statement.sql.split())}"
        plans[label] = query_plan(statement)
    return plans


def query_plan(statement: Statement) -> list[str]:
    """EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL, as text lines."""
    sqlite = db.engine.dialect.name == "sqlite"
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement.sql, statement.parameters).all()
        connection.rollback()
    if sqlite:  # rows are (id, parent, notused, detail): indent by nesting
        depth = {0: 0}
        lines = []
        for node, parent, _, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " * (depth[node] - 1) + detail)
        return lines
    return [row[0] for row in rows]

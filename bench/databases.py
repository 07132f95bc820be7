"""Throwaway databases for the benchmark: a fresh SQLite file per size, or a reset PostgreSQL."""
from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from blog import create_app
from blog.extensions import db


def bench_config(database_url: str, app_cache: bool = False) -> dict:
    """The settings of a benchmark app: testing mode, no rate limits, and no cache unless asked.

    Without a cache every request pays what the first one after an invalidation pays, which is
    what has to stay flat; ``app_cache`` measures warm requests through an in-process cache.
    """
    return {
        "TESTING": True,
        "SECRET_KEY": "bench-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SITE_URL": "http://blog.bench",
        "SERVER_NAME": "blog.bench",  # the test client's Host: the site answers only to SITE_URL's
        "TIMEZONE": "UTC",
        "CACHE_TYPE": "SimpleCache" if app_cache else "NullCache",
        "CACHE_NO_NULL_WARNING": True,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


def database_for_size(size: int, workdir: Path, database_url: str | None) -> str:
    """The URL to use for one size: the given server database, or a new SQLite file."""
    if database_url:
        return database_url
    return "sqlite:///" + str(workdir / f"bench-{size}.sqlite3")


def make_app(database_url: str, workdir: Path, app_cache: bool = False):
    """An app on ``database_url`` whose instance folder lives in the benchmark's temp dir."""
    return create_app(bench_config(database_url, app_cache), instance_path=workdir / "instance")


def prepare_schema(app) -> None:
    """Create the schema from the migrations, dropping whatever a previous run left."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        # Alembic's INFO lines would break up the progress output; show them only on failure.
        log = io.StringIO()
        try:
            with contextlib.redirect_stderr(log):
                upgrade(directory=app.extensions["migrate"].directory)
        except Exception:
            sys.stderr.write(log.getvalue())
            raise
        db.session.remove()


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist yet."""
    import psycopg

    parsed = sa.engine.make_url(url)
    params = {"host": parsed.host or "localhost", "port": parsed.port or 5432,
              "user": parsed.username, "password": parsed.password, "dbname": "postgres"}
    params = {key: value for key, value in params.items() if value is not None}
    with psycopg.connect(**params, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (parsed.database,)).fetchone()
        if not exists:
            # An identifier cannot be a bound parameter; psycopg.sql quotes it safely.
            from psycopg import sql
            connection.execute(sql.SQL("CREATE DATABASE {}").format(
                sql.Identifier(parsed.database)))


def sync_sequences(app) -> None:
    """Move PostgreSQL's id sequences past the explicit ids the generator inserted."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                for table in db.metadata.sorted_tables:
                    if "id" in table.c and table.c.id.primary_key:
                        connection.execute(sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"))
        db.session.remove()


def analyze(app) -> None:
    """Refresh the planner's statistics, as autovacuum or ``PRAGMA optimize`` would."""
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        db.session.remove()


def dispose(app) -> None:
    """Close the app's pooled connections so its database can be dropped or deleted."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()

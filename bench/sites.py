"""Generated sites built once and reused: a SQLite file or a PostgreSQL database per size.

A site is keyed by its size and a *schema revision*: a digest of the migrations and of the
generator's source, so a new migration or a changed generator builds it again and anything else
reuses it. SQLite sites are files in the cache folder (``~/.cache/blog-bench`` unless
``BLOG_BENCH_CACHE`` says otherwise) with their landmarks beside them; a PostgreSQL site is the
database ``blog_bench_<size>`` on the given server, its key and landmarks kept in the database's
comment. Benchmarks only read them, apart from the sign-ins they make.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

from bench import data, databases
from blog.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench reader password"
# Commenters given PASSWORD: the signed-in reader of bench.http and the writers of bench.writes.
KNOWN_READERS = 40
COMMENTS_PER_REVIEW = 10


@dataclass(frozen=True)
class Site:
    """A generated site ready to serve: its SQLAlchemy URL and its landmarks."""
    url: str
    size: int
    landmarks: data.Landmarks
    readers: list[str]  # usernames whose password is PASSWORD
    built_seconds: float | None  # None when reused from the cache


def schema_revision() -> str:
    """What makes a cached site stale: the generator's digest, then the migrations'. A site
    made by the same generator under older migrations is brought up to date by migrating it
    (``upgraded``), as a real site would be, rather than generated again."""
    return f"{generator_revision()}-{migrations_revision()}"


def generator_revision() -> str:
    return digest_of([ROOT / "bench" / name for name in ("data.py", "loader.py", "text.py")])


def migrations_revision() -> str:
    return digest_of(sorted((ROOT / "blog" / "migrations" / "versions").glob("*.py")))


def digest_of(sources) -> str:
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def upgraded(url: str) -> bool:
    """Run the migrations a cached site has not had; False when that fails (build it again)."""
    with tempfile.TemporaryDirectory(prefix="blog-bench-upgrade-") as tmp:
        app = databases.make_app(url, Path(tmp))
        try:
            with app.app_context():
                with contextlib.redirect_stderr(io.StringIO()):
                    upgrade(directory=app.extensions["migrate"].directory)
            databases.analyze(app)
        except Exception as error:  # noqa: BLE001 - any failure means: generate it afresh
            print(f"  (migrating the cached site failed: {error}; generating it again)")
            return False
        finally:
            databases.dispose(app)
    return True


def cache_dir() -> Path:
    path = Path(os.environ.get("BLOG_BENCH_CACHE") or Path.home() / ".cache" / "blog-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def reader_names() -> list[str]:
    """The usernames ``data.user_rows`` gives the first commenters."""
    return [f"reader{n}" for n in range(data.AUTHORS + 1, data.AUTHORS + KNOWN_READERS + 1)]


def fill(app, size: int) -> data.Landmarks:
    """Generate the site into the app's empty, migrated database; readers get PASSWORD."""
    with app.app_context():
        landmarks = data.generate(size, COMMENTS_PER_REVIEW, seed=1)
        with db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE users SET password_hash = :hash "
                                       "WHERE username IN :names").bindparams(
                sa.bindparam("names", expanding=True)),
                {"hash": generate_password_hash(PASSWORD), "names": reader_names()})
        db.session.remove()
    databases.sync_sequences(app)
    databases.analyze(app)
    databases.dispose(app)
    return landmarks


def sqlite_site(size: int, fresh: bool = False) -> Site:
    """The cached SQLite site of ``size`` reviews, built first if missing or stale."""
    key = f"{size}-{schema_revision()}"
    path = cache_dir() / f"sqlite-{key}.sqlite3"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists() and not fresh:
        landmarks = data.Landmarks(**json.loads(meta.read_text()))
        return Site("sqlite:///" + str(path), size, landmarks, reader_names(), None)
    older = [old for old in cache_dir().glob(f"sqlite-{size}-{generator_revision()}-*.sqlite3")
             if old.with_suffix(".json").exists()]
    if older and not fresh and upgraded("sqlite:///" + str(older[0])) and settled(older[0]):
        os.replace(older[0].with_suffix(".json"), meta)
        os.replace(older[0], path)
        landmarks = data.Landmarks(**json.loads(meta.read_text()))
        return Site("sqlite:///" + str(path), size, landmarks, reader_names(), None)
    for old in cache_dir().glob(f"sqlite-{size}-*"):
        old.unlink()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="blog-bench-build-", dir=cache_dir()) as tmp:
        building = Path(tmp) / "site.sqlite3"
        app = databases.make_app("sqlite:///" + str(building), Path(tmp))
        databases.prepare_schema(app)
        landmarks = fill(app, size)
        with sa.create_engine("sqlite:///" + str(building)).connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(building, path)
    meta.write_text(json.dumps(dataclasses.asdict(landmarks)))
    return Site("sqlite:///" + str(path), size, landmarks, reader_names(),
                time.perf_counter() - started)


def settled(path: Path) -> bool:
    """Whether every write to the SQLite file is in the file itself (its write-ahead log
    copied back and emptied), so that it can be renamed without it."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        busy, _frames, _copied = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    wal, shm = (path.with_name(path.name + extra) for extra in ("-wal", "-shm"))
    if not busy and wal.exists() and wal.stat().st_size == 0:
        wal.unlink()
    if not busy and not wal.exists():
        shm.unlink(missing_ok=True)  # an index of the log, nothing without it
    return not busy


def postgres_site(server_url: str, size: int, fresh: bool = False) -> Site:
    """The PostgreSQL site ``blog_bench_<size>`` on the server of ``server_url``."""
    import psycopg
    from psycopg import sql

    name = f"blog_bench_{size}"
    url = sa.engine.make_url(server_url).set(database=name)
    url_text = url.render_as_string(hide_password=False)
    key = f"{size}-{schema_revision()}"
    params = admin_params(url)
    with psycopg.connect(**params, autocommit=True) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,)).fetchone()
        stored = json.loads(row[0]) if row and row[0] else {}
        if stored.get("key") == key and not fresh:
            return Site(url_text, size, data.Landmarks(**stored["landmarks"]), reader_names(),
                        None)
        same_data = str(stored.get("key", "")).startswith(f"{size}-{generator_revision()}-")
        if same_data and not fresh and upgraded(url_text):
            comment = json.dumps({"key": key, "landmarks": stored["landmarks"]})
            connection.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(comment)))
            return Site(url_text, size, data.Landmarks(**stored["landmarks"]), reader_names(),
                        None)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="blog-bench-build-") as tmp:
        app = databases.make_app(url_text, Path(tmp))
        databases.prepare_schema(app)
        landmarks = fill(app, size)
    comment = json.dumps({"key": key, "landmarks": dataclasses.asdict(landmarks)})
    with psycopg.connect(**params, autocommit=True) as connection:
        connection.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(
            sql.Identifier(name), sql.Literal(comment)))
    return Site(url_text, size, landmarks, reader_names(), time.perf_counter() - started)


def admin_params(url: sa.URL) -> dict:
    """psycopg connection parameters for the server's ``postgres`` database."""
    params = {"host": url.host or "localhost", "port": url.port or 5432,
              "user": url.username, "password": url.password, "dbname": "postgres"}
    return {key: value for key, value in params.items() if value is not None}


def site(kind: str, size: int, postgres_url: str | None = None, fresh: bool = False) -> Site:
    """The cached site of this kind ("sqlite" or "postgres") and size."""
    if kind == "sqlite":
        return sqlite_site(size, fresh)
    return postgres_site(postgres_url or default_postgres_url(), size, fresh)


def default_postgres_url() -> str:
    return os.environ.get("BLOG_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/")

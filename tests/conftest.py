"""Fixtures: an app on a migrated database (SQLite, or PostgreSQL when asked), clients, roles."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from blog import create_app
from blog.extensions import cache, db, limiter
from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_DATABASE_URL = os.environ.get("BLOG_TEST_DATABASE_URL")

# Fixtures kept in their own modules, found by name in any test.
pytest_plugins = ["tests.smtp", "tests.fixtures.commenting", "tests.fixtures.demo",
                  "tests.fixtures.htmlcheck", "tests.fixtures.page_cache", "tests.fixtures.writing"]
PASSWORD = "correct horse battery"
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_ROOM_NEEDED = 1 << 30  # the suite writes ~30 MB a run, and pytest keeps the last three


def pytest_configure(config):
    """Keep the suite's temporary folders (its SQLite databases above all) in memory when the
    machine has a roomy tmpfs: a commit there costs no disk flush, and the tests commit often.
    pytest-xdist workers are handed folders under the controller's, so only it chooses."""
    if config.option.basetemp or hasattr(config, "workerinput"):
        return
    if MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK):
        room = os.statvfs(MEMORY_FOLDER)
        if room.f_bavail * room.f_frsize >= MEMORY_ROOM_NEEDED:
            tempfile.tempdir = str(MEMORY_FOLDER)


def require_service(available: bool, what: str) -> None:
    """Skip when a service is missing locally; in CI a missing service is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} is not available")


def postgres_server() -> str | None:
    """The PostgreSQL server the tests use (the one the suite runs on, else the local one),
    or None when none answers."""
    from bench import sites

    given = TEST_DATABASE_URL or ""
    server = given if given.startswith("postgres") else sites.default_postgres_url()
    try:
        import psycopg

        url = sa.engine.make_url(server)
        with psycopg.connect(**sites.admin_params(url), connect_timeout=3):
            return server
    except Exception:  # noqa: BLE001 — any failure to connect means "not available"
        return None


def base_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SITE_URL": "http://blog.test",
        "SERVER_NAME": "blog.test",  # the test client's Host: the site answers only to SITE_URL's
        "TIMEZONE": "Europe/London",
        "REVIEWS_PER_PAGE": 5,
        "RATELIMIT_STORAGE_URI": "memory://",
        "CACHE_TYPE": "NullCache",
        "CACHE_NO_NULL_WARNING": True,
        "COMMENT_MIN_SECONDS": 0,
        "MAIL_DELIVERY": "sync",  # queued mail goes out at the commit: tests stay deterministic
        "SQLITE_OPTIMIZE_SECONDS": 0,  # statistics written mid-test would race the test's reads
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database migrated once for the session: SQLite in a temp folder, or the given PG."""
    if TEST_DATABASE_URL:
        url = database_of_this_worker(TEST_DATABASE_URL)
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    app = create_app(base_config(url), instance_path=tmp_path_factory.mktemp("instance"))
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.OperationalError as error:
            require_service(False, f"the test database ({error.orig})")
        reset_schema()
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()
    return url


def database_of_this_worker(url: str) -> str:
    """The given PostgreSQL database, or under pytest-xdist one of its own per worker beside it
    (``blog_test_gw0``, ``blog_test_gw1``, …), created when missing. Workers share nothing else:
    SQLite files and instance folders live in each worker's own temporary folder."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    given = sa.engine.make_url(url)
    name = f"{given.database}_{worker}"
    admin = sa.create_engine(given.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                     {"name": name}):
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        require_service(False, f"the test database ({error.orig})")
    finally:
        admin.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def reset_schema() -> None:
    """Drop every table (and Alembic's record) so the migrations run from scratch."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


class SharedApps:
    """The session's two apps on the test database, and what each test may leave behind.

    Building an app compiles every route and warms Jinja's template cache, which used to be half
    of each test's time; one pair per session is reset after every test instead.
    """

    def __init__(self, database_url: str, instance_path):
        self.app = create_app(base_config(database_url), instance_path=instance_path)
        # The twin answers no requests; see ``ctx`` for why it is a separate app.
        self.twin = create_app(base_config(database_url), instance_path=instance_path)
        self.config = dict(self.app.config)
        self.caches = dict(self.app.extensions["cache"])
        # Flask-Limiter keeps one storage per extension object, replaced by every init_app: a
        # test that builds its own app (say, on Redis) would otherwise leave its storage behind.
        self.limiter_state = (limiter._storage, limiter._limiter)

    def reset(self) -> None:
        """Undo what a test changed: config, caches, rate limits, rows and instance files."""
        self.app.config.clear()
        self.app.config.update(self.config)
        self.app.extensions["cache"].clear()
        self.app.extensions["cache"].update(self.caches)
        limiter._storage, limiter._limiter = self.limiter_state
        limiter.reset()
        with self.app.app_context():
            cache.clear()
            db.session.remove()
            with db.engine.begin() as connection:
                for table in reversed(db.metadata.sorted_tables):
                    connection.execute(table.delete())
        empty_folder(Path(self.app.instance_path))


def empty_folder(folder: Path) -> None:
    """Delete everything inside ``folder`` (outbox, uploads, demo login), keeping the folder."""
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


@pytest.fixture(scope="session")
def shared_apps(database_url, tmp_path_factory):
    apps = SharedApps(database_url, tmp_path_factory.mktemp("instance"))
    yield apps
    for each in (apps.app, apps.twin):
        with each.app_context():
            db.engine.dispose()


@pytest.fixture
def app(shared_apps):
    """The app on the migrated test database; rows, settings and caches are reset after."""
    yield shared_apps.app
    shared_apps.reset()


@pytest.fixture
def ctx(app, shared_apps):
    """An app context for arranging data and checking it, on a twin of ``app``.

    It belongs to a second app on the same database: were it ``app``'s own, every test request
    would reuse it, sharing ``g`` (Flask-Login's cached user) and the session's identity map,
    which would hide stale logins and lazy-load queries that real requests would show.
    """
    with shared_apps.twin.app_context():
        yield shared_apps.twin
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"'
                        r'|name="csrf_token" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    """Read the CSRF token from a page the way a browser would submit it."""
    match = CSRF_FIELD.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Auth:
    """Logs in and out through the real forms, CSRF token and all."""

    def __init__(self, client):
        self.client = client

    def login(self, login: str, password: str = PASSWORD, next_path: str | None = None,
              **extra):
        page = self.client.get("/auth/login")
        data = {"login": login, "password": password,
                "csrf_token": csrf_token_from(page.get_data(as_text=True)), **extra}
        if next_path is not None:
            data["next"] = next_path
        return self.client.post("/auth/login", data=data)

    def logout(self):
        page = self.client.get("/")
        token = csrf_token_from(page.get_data(as_text=True))
        return self.client.post("/auth/logout", data={"csrf_token": token})


def sign_in(client, user) -> None:
    """Sign ``user`` in as the login form leaves the session, with a login of its own: the
    form's password check is slow by design, and the form itself has tests of its own (one
    real-form sign-in per role in test_auth.py)."""
    from blog.services import logins

    logins.start(user)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def users(ctx):
    """One user per role, plus a banned spammer, all with the password ``PASSWORD``."""
    return {
        "commenter": factories.user("reader1", role="commenter"),
        "author": factories.user("critic", role="author"),
        "other_author": factories.user("rival", role="author"),
        "admin": factories.user("boss", role="admin"),
        "banned": factories.user("spammer", role="commenter", is_banned=True),
    }


@pytest.fixture
def count_queries(app):
    """A context manager that counts the SQL statements run inside it."""

    @contextmanager
    def counter():
        statements: list[str] = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)

    return counter


# ---------- Accounts: submitting a page's form like a browser, and a real SMTP server ----------
from html import unescape  # noqa: E402

FORM_TAG = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
INPUT_TAG = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def hidden_fields(page_html: str, action: str) -> dict[str, str]:
    """The hidden inputs (CSRF token, next...) of the page's form that posts to ``action``."""
    for form in FORM_TAG.findall(page_html):
        if f'action="{action}"' not in form.split(">", 1)[0]:
            continue
        fields = {}
        for tag in INPUT_TAG.findall(form):
            attributes = {name: unescape(value) for name, value in ATTRIBUTE.findall(tag)}
            if attributes.get("type") == "hidden" and "name" in attributes:
                fields[attributes["name"]] = attributes.get("value", "")
        return fields
    raise AssertionError(f"no form posting to {action} on the page")


@pytest.fixture
def submit(client):
    """Open ``page``, then send its form that posts to ``action`` with ``data`` filled in."""

    def send(page: str, action: str, data: dict | None = None, **kwargs):
        response = client.get(page)
        assert response.status_code == 200, f"{page}: HTTP {response.status_code}"
        fields = hidden_fields(response.get_data(as_text=True), action)
        return client.post(action, data={**fields, **(data or {})}, **kwargs)

    return send


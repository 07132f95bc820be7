"""Fixtures: an app on a migrated database (SQLite, or PostgreSQL when asked), clients, roles."""
from __future__ import annotations

import os
import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from blog import create_app
from blog.extensions import db
from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_DATABASE_URL = os.environ.get("BLOG_TEST_DATABASE_URL")
PASSWORD = "correct horse battery"


def require_service(available: bool, what: str) -> None:
    """Skip when a service is missing locally; in CI a missing service is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} is not available")


def base_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SITE_URL": "http://blog.test",
        "TIMEZONE": "Europe/London",
        "REVIEWS_PER_PAGE": 5,
        "RATELIMIT_STORAGE_URI": "memory://",
        "CACHE_TYPE": "NullCache",
        "CACHE_NO_NULL_WARNING": True,
        "COMMENT_MIN_SECONDS": 0,
        "MAIL_DELIVERY": "sync",  # queued mail goes out at the commit: tests stay deterministic
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database migrated once for the session: SQLite in a temp folder, or the given PG."""
    url = TEST_DATABASE_URL or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
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


def reset_schema() -> None:
    """Drop every table (and Alembic's record) so the migrations run from scratch."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def app(database_url, tmp_path):
    """An app on the migrated test database, emptied after each test."""
    app = create_app(base_config(database_url), instance_path=tmp_path / "instance")
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def ctx(app, database_url, tmp_path):
    """An app context for arranging data and checking it, on a twin of ``app``.

    It belongs to a second app on the same database: were it ``app``'s own, every test request
    would reuse it, sharing ``g`` (Flask-Login's cached user) and the session's identity map,
    which would hide stale logins and lazy-load queries that real requests would show.
    """
    twin = create_app(base_config(database_url), instance_path=tmp_path / "instance")
    with twin.app_context():
        yield
        db.session.remove()
        db.engine.dispose()


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


from tests.smtp import mailbox, smtp_server  # noqa: E402,F401  fixtures for the email tests

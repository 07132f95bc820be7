"""Configuration layers: defaults, instance/config.py, BLOG_* environment, test mapping."""
import pytest

from blog import create_app, database_url
from blog.instance import ensure_instance_config


def make_app(tmp_path, **test_config):
    return create_app(test_config or None, instance_path=tmp_path / "instance")


def test_refuses_to_start_with_the_built_in_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(tmp_path)


def test_bootstrap_writes_a_secret_key_once(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    assert ensure_instance_config(instance) is True
    first = (instance / "config.py").read_text()
    assert ensure_instance_config(instance) is False
    assert (instance / "config.py").read_text() == first
    assert oct((instance / "config.py").stat().st_mode)[-3:] == "600"
    app = make_app(tmp_path)
    assert len(app.config["SECRET_KEY"]) == 64
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance}/blog.sqlite3"


def test_environment_overrides_instance_config(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "SECRET_KEY = 'from-instance'\nSITE_URL = 'https://instance.example'\n"
        "TIMEZONE = 'Europe/Paris'\n")
    monkeypatch.setenv("BLOG_SITE_URL", "https://films.example/")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/blog")
    app = make_app(tmp_path)
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["TIMEZONE"] == "Europe/Paris"
    assert app.config["SITE_URL"] == "https://films.example"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/blog"
    # An https site gets secure cookies.
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_redis_url_moves_rate_limits_and_cache_to_redis(tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    app = make_app(tmp_path, TESTING=True, SECRET_KEY="x")
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    assert app.config["CACHE_TYPE"] == "RedisCache"


@pytest.mark.parametrize("given, expected", [
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_database_url_rewrites_plain_postgres_urls(given, expected):
    assert database_url(given, "/instance") == expected


def test_absolute_urls_use_site_url_not_host_header(app, client, ctx, users, monkeypatch):
    from tests import factories
    factories.review("Canon", author=users["author"], slug="canon")
    # An accepted second name (other names are refused with 400) still is not used in links.
    monkeypatch.setitem(app.config, "EXTRA_HOSTS", ["attacker.example"])
    html = client.get("/reviews/canon", headers={"Host": "attacker.example"}).get_data(
        as_text=True)
    assert '<link rel="canonical" href="http://blog.test/reviews/canon">' in html
    assert "attacker.example" not in html


def sqlite_app(tmp_path):
    from flask_migrate import upgrade
    from tests.conftest import base_config
    app = create_app(base_config("sqlite:///" + str(tmp_path / "wal.sqlite3")),
                     instance_path=tmp_path / "instance")
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    return app


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    from blog.extensions import db
    app = sqlite_app(tmp_path)
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("method, mode", [("GET", "DEFERRED"), ("HEAD", "DEFERRED"),
                                          ("POST", "IMMEDIATE"), ("DELETE", "IMMEDIATE")])
def test_write_requests_begin_immediate_transactions(tmp_path, method, mode):
    from blog.database import transaction_mode, writing
    app = sqlite_app(tmp_path)
    with app.test_request_context("/", method=method):
        assert transaction_mode() == mode
    with app.app_context():
        assert transaction_mode() == "DEFERRED"  # reads never hold the write lock
        with writing():  # CLI commands that write
            assert transaction_mode() == "IMMEDIATE"


def test_concurrent_writers_wait_instead_of_failing(tmp_path):
    """Eight threads doing read-then-write transactions at once never see "database is locked"."""
    import threading

    import sqlalchemy as sa
    from blog.extensions import db
    from blog.models import Tag

    app = sqlite_app(tmp_path)
    errors = []

    def writer(n):
        try:
            for i in range(10):
                with app.test_request_context("/", method="POST"):
                    db.session.scalar(sa.select(sa.func.count(Tag.id)))
                    db.session.add(Tag(name=f"t{n}-{i}", slug=f"t{n}-{i}"))
                    db.session.commit()
                    db.session.remove()
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Tag.id))) == 80
        db.engine.dispose()


def test_cache_and_rate_limits_really_use_redis(tmp_path, monkeypatch):
    import redis

    from blog.extensions import cache, limiter
    from tests.conftest import require_service

    url = "redis://127.0.0.1:6379/3"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        require_service(False, "Redis on 127.0.0.1:6379")
    monkeypatch.setenv("REDIS_URL", url)
    app = make_app(tmp_path, TESTING=True, SECRET_KEY="x")
    with app.app_context():
        cache.set("probe", "through redis")
        assert redis.Redis.from_url(url).exists("flask_cache_probe")
        assert cache.get("probe") == "through redis"
        cache.delete("probe")
        assert limiter.storage.check()


def test_an_app_without_rate_limits_does_not_turn_them_off_for_the_next(tmp_path):
    """The benchmarks build apps with limits off in the same process as others (the tests)."""
    from blog import ratelimits
    from blog.extensions import limiter

    make_app(tmp_path / "off", TESTING=True, SECRET_KEY="x", RATELIMIT_ENABLED=False)
    app = make_app(tmp_path / "on", TESTING=True, SECRET_KEY="x",
                   RATELIMIT_LOGIN="1 per minute")
    assert limiter.enabled
    with app.test_request_context():
        ratelimits.check("RATELIMIT_LOGIN", "probe")
        with pytest.raises(ratelimits.RateLimited):
            ratelimits.check("RATELIMIT_LOGIN", "probe")

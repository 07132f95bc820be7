"""The movie-review blog: ``create_app`` builds and wires the Flask application."""
import os
from pathlib import Path

from flask import Flask

from blog import cache_stamp, config as default_config, instance, release
from blog.extensions import cache, compress, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def create_app(test_config=None, instance_path=None):
    """Create the application, configured from defaults, the instance folder, env and tests."""
    instance_path = Path(instance_path or instance.instance_path_from_env()).resolve()
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    instance_path.mkdir(parents=True, exist_ok=True)
    load_config(app, test_config)
    register_extensions(app)
    register_url_converters(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_old_addresses(app)
    register_security_headers(app)
    register_input_filters(app)
    register_page_cache(app)
    register_commands(app)
    return app


def load_config(app, test_config):
    """Layer the settings: defaults, instance/config.py, environment, then the test mapping."""
    app.config.from_object(default_config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("BLOG")
    for name, key in (("DATABASE_URL", "SQLALCHEMY_DATABASE_URI"),
                      ("REDIS_URL", "REDIS_URL"), ("SECRET_KEY", "SECRET_KEY")):
        if os.environ.get(name):
            app.config[key] = os.environ[name]
    if test_config:
        app.config.from_mapping(test_config)

    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(
        app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path)
    if app.config.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
        app.config["CACHE_TYPE"] = "RedisCache"
        app.config["CACHE_REDIS_URL"] = app.config["REDIS_URL"]
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    if app.config["SITE_URL"].startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.config["SITE_URL"] = app.config["SITE_URL"].rstrip("/")

    if (app.config["SECRET_KEY"] == default_config.SECRET_KEY
            and not (app.debug or app.testing)):
        raise RuntimeError(
            "Refusing to start with the built-in SECRET_KEY. Run `python -m blog.bootstrap` "
            "(make run does) or set SECRET_KEY in the environment.")


def database_url(url, instance_path):
    """Return the SQLAlchemy URL: SQLite in the instance folder by default, psycopg 3 for PG."""
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "blog.sqlite3")
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def register_extensions(app):
    """Bind the extensions created in ``blog.extensions`` to this app."""
    from blog import database

    database.set_engine_options(app)
    db.init_app(app)
    database.configure_engine(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    cache_stamp.init_app(app)
    release.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    from blog.services import logins

    login_manager.user_loader(logins.load_user)
    # Ask who is signed in before anything else: a database that cannot say is a 503 then,
    # handled like any error, instead of while an error page is being drawn.
    app.before_request(logins.who_is_signed_in)


def register_url_converters(app):
    """Make ``<int:…>`` in every route refuse numbers no id column can hold (a 404)."""
    from blog.numbers import IdConverter

    app.url_map.converters["int"] = IdConverter


def register_blueprints(app):
    """Mount one blueprint per concern at its URL prefix."""
    from blog.account.views import bp as account_bp
    from blog.auth.views import bp as auth_bp
    from blog.catalogue.views import bp as catalogue_bp
    from blog.lists.views import bp as lists_bp
    from blog.comments.views import bp as comments_bp
    from blog.feeds.views import bp as feeds_bp
    from blog.moderation.views import bp as moderation_bp
    from blog.notifications.views import bp as notifications_bp
    from blog.reading.views import bp as reading_bp
    from blog.search.views import bp as search_bp
    from blog.sitemap.views import bp as sitemap_bp
    from blog.tags.views import bp as tags_bp
    # The studio's routes are spread over several modules; each adds its own to ``write_bp``.
    from blog.write import (bp as write_bp, imports, lists, pages, people,  # noqa: F401
                            revisions, tags, views)
    from blog.ratings.views import bp as ratings_bp
    from blog.year.views import bp as year_bp

    app.register_blueprint(reading_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(tags_bp, url_prefix="/tags")
    app.register_blueprint(search_bp)
    app.register_blueprint(write_bp, url_prefix="/write")
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(feeds_bp)
    app.register_blueprint(sitemap_bp)
    app.register_blueprint(moderation_bp, url_prefix="/moderation")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(ratings_bp)
    app.register_blueprint(year_bp, url_prefix="/year")
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(lists_bp)


def register_template_helpers(app):
    """Filters and globals the templates share (dates in the site's zone, stars, absolute URLs),
    and static URLs with content fingerprints."""
    from blog import assets, image_urls, structured, templating

    templating.init_app(app)
    image_urls.init_app(app)
    structured.init_app(app)
    assets.init_app(app)


def register_error_handlers(app):
    """Render every HTTP error in the site's layout, even with the database down."""
    from blog import errors

    errors.init_app(app)


def register_old_addresses(app):
    """Answer addresses from before the move (WordPress permalinks) with a 301, before the
    page cache could answer ``/?p=ID`` with the home page."""
    from blog.wordpress import redirects

    redirects.init_app(app)


def register_security_headers(app):
    """Send a Content-Security-Policy without inline script, and the usual hardening headers."""
    from blog import security

    security.init_app(app)


def register_input_filters(app):
    """Refuse URLs holding NUL, control characters or noncharacters (forms strip them)."""
    from blog import forms

    forms.init_app(app)


def register_page_cache(app):
    """Serve anonymous readers whole pages from the cache, dropped when content changes."""
    from blog import pagecache

    pagecache.init_app(app)


def register_commands(app):
    """Add the ``flask`` subcommands: setup, create-user, demo, send-mail."""
    from blog import cli

    cli.init_app(app)

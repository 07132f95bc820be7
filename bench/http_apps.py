"""What the HTTP benchmark serves through gunicorn: two yardsticks and the blog, counted.

``static_app`` is the ceiling: a WSGI page of fixed bytes. ``one_query_app`` is the framework
floor: a Flask page built from one ORM query on the benchmark's database. ``counted_blog`` is
the blog as ``create_app()`` makes it, wrapped so that every answer says in an
``X-Bench-Statements`` header how many SQL statements it took (the benchmark's sync workers
serve one request at a time, so one counter per process is exact).
"""
from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, render_template_string
from flask_sqlalchemy import SQLAlchemy

PAGE = b"<!doctype html><title>static</title><p>" + b"A static page. " * 200
STATEMENTS_HEADER = "X-Bench-Statements"


def static_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                              ("Content-Length", str(len(PAGE)))])
    return [PAGE]


def make_one_query_app() -> Flask:
    """A Flask page listing the ten newest review titles from one indexed query."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"].replace(
        "postgresql://", "postgresql+psycopg://", 1)
    db = SQLAlchemy(app)

    @app.get("/")
    def titles():
        rows = db.session.execute(sa.text(
            "SELECT title, slug FROM reviews WHERE status = 'published' "
            "ORDER BY published_at DESC LIMIT 10")).all()  # walks ix_reviews_status_published_at
        return render_template_string(
            "<!doctype html><title>titles</title><ul>{% for row in rows %}"
            "<li><a href='/reviews/{{ row.slug }}'>{{ row.title }}</a>{% endfor %}</ul>",
            rows=rows)

    return app


def counted_blog():
    """The blog, answering with the number of SQL statements each request ran."""
    from blog import create_app
    from blog.extensions import db

    app = create_app()
    with app.app_context():
        engine = db.engine
    count = [0]

    @sa.event.listens_for(engine, "before_cursor_execute")
    def one_more(*_args):
        count[0] += 1

    inner = app.wsgi_app

    def counting(environ, start_response):
        count[0] = 0

        def start(status, headers, exc_info=None):
            headers.append((STATEMENTS_HEADER, str(count[0])))
            return start_response(status, headers, exc_info)

        return inner(environ, start)

    app.wsgi_app = counting
    return app

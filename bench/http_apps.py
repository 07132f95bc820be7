"""The two yardsticks the HTTP benchmark serves beside the blog, through the same gunicorn.

``static_app`` is the ceiling: a WSGI page of fixed bytes. ``one_query_app`` is the framework
floor: a Flask page built from one ORM query on the benchmark's database.
"""
from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, render_template_string
from flask_sqlalchemy import SQLAlchemy

PAGE = b"<!doctype html><title>static</title><p>" + b"A static page. " * 200


def static_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                              ("Content-Length", str(len(PAGE)))])
    return [PAGE]


def make_one_query_app() -> Flask:
    """A Flask page listing ten review titles from one query."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    db = SQLAlchemy(app)

    @app.get("/")
    def titles():
        rows = db.session.execute(sa.text(
            "SELECT title, slug FROM reviews ORDER BY published_at DESC LIMIT 10")).all()
        return render_template_string(
            "<!doctype html><title>titles</title><ul>{% for row in rows %}"
            "<li><a href='/reviews/{{ row.slug }}'>{{ row.title }}</a>{% endfor %}</ul>",
            rows=rows)

    return app

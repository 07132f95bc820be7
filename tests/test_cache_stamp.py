"""Writes made by another process reach a process whose cache lives in its own memory, and
what one release kept in a shared cache is not served by another.

``app`` and its twin (``ctx``) are two apps on one database and one instance folder, each with
its own in-process cache: as a worker serving the site and ``flask import-wordpress`` run
beside it would be. The last test runs the writer in a real second process.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import redis

from blog import cache_stamp, release, tokens
from blog.extensions import db
from blog.models import LegacyPath, Review
from tests import factories
from tests.conftest import require_service
from tests.fixtures.page_cache import REDIS_URL, caching, fetch

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def in_process(app, shared_apps):
    """``app`` and its twin, each with an in-process cache of its own."""
    twin = shared_apps.twin
    kept = dict(twin.config), dict(twin.extensions["cache"])
    with caching(twin, CACHE_TYPE="SimpleCache"), caching(app, CACHE_TYPE="SimpleCache"):
        yield app
    twin.config.clear()
    twin.config.update(kept[0])
    twin.extensions["cache"].clear()
    twin.extensions["cache"].update(kept[1])


@pytest.fixture
def site(in_process):
    """Two published reviews with a comment each, committed through ``app``."""
    app = in_process
    with app.app_context():
        author = factories.user("critic", role="author")
        reader = factories.user("reader1")
        ids = {}
        for title, slug in (("The Third Man", "the-third-man"), ("Vertigo", "vertigo")):
            review = factories.review(title, slug=slug, author=author)
            factories.comment(review, reader, "Seen it twice.")
            ids[slug] = review.id
        return ids


def retitle(review_id: int, title: str) -> None:
    db.session.get(Review, review_id).title = title
    db.session.commit()


def test_a_page_stored_here_is_dropped_by_a_write_made_elsewhere(client, site, ctx):
    fetch(client, "/reviews/the-third-man")
    assert fetch(client, "/reviews/the-third-man")[0] == "hit"
    retitle(site["the-third-man"], "The Third Man, Again")  # through the twin's own cache
    state, html = fetch(client, "/reviews/the-third-man")
    assert state == "miss" and "The Third Man, Again" in html
    assert fetch(client, "/reviews/the-third-man")[0] == "hit"  # and kept again


def test_kept_parts_are_dropped_by_a_write_made_elsewhere(app, client, site, ctx):
    app.config["PAGE_CACHE_SECONDS"] = 0  # pages built from kept parts
    assert "The Third Man" in client.get("/reviews/the-third-man").get_data(as_text=True)
    assert "The Third Man" in client.get("/").get_data(as_text=True)
    retitle(site["the-third-man"], "The Fourth Man")
    assert "The Fourth Man" in client.get("/reviews/the-third-man").get_data(as_text=True)
    assert "The Fourth Man" in client.get("/").get_data(as_text=True)


def test_this_process_own_writes_drop_no_more_than_they_change(app, client, site):
    for path in ("/reviews/the-third-man", "/reviews/vertigo"):
        fetch(client, path)
    with app.app_context():  # a comment on one review, committed in this process
        factories.comment(db.session.get(Review, site["vertigo"]),
                          factories.user("reader2"), "The tower scene.")
    assert fetch(client, "/reviews/the-third-man")[0] == "hit"
    assert fetch(client, "/reviews/vertigo")[0] == "miss"


def test_spent_form_tokens_outlive_a_write_made_elsewhere(app, client, site, ctx):
    with app.test_request_context():
        token = tokens.make_token("comment-time", 1)
        tokens.spend_token("comment-time", token, max_age=60)
    retitle(site["vertigo"], "Vertigo (1958)")
    fetch(client, "/")  # this process notices the stamp
    with app.test_request_context(), pytest.raises(tokens.InvalidToken):
        tokens.spend_token("comment-time", token, max_age=60)


def test_with_a_shared_cache_no_stamp_is_written(app, client, site, ctx):
    stamp = Path(app.instance_path) / "cache-stamp"
    assert stamp.is_symlink()  # the site's own writes, in process
    stamp.unlink()
    app.config["CACHE_TYPE"] = "RedisCache"  # read as such by the stamp; nothing is stored
    try:
        with app.app_context():
            factories.comment(db.session.get(Review, site["vertigo"]),
                              factories.user("reader2"), "The tower scene.")
    finally:
        app.config["CACHE_TYPE"] = "SimpleCache"
    assert not stamp.is_symlink()


def test_a_command_run_in_another_process_reaches_the_serving_one(app, client, site,
                                                                  database_url):
    fetch(client, "/reviews/the-third-man")
    assert fetch(client, "/reviews/the-third-man")[0] == "hit"
    writer = textwrap.dedent(f"""
        from blog import create_app
        from blog.extensions import db
        from blog.models import Review
        from tests.conftest import base_config

        settings = {{**base_config({database_url!r}), "CACHE_TYPE": "SimpleCache"}}
        app = create_app(settings, instance_path={app.instance_path!r})
        with app.app_context():
            db.session.get(Review, {site["the-third-man"]}).title = "Retitled Elsewhere"
            db.session.commit()
    """)
    subprocess.run([sys.executable, "-c", writer], cwd=ROOT, check=True, timeout=120,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    state, html = fetch(client, "/reviews/the-third-man")
    assert state == "miss" and "Retitled Elsewhere" in html


@pytest.fixture
def one_redis(app, shared_apps):
    """``app`` and its twin on one Redis cache, as two workers or two releases would be."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        require_service(False, f"Redis at {REDIS_URL}")
    twin = shared_apps.twin
    kept = dict(twin.config), dict(twin.extensions["cache"]), twin.extensions["release"]
    settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": REDIS_URL,
                "CACHE_KEY_PREFIX": f"release-test-{os.getpid()}-"}
    with caching(twin, **settings), caching(app, **settings):
        yield settings["CACHE_KEY_PREFIX"]
    twin.config.clear()
    twin.config.update(kept[0])
    twin.extensions["cache"].clear()
    twin.extensions["cache"].update(kept[1])
    twin.extensions["release"] = kept[2]


def test_pages_kept_by_another_release_are_not_served(app, shared_apps, one_redis):
    twin = shared_apps.twin
    with app.app_context():
        factories.review("The Third Man", slug="the-third-man")
    same, other = app.test_client(), twin.test_client()
    fetch(same, "/")
    assert fetch(other, "/")[0] == "hit"  # the same release: one cache for every worker
    twin.config["SITE_NAME"] = "Films Elsewhere"  # a release with another setting
    release.init_app(twin)
    assert twin.extensions["release"] != app.extensions["release"]
    state, html = fetch(other, "/")
    assert state == "miss" and "Films Elsewhere" in html
    assert fetch(same, "/")[0] == "hit"  # each release reads its own


def test_parts_kept_by_another_release_are_not_read(app, shared_apps, one_redis):
    twin = shared_apps.twin
    for each in (app, twin):
        each.config["PAGE_CACHE_SECONDS"] = 0
    with app.app_context():
        factories.review("The Third Man", slug="the-third-man")
    app.test_client().get("/reviews/the-third-man")
    twin.config["SITE_NAME"] = "Films Elsewhere"
    release.init_app(twin)
    twin.test_client().get("/reviews/the-third-man")
    store = redis.Redis.from_url(REDIS_URL)
    kept = [set(store.scan_iter(f"{one_redis}fragments/v2/{each.extensions['release']}/*"))
            for each in (app, twin)]
    assert kept[0] and kept[1] and not kept[0] & kept[1]  # each rendered and kept its own


def test_each_stamp_is_told_apart_from_the_last_however_fast_they_come(tmp_path):
    serving, writer = cache_stamp.Stamp(str(tmp_path)), cache_stamp.Stamp(str(tmp_path))
    assert not serving.moved_elsewhere()  # no file yet, none seen
    for _ in range(50):  # many within one tick of the clock files are stamped by
        writer.mark()
        assert not writer.moved_elsewhere()  # its own
        assert serving.moved_elsewhere()  # another's, once
        assert not serving.moved_elsewhere()
    assert [entry.name for entry in tmp_path.iterdir()] == ["cache-stamp"]  # nothing left over


def test_old_addresses_imported_elsewhere_answer_at_once(client, site, ctx):
    assert client.get("/?p=12").status_code == 200  # the homepage; no old addresses yet
    assert client.get("/2012/05/vertigo").status_code == 404
    db.session.add_all([LegacyPath(path="/?p=12", review_id=site["vertigo"]),
                        LegacyPath(path="/2012/05/vertigo", review_id=site["vertigo"])])
    db.session.commit()  # as an import run beside the server would
    for old in ("/?p=12", "/2012/05/vertigo"):
        answer = client.get(old)
        assert answer.status_code == 301 and answer.location.endswith("/reviews/vertigo")

"""The review page's cheaper render: fewer statements, plain comment rows, lighter templates."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from flask import url_for

from blog.models import Review, TagKind
from blog.services import comments, reviews
from blog.services.tags import WeightedTag
from tests import factories
from tests.test_queries import build_site, build_thread


def test_a_review_and_its_film_load_in_four_statements(app, ctx, users, count_queries):
    [review] = build_site(users, reviews=1, tags_per_review=3)
    slug = review.slug
    with app.test_request_context():
        with count_queries() as statements:
            found = reviews.find_visible(slug)
            # Everything the page shows, with no lazy load after the first four.
            shown = (found.author.name, [t.name for t in found.tags], found.film.title,
                     [(c.person.name, c.role) for c in found.film.credits],
                     [w.service for w in found.film.watch_options])
    assert len(statements) <= 4 + 1, statements  # and the BEGIN on SQLite
    assert shown[0] and len(shown[1]) == 3 and len(shown[3]) == 3


def test_a_page_of_the_thread_is_three_statements_of_plain_rows(app, ctx, users,
                                                                count_queries):
    review, = build_site(users, reviews=1, tags_per_review=1)
    build_thread(review, users, size=40)
    review.id  # noqa: B018  (loaded now, not inside the count)
    with app.test_request_context():
        with count_queries() as statements:
            thread = comments.thread_page(review, None)
    assert len(statements) <= 3 + 1
    node = thread.nodes[0]
    assert isinstance(node.comment, comments.ShownComment)
    assert node.comment.author.name in ("reader1", "critic")
    assert not isinstance(node.comment, Review)


def test_a_deleted_writer_shows_as_such(client, ctx, users):
    review = factories.review("Talked about", slug="talked-about", author=users["author"])
    gone = factories.user("leaving")
    factories.comment(review, gone, "I was here.")
    from blog.extensions import db

    db.session.delete(gone)
    db.session.commit()
    html = client.get("/reviews/talked-about").get_data(as_text=True)
    assert "I was here." in html and "[deleted user]" in html


def test_archive_links_are_the_routes_own(client, app, ctx, users):
    for month in (1, 3, 11):
        factories.review(f"Month {month}", author=users["author"],
                         published_at=datetime(2024, month, 5, tzinfo=timezone.utc))
    html = client.get("/").get_data(as_text=True)
    nav = html[html.index('class="archive-nav"'):]
    links = set(re.findall(r'href="(/archive/[^"]+)"', nav))
    with app.test_request_context():
        expected = {url_for("reading.archive", year=2024)} | {
            url_for("reading.archive", year=2024, month=month) for month in (1, 3, 11)}
    assert expected <= links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_template_addresses_are_url_fors_own(app):
    """Remembered addresses equal url_for's, per mount point, with anchors and queries."""
    remembered = app.jinja_env.globals["url_for"]
    calls = [("reading.show_review", {"slug": "a-film"}),
             ("reading.show_review", {"slug": "a-film", "_anchor": "comment-3"}),
             ("reading.home", {"page": None}), ("reading.home", {"page": 2}),
             ("reading.home", {"page": "2"}), ("reading.archive", {"year": 2024, "month": 3}),
             ("auth.login", {"next": "/reviews/a film?x=1"}), ("tags.index", {})]
    for script_name in ("", "/blog"):
        with app.test_request_context("/", base_url=f"http://localhost{script_name}/"):
            for _ in range(2):  # built, then remembered
                for endpoint, values in calls:
                    assert remembered(endpoint, **values) == url_for(endpoint, **values)
            assert remembered("reading.home").startswith(script_name + "/")


def test_static_addresses_are_remembered_except_in_debug_mode(app, monkeypatch):
    """Their names follow their content: in debug mode a file may be edited under a running
    server, so its address is built each time; otherwise it is kept like any other."""
    remembered = app.jinja_env.globals["url_for"]
    remembered.built.clear()
    with app.test_request_context("/"):
        monkeypatch.setattr(app, "debug", True)
        assert remembered("static", filename="css/site.css") == url_for(
            "static", filename="css/site.css")
        assert not remembered.built
        monkeypatch.setattr(app, "debug", False)
        address = remembered("static", filename="css/site.css")
        assert address == url_for("static", filename="css/site.css") != "/static/css/site.css"
        assert list(remembered.built.values()) == [address]


def test_template_addresses_not_remembered_are_built(app, monkeypatch):
    """External addresses and unhashable values go to url_for every time, and the memory
    starts afresh when full."""
    remembered = app.jinja_env.globals["url_for"]
    monkeypatch.setattr(remembered, "LIMIT", 3)
    remembered.built.clear()
    with app.test_request_context("/"):
        assert remembered("reading.home", _external=True) == url_for("reading.home",
                                                                     _external=True)
        assert remembered("reading.home", page=[2]) == url_for("reading.home", page=[2])
        assert not remembered.built
        for page in range(2, 6):
            remembered("reading.home", page=page)
        assert len(remembered.built) == 1  # cleared once three were kept
    with app.app_context():
        app.config["SERVER_NAME"] = "example.test"
        try:
            assert remembered("reading.home") == url_for("reading.home")
        finally:
            app.config["SERVER_NAME"] = None


def test_sidebars_are_drawn_again_when_their_values_change(client, ctx, users):
    """The archive and the tag cloud are remembered by their values: a new review shows."""
    factories.review("Early", author=users["author"], tags=[factories.tag("Noir", "genre")],
                     published_at=datetime(2023, 2, 5, tzinfo=timezone.utc))
    html = client.get("/").get_data(as_text=True)
    assert "All of 2023" in html and "2021" not in html and "Western" not in html
    assert client.get("/").get_data(as_text=True) == html  # drawn from what was kept
    factories.review("Earlier", slug="earlier", author=users["author"],
                     tags=[factories.tag("Western", "genre")],
                     published_at=datetime(2021, 7, 5, tzinfo=timezone.utc))
    for path in ("/", "/reviews/earlier"):
        html = client.get(path).get_data(as_text=True)
        assert "All of 2021" in html and "July 2021" in html, path
    assert "Western" in client.get("/").get_data(as_text=True)


def test_a_remembered_fragment_is_the_macros_own(app):
    """``remembered`` gives what the macro draws, per mount point, and draws arguments that
    cannot be keys every time."""
    remembered = app.jinja_env.globals["remembered"]
    cloud = app.jinja_env.get_template("_macros/reviews.html").module.cloud
    kept = [WeightedTag("Noir", "noir", TagKind.GENRE, 3, 2)]
    loose = [{"name": "Noir", "slug": "noir", "count": 3, "step": 2}]
    for base in ("http://localhost/", "http://localhost/blog/"):
        with app.test_request_context("/", base_url=base):
            assert remembered(cloud, kept) == cloud(kept)
            assert remembered(cloud, kept) is remembered(cloud, kept)
            assert url_for("tags.show_tag", slug="noir") in remembered(cloud, kept)
            assert remembered(cloud, loose) == cloud(loose)


def test_the_feed_and_recent_comments_join_what_they_show(app, ctx, users, count_queries):
    """A page of the feed is two statements (reviews with film and author, then tags) and
    the recent comments one, with nothing loaded lazily afterwards."""
    build_site(users, reviews=4, tags_per_review=2)
    with app.test_request_context():
        with count_queries() as statements:
            page = reviews.feed_page(1)
            cards = [(r.film.title, r.author.name, [t.name for t in r.tags]) for r in page]
        assert len(statements) <= 2 + 1, statements  # and the BEGIN on SQLite
        with count_queries() as statements:
            recent = comments.recent(10)
            shown = [(c.byline, c.review.slug, c.review.title) for c in recent]
        assert len(statements) <= 1 + 1, statements
    assert len(cards) == 4 and all(len(tags) == 2 for *_, tags in cards)
    assert len(shown) == 4 and {who for who, *_ in shown} == {users["commenter"].name}

"""The page cache on the catalogue and the lists: one stored page per selection whatever the
order of its arguments, nothing stored for values that name nothing; lists' writes drop pages."""
from __future__ import annotations

from urllib.parse import parse_qsl

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from blog import generations
from blog.extensions import db
from blog.models import Review
from blog.services import catalogue, studio_lists, writing
from tests import factories
from tests.fixtures.page_cache import fetch


def arrange(app):
    """Two reviews with genres, through ``app`` so its writes reach the cache under test."""
    with app.app_context():
        author = factories.user("critic", role="author")
        noir, western = factories.tag("Noir"), factories.tag("Western")
        first = factories.review("The Third Man", slug="the-third-man", author=author,
                                 tags=[noir])
        factories.review("Rio Bravo", slug="rio-bravo", author=author, tags=[western])
        film_list = studio_lists.save_list(None, author, studio_lists.ListDraft(
            "Noir", "noir", "", True), publish=True)
        studio_lists.add_entry(film_list, first.film, "A note")
        return film_list.id


def test_the_same_selection_in_another_order_is_one_stored_page(client, pages):  # noqa: F811
    arrange(pages)
    assert fetch(client, "/reviews/?genre=noir&genre=western&sort=title")[0] == "miss"
    assert fetch(client, "/reviews/?sort=title&genre=western&genre=noir")[0] == "hit"
    assert fetch(client, "/reviews/?genre=western&genre=noir&genre=noir&sort=title")[0] == "hit"
    # Another selection is another page, never the first one's copy.
    state, html = fetch(client, "/reviews/?genre=noir")
    assert state == "miss" and "Rio Bravo" not in html.split('class="cards"')[1]


def test_values_that_name_nothing_are_answered_but_not_stored(client, pages):  # noqa: F811
    arrange(pages)
    for _ in range(2):
        assert fetch(client, "/reviews/?genre=made-up-genre")[0] is None
    assert client.get("/reviews/?decade=abc").headers.get("X-Page-Cache") is None
    many = "&".join(f"genre=g{n}" for n in range(20)) + "&" + "&".join(
        f"person=p{n}" for n in range(10))
    assert client.get(f"/reviews/?{many}").headers.get("X-Page-Cache") is None


def test_list_pages_are_stored_and_dropped_when_the_list_changes(client, pages):  # noqa: F811
    list_id = arrange(pages)
    for path in ("/lists/", "/lists/noir", "/lists.atom", "/lists/noir.atom"):
        assert [fetch(client, path)[0] for _ in range(2)] == ["miss", "hit"], path
    with pages.app_context():
        film_list = studio_lists.find(list_id)
        studio_lists.set_note(film_list, film_list.entries[0], "A changed note")
    state, html = fetch(client, "/lists/noir")
    assert state == "miss" and "A changed note" in html


def test_a_review_change_drops_the_lists_it_is_on(client, pages):  # noqa: F811
    arrange(pages)
    assert [fetch(client, "/lists/noir")[0] for _ in range(2)] == ["miss", "hit"]
    with pages.app_context():
        from blog.extensions import db
        from blog.models import Review
        review = db.session.scalar(db.select(Review).where(Review.slug == "the-third-man"))
        review.rating_halves = 3
        db.session.commit()
    state, html = fetch(client, "/lists/noir")
    assert state == "miss" and "stars--3" in html


def test_counts_are_shared_by_the_orders_and_pages_of_a_selection_until_a_write(
        client, pages, count_queries):  # noqa: F811
    arrange(pages)
    with count_queries() as first:
        assert fetch(client, "/reviews/?genre=noir&sort=title")[0] == "miss"
    with count_queries() as second:
        assert fetch(client, "/reviews/?genre=noir&sort=rating")[0] == "miss"
    assert len(second) < len(first)  # the counts came from the cache
    with pages.app_context():
        factories.review("Rio Lobo", slug="rio-lobo", tags=[factories.tag("Noir 2")])
    with count_queries() as third:
        state, html = fetch(client, "/reviews/?genre=noir&sort=year")
    assert state == "miss" and len(third) == len(first)
    assert "Noir 2 <span" in html  # counted afresh after the write


def test_a_stored_selection_is_answered_in_front_of_the_app(client, pages):  # noqa: F811
    arrange(pages)
    assert fetch(client, "/reviews/?genre=western&genre=noir&sort=title")[0] == "miss"
    middleware = pages.wsgi_app
    inner = middleware.wsgi_app

    def not_reached(environ, start_response):
        raise AssertionError(f"the app answered {environ['QUERY_STRING']}")

    middleware.wsgi_app = not_reached
    try:
        state, html = fetch(client, "/reviews/?sort=title&genre=noir&genre=western&genre=noir")
    finally:
        middleware.wsgi_app = inner
    assert state == "hit" and "Rio Bravo" in html and "The Third Man" in html
    # Arguments the page does not take still reach the app, and are not kept.
    assert client.get("/reviews/?genre=noir&utm=x").headers.get("X-Page-Cache") is None


def test_an_order_given_twice_is_answered_in_its_first_value_and_not_stored(
        client, pages):  # noqa: F811
    arrange(pages)
    titles = []
    for path in ("/reviews/?sort=title&sort=newest", "/reviews/?sort=newest&sort=title"):
        for _ in range(2):
            state, html = fetch(client, path)
            assert state is None, path
        cards = html.split('class="cards"')[1]
        titles.append(cards.index("Rio Bravo") < cards.index("The Third Man"))
    assert titles == [True, False]  # by title, then newest first


def counts_of(app, query):
    """The option counts of a selection as the page gets them (kept ones, when kept)."""
    with app.app_context():
        found = catalogue.facet_counts(catalogue.parse(MultiDict(parse_qsl(query))))
        return {facet: {option.value: option.count for option in options}
                for facet, options in found.items()}


def review_named(slug):
    return db.session.scalar(sa.select(Review).where(Review.slug == slug))


def test_kept_counts_outlive_a_comment_and_follow_the_writes_that_change_them(
        pages, count_queries):  # noqa: F811
    arrange(pages)
    before = counts_of(pages, "region=GB")
    assert before["genre"] == {} and before["region"] == {"GB": 0}
    with pages.app_context():
        factories.comment(review_named("rio-bravo"), factories.user("reader"), "Great.")
    with count_queries() as statements:
        assert counts_of(pages, "region=GB") == before
    assert statements == []  # a comment changes no count: nothing was counted again
    with pages.app_context():  # where to watch
        factories.watch_option(review_named("the-third-man").film, "Cinema Club", "GB")
    assert counts_of(pages, "region=GB")["genre"] == {"noir": 1}
    with pages.app_context():  # a film's facts
        review_named("the-third-man").film.year = 1949
        db.session.commit()
    assert counts_of(pages, "region=GB")["decade"] == {"1940": 1}
    with pages.app_context():  # a new genre on a review
        thriller = factories.tag("Thriller")
        review = review_named("the-third-man")
        review.tags.append(thriller)
        db.session.commit()
    assert counts_of(pages, "")["genre"] == {"noir": 1, "thriller": 1, "western": 1}
    with pages.app_context():  # unpublishing
        writing.unpublish(review_named("the-third-man"), review_named("rio-bravo").author)
    assert counts_of(pages, "")["genre"] == {"western": 1}
    assert counts_of(pages, "region=GB")["genre"] == {}


def test_kept_counts_last_a_day_or_until_the_next_scheduled_review(
        pages, monkeypatch):  # noqa: F811
    # Counted again only after a write or when a scheduled review comes into view: a shorter
    # life made every worker of a large blog count again, for seconds, at the same moment.
    from datetime import timedelta

    from blog.extensions import cache
    from blog.models import utcnow

    lifetimes = []
    setter = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None: (
        lifetimes.append(timeout) if key.startswith("catalogue/counts/") else None,
        setter(key, value, timeout=timeout))[1])
    arrange(pages)
    counts_of(pages, "genre=noir")
    assert lifetimes == [generations.KEPT_SECONDS] == [24 * 3600]
    with pages.app_context():
        factories.review("Soon", slug="soon", published_at=utcnow() + timedelta(hours=1))
    counts_of(pages, "genre=noir")
    assert 3590 < lifetimes[-1] <= 3600

"""The reader's pages: feed, review, people, authors, archive, about, and their 404s."""
from datetime import datetime, timedelta, timezone

import pytest

from blog.models import utcnow
from tests import factories


@pytest.fixture
def review_page(ctx, users):
    """A published review with a full film panel, tags and a threaded conversation."""
    film = factories.film("The Long Take", year=2011, runtime_minutes=131,
                          countries=["France"], imdb_id="tt0000001",
                          letterboxd_url="https://letterboxd.com/film/the-long-take/",
                          trailer_url="https://www.youtube.com/watch?v=abcdefghijk")
    director = factories.person("Ana Director", bio="Makes long films.")
    actor = factories.person("Bo Actor")
    factories.credit(film, director, "director")
    factories.credit(film, actor, "cast", character="The Driver", position=1)
    factories.watch_option(film, "Cinema Club", "GB")
    tag = factories.tag("Slow Cinema", "theme")
    review = factories.review("The Long Take", author=users["author"], of_film=film,
                              tags=[tag], slug="the-long-take", verdict="Patience repaid.",
                              body="Intro words.\n\n::: spoiler\nThe driver dies.\n:::\n")
    first = factories.comment(review, users["commenter"], "Loved it <em>a lot</em>")
    factories.comment(review, users["author"], "Thank you!", parent=first)
    factories.comment(review, users["commenter"], "held back", status="pending")
    return review


def test_home_lists_visible_reviews_newest_first(client, ctx, users):
    older = factories.review("Older One", author=users["author"],
                             published_at=utcnow() - timedelta(days=9))
    newer = factories.review("Newer One", author=users["author"],
                             published_at=utcnow() - timedelta(days=1))
    factories.review("Secret Draft", author=users["author"], status="draft")
    factories.review("Future One", author=users["author"],
                     published_at=utcnow() + timedelta(days=2))
    html = client.get("/").get_data(as_text=True)
    assert html.index(newer.title) < html.index(older.title)
    assert "Secret Draft" not in html and "Future One" not in html
    assert "3.5 out of 5" in html


def test_review_page_shows_film_panel_body_and_comments(client, review_page):
    response = client.get("/reviews/the-long-take")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for expected in ("The Long Take", "(2011)", "Patience repaid.", "3.5 out of 5",
                     "Ana Director", "The Driver", "131 minutes", "Cinema Club",
                     "https://www.imdb.com/title/tt0000001/", "letterboxd.com",
                     "Slow Cinema", "Loved it <em>a lot</em>", "Thank you!",
                     'class="spoiler"', "youtube-nocookie.com/embed/abcdefghijk",
                     "Log in to join the conversation"):
        assert expected in html, expected
    assert "held back" not in html
    assert "2 comments" in html
    # The author's reply is marked as the author's, nested under the first comment.
    assert html.count('class="badge">Author<') == 1
    assert "comments--replies" in html


def test_review_page_never_embeds_a_frame_before_a_click(client, review_page):
    html = client.get("/reviews/the-long-take").get_data(as_text=True)
    assert "<iframe" not in html
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk"' in html


@pytest.mark.parametrize("status, offset_days", [("draft", None), ("published", 3),
                                                 ("scheduled", 3)])
def test_invisible_reviews_are_404(client, ctx, users, status, offset_days):
    when = utcnow() + timedelta(days=offset_days) if offset_days else None
    factories.review("Hidden", author=users["author"], status=status, published_at=when,
                     slug="hidden")
    assert client.get("/reviews/hidden").status_code == 404


def test_unknown_review_is_404_in_site_layout(client, ctx):
    response = client.get("/reviews/no-such-thing")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert 'class="site-header"' in response.get_data(as_text=True)


def test_scheduled_review_appears_when_its_time_comes(client, ctx, users, monkeypatch):
    when = utcnow() + timedelta(hours=2)
    factories.review("Soon", author=users["author"], published_at=when, slug="soon")
    assert client.get("/reviews/soon").status_code == 404
    later = when + timedelta(minutes=1)
    monkeypatch.setattr("blog.models.utcnow", lambda: later)
    assert client.get("/reviews/soon").status_code == 200
    assert "Soon" in client.get("/").get_data(as_text=True)


def test_old_slug_redirects_permanently(client, review_page, ctx):
    from blog.extensions import db
    from blog.models import ReviewSlugRedirect
    factories.save(ReviewSlugRedirect(old_slug="long-take-old", review=review_page))
    response = client.get("/reviews/long-take-old")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/reviews/the-long-take")
    db.session.rollback()


def test_feed_pagination_edges(client, ctx, users):
    for n in range(11):  # five per page in tests: pages of 5, 5, 1
        factories.review(f"Film number {n}", author=users["author"])
    first = client.get("/").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get("/?page=3")
    assert last.status_code == 200
    assert 'rel="prev"' in last.get_data(as_text=True)
    assert 'rel="next"' not in last.get_data(as_text=True)
    for bad in ("4", "0", "-1", "two"):
        assert client.get(f"/?page={bad}").status_code == 404


def test_empty_blog_home_is_fine(client, ctx):
    response = client.get("/")
    assert response.status_code == 200
    assert "No reviews yet." in response.get_data(as_text=True)


def test_person_page_lists_reviews_of_their_films(client, review_page):
    person_slug = review_page.film.credits[0].person.slug
    html = client.get(f"/people/{person_slug}").get_data(as_text=True)
    assert "Ana Director" in html and "Makes long films." in html
    assert "The Long Take" in html
    assert client.get("/people/nobody-at-all").status_code == 404


def test_person_known_only_from_drafts_is_404(client, ctx, users):
    film = factories.film("Unfinished")
    who = factories.person("Draft Person")
    factories.credit(film, who, "director")
    factories.review("Unfinished", author=users["author"], of_film=film, status="draft")
    assert client.get(f"/people/{who.slug}").status_code == 404


def test_author_page(client, review_page, users):
    assert client.get("/authors/CRITIC").headers["Location"] == "/authors/critic"  # 301
    html = client.get("/authors/critic").get_data(as_text=True)
    assert "The Long Take" in html
    assert client.get("/authors/reader1").status_code == 404  # commenters have no author page
    assert client.get("/authors/ghost").status_code == 404


def test_archive_by_year_and_month(client, ctx, users, app):
    london = timezone(timedelta(hours=0))
    factories.review("March Film", author=users["author"],
                     published_at=datetime(2025, 3, 10, 12, tzinfo=london))
    factories.review("July Film", author=users["author"],
                     published_at=datetime(2025, 7, 4, 12, tzinfo=london))
    year = client.get("/archive/2025/").get_data(as_text=True)
    assert "March Film" in year and "July Film" in year
    assert "March <span class=\"count\">(1)</span>" in year
    month = client.get("/archive/2025/3/").get_data(as_text=True)
    assert "March Film" in month and "July Film" not in month


def test_archive_month_boundary_uses_site_time_zone(client, ctx, users):
    # 23:30 UTC on 31 May is 00:30 on 1 June in London (BST): a June review there.
    factories.review("Midnight Film", author=users["author"],
                     published_at=datetime(2025, 5, 31, 23, 30, tzinfo=timezone.utc))
    assert "Midnight Film" in client.get("/archive/2025/6/").get_data(as_text=True)
    assert client.get("/archive/2025/5/").status_code == 404


@pytest.mark.parametrize("path", ["/archive/2025/13/", "/archive/2025/0/", "/archive/1899/",
                                  "/archive/2024/", "/archive/10000/"])
def test_archive_bounds_are_404(client, ctx, users, path):
    factories.review("Only Film", author=users["author"],
                     published_at=datetime(2025, 3, 10, tzinfo=timezone.utc))
    assert client.get(path).status_code == 404


def test_about_page_names_the_authors(client, users):
    html = client.get("/about").get_data(as_text=True)
    assert "How the ratings work" in html
    assert "critic" in html and "reader1" not in html


def test_healthz(client, ctx):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_cast_and_crew_list_a_writer_director_once(client, review_page, ctx):
    from blog.extensions import db
    from blog.models import Film
    film = db.session.get(Film, review_page.film_id)
    factories.credit(film, film.credits[0].person, "writer", position=5)
    html = client.get("/reviews/the-long-take").get_data(as_text=True)
    people = html[html.index('id="people-title"'):]
    assert people.count(">Ana Director</a>") == 1
    assert "Director, Writer" in people


def test_related_reviews_rank_by_shared_tags(client, ctx, users):
    from blog.services.review_links import links_for
    noir, crime, paris, other = (factories.tag(name, "genre")
                                 for name in ("Noir", "Crime", "Paris", "Other"))
    subject = factories.review("Subject", author=users["author"], tags=[noir, crime, paris])
    two = factories.review("Shares two", author=users["author"], tags=[noir, crime])
    three = factories.review("Shares three", author=users["author"], tags=[noir, crime, paris])
    one = factories.review("Shares one", author=users["author"], tags=[paris])
    factories.review("Shares none", author=users["author"], tags=[other])
    factories.review("Draft shares all", author=users["author"], status="draft",
                     tags=[noir, crime, paris])
    assert [r.title for r in links_for(subject).related] == [three.title, two.title, one.title]
    html = client.get(f"/reviews/{subject.slug}").get_data(as_text=True)
    assert "Related reviews" in html and "Draft shares all" not in html

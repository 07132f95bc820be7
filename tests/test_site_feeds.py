"""The site's review feeds (Atom, RSS), per tag, person and author, and the comments feed,
read back with feedparser as a feed reader would."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import feedparser
import pytest

from blog.extensions import db
from blog.models import utcnow
from tests import factories

SPOILER = "The driver dies at the end"
BODY = (f"Opening words with a [link](/reviews/other).\n\n::: spoiler\n{SPOILER}.\n:::\n\n"
        "Closing words.")


@pytest.fixture
def site(ctx, users, app):
    """Two visible reviews with tags, people and a poster; a draft and a scheduled one."""
    drama = factories.tag("Drama", "genre")
    noir = factories.tag("Neo Noir", "theme")
    film = factories.film("Heat", year=1995)
    director = factories.person("Michael Mann", slug="michael-mann")
    factories.credit(film, director, "director")
    heat = factories.review("Heat", author=users["author"], of_film=film, slug="heat",
                            tags=[drama, noir], body=BODY, verdict="A city symphony.",
                            poster_path="posters/heat.jpg", poster_width=400,
                            poster_height=600, poster_alt="Two men, one city",
                            published_at=utcnow() - timedelta(days=2))
    uploads = Path(app.config["UPLOAD_FOLDER"]) / "posters"
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / "heat.jpg").write_bytes(b"\xff\xd8" + b"x" * 98)
    other = factories.review("Thief", author=users["other_author"], slug="thief",
                             tags=[drama], published_at=utcnow() - timedelta(days=5))
    factories.review("Draft", author=users["author"], slug="draft", status="draft",
                     tags=[drama])
    factories.review("Tomorrow", author=users["author"], slug="tomorrow", tags=[drama],
                     published_at=utcnow() + timedelta(hours=2))
    return {"heat": heat, "thief": other}


def parse(client, path: str, mimetype: str = "application/atom+xml"):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == mimetype
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    text = response.get_data(as_text=True)
    assert SPOILER not in text and "Spoiler — select" not in text
    for entry in feed.entries:
        assert entry.link.startswith("http://blog.test/"), entry.link
        assert entry.title and entry.author and entry.id
        assert entry.published_parsed and entry.updated_parsed
    return feed, response


def test_site_atom_feed_has_complete_entries_newest_first(client, site):
    feed, _ = parse(client, "/feed.atom")
    assert [entry.title for entry in feed.entries] == ["Heat (1995)", "Thief (1999)"]
    entry = feed.entries[0]
    assert entry.link == "http://blog.test/reviews/heat"
    assert entry.author == "critic"
    assert entry.author_detail.href == "http://blog.test/authors/critic"
    assert {tag.term for tag in entry.tags} == {"drama", "neo-noir"}
    assert {tag.label for tag in entry.tags} == {"Drama", "Neo Noir"}
    assert entry.summary.startswith("A city symphony. — Opening words")
    content = entry.content[0].value
    assert "Opening words" in content and "Closing words" in content
    assert 'href="http://blog.test/reviews/other"' in content
    enclosure = next(link for link in entry.links if link.rel == "enclosure")
    assert enclosure.href == "http://blog.test/media/posters/heat.jpg"
    assert (enclosure.type, enclosure.length) == ("image/jpeg", "100")
    assert entry.media_content[0]["width"] == "400"
    assert entry.id == site["heat"].created_at.strftime("tag:blog.test,%Y-%m-%d:review-")\
        + str(site["heat"].id)
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": "http://blog.test/feed.atom", "alternate": "http://blog.test/"}


def test_site_rss_feed_is_rss_2_with_the_same_entries(client, site):
    feed, response = parse(client, "/feed.rss", "application/rss+xml")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Heat (1995)", "Thief (1999)"]
    entry = feed.entries[0]
    assert entry.author == "critic"  # dc:creator: RSS's own author needs an email address
    assert entry.enclosures[0].href == "http://blog.test/media/posters/heat.jpg"
    assert "Closing words" in entry.content[0].value
    assert {tag.term for tag in entry.tags} == {"Drama", "Neo Noir"}  # RSS names categories
    assert "@example.com" not in response.get_data(as_text=True)


def test_a_scheduled_review_enters_the_feed_at_its_time(client, site, monkeypatch):
    assert "Tomorrow (1999)" not in [e.title for e in parse(client, "/feed.atom")[0].entries]
    later = utcnow() + timedelta(hours=3)
    monkeypatch.setattr("blog.models.utcnow", lambda: later)
    titles = [entry.title for entry in parse(client, "/feed.atom")[0].entries]
    assert titles[0] == "Tomorrow (1999)"


def test_the_feed_holds_the_newest_twenty(client, ctx, users):
    for n in range(22):
        factories.review(f"R{n}", author=users["author"],
                         published_at=utcnow() - timedelta(hours=n + 1))
    feed, _ = parse(client, "/feed.atom")
    assert len(feed.entries) == 20 and feed.entries[0].title == "R0 (1999)"


@pytest.mark.parametrize("path, titles", [
    ("/tags/drama.atom", ["Heat (1995)", "Thief (1999)"]),
    ("/tags/neo-noir.atom", ["Heat (1995)"]),
    ("/people/michael-mann.atom", ["Heat (1995)"]),
    ("/authors/critic.atom", ["Heat (1995)"]),
    ("/authors/rival.atom", ["Thief (1999)"]),
])
def test_tag_person_and_author_feeds(client, site, path, titles):
    feed, _ = parse(client, path)
    assert [entry.title for entry in feed.entries] == titles
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "http://blog.test" + path
    assert links["alternate"] == "http://blog.test" + path.removesuffix(".atom")


@pytest.mark.parametrize("path", ["/tags/nothing.atom", "/people/nobody.atom",
                                  "/authors/reader1.atom", "/authors/ghost.atom"])
def test_unknown_or_private_feeds_are_404(client, site, path):
    assert client.get(path).status_code == 404


def test_a_tag_only_on_drafts_has_no_feed(client, site, ctx, users):
    hidden = factories.tag("Hidden")
    factories.review("Secret", author=users["author"], status="draft", tags=[hidden])
    assert client.get("/tags/hidden.atom").status_code == 404


def test_comments_feed_lists_approved_comments_on_visible_reviews(client, site, users):
    factories.comment(site["heat"], users["commenter"], "Loved the <em>heist</em>")
    factories.comment(site["heat"], users["commenter"], "Held", status="pending")
    secret = factories.review("Secret", author=users["author"], status="draft")
    factories.comment(secret, users["commenter"], "On a draft")
    feed, response = parse(client, "/comments.atom")
    assert [entry.title for entry in feed.entries] == ["reader1 on “Heat”"]
    assert feed.entries[0].content[0].value == "<p>Loved the <em>heist</em></p>"
    assert "Held" not in response.get_data(as_text=True)


def test_text_xml_refuses_is_left_out(client, site, users):
    heat = site["heat"]
    heat.title = "Heat\x0b\ufffe"  # (PostgreSQL cannot store NUL at all)
    heat.excerpt = "Bell\x07 excerpt"
    heat.author.display_name = "Cri\x1btic"
    db.session.commit()
    factories.comment(heat, users["commenter"], "Beep\x08 beep")
    for path in ("/feed.atom", "/feed.rss", "/comments.atom", "/tags/drama.atom"):
        parse(client, path, "application/rss+xml" if path.endswith("rss") else
              "application/atom+xml")
    feed, _ = parse(client, "/feed.atom")
    assert feed.entries[0].title == "Heat (1995)" and feed.entries[0].author == "Critic"


@pytest.mark.parametrize("path", ["/feed.atom", "/feed.rss", "/tags/drama.atom",
                                  "/comments.atom", "/authors/critic.atom"])
def test_feeds_answer_304_until_something_changes(client, site, users, path):
    first = client.get(path)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    since = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    site["heat"].updated_at = utcnow()
    factories.comment(site["heat"], users["commenter"], "Something new")
    db.session.commit()
    changed = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200


def test_feed_links_on_an_empty_blog(client, ctx):
    feed, _ = parse(client, "/feed.atom")
    assert feed.entries == []
    assert parse(client, "/comments.atom")[0].entries == []

"""JSON-LD, Open Graph / Twitter cards and feed autodiscovery, read from the pages' <head>."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest

from blog.models import utcnow
from tests import factories

SPOILER = "Rosebud was the sled"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class HeadTags(HTMLParser):
    """Collects <meta> and <link> tags as attribute dicts."""

    def __init__(self):
        super().__init__()
        self.meta, self.links = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.meta.append(dict(attrs))
        elif tag == "link":
            self.links.append(dict(attrs))

    def prop(self, name):
        return [m["content"] for m in self.meta if m.get("property", m.get("name")) == name]


def head_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    tags = HeadTags()
    tags.feed(html)
    return html, tags


def json_ld(html: str) -> list[dict]:
    blocks = JSON_LD.findall(html)
    for block in blocks:
        assert "</" not in block and "<!--" not in block
    return [json.loads(block) for block in blocks]


def of_type(blocks, kind):
    return [block for block in blocks if block["@type"] == kind]


@pytest.fixture
def kane(ctx, users):
    film = factories.film("Citizen Kane", year=1941, release_date=date(1941, 5, 1),
                          imdb_id="tt0033467", original_title="Citizen Kane",
                          letterboxd_url="https://letterboxd.com/film/citizen-kane/",
                          rotten_tomatoes_url="https://www.rottentomatoes.com/m/citizen_kane",
                          trailer_url="https://www.youtube.com/watch?v=abcdefghijk")
    welles = factories.person("Orson Welles", slug="orson-welles", imdb_id="nm0000080",
                              bio="Director and actor.", portrait_path="portraits/ow.jpg")
    cotten = factories.person("Joseph Cotten", slug="joseph-cotten")
    factories.credit(film, welles, "director")
    factories.credit(film, welles, "cast", character="Kane", position=1)
    factories.credit(film, cotten, "cast", character="Leland </script>", position=2)
    tag = factories.tag("Classic", "theme")
    return factories.review(
        "Citizen Kane", author=users["author"], of_film=film, slug="citizen-kane", tags=[tag],
        verdict="Still the one </script><script>alert(1)</script>", rating_halves=10,
        poster_path="posters/kane.jpg", poster_width=400, poster_height=600,
        poster_alt="Kane at his desk",
        published_at=datetime(2025, 3, 4, 12, 0, tzinfo=timezone.utc),
        body=f"A portrait of a man.\n\n::: spoiler\n{SPOILER}.\n:::\n\nStill modern.")


def test_review_page_json_ld_has_googles_review_snippet_and_movie_fields(client, kane):
    html, _ = head_of(client, "/reviews/citizen-kane")
    blocks = json_ld(html)
    (review,) = of_type(blocks, "Review")
    assert review["@context"] == "https://schema.org"
    assert review["name"] == "Citizen Kane (1941)"
    assert review["author"] == {"@type": "Person", "name": "critic",
                                "url": "http://blog.test/authors/critic"}
    assert review["datePublished"] == "2025-03-04T12:00:00+00:00"
    assert review["dateModified"] == "2025-03-04T12:00:00+00:00"
    assert review["reviewBody"].startswith("A portrait of a man.")
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 5.0, "bestRating": 5,
                                      "worstRating": 0.5}
    assert review["publisher"]["@type"] == "Organization"
    assert review["publisher"]["name"] == "The Projectionist"
    assert review["description"] == "Still the one </script><script>alert(1)</script>"
    movie = review["itemReviewed"]
    assert movie["@type"] == "Movie" and movie["name"] == "Citizen Kane"
    assert movie["dateCreated"] == "1941-05-01"
    assert movie["image"] == "http://blog.test/media/posters/kane.jpg"
    assert movie["director"] == [{"@type": "Person", "name": "Orson Welles",
                                  "url": "http://blog.test/people/orson-welles"}]
    assert [actor["name"] for actor in movie["actor"]] == ["Orson Welles", "Joseph Cotten"]
    assert movie["sameAs"] == ["https://www.imdb.com/title/tt0033467/",
                               "https://letterboxd.com/film/citizen-kane/",
                               "https://www.rottentomatoes.com/m/citizen_kane"]
    # Google needs a trailer's upload date, which the blog does not know: no VideoObject.
    assert of_type(blocks, "VideoObject") == []
    (crumbs,) = of_type(blocks, "BreadcrumbList")
    assert [(item["position"], item["name"], item["item"])
            for item in crumbs["itemListElement"]] == [
        (1, "Reviews", "http://blog.test/"), (2, "2025", "http://blog.test/archive/2025/"),
        (3, "Citizen Kane (1941)", "http://blog.test/reviews/citizen-kane")]
    assert SPOILER not in "".join(JSON_LD.findall(html))


def test_an_unrated_review_has_no_rating_in_json_ld(client, ctx, users):
    factories.review("Unrated", author=users["author"], slug="unrated", rating_halves=None)
    (review,) = of_type(json_ld(head_of(client, "/reviews/unrated")[0]), "Review")
    assert "reviewRating" not in review


def test_review_page_open_graph_and_twitter_card(client, kane):
    html, tags = head_of(client, "/reviews/citizen-kane")
    assert tags.prop("og:type") == ["article"]
    assert tags.prop("og:title") == ["Citizen Kane (1941)"]
    assert tags.prop("og:url") == ["http://blog.test/reviews/citizen-kane"]
    assert tags.prop("og:image") == ["http://blog.test/media/posters/kane.jpg"]
    assert tags.prop("og:image:width") == ["400"] and tags.prop("og:image:height") == ["600"]
    assert tags.prop("og:image:alt") == ["Kane at his desk"]
    assert tags.prop("article:published_time") == ["2025-03-04T12:00:00+00:00"]
    assert tags.prop("article:tag") == ["Classic"]
    assert tags.prop("twitter:card") == ["summary_large_image"]
    assert SPOILER not in html.split("<body", 1)[0]


def test_person_page_has_person_json_ld_and_its_feed(client, kane):
    html, tags = head_of(client, "/people/orson-welles")
    (person,) = of_type(json_ld(html), "Person")
    assert person["name"] == "Orson Welles"
    assert person["url"] == "http://blog.test/people/orson-welles"
    assert person["sameAs"] == ["https://www.imdb.com/name/nm0000080/"]
    assert person["image"] == "http://blog.test/media/portraits/ow.jpg"
    feeds = {link["href"] for link in tags.links if link.get("rel") == "alternate"}
    assert "http://blog.test/people/orson-welles.atom" in feeds
    assert tags.prop("og:image") == ["http://blog.test/media/portraits/ow.jpg"]


def test_homepage_has_website_with_search_action(client, kane):
    html, tags = head_of(client, "/")
    (site,) = of_type(json_ld(html), "WebSite")
    assert site["url"] == "http://blog.test/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://blog.test/search?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    (listing,) = of_type(json_ld(html), "ItemList")
    assert listing["itemListElement"][0]["url"] == "http://blog.test/reviews/citizen-kane"
    assert tags.prop("og:type") == ["website"]
    assert tags.prop("og:image") == ["http://blog.test/media/posters/kane.jpg"]


@pytest.mark.parametrize("path, own_feed", [
    ("/", None), ("/reviews/citizen-kane", "http://blog.test/reviews/citizen-kane/comments.atom"),
    ("/tags/", None), ("/tags/classic", "http://blog.test/tags/classic.atom"),
    ("/people/orson-welles", "http://blog.test/people/orson-welles.atom"),
    ("/authors/critic", "http://blog.test/authors/critic.atom"), ("/archive/2025/", None),
    ("/about", None), ("/privacy", None), ("/auth/login", None),
])
def test_every_page_has_feed_links_and_sharing_tags(client, kane, path, own_feed):
    _, tags = head_of(client, path)
    feeds = {link["href"]: link["type"] for link in tags.links if link.get("rel") == "alternate"}
    assert feeds["http://blog.test/feed.atom"] == "application/atom+xml"
    assert feeds["http://blog.test/feed.rss"] == "application/rss+xml"
    assert feeds["http://blog.test/comments.atom"] == "application/atom+xml"
    if own_feed:
        assert feeds[own_feed] == "application/atom+xml"
        assert len(feeds) == 4
    else:
        assert len(feeds) == 3
    for name in ("og:title", "og:type", "og:url", "og:site_name", "twitter:card"):
        assert len(tags.prop(name)) == 1, name
    assert tags.prop("og:url")[0].startswith("http://blog.test/")
    assert tags.prop("og:type")[0] in ("article", "website")


def test_feed_links_on_the_404_page(client, ctx):
    response = client.get("/reviews/nothing")
    assert response.status_code == 404
    assert 'href="http://blog.test/feed.atom"' in response.get_data(as_text=True)


def test_nothing_in_json_ld_can_close_the_script(client, ctx, users):
    film = factories.film("</script><script>alert(1)</script>", year=2000)
    factories.review("</SCRIPT> & <!-- x", author=users["author"], of_film=film, slug="x",
                     verdict="</script>", published_at=utcnow() - timedelta(days=1))
    for path in ("/reviews/x", "/"):
        html = client.get(path).get_data(as_text=True)
        blocks = JSON_LD.findall(html)
        assert blocks and all("<" not in block for block in blocks)
    (review,) = of_type(json_ld(client.get("/reviews/x").get_data(as_text=True)), "Review")
    assert review["itemReviewed"]["name"] == "</script><script>alert(1)</script>"
    assert review["name"] == "</SCRIPT> & <!-- x (2000)"

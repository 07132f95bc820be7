"""The sitemap (parsed as XML), its index past the size limit, and robots.txt."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree

import pytest

from blog.models import utcnow
from tests import factories

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture
def site(ctx, users):
    drama = factories.tag("Drama", "genre")
    unused = factories.tag("Only Drafts", "theme")
    film = factories.film("Heat", year=1995)
    factories.credit(film, factories.person("Michael Mann", slug="michael-mann"), "director")
    hidden_film = factories.film("Secret")
    factories.credit(hidden_film, factories.person("Nobody Yet", slug="nobody-yet"), "cast")
    heat = factories.review("Heat", author=users["author"], of_film=film, slug="heat",
                            tags=[drama], published_at=at(2025, 3, 4, 12))
    heat.updated_at = at(2025, 6, 1, 8)
    factories.review("Thief", author=users["other_author"], slug="thief", tags=[drama],
                     published_at=at(2024, 11, 2, 12))
    factories.review("Secret", author=users["admin"], of_film=hidden_film, slug="secret",
                     status="draft", tags=[unused])
    factories.review("Soon", author=users["admin"], slug="soon",
                     published_at=utcnow() + timedelta(days=1))
    from blog.extensions import db
    db.session.commit()


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/xml"
    return ElementTree.fromstring(response.get_data()), response


def entries(root) -> dict[str, str]:
    return {url.find("s:loc", NS).text: url.find("s:lastmod", NS).text
            for url in root.findall("s:url", NS)}


def test_sitemap_lists_every_public_page_with_lastmod(client, site):
    root, _ = parse(client, "/sitemap.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    found = entries(root)
    assert found == {
        "http://blog.test/": "2025-06-01T08:00:00+00:00",
        "http://blog.test/reviews/": "2025-06-01T08:00:00+00:00",
        "http://blog.test/reviews/heat": "2025-06-01T08:00:00+00:00",
        "http://blog.test/reviews/thief": "2024-11-02T12:00:00+00:00",
        "http://blog.test/tags/drama": "2025-06-01T08:00:00+00:00",
        "http://blog.test/people/michael-mann": "2025-06-01T08:00:00+00:00",
        "http://blog.test/authors/critic": "2025-06-01T08:00:00+00:00",
        "http://blog.test/authors/rival": "2024-11-02T12:00:00+00:00",
        "http://blog.test/archive/2025/": "2025-06-01T08:00:00+00:00",
        "http://blog.test/archive/2025/3/": "2025-06-01T08:00:00+00:00",
        "http://blog.test/archive/2024/": "2024-11-02T12:00:00+00:00",
        "http://blog.test/archive/2024/11/": "2024-11-02T12:00:00+00:00",
        "http://blog.test/year/2025": "2025-06-01T08:00:00+00:00",
        "http://blog.test/year/2024": "2024-11-02T12:00:00+00:00",
    }


def test_every_sitemap_address_answers_200(client, site):
    root, _ = parse(client, "/sitemap.xml")
    for loc in entries(root):
        assert client.get(loc.removeprefix("http://blog.test")).status_code == 200, loc


def test_sitemap_queries_do_not_grow_with_the_site(client, site, users, count_queries):
    with count_queries() as few:
        client.get("/sitemap.xml")
    for n in range(6):
        film = factories.film(f"More {n}")
        factories.credit(film, factories.person(f"Person {n}"), "cast")
        factories.review(f"More {n}", author=users["admin"], of_film=film,
                         tags=[factories.tag(f"Tag {n}")])
    with count_queries() as many:
        client.get("/sitemap.xml")
    assert len(few) == len(many) <= 6


def test_past_the_limit_the_sitemap_is_an_index(client, app, site, monkeypatch):
    monkeypatch.setitem(app.config, "SITEMAP_MAX_URLS", 4)
    root, _ = parse(client, "/sitemap.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locs = [item.find("s:loc", NS).text for item in root.findall("s:sitemap", NS)]
    assert locs == [f"http://blog.test/sitemap-{n}.xml" for n in (1, 2, 3, 4)]
    assert all(item.find("s:lastmod", NS).text for item in root.findall("s:sitemap", NS))
    pages = [entries(parse(client, f"/sitemap-{n}.xml")[0]) for n in (1, 2, 3, 4)]
    assert [len(page) for page in pages] == [4, 4, 4, 2]
    assert len(set().union(*pages)) == 14
    assert client.get("/sitemap-5.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404


def test_numbered_sitemaps_are_404_without_an_index(client, site):
    assert client.get("/sitemap-1.xml").status_code == 404


def test_an_empty_blog_has_an_empty_sitemap(client, ctx):
    root, _ = parse(client, "/sitemap.xml")
    assert root.findall("s:url", NS) == []


def test_sitemap_answers_304(client, site):
    first = client.get("/sitemap.xml")
    again = client.get("/sitemap.xml", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_robots_txt_points_to_the_sitemap(client, ctx):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "Sitemap: http://blog.test/sitemap.xml" in lines
    assert "User-agent: *" in lines and "Disallow: /write/" in lines
    assert "Disallow: /" not in lines

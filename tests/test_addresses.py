"""Near-miss addresses answer 301 to the canonical one; renamed and merged tags keep theirs."""
from __future__ import annotations

import pytest

from blog.extensions import db
from blog.services import studio_tags
from tests import factories


@pytest.fixture
def site(ctx, users):
    drama = factories.tag("Drama", "genre")
    film = factories.film("Heat", year=1995)
    factories.credit(film, factories.person("Michael Mann", slug="michael-mann"), "director")
    review = factories.review("Heat", author=users["author"], of_film=film, slug="heat",
                              tags=[drama])
    return {"review": review, "drama": drama}


@pytest.mark.parametrize("path, target", [
    ("/reviews/heat/", "/reviews/heat"),
    ("/reviews/heat/?page=1", "/reviews/heat?page=1"),
    ("/reviews/HEAT", "/reviews/heat"),
    ("/tags/drama/", "/tags/drama"),
    ("/tags/Drama", "/tags/drama"),
    ("/people/michael-mann/", "/people/michael-mann"),
    ("/people/Michael-Mann", "/people/michael-mann"),
    ("/authors/critic/", "/authors/critic"),
    ("/authors/CRITIC", "/authors/critic"),
    ("/archive/{year}", "/archive/{year}/"),
    ("/about/", "/about"),
    ("/privacy/", "/privacy"),
    ("/feed", "/feed.atom"), ("/feed/", "/feed.atom"), ("/atom.xml", "/feed.atom"),
    ("/rss", "/feed.rss"), ("/rss.xml", "/feed.rss"),
])
def test_near_misses_answer_301_to_the_canonical_address(client, site, path, target):
    year = site["review"].published_at.year
    path, target = path.format(year=year), target.format(year=year)
    response = client.get(path)
    assert response.status_code == 301, path
    assert response.headers["Location"] == target
    assert client.get(target).status_code == 200


@pytest.mark.parametrize("path", ["/reviews/nothing/", "/reviews/NOTHING", "/tags/nothing/",
                                  "/people/Nobody", "/authors/reader1/", "/tags/NOTHING"])
def test_near_misses_of_nothing_end_in_404(client, site, path):
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 404


def test_a_renamed_tag_keeps_every_old_address(client, site):
    drama = site["drama"]
    studio_tags.update_tag(drama, "Crime Drama", "genre")
    studio_tags.update_tag(drama, "Crime", "genre")
    for old in ("drama", "crime-drama"):
        response = client.get(f"/tags/{old}")
        assert (response.status_code, response.headers["Location"]) == (301, "/tags/crime")
    assert client.get("/tags/crime").status_code == 200


def test_renaming_a_tag_back_takes_its_old_address_again(client, site):
    drama = site["drama"]
    studio_tags.update_tag(drama, "Crime", "genre")
    studio_tags.update_tag(drama, "Drama", "genre")
    assert client.get("/tags/drama").status_code == 200
    assert client.get("/tags/crime").headers["Location"] == "/tags/drama"


def test_a_merged_tags_addresses_lead_to_the_target(client, site, users):
    noir = factories.tag("Noir", "genre")
    factories.review("Thief", author=users["author"], tags=[noir])
    studio_tags.update_tag(noir, "Film Noir", "genre")  # /tags/noir -> /tags/film-noir
    studio_tags.merge(noir, site["drama"])
    for old in ("noir", "film-noir"):
        response = client.get(f"/tags/{old}?page=2")
        assert (response.status_code, response.headers["Location"]) == (
            301, "/tags/drama?page=2")


def test_a_new_tag_may_take_an_old_address(client, site, users):
    studio_tags.update_tag(site["drama"], "Crime", "genre")
    factories.review("Other", author=users["author"], tags=[factories.tag("Drama")])
    assert client.get("/tags/drama").status_code == 200  # the live tag wins
    db.session.rollback()

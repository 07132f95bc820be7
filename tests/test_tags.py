"""The tag cloud: weights on a log scale from visible reviews only, grouped by kind."""
import re

import pytest

from blog.services import tags as tag_service
from tests import factories


@pytest.mark.parametrize("counts, steps", [
    ([], []),
    ([3], [3]),
    ([2, 2, 2], [3, 3, 3]),
    ([1, 100], [1, 5]),
    ([1, 10, 100], [1, 3, 5]),
    # On a log scale one huge tag does not squash the rest into the smallest step.
    ([1, 2, 4, 1000], [1, 1, 2, 5]),
])
def test_cloud_steps_are_logarithmic(counts, steps):
    assert tag_service.cloud_steps(counts) == steps


@pytest.fixture
def tagged(ctx, users):
    drama = factories.tag("Drama", "genre")
    noir = factories.tag("Noir", "genre")
    fifties = factories.tag("1950s", "decade")
    hidden = factories.tag("Only In Drafts", "theme")
    for n in range(5):
        factories.review(f"Drama {n}", author=users["author"], tags=[drama])
    factories.review("Noir one", author=users["author"], tags=[noir, fifties, drama])
    factories.review("Draft", author=users["author"], status="draft", tags=[hidden, noir])
    return {"drama": drama, "noir": noir, "fifties": fifties, "hidden": hidden}


def test_cloud_counts_visible_reviews_only(tagged, ctx):
    cloud = {item.name: (item.count, item.step) for item in tag_service.cloud()}
    assert cloud == {"Drama": (6, 5), "Noir": (1, 1), "1950s": (1, 1)}


def test_tags_index_groups_by_kind_with_readable_counts(client, tagged):
    html = client.get("/tags/").get_data(as_text=True)
    assert html.index("Genres") < html.index("Decades")
    assert "Only In Drafts" not in html
    drama = re.search(r'cloud__tag--(\d)"[^>]*>Drama <span class="cloud__count">6'
                      r'<span class="visually-hidden"> reviews</span>', html)
    assert drama and drama.group(1) == "5"
    assert 'Noir <span class="cloud__count">1<span class="visually-hidden"> review</span>' in html


def test_home_sidebar_shows_the_cloud(client, tagged):
    html = client.get("/").get_data(as_text=True)
    assert 'class="cloud"' in html and "/tags/drama" in html


def test_tag_page_lists_its_visible_reviews(client, tagged):
    html = client.get("/tags/noir").get_data(as_text=True)
    assert "Noir one" in html and "Draft" not in html and "Drama 0" not in html
    assert "1 review." in html


def test_tag_pages_404(client, tagged):
    assert client.get("/tags/no-such-tag").status_code == 404
    assert client.get("/tags/only-in-drafts").status_code == 404


def test_tag_page_paginates(client, tagged):
    assert "Noir one" in client.get("/tags/drama?page=2").get_data(as_text=True)
    assert client.get("/tags/drama?page=3").status_code == 404


@pytest.fixture
def counted(app, monkeypatch):
    """``app`` with an in-process cache; each counting of the cloud, and how long it was kept."""
    from blog.extensions import cache
    app.config.update(CACHE_TYPE="SimpleCache")
    cache.init_app(app)
    made, lifetimes = [], []
    count = tag_service._count_cloud
    monkeypatch.setattr(tag_service, "_count_cloud", lambda limit: made.append(1) or count(limit))
    setter = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None: (
        lifetimes.append(timeout) if key.startswith("tag-cloud/") else None,
        setter(key, value, timeout=timeout))[1])
    yield made, lifetimes
    app.config.update(CACHE_TYPE="NullCache")
    cache.init_app(app)


def test_the_cloud_is_kept_between_writes_and_counted_after_each(app, tagged, counted, users):
    from blog.extensions import db
    from blog.models import Tag
    made, lifetimes = counted

    def cloud():
        return {item.name: item.count for item in tag_service.cloud()}

    with app.app_context():
        assert cloud()["Noir"] == 1
        assert cloud()["Noir"] == 1
        assert made == [1] and lifetimes == [24 * 3600]  # a day, not a minute
        factories.review("One more noir", author=db.session.merge(users["author"]),
                         tags=[db.session.merge(tagged["noir"])])
        assert cloud()["Noir"] == 2  # the committed publication dropped it, no call needed
        db.session.get(Tag, tagged["noir"].id).name = "Film noir"
        db.session.commit()
        assert cloud()["Film noir"] == 2 and "Noir" not in cloud()  # and a renamed tag
        assert len(made) == 3


def test_the_cloud_lasts_until_the_next_scheduled_review_comes_into_view(app, tagged, counted,
                                                                       users):
    import time
    from datetime import timedelta

    from blog.extensions import db
    from blog.models import utcnow
    made, lifetimes = counted
    with app.app_context():
        factories.review("Soon noir", author=db.session.merge(users["author"]),
                         tags=[db.session.merge(tagged["noir"])],
                         published_at=utcnow() + timedelta(seconds=1.5))
        assert {item.name: item.count for item in tag_service.cloud()}["Noir"] == 1
        assert lifetimes == [1]  # the seconds until it comes into view
        time.sleep(1.6)
        assert {item.name: item.count for item in tag_service.cloud()}["Noir"] == 2



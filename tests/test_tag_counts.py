"""Per-tag counts are kept on every write, and always equal a fresh count of visible reviews."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Review, ReviewStatus, Tag, review_tags, utcnow
from blog.services import studio_tags, tag_counts, tags as tag_service, writing
from tests import factories


def fresh_counts() -> dict[str, int]:
    """What the cloud should say, counted from scratch."""
    rows = db.session.execute(
        sa.select(Tag.name, sa.func.count())
        .join(review_tags, review_tags.c.tag_id == Tag.id)
        .join(Review, Review.id == review_tags.c.review_id)
        .where(Review.is_visible).group_by(Tag.name)).all()
    return dict(rows)


def kept_counts() -> dict[str, int]:
    db.session.expire_all()
    tag_service.forget_cloud()
    return {item.name: item.count for item in tag_service.cloud()}


def stored_counts() -> dict[str, int]:
    """The kept column itself, against a fresh count of published reviews (scheduled too)."""
    db.session.expire_all()
    kept = dict(db.session.execute(sa.select(Tag.name, Tag.published_count)).all())
    fresh = dict(db.session.execute(
        sa.select(Tag.name, sa.func.count(Review.id))
        .outerjoin(review_tags, review_tags.c.tag_id == Tag.id)
        .outerjoin(Review, sa.and_(Review.id == review_tags.c.review_id,
                                   tag_counts.published()))
        .group_by(Tag.name)).all())
    return kept, fresh


def check() -> dict[str, int]:
    kept, fresh = stored_counts()
    assert kept == fresh
    counts = kept_counts()
    assert counts == fresh_counts()
    return counts


@pytest.fixture
def shelf(ctx, users):
    drama = factories.tag("Drama", "genre")
    noir = factories.tag("Noir", "genre")
    war = factories.tag("War", "genre")
    reviews = [factories.review(f"Drama {n}", author=users["author"], tags=[drama])
               for n in range(3)]
    reviews.append(factories.review("Noir one", author=users["author"], tags=[noir, drama]))
    draft = factories.review("A draft", author=users["author"], status="draft",
                             tags=[war, noir])
    return {"drama": drama, "noir": noir, "war": war, "reviews": reviews, "draft": draft,
            "author": users["author"]}


def test_new_reviews_are_counted(shelf):
    assert check() == {"Drama": 4, "Noir": 1}


def test_publishing_a_draft_counts_it(shelf):
    draft = shelf["draft"]
    draft.status, draft.published_at = ReviewStatus.PUBLISHED, utcnow()
    db.session.commit()
    assert check() == {"Drama": 4, "Noir": 2, "War": 1}


def test_unpublishing_uncounts_it(shelf):
    writing.unpublish(shelf["reviews"][3], shelf["author"])
    assert check() == {"Drama": 3}


def test_deleting_a_review_uncounts_it(shelf):
    writing.delete_review(shelf["reviews"][0])
    assert check() == {"Drama": 3, "Noir": 1}
    writing.delete_review(shelf["draft"])
    assert check() == {"Drama": 3, "Noir": 1}


def test_retagging_moves_the_counts(shelf):
    review = shelf["reviews"][3]
    review.tags = [shelf["war"], factories.tag("Brand New", "theme")]
    db.session.commit()
    assert check() == {"Drama": 3, "War": 1, "Brand New": 1}
    review.tags.append(shelf["drama"])
    db.session.commit()
    assert check() == {"Drama": 4, "War": 1, "Brand New": 1}
    shelf["draft"].tags = [shelf["drama"]]  # a draft's tags count for nothing
    db.session.commit()
    assert check() == {"Drama": 4, "War": 1, "Brand New": 1}


def test_renaming_keeps_the_count(shelf):
    studio_tags.update_tag(shelf["noir"], "Film noir", "genre")
    assert check() == {"Drama": 4, "Film noir": 1}


def test_merging_adds_the_counts_once(shelf):
    studio_tags.merge(shelf["noir"], shelf["drama"])  # "Noir one" carries both
    assert check() == {"Drama": 4}
    studio_tags.merge(shelf["war"], shelf["drama"])
    assert check() == {"Drama": 4}


def test_deleting_a_tag_drops_it(shelf):
    db.session.delete(shelf["noir"])
    db.session.commit()
    assert check() == {"Drama": 4}


def test_a_scheduled_review_counts_when_its_time_comes(shelf):
    factories.review("Soon", author=shelf["author"], tags=[shelf["war"], shelf["drama"]],
                     published_at=utcnow() + timedelta(seconds=1.5))
    assert check() == {"Drama": 4, "Noir": 1}
    time.sleep(2)
    assert check() == {"Drama": 5, "Noir": 1, "War": 1}


def test_rescheduling_a_published_review_hides_it_until_then(shelf):
    review = shelf["reviews"][3]
    review.published_at = utcnow() + timedelta(days=2)
    db.session.commit()
    assert check() == {"Drama": 3}


def test_a_rolled_back_write_leaves_the_counts(shelf):
    shelf["reviews"][0].tags = [shelf["war"]]
    db.session.flush()
    db.session.rollback()
    assert check() == {"Drama": 4, "Noir": 1}


def test_recount_all_repairs_counts_written_around_the_session(shelf):
    db.session.execute(sa.update(Tag).values(published_count=99))
    db.session.commit()
    tag_counts.recount()
    db.session.commit()
    assert check() == {"Drama": 4, "Noir": 1}


def test_the_cloud_reads_the_kept_counts_not_the_reviews(shelf, count_queries, client):
    tag_service.forget_cloud()
    with count_queries() as statements:
        assert client.get("/tags/").status_code == 200
    cloud = [s for s in statements if "published_count" in s]
    assert cloud, statements
    assert all("count(" not in s.lower() or "published_at >" in s for s in cloud)

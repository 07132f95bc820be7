"""Queries written for large blogs return what the plain ones did: the sidebar's recent comments
(walking the newest approved comments, past those on hidden reviews), a common tag's reviews
(walking reviews newest first), a review's top-level comments, and a person's reviews (found
and sorted as ids from their credits)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from blog.extensions import db
from blog.models import utcnow
from blog.services import comments, reviews
from tests import factories


def test_recent_comments_skip_hidden_reviews_across_batches(ctx, users):
    writer = users["commenter"]
    shown = factories.review("Shown")
    hidden = factories.review("Hidden", status="draft")
    now = utcnow()
    older = [factories.comment(shown, writer, f"Old {n}", created_at=now - timedelta(hours=10 + n))
             for n in range(2)]
    # Newer than both, but on a draft: more of them than one batch holds (twice the limit).
    for n in range(5):
        factories.comment(hidden, writer, f"Hidden {n}", created_at=now - timedelta(hours=n))
    found = comments.recent(2)
    assert [comment.id for comment in found] == [comment.id for comment in older]


def test_a_common_tag_lists_the_same_reviews_as_a_rare_one(ctx, users):
    drama = factories.tag("Drama")
    tagged = [factories.review(f"Tagged {n}", tags=[drama],
                               published_at=utcnow() - timedelta(days=n)) for n in range(4)]
    factories.review("Untagged")
    factories.review("Scheduled", tags=[drama], published_at=utcnow() + timedelta(days=2))
    rare = [review.id for review in reviews.with_tag(drama, 1).items]
    drama.published_count = reviews.COMMON_TAG + 1  # as if on many reviews: the other plan
    common = [review.id for review in reviews.with_tag(drama, 1).items]
    assert rare == common == [review.id for review in tagged]
    db.session.rollback()


def test_a_thread_page_holds_this_review_s_top_level_comments_only(ctx, users):
    writer = users["commenter"]
    review, other = factories.review("One"), factories.review("Two")
    first = factories.comment(review, writer, "First")
    factories.comment(review, writer, "A reply", parent=first)
    factories.comment(other, writer, "Elsewhere")
    second = factories.comment(review, writer, "Second")
    page = comments.thread_page(review, None)
    assert [node.comment.id for node in page.nodes] == [first.id, second.id]
    assert len(page.nodes[0].replies) == 1
    assert comments.page_of(second, None) == 1


def test_a_person_page_lists_their_visible_reviews_once_newest_first_and_sorts_ids_only(
        app, ctx, users):
    director = factories.person("Ida Lupino")
    per_page = app.config["REVIEWS_PER_PAGE"]
    theirs = []
    for n in range(per_page + 2):
        film = factories.film(f"Film {n}")
        factories.credit(film, director, "director")
        if n == 0:
            factories.credit(film, director, "writer")  # two credits, one review
        theirs.append(factories.review(f"Theirs {n}", of_film=film,
                                       published_at=utcnow() - timedelta(days=n)))
    hidden_film = factories.film("Hidden")
    factories.credit(hidden_film, director, "director")
    factories.review("Draft", of_film=hidden_film, status="draft")
    factories.review("Soon", of_film=hidden_film, published_at=utcnow() + timedelta(days=1))
    factories.review("Someone else's")
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        first = reviews.by_person(director.id, 1)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    second = reviews.by_person(director.id, 2)
    assert [review.id for review in first.items + second.items] == [
        review.id for review in theirs]
    assert first.has_next and not second.has_next
    # The person's reviews are found and sorted as ids; only the page's are loaded whole.
    finding = [statement for statement in statements if "credits" in statement]
    assert finding and not any("reviews.body" in statement for statement in finding)


def test_the_archive_bounds_come_before_the_visibility_rule(ctx, users):
    # SQLite takes the first upper bound on published_at to start its walk of the index: the
    # end of the year, not "now" (which would pass every review published since).
    start, end = datetime(2021, 1, 1, tzinfo=timezone.utc), datetime(2022, 1, 1,
                                                                      tzinfo=timezone.utc)
    sql = str(reviews.between(start, end).compile(db.engine))
    assert sql.index("reviews.published_at <") < sql.index("reviews.published_at <=")
    inside = factories.review("Inside", published_at=datetime(2021, 6, 1, tzinfo=timezone.utc))
    factories.review("After", published_at=datetime(2023, 6, 1, tzinfo=timezone.utc))
    assert [review.id for review in reviews.published_between(start, end, 1).items] == [
        inside.id]

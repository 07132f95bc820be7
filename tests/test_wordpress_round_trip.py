"""The round trip: export this blog with ``export-wordpress``, import the file into an empty blog
with ``import-wordpress``, and every review, comment, thread, tag and old address is there, with
the same text."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog import sanitize
from blog.extensions import db
from blog.models import (Comment, Review, ReviewSlugRedirect, SitePage, Tag, TagSlugRedirect,
                         User, utcnow)
from blog.services import site_pages
from tests import factories


def words(html: str) -> str:
    """What a reader reads of some HTML, spacing aside."""
    return " ".join(sanitize.plain_text(html).split())


def snapshot() -> dict:
    """Every review as a reader sees it, its tags and its threads, keyed by slug."""
    db.session.remove()
    reviews = db.session.scalars(sa.select(Review).order_by(Review.slug)).all()
    seen = {review.slug: {
        "title": review.title, "dek": review.dek, "text": words(review.body_html),
        "status": review.status.value, "comments_open": review.comments_open,
        "published": review.published_at and review.published_at.replace(microsecond=0),
        "tags": sorted(tag.name for tag in review.tags),
        "comments": sorted(comment_row(comment) for comment in review.comments),
    } for review in reviews}
    db.session.remove()  # no read left open while the commands write
    return seen


def comment_row(comment: Comment) -> tuple:
    """A comment with what places it in its thread: the text of every comment above it."""
    above, parent = [], comment.parent
    while parent is not None:
        above.append(words(parent.body_html))
        parent = parent.parent
    return (comment.byline, words(comment.body_html), comment.status.value, comment.depth,
            tuple(above), comment.created_at.replace(microsecond=0))


def export_then_import_into_an_empty_blog(runner, shared_apps, tmp_path):
    """Run both commands, emptying the database in between as a fresh install would be."""
    path = tmp_path / "site.xml"
    exported = runner.invoke(args=["export-wordpress", "--output", str(path)])
    assert exported.exit_code == 0, exported.output
    shared_apps.reset()
    imported = runner.invoke(args=["import-wordpress", str(path)])
    assert imported.exit_code == 0, imported.output
    return imported.output


@pytest.fixture
def demo(demo_loaded, ctx):
    """The demo, with what it lacks for this test: an old slug, a deep thread, an about page."""
    review = db.session.scalar(sa.select(Review).where(Review.slug == "alien"))
    db.session.add(ReviewSlugRedirect(old_slug="alien-1979", review_id=review.id))
    db.session.commit()
    readers = [factories.user(f"thread{n}", display_name=f"Reader {n}") for n in range(3)]
    parent = None
    for depth in range(3):
        parent = factories.comment(review, readers[depth], text=f"Level {depth}, **bold**.",
                                   parent=parent, created_at=utcnow() - timedelta(hours=3 - depth))
    factories.comment(review, readers[0], text="Waiting for a moderator.", status="pending")
    admin = db.session.scalar(sa.select(User).where(User.username == "critic"))
    site_pages.save("about", admin, "We watch films *slowly*.\n\n## Ratings\n\nHalf stars.")
    db.session.remove()


def test_reviews_comments_threads_and_tags_come_back_with_the_same_text(
        demo, runner, shared_apps, tmp_path):
    before = snapshot()
    assert sum(len(review["comments"]) for review in before.values()) > 50
    export_then_import_into_an_empty_blog(runner, shared_apps, tmp_path)
    after = snapshot()
    assert after == before
    tags = {tag.name for tag in db.session.scalars(sa.select(Tag))}
    assert {name for review in before.values() for name in review["tags"]} <= tags
    about = db.session.get(SitePage, "about")
    assert about is not None
    assert words(about.body_html) == "We watch films slowly. Ratings Half stars."


def test_a_second_import_of_the_same_export_changes_nothing(demo, runner, shared_apps, tmp_path):
    export_then_import_into_an_empty_blog(runner, shared_apps, tmp_path)
    once = snapshot()
    again = runner.invoke(args=["import-wordpress", str(tmp_path / "site.xml")])
    assert again.exit_code == 0, again.output
    assert snapshot() == once


def test_the_reviews_addresses_still_answer(demo, runner, client, shared_apps, tmp_path):
    db.session.remove()
    old_ids = {review.slug: review.id for review in db.session.scalars(sa.select(Review))
               if review.is_visible}
    db.session.remove()
    export_then_import_into_an_empty_blog(runner, shared_apps, tmp_path)
    for slug, old_id in old_ids.items():
        assert client.get(f"/reviews/{slug}").status_code == 200, slug
        # The export's post number (WordPress's ``?p=ID``) still finds the review.
        moved = client.get(f"/?p={old_id}")
        assert moved.status_code == 301, slug
        assert moved.headers["Location"].endswith(f"/reviews/{slug}")


def test_old_review_slugs_still_redirect(demo, runner, client, shared_apps, tmp_path):
    export_then_import_into_an_empty_blog(runner, shared_apps, tmp_path)
    response = client.get("/reviews/alien-1979")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/reviews/alien")


def test_old_tag_slugs_still_redirect(ctx, runner, client, shared_apps, tmp_path):
    tag = factories.tag("Science fiction", "genre")
    factories.review("Alien", slug="alien", tags=[tag])
    factories.save(TagSlugRedirect(old_slug="sci-fi", tag_id=tag.id))
    db.session.remove()
    export_then_import_into_an_empty_blog(runner, shared_apps, tmp_path)
    response = client.get("/tags/sci-fi")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/tags/science-fiction")


def test_film_facts_rating_and_verdict_come_back(demo, runner, shared_apps, tmp_path):
    db.session.remove()
    before = {review.slug: (review.rating_halves, review.verdict, review.film.year,
                            review.film.imdb_id)
              for review in db.session.scalars(sa.select(Review))}
    export_then_import_into_an_empty_blog(runner, shared_apps, tmp_path)
    db.session.remove()
    after = {review.slug: (review.rating_halves, review.verdict, review.film.year,
                           review.film.imdb_id)
             for review in db.session.scalars(sa.select(Review))}
    assert after == before


def test_tag_kinds_credits_and_markdown_come_back(demo, runner, shared_apps, tmp_path):
    def seen():
        db.session.remove()
        found = (
            {tag.name: tag.kind for tag in db.session.scalars(sa.select(Tag))},
            {review.slug: (review.body, [(credit.person.name, credit.role, credit.character)
                                         for credit in review.film.credits],
                           [(option.service, option.url) for option in review.film.watch_options])
             for review in db.session.scalars(sa.select(Review))})
        db.session.remove()
        return found

    before = seen()
    assert any(credits for _, credits, _ in before[1].values())
    assert len(set(before[0].values())) > 2  # more kinds than genre and other
    export_then_import_into_an_empty_blog(runner, shared_apps, tmp_path)
    after = seen()
    assert after[0] == before[0]
    for slug, (body, credits, watch) in before[1].items():
        assert after[1][slug][0] == body, slug
        assert after[1][slug][1] == credits, slug
        assert after[1][slug][2] == watch, slug

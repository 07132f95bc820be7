"""Content for the live server: the demo, and the addresses of one page of each type in it."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from blog.demo import DEMO_AUTHOR_USERNAME, load_demo
from blog.extensions import db
from blog.models import Comment, CommentStatus, Film, Review, Tag
from blog.services import reviews, tags
from blog.templating import local_time

DEMO_PASSWORD = "some-password-123"
DEMO_AUTHOR = DEMO_AUTHOR_USERNAME  # "critic"

# Every page type a reader (or someone logging in) meets; the tests parametrize over these.
PAGE_TYPES = ("home", "feed-page-2", "review", "tags", "tag", "person", "author",
              "archive-year", "archive-month", "about", "login", "not-found", "search",
              "search-empty", "year-in-review")


@dataclass(frozen=True)
class Page:
    path: str
    status: int = 200


def load_content() -> None:
    """Load the demo content with a password the login tests know."""
    assert load_demo(DEMO_PASSWORD), "the demo was already loaded into a fresh database"


def review_with_trailer_and_comments() -> Review:
    """The visible review with a trailer and the most approved comments."""
    approved = (sa.select(Comment.review_id, sa.func.count(Comment.id).label("n"))
                .where(Comment.status == CommentStatus.APPROVED)
                .group_by(Comment.review_id).subquery())
    review = db.session.scalar(
        sa.select(Review).join(Review.film).join(approved, approved.c.review_id == Review.id)
        .where(Review.is_visible, Film.trailer_url.is_not(None), Film.trailer_url != "")
        .order_by(approved.c.n.desc(), Review.id))
    assert review is not None, "the demo needs a visible review with a trailer and comments"
    return review


def busiest_year() -> int:
    """The year with the most visible reviews."""
    from blog.services import archive

    return max(archive.count_years(), key=lambda item: item.count).year


def page_addresses() -> dict[str, Page]:
    """One address per page type, found in the loaded content."""
    review = review_with_trailer_and_comments()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(
        reviews.visible().order_by(None).subquery()))
    assert total > current_app.config["REVIEWS_PER_PAGE"], "the feed needs a second page"
    cloud = tags.cloud()
    assert cloud, "the demo needs tags on visible reviews"
    tag: Tag = db.session.scalar(sa.select(Tag).where(Tag.slug == cloud[0].slug))
    person = next(credit.person for credit in review.film.credits)
    published = local_time(review.published_at)
    return {
        "home": Page("/"),
        "feed-page-2": Page("/?page=2"),
        "review": Page(f"/reviews/{review.slug}"),
        "tags": Page("/tags/"),
        "tag": Page(f"/tags/{tag.slug}"),
        "person": Page(f"/people/{person.slug}"),
        "author": Page(f"/authors/{review.author.username}"),
        "archive-year": Page(f"/archive/{published.year}/"),
        "archive-month": Page(f"/archive/{published.year}/{published.month}/"),
        "about": Page("/about"),
        "login": Page("/auth/login"),
        "not-found": Page("/reviews/no-such-review-here", 404),
        # Diacritics folded, several results, highlighted; and a search finding nothing.
        "search": Page("/search?q=heloise+portrait"),
        "search-empty": Page("/search?q=%22drama%20-xyz%22"),
        # The year with the most reviews: every chart and list drawn.
        "year-in-review": Page(f"/year/{busiest_year()}"),
    }

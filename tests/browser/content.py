"""Content for the live server: the demo, and the addresses of one page of each type in it."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from blog.demo import DEMO_AUTHOR_USERNAME
from blog.extensions import db
from blog.models import (Comment, CommentStatus, Film, Review, Tag, TagKind, User,
                         review_tags)
from blog.services import reviews, studio_lists, tags
from blog.templating import local_time
DEMO_AUTHOR = DEMO_AUTHOR_USERNAME  # "critic"

# Every page type a reader (or someone logging in) meets; the tests parametrize over these.
PAGE_TYPES = ("home", "feed-page-2", "review", "tags", "tag", "person", "author",
              "archive-year", "archive-month", "about", "login", "not-found", "search",
              "search-empty", "year-in-review", "catalogue", "catalogue-filtered",
              "catalogue-empty", "catalogue-bad-filter", "lists", "list")
LIST_SLUG = "where-to-start"


@dataclass(frozen=True)
class Page:
    path: str
    status: int = 200


def add_content() -> None:
    """Add to the demo a published list of its films (one not reviewed: a draft's film), made
    as the studio makes one."""
    critic = db.session.scalar(sa.select(User).where(User.username == DEMO_AUTHOR))
    films = db.session.scalars(sa.select(Film).order_by(Film.year, Film.id)).all()
    film_list = studio_lists.save_list(None, critic, studio_lists.ListDraft(
        "Where to start", LIST_SLUG, "Six films to begin with, *oldest first*.", True),
        publish=True)
    for n, film in enumerate(films[:6]):
        studio_lists.add_entry(film_list, film, "Why it is here: **this**." if n % 2 else "")


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
        "catalogue": Page("/reviews/"),
        "catalogue-filtered": Page(f"/reviews/?genre={genre_slug()}&sort=rating"),
        "catalogue-empty": Page(f"/reviews/?genre={genre_slug()}&decade=1870"),
        "catalogue-bad-filter": Page("/reviews/?decade=abc", 400),
        "lists": Page("/lists/"),
        "list": Page(f"/lists/{LIST_SLUG}"),
    }


def genre_slug() -> str:
    """The genre tag on the most visible reviews."""
    return db.session.scalar(
        sa.select(Tag.slug).join(review_tags, review_tags.c.tag_id == Tag.id)
        .join(Review, Review.id == review_tags.c.review_id)
        .where(Tag.kind == TagKind.GENRE, Review.is_visible)
        .group_by(Tag.id, Tag.slug).order_by(sa.func.count().desc(), Tag.slug).limit(1))

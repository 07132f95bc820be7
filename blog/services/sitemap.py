"""The sitemap's addresses: every public page with when it last changed, in a few set queries.

Reviews, tags, people and authors each take one query, whatever their number; the archive's
months and years come from the reviews' rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Credit, FilmList, Person, Review, Role, Tag, User, review_tags
from blog.templating import local_time


@dataclass(frozen=True)
class SitemapUrl:
    """One public page: its endpoint and values (the view makes the address), and when it
    last changed."""

    endpoint: str
    lastmod: datetime
    values: dict = field(default_factory=dict)


def urls() -> list[SitemapUrl]:
    """Every public page: home, reviews, tags, people, authors, archive years and months."""
    rows = db.session.execute(
        sa.select(Review.slug, Review.updated_at, Review.published_at).where(Review.is_visible)
        .order_by(Review.published_at.desc(), Review.id.desc())).all()
    if not rows:
        return []
    newest = max(row.updated_at for row in rows)
    found = [SitemapUrl("reading.home", newest), SitemapUrl("catalogue.browse", newest)]
    found += [SitemapUrl("reading.show_review", row.updated_at, {"slug": row.slug})
              for row in rows]
    found += [SitemapUrl("tags.show_tag", lastmod, {"slug": slug})
              for slug, lastmod in newest_per(Tag.slug, Tag.id, review_tags,
                                              review_tags.c.tag_id == Tag.id,
                                              Review.id == review_tags.c.review_id)]
    found += [SitemapUrl("reading.show_person", lastmod, {"slug": slug})
              for slug, lastmod in newest_per(Person.slug, Person.id, Credit,
                                              Credit.person_id == Person.id,
                                              Review.film_id == Credit.film_id)]
    found += [SitemapUrl("reading.show_author", lastmod, {"username": name})
              for name, lastmod in authors()]
    found += archive_urls(rows)
    found += list_urls()
    return found


def list_urls() -> list[SitemapUrl]:
    """/lists/ and each published list with when it last changed, in one query."""
    lists = db.session.execute(
        sa.select(FilmList.slug, FilmList.updated_at).where(FilmList.is_visible)
        .order_by(FilmList.published_at.desc(), FilmList.id.desc())).all()
    if not lists:
        return []
    return [SitemapUrl("lists.index", max(row.updated_at for row in lists)),
            *(SitemapUrl("lists.show_list", row.updated_at, {"slug": row.slug})
              for row in lists)]


def newest_per(key, identity, link, link_on, review_on) -> list[tuple[str, datetime]]:
    """Each tag (or person) with visible reviews and its reviews' latest update, in one query."""
    newest = sa.func.max(Review.updated_at)
    return db.session.execute(
        sa.select(key, newest).select_from(key.class_).join(link, link_on)
        .join(Review, review_on).where(Review.is_visible)
        .group_by(identity, key).order_by(key)).all()


def authors() -> list[tuple[str, datetime]]:
    """Each author with visible reviews and their latest update, in one query."""
    newest = sa.func.max(Review.updated_at)
    return db.session.execute(
        sa.select(User.username, newest).join(Review, Review.author_id == User.id)
        .where(Review.is_visible, User.role.in_([Role.AUTHOR, Role.ADMIN]))
        .group_by(User.id, User.username).order_by(User.username)).all()


def archive_urls(rows) -> list[SitemapUrl]:
    """The archive's year and month pages (in the site's zone) with their reviews' latest update."""
    pages: dict[tuple[int, int | None], datetime] = {}
    for row in rows:
        local = local_time(row.published_at)
        for key in ((local.year, None), (local.year, local.month)):
            pages[key] = max(pages.get(key, row.updated_at), row.updated_at)
    found = [SitemapUrl("reading.archive", lastmod, {"year": year, "month": month})
             for (year, month), lastmod in sorted(pages.items(), key=lambda item: (
                 -item[0][0], -(item[0][1] or 13)))]
    # Each year's review page, beside its archive pages.
    years = sorted(((year, lastmod) for (year, month), lastmod in pages.items()
                    if month is None), reverse=True)
    return found + [SitemapUrl("year.show_year", lastmod, {"year": year})
                    for year, lastmod in years]

"""Tags: the weighted cloud, computed from visible reviews, never stored (but briefly cached)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby

import sqlalchemy as sa

from blog.extensions import cache, db
from blog.models import Review, Tag, TagKind, TagSlugRedirect, review_tags

CLOUD_STEPS = 5
# Counting every visible review grows with the blog, so the cloud is cached. Writes that change
# it call forget_cloud(); the short timeout covers scheduled reviews coming into view.
CLOUD_CACHE_SECONDS = 60
SIDEBAR_TAGS = 30
CLOUD_CACHE_KEYS = {None: "tag-cloud/all", SIDEBAR_TAGS: "tag-cloud/sidebar"}


@dataclass(frozen=True)
class WeightedTag:
    name: str
    slug: str
    kind: TagKind
    count: int
    step: int  # 1 (rarest) .. CLOUD_STEPS (most used)


def cloud_steps(counts: list[int], steps: int = CLOUD_STEPS) -> list[int]:
    """Map review counts onto size steps on a log scale, so one huge tag does not flatten the rest."""
    if not counts:
        return []
    low, high = math.log(min(counts)), math.log(max(counts))
    if high == low:
        return [math.ceil(steps / 2)] * len(counts)
    return [1 + round((math.log(count) - low) / (high - low) * (steps - 1)) for count in counts]


def cloud() -> list[WeightedTag]:
    """Every tag on a visible review with its count and size step, alphabetical."""
    return _cached_cloud(None)


def sidebar_cloud() -> list[WeightedTag]:
    """The most used tags, weighted among themselves, for the homepage's sidebar."""
    return _cached_cloud(SIDEBAR_TAGS)


def _cached_cloud(limit: int | None) -> list[WeightedTag]:
    key = CLOUD_CACHE_KEYS[limit]
    weighted = cache.get(key)
    if weighted is None:
        weighted = _count_cloud(limit)
        cache.set(key, weighted, timeout=CLOUD_CACHE_SECONDS)
    return weighted


def _count_cloud(limit: int | None) -> list[WeightedTag]:
    count = sa.func.count(review_tags.c.review_id).label("review_count")
    query = (sa.select(Tag.name, Tag.slug, Tag.kind, count)
             .join(review_tags, review_tags.c.tag_id == Tag.id)
             .join(Review, Review.id == review_tags.c.review_id)
             .where(Review.is_visible)
             .group_by(Tag.id, Tag.name, Tag.slug, Tag.kind)
             .order_by(count.desc(), Tag.name))
    if limit:
        query = query.limit(limit)
    rows = db.session.execute(query).all()
    steps = cloud_steps([row.review_count for row in rows])
    weighted = [WeightedTag(row.name, row.slug, row.kind, row.review_count, step)
                for row, step in zip(rows, steps)]
    return sorted(weighted, key=lambda item: item.name.casefold())


def forget_cloud() -> None:
    """Drop the cached cloud after a write that changes which tags visible reviews carry."""
    cache.delete_many(*CLOUD_CACHE_KEYS.values())


def cloud_by_kind() -> list[tuple[TagKind, list[WeightedTag]]]:
    """The whole cloud grouped by tag kind, kinds in their declared order."""
    order = list(TagKind)
    ranked = sorted(cloud(), key=lambda item: order.index(item.kind))
    return [(kind, list(items)) for kind, items in groupby(ranked, key=lambda i: i.kind)]


def find(slug: str) -> Tag | None:
    """The tag with this slug, or None."""
    return db.session.scalar(sa.select(Tag).where(Tag.slug == slug))


def current_slug(old_slug: str) -> str | None:
    """The slug a renamed or merged tag has now, if ``old_slug`` was once its address (or is
    its address typed in capitals)."""
    candidates = {old_slug, old_slug.lower()}
    redirected = (sa.select(Tag.slug).join(TagSlugRedirect.tag)
                  .where(TagSlugRedirect.old_slug.in_(candidates)))
    query = sa.union(redirected, sa.select(Tag.slug).where(Tag.slug == old_slug.lower()))
    return db.session.scalar(sa.select(query.subquery()).limit(1))


def keep_old_address(old_slug: str, tag_id: int, new_slug: str | None = None) -> None:
    """Make ``old_slug`` redirect to the tag ``tag_id`` (in the caller's transaction).

    An address taken by a live tag needs no redirect, so one for ``new_slug`` is dropped.
    """
    taken = [slug for slug in (old_slug, new_slug) if slug]
    db.session.execute(sa.delete(TagSlugRedirect).where(TagSlugRedirect.old_slug.in_(taken)))
    db.session.add(TagSlugRedirect(old_slug=old_slug, tag_id=tag_id))

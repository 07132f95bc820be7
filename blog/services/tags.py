"""Tags: the weighted cloud, computed from visible reviews on every call, never stored."""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Review, Tag, TagKind, review_tags

CLOUD_STEPS = 5


@dataclass(frozen=True)
class WeightedTag:
    tag: Tag
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


def cloud(limit: int | None = None) -> list[WeightedTag]:
    """Tags on visible reviews with counts and size steps, alphabetical; the ``limit`` most used."""
    count = sa.func.count(review_tags.c.review_id).label("review_count")
    query = (sa.select(Tag, count)
             .join(review_tags, review_tags.c.tag_id == Tag.id)
             .join(Review, Review.id == review_tags.c.review_id)
             .where(Review.is_visible)
             .group_by(Tag.id)
             .order_by(count.desc(), Tag.name))
    if limit:
        query = query.limit(limit)
    rows = db.session.execute(query).all()
    steps = cloud_steps([row.review_count for row in rows])
    weighted = [WeightedTag(row.Tag, row.review_count, step) for row, step in zip(rows, steps)]
    return sorted(weighted, key=lambda item: item.tag.name.casefold())


def cloud_by_kind() -> list[tuple[TagKind, list[WeightedTag]]]:
    """The whole cloud grouped by tag kind, kinds in their declared order."""
    order = list(TagKind)
    ranked = sorted(cloud(), key=lambda item: order.index(item.tag.kind))
    return [(kind, list(items)) for kind, items in groupby(ranked, key=lambda i: i.tag.kind)]


def find(slug: str) -> Tag | None:
    """The tag with this slug, or None."""
    return db.session.scalar(sa.select(Tag).where(Tag.slug == slug))

"""One page of a list, found without counting the list: one extra row says whether more follow.

An exact ``COUNT(*)`` over a large list costs more than the page itself (most of the homepage's
time at 100,000 reviews), and readers only need "newer" and "older", so reader-facing lists are
paginated this way, and so are the studio's and the moderators' lists; the pager then shows
the page number without a total.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import abort

from blog.extensions import db


@dataclass(frozen=True)
class Window:
    """A page of ``items`` and whether a next one exists."""

    items: list[Any]
    page: int
    per_page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def __iter__(self):
        return iter(self.items)


def window(query: sa.Select, page: int, per_page: int, missing_is_404: bool = True) -> Window:
    """Run ``query`` for one page; a page past the end (other than the first) is a 404, or
    with ``missing_is_404=False`` an empty page (a list its reader is emptying)."""
    rows = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)))
    if page > 1 and not rows and missing_is_404:
        abort(404)
    return Window(rows[:per_page], page, per_page, has_next=len(rows) > per_page)

"""The date archive: visible reviews counted by year and month in the site's time zone.

The sidebar shows every month with its count on the homepage and review pages, and counting
walks every visible review (about 250 ms at 100,000 reviews), so the counts are kept in the
shared cache under the listings' generation (``review_links.GENERATION``): session events move
it on after any write that publishes, unpublishes, deletes or reschedules a review, bulk
statements included. A kept count lives until the next scheduled publication, so a scheduled
review comes into view on time, and at most a day otherwise; it is no longer counted again
every minute by every worker (which made every worker of a large blog pause at once).
"""
from __future__ import annotations

from dataclasses import dataclass
from collections import defaultdict
from datetime import datetime, timezone

import sqlalchemy as sa

from blog.extensions import cache, db
from blog.models import Review
from blog.services import review_links
from blog.templating import local_time, site_zone

ENTRY_KEY = "archive/months/{generation}"


@dataclass(frozen=True)
class ArchiveYear:
    """A year of the archive with its review count and its months that have reviews."""

    year: int
    count: int
    months: tuple[tuple[int, int], ...]  # (month, count), newest first, months with reviews


def month_bounds(year: int) -> list[tuple[datetime, datetime]]:
    """The twelve months of a year as [start, end) pairs, local midnight in the site's zone."""
    zone = site_zone()
    starts = [datetime(year, m, 1, tzinfo=zone) for m in range(1, 13)]
    ends = starts[1:] + [datetime(year + 1, 1, 1, tzinfo=zone) if year < 9999 else
                         datetime(9999, 12, 31, 23, 59, tzinfo=zone)]
    return list(zip(starts, ends))


def years() -> list[ArchiveYear]:
    """Every year with visible reviews, newest first, with its months and counts (kept)."""
    generation = review_links.current_generation()
    if generation is None:  # no cache
        return count_years()
    key = ENTRY_KEY.format(generation=generation)
    found = cache.get(key)
    if found is None:
        found = count_years()
        if (lifetime := review_links.seconds_to_keep()) > 0:
            cache.set(key, found, timeout=lifetime)
    return found


def month_counts(year: int) -> list[int]:
    """The visible reviews of each month of ``year``, January first, from the cached counts
    (a year page costs the same however many reviews the year holds)."""
    months = dict(next((item.months for item in years() if item.year == year), ()))
    return [months.get(month, 0) for month in range(1, 13)]


def count_years() -> list[ArchiveYear]:
    """Count the archive afresh, in one grouped query that works on every database.

    Reviews are grouped by UTC year and month. A site's local month differs from the UTC one
    only within 14 hours of a month's edge, so reviews on the first and last days of a month
    are grouped by the minute instead and placed in their local month here.
    """
    when = Review.published_at
    year, month, day = (sa.extract(part, when) for part in ("year", "month", "day"))
    edge = sa.case((sa.or_(day <= 1, day >= 28),
                    day * 10000 + sa.extract("hour", when) * 100 + sa.extract("minute", when)),
                   else_=-1)
    rows = db.session.execute(sa.select(year, month, edge, sa.func.count())
                              .where(Review.is_visible).group_by(year, month, edge))
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for utc_year, utc_month, at, count in rows:
        utc_year, utc_month, at = int(utc_year), int(utc_month), int(at)
        if at >= 0:
            moment = local_time(datetime(utc_year, utc_month, at // 10000, at // 100 % 100,
                                         at % 100, tzinfo=timezone.utc))
            utc_year, utc_month = moment.year, moment.month
        counts[utc_year, utc_month] += count
    found = []
    for year_number in sorted({key[0] for key in counts}, reverse=True):
        months = tuple((m, counts[year_number, m]) for m in range(12, 0, -1)
                       if counts.get((year_number, m)))
        found.append(ArchiveYear(year_number, sum(c for _, c in months), months))
    return found


def forget() -> None:
    """Drop the kept counts after a write that changes which reviews are visible (the
    listings' generation moves on at its commit anyway; this also drops them before it)."""
    review_links.forget()

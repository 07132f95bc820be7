"""The catalogue at /reviews/: every visible review, filtered by facets and sorted, with counts.

Facets combine as readers expect from a shop's filters: the values chosen within one facet are
alternatives (Noir *or* Western), different facets must all hold (Noir, *and* from the 1950s).
Each option's count is the number of reviews the page would list with that option chosen, given
the other facets ("disjunctive" counts), so ticking it never surprises. All the counts come from
one query; the page of reviews from another; the empty-result advice from a third, only when the
page is empty.

Readers' ratings are not a facet yet: they are kept on another branch as aggregates; the hook is
``FACETS`` (add a name, a parser, a criterion and a count) once the aggregate column exists.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import (Credit, CreditRole, Film, Person, ReaderRatingSummary, Review, Tag,
                         TagKind, WatchOption, review_tags)
from blog.pagination import Window
from blog.services import catalogue_counts
from blog.services.errors import BadFilter
from blog.services.reviews import paginate, visible

# The facets in the order the form shows them; rating and sort take one value, others several.
FACETS = ("genre", "decade", "person", "country", "language", "rating", "readers", "runtime",
          "service", "region")
SINGLE = frozenset({"rating", "readers"})
SORTS = {"newest": "Newest", "rating": "Highest rated", "year": "Film year", "title": "Title"}
ARGUMENTS = frozenset({*FACETS, "sort"})
MAX_VALUES = 20  # values per facet: far past what a reader ticks, small enough for one query
OPTIONS_SHOWN = 30  # options listed per facet (the chosen ones always among them)
RUNTIME_BANDS = {  # (from, to) minutes, to excluded
    "under-90": ("Under 90 minutes", 0, 90),
    "90-120": ("90 minutes to 2 hours", 90, 120),
    "120-150": ("2 to 2½ hours", 120, 150),
    "over-150": ("Over 2½ hours", 150, None),
}
SLUG = re.compile(r"[0-9a-z][0-9a-z-]{0,199}\Z")
REGION = re.compile(r"[A-Za-z]{2,8}\Z")
NAMES = {"genre": "genre", "decade": "decade", "person": "person", "country": "country",
         "language": "language", "rating": "critic's rating",
         "readers": "readers' rating", "runtime": "running time",
         "service": "where to watch", "region": "region"}


@dataclass(frozen=True)
class Selection:
    """The chosen values of each facet (sorted, without repeats) and the order."""

    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "newest"
    # Rows the chosen values name, looked up once per selection (see ``genre_ids``).
    found: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def active(self) -> list[str]:
        """The facets with at least one value chosen, in the form's order."""
        return [facet for facet in FACETS if self.chosen.get(facet)]

    def args(self, **changes) -> dict:
        """Query arguments for url_for: this selection with ``changes`` (a facet: values)."""
        values = {facet: list(self.chosen.get(facet, ())) for facet in FACETS}
        values.update(changes)
        found = {facet: chosen for facet, chosen in values.items() if chosen}
        if self.sort != "newest":
            found["sort"] = self.sort
        return found

    def sorted_by(self, sort: str) -> dict:
        """Query arguments for the same filters in another order."""
        found = {facet: list(values) for facet, values in self.chosen.items() if values}
        if sort != "newest":
            found["sort"] = sort
        return found

    def without(self, facet: str, value: str | None = None) -> dict:
        """Query arguments with one value of a facet (or the whole facet) removed."""
        kept = [] if value is None else [v for v in self.chosen.get(facet, ()) if v != value]
        return self.args(**{facet: kept})


def parse(args) -> Selection:
    """The selection a query string asks for; a value no facet can hold is a ``BadFilter``."""
    sort = args.get("sort", "") or "newest"
    if sort not in SORTS:
        raise BadFilter(f"There is no order called “{sort[:40]}”: sort by "
                        + ", ".join(label.lower() for label in SORTS.values()) + ".", "sort")
    chosen = {}
    for facet in FACETS:
        values = sorted({value.strip() for value in args.getlist(facet) if value.strip()})
        if not values:
            continue
        if len(values) > MAX_VALUES:
            raise BadFilter(f"Choose at most {MAX_VALUES} values of {NAMES[facet]}.", facet)
        if facet in SINGLE and len(values) > 1:
            raise BadFilter(f"Choose one {NAMES[facet]}.", facet)
        for value in values:
            check_value(facet, value)
        if facet == "region":
            values = sorted({value.upper() for value in values})
        chosen[facet] = tuple(values)
    return Selection(chosen, sort)


def check_value(facet: str, value: str) -> None:
    """Refuse a value that no row could hold for this facet."""
    if facet in ("genre", "person"):
        ok = SLUG.match(value) is not None
    elif facet == "decade":
        ok = value.isascii() and value.isdigit() and len(value) == 4 and value.endswith("0")
    elif facet in ("rating", "readers"):
        ok = value in ("1", "2", "3", "4", "5")
    elif facet == "runtime":
        ok = value in RUNTIME_BANDS
    elif facet == "region":
        ok = REGION.match(value) is not None
    else:  # country, language, service: names as the studio typed them
        ok = len(value) <= 80
    if not ok:
        raise BadFilter(f"“{value[:40]}” is not a {NAMES[facet]} this catalogue knows.", facet)


# ---------- What each facet means in SQL ----------

def readers_shown() -> int:
    """How many readers must have rated a review before its average shows (and filters)."""
    return current_app.config["READER_RATINGS_MIN_SHOWN"]


def json_values(column):
    """The elements of a JSON list column as a table (one row per element, column ``value``)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.json_array_elements_text(column).table_valued("value")
    return sa.func.json_each(column).table_valued("value")


def number(value: int):
    """A constant written into the SQL, not bound: PostgreSQL matches a grouped expression to
    the selected one by its text, and two bound copies of a parameter never match."""
    return sa.literal_column(str(int(value)), sa.Integer)


def decade(year=Film.year):
    """The decade of a film's year (1957 → 1950), as SQL."""
    return year - year % number(10)


def runtime_band(minutes=Film.runtime_minutes):
    """The runtime band's key of a film, as SQL."""
    whens = []
    for key, (_, low, high) in RUNTIME_BANDS.items():
        condition = minutes >= number(low)
        if high is not None:
            condition = sa.and_(condition, minutes < number(high))
        whens.append((condition, sa.literal_column(f"'{key}'", sa.String)))
    return sa.case(*whens, else_=sa.null())


def watch_rows(selection: Selection, ignore: str | None = None):
    """The where-to-watch rows that satisfy the chosen services and regions (both on one row:
    "on this service *in* this region"), leaving out the facet being counted."""
    conditions = []
    if ignore != "service" and selection.chosen.get("service"):
        conditions.append(WatchOption.service.in_(selection.chosen["service"]))
    if ignore != "region" and selection.chosen.get("region"):
        conditions.append(WatchOption.region.in_(selection.chosen["region"]))
    return conditions


def genre_ids(selection: Selection) -> list[int]:
    """The ids of the chosen genres' tags, looked up once per selection (with how many reviews
    they hold, see ``GENRE_PROBED_ABOVE``). Written into the queries as values, they let
    PostgreSQL plan for the reviews a genre really has (half the blog, or a handful) rather
    than for an average tag's."""
    if "genre" not in selection.found:
        rows = db.session.execute(sa.select(Tag.id, Tag.published_count).where(
            Tag.slug.in_(selection.chosen["genre"]), Tag.kind == TagKind.GENRE)).all()
        selection.found["genre"] = [row.id for row in rows]
        selection.found["genre reviews"] = [sum(row.published_count for row in rows)]
    return selection.found["genre"]


# A genre chosen with more reviews than this is checked review by review as the page walks its
# order's index, instead of listing its reviews first: listing half the blog to sort it and
# keep ten costs more the larger the blog, while the walk stops once the page is full.
GENRE_PROBED_ABOVE = 2000


def criterion(facet: str, values: tuple[str, ...], selection: Selection):
    """The SQL condition a review meets when it matches one of ``values`` of ``facet``."""
    if facet == "genre":
        tagged = review_tags.c.tag_id.in_(genre_ids(selection))
        if selection.found["genre reviews"][0] > GENRE_PROBED_ABOVE:
            return sa.exists().where(review_tags.c.review_id == Review.id, tagged)
        return Review.id.in_(sa.select(review_tags.c.review_id).where(tagged))
    if facet == "decade":
        return sa.or_(*(Film.year.between(int(value), int(value) + 9) for value in values))
    if facet == "person":
        return Review.film_id.in_(sa.select(Credit.film_id).join(Person)
                                  .where(Person.slug.in_(values)))
    if facet in ("country", "language"):
        elements = json_values(Film.countries if facet == "country" else Film.languages)
        return sa.exists(sa.select(1).select_from(elements)
                         .where(elements.c.value.in_(values)))
    if facet == "rating":
        return Review.rating_halves >= 2 * int(values[0])
    if facet == "readers":  # an average of N stars or more, where the review page shows one
        summary = ReaderRatingSummary
        return Review.id.in_(sa.select(summary.review_id).where(
            summary.count >= readers_shown(),
            summary.total_halves >= 2 * int(values[0]) * summary.count))
    if facet == "runtime":
        return runtime_band().in_(values)
    raise ValueError(facet)


def criteria(selection: Selection, ignore: str | None = None) -> list:
    """Every chosen facet's condition except ``ignore``'s (whose options are being counted)."""
    found = [criterion(facet, values, selection) for facet, values in selection.chosen.items()
             if facet != ignore and facet not in ("service", "region")]
    watch = watch_rows(selection, ignore)
    if watch:
        # Checked film by film through the index on film_id: as a list, SQLite would first
        # read every where-to-watch row in the blog.
        found.append(sa.exists().where(WatchOption.film_id == Review.film_id, *watch))
    return found


def matching(selection: Selection, ignore: str | None = None) -> sa.Select:
    """Visible reviews with their films meeting the selection, less one facet's choice."""
    return (sa.select().select_from(Review).join(Film, Film.id == Review.film_id)
            .where(Review.is_visible, *criteria(selection, ignore)))


# ---------- The page of reviews ----------

def order_of(sort: str) -> list:
    newest = [Review.published_at.desc(), Review.id.desc()]
    if sort == "rating":
        return [Review.rating_halves.desc().nulls_last(), *newest]
    if sort == "year":
        return [Film.year.desc().nulls_last(), Review.title, Review.id]
    if sort == "title":
        return [Review.title, Review.id]
    return newest


def reviews_page(selection: Selection, page: int) -> Window:
    """One page of the reviews the selection matches, in its order, with where to watch."""
    query = (visible().join(Film, Film.id == Review.film_id)
             .where(*criteria(selection))
             .options(selectinload(Review.film).selectinload(Film.watch_options))
             .order_by(None).order_by(*order_of(selection.sort)))
    return paginate(query, page)


# ---------- The counts beside each option ----------

@dataclass(frozen=True)
class Option:
    """One value of a facet as the form offers it."""

    value: str
    label: str
    count: int
    chosen: bool
    checked_on: date | None = None  # where to watch: when the newest of these was checked


def facet_counts(selection: Selection) -> dict[str, list[Option]]:
    """Every facet's options with their counts for the current selection: kept in the shared
    cache until a write changes what they count (``catalogue_counts``), else counted in one
    query. Every page and order of one selection shares its counts."""
    digest = hashlib.sha256(repr(sorted(selection.chosen.items())).encode()).hexdigest()
    found = catalogue_counts.kept(digest)
    if found is None:
        found = count_options(selection)
        catalogue_counts.keep(digest, found)
    return found


def matched(selection: Selection, ignore: str | None, name: str):
    """The matching reviews with what the facets group by, as a common table expression: the
    walk over the reviews is done once and shared by every facet counted on it."""
    return (sa.select(Review.id.label("review_id"), Review.film_id.label("film_id"),
                      Review.rating_halves.label("rating_halves"), Film.year.label("year"),
                      Film.runtime_minutes.label("runtime_minutes"),
                      Film.countries.label("countries"), Film.languages.label("languages"))
            .join(Film, Film.id == Review.film_id)
            .where(Review.is_visible, *criteria(selection, ignore)).cte(name))


def count_options(selection: Selection) -> dict[str, list[Option]]:
    """Count every facet's options for the selection, in one query.

    Facets nobody chose count within the whole selection, so they share one walk over it; a
    chosen facet counts within the selection less its own choice, a walk of its own.
    """
    shared = matched(selection, None, "matched")
    bases = {facet: matched(selection, facet, f"matched_{facet}")
             for facet in selection.active}
    parts = [facet_query(facet, selection, bases.get(facet, shared)).subquery().select()
             for facet in FACETS]
    rows = db.session.execute(sa.union_all(*parts)).all()
    found: dict[str, list[Option]] = {facet: [] for facet in FACETS}
    for facet, value, label, count, checked in rows:
        value = str(value)
        label = LABELS.get(facet, lambda text: text)(label)
        found[facet].append(Option(value, label, count,
                                   value in selection.chosen.get(facet, ()), checked))
    found["rating"] = at_least(found["rating"], selection, "rating")
    found["readers"] = at_least(found["readers"], selection, "readers")
    found["decade"].sort(key=lambda option: option.value)
    found["runtime"].sort(key=lambda option: list(RUNTIME_BANDS).index(option.value))
    for facet in found:  # a chosen value with nothing behind it still shows, to be unticked
        shown = {option.value for option in found[facet]}
        label = LABELS.get(facet, lambda text: text)
        found[facet] += [Option(value, label(value), 0, True) for value in
                         selection.chosen.get(facet, ()) if value not in shown]
    return found


def at_least(per_halves: list[Option], selection: Selection, facet: str) -> list[Option]:
    """Turn counts per rating (in half stars) into "N stars or more" counts, N from 5 to 1."""
    counts = {int(option.value): option.count for option in per_halves}
    chosen = selection.chosen.get(facet, ())
    options = []
    for stars in range(5, 0, -1):
        total = sum(count for halves, count in counts.items() if halves >= 2 * stars)
        if total or str(stars) in chosen:
            label = "5 stars" if stars == 5 else f"{stars} star{'' if stars == 1 else 's'} or more"
            options.append(Option(str(stars), label, total, str(stars) in chosen))
    return options


def facet_query(facet: str, selection: Selection, base) -> sa.Select:
    """The options of one facet with their counts, counted on ``base`` (the reviews matching
    every other facet's choice; see ``matched``)."""
    # One row per review and value, except where a film has several rows for one value (a
    # person in two roles, a service for rent and to stream): those count distinct reviews.
    count = (sa.func.count(sa.distinct(base.c.review_id))
             if facet in ("person", "country", "language", "service", "region")
             else sa.func.count())
    checked = sa.cast(sa.null(), sa.Date)
    query = sa.select().select_from(base)
    chosen = selection.chosen.get(facet, ())
    if facet == "genre":
        value, label = Tag.slug, Tag.name
        query = (query.join(review_tags, review_tags.c.review_id == base.c.review_id)
                 .join(Tag, Tag.id == review_tags.c.tag_id).where(Tag.kind == TagKind.GENRE))
        group = [Tag.id, Tag.slug, Tag.name]
    elif facet == "person":
        # Directors are offered (a film has one or two); anyone credited can be chosen by link.
        value, label = Person.slug, Person.name
        query = (query.join(Credit, Credit.film_id == base.c.film_id).join(Person)
                 .where(sa.or_(Credit.role == CreditRole.DIRECTOR, Person.slug.in_(chosen))))
        group = [Person.id, Person.slug, Person.name]
    elif facet in ("country", "language"):
        elements = json_values(base.c.countries if facet == "country" else base.c.languages)
        value = label = sa.cast(elements.c.value, sa.String)
        query = query.join(elements, sa.true())
        group = [elements.c.value]
    elif facet == "decade":
        value = label = decade(base.c.year)
        query = query.where(base.c.year.is_not(None))
        group = [decade(base.c.year)]
    elif facet == "rating":
        value = label = sa.cast(base.c.rating_halves, sa.String)
        query = query.where(base.c.rating_halves.is_not(None))
        group = [base.c.rating_halves]
    elif facet == "readers":
        # The readers' average in whole half stars, rounded down: "4 stars or more" is then
        # every step from 8 up, as for the critic's rating.
        summary = ReaderRatingSummary
        value = label = summary.total_halves // summary.count
        query = (query.join(summary, summary.review_id == base.c.review_id)
                 .where(summary.count >= readers_shown()))
        group = [summary.total_halves // summary.count]
    elif facet == "runtime":
        band = runtime_band(base.c.runtime_minutes)
        value = label = band
        query = query.where(band.is_not(None))
        group = [band]
    else:  # service or region, on rows meeting the other of the two
        column = WatchOption.service if facet == "service" else WatchOption.region
        value = label = column
        query = (query.join(WatchOption, WatchOption.film_id == base.c.film_id)
                 .where(*watch_rows(selection, ignore=facet)))
        group = [column]
        checked = sa.func.max(WatchOption.checked_on)
    return (query.add_columns(sa.literal(facet, sa.String).label("facet"),
                              sa.cast(value, sa.String).label("value"),
                              sa.cast(label, sa.String).label("label"),
                              count.label("n"), checked.label("checked"))
            .group_by(*group)
            .order_by(sa.cast(value, sa.String).in_(chosen).desc() if chosen else count.desc(),
                      count.desc(), sa.cast(value, sa.String))
            .limit(OPTIONS_SHOWN + len(chosen)))


# How a value reads in the form, where it is not its own label.
LABELS = {"decade": lambda value: f"{value}s",
          "runtime": lambda key: RUNTIME_BANDS[key][0] if key in RUNTIME_BANDS else key}


# ---------- When nothing matches ----------

def counts_without(selection: Selection) -> dict[str, int]:
    """For each chosen facet, how many reviews would match with that facet removed (one query)."""
    parts = [matching(selection, ignore=facet)
             .add_columns(sa.literal(facet, sa.String).label("facet"),
                          sa.func.count(sa.distinct(Review.id)).label("n"))
             .subquery().select()
             for facet in selection.active]
    if not parts:
        return {}
    query = sa.union_all(*parts) if len(parts) > 1 else parts[0]
    return dict(db.session.execute(query).all())

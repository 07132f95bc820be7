"""Readers' activity (comments and readers' ratings), and the kept pages and parts it changes.

Most public writes change what many pages show, so they drop every stored page and kept part
(``pagecache.drop_changed_pages``). Readers' activity is the frequent write, and it shows in
fewer places: a review's comments and readers' rating on its own page and comment feed, and
comment counts, the latest comments and readers' averages on the pages that list reviews. A
committed comment or rating therefore moves two generations on instead of the site's: the
review's own (``REVIEW_KEY``, by its slug), which its page and comment feed follow, and one
for every page listing reviews (``ANY_KEY``). Other reviews' pages, search, the tag index,
lists, the about page and the review feeds stay as they are.

Which page follows which is decided by its endpoint, before the request's first SQL
statement (see ``fragments.note_generation`` for why): a page about one review has the slug
in its address, under ``/reviews/<slug>``.
"""
from __future__ import annotations

from flask import current_app

from blog import generations

TABLES = frozenset({"comments", "reader_ratings", "reader_rating_summaries"})
# The execution option a bulk statement on those tables names its reviews by (a list of ids),
# so that it counts as activity on them rather than as a change to the whole site.
OPTION = "activity_of"
ANY_KEY = "activity/any"
REVIEW_KEY = "activity/review:{}"
# Pages that list reviews and show their comment counts, the latest comments, or readers'
# averages (the catalogue filters and sorts by them; the year in review ranks by them).
OF_ANY = frozenset({
    "reading.home", "reading.show_person", "reading.show_author", "reading.archive",
    "tags.show_tag", "catalogue.browse", "year.show_year", "feeds.site_comments",
})
# The address prefix of the pages and forms about one review (its page, comment feed, and
# the comment and rating forms that show the page again with an error).
OF_REVIEW_PREFIX = "/reviews/<slug>"
REVIEW_PATH_PREFIX = OF_REVIEW_PREFIX.partition("<")[0]  # "/reviews/", as a request spells it


def key_for(rule, view_args) -> str | None:
    """The activity generation a request's pages and parts follow, by its URL rule: one
    review's, any review's, or None (nothing it shows changes with readers' activity)."""
    if rule is None:
        return None
    if rule.endpoint in OF_ANY:
        return ANY_KEY
    if rule.rule.startswith(OF_REVIEW_PREFIX) and view_args and "slug" in view_args:
        return REVIEW_KEY.format(view_args["slug"])
    return None


def likely_review_key(path: str) -> str | None:
    """The review generation a page at this path probably follows, guessed without routing
    (the page cache's middleware reads it with the stored page, in one call; a wrong guess
    costs one key read for nothing, and the page's own list of keys still decides)."""
    prefix = REVIEW_PATH_PREFIX
    slug = path[len(prefix):].partition("/")[0] if path.startswith(prefix) else ""
    return REVIEW_KEY.format(slug) if slug else None


def move_on(slugs) -> None:
    """After a committed comment or rating on these reviews: their pages and the listing
    pages are built afresh; nothing else is."""
    if current_app.config["CACHE_TYPE"] == "NullCache":
        return
    generations.move_on(ANY_KEY, *(REVIEW_KEY.format(slug) for slug in slugs))

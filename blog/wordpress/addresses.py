"""The addresses an imported site had, stored so that they answer 301 to where things are now:
each item's permalink, ``?p=ID`` / ``?page_id=ID``, date permalinks, category and tag archives."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

import sqlalchemy as sa

from blog import sanitize
from blog.extensions import db
from blog.models import LegacyPath, Review, Tag
from blog.services import tags as tag_service
from blog.wordpress.summary import ImportSummary
from blog.wordpress.wxr import Channel, WxrItem, parse_time


class OldAddresses:
    """Collects one import's old addresses; each is claimed once per run and counted."""

    def __init__(self, summary: ImportSummary, channel: Channel):
        self.summary = summary
        self.counted_paths: set[str] = set()
        self.category_parents = {term.nicename: term.parent for term in channel.terms
                                 if term.domain == "category"}

    def item_paths(self, item: WxrItem, query_name: str) -> list[str]:
        """The addresses a post or page had: its link, ``?p=ID`` (or ``?page_id=ID``) and, for
        posts, the date-based permalink."""
        paths = [legacy_path(item.link)] if item.link else []
        if item.post_id:
            paths.append(f"/?{query_name}={item.post_id}")
        when = parse_time(item.post_date)
        if query_name == "p" and when and item.post_name:
            paths.append(f"/{when:%Y/%m/%d}/{unquote(item.post_name)}")
        return [path for path in dict.fromkeys(paths) if path and path != "/"]

    def post_paths(self, item: WxrItem, review: Review) -> None:
        self.add_paths(self.item_paths(item, "p"), review=review)
        for domain, nicename, name in item.terms:
            if domain in ("category", "post_tag") and nicename != "uncategorized":
                self.term_paths(domain, nicename, name)

    def term_paths(self, domain: str, nicename: str, name: str) -> None:
        if domain == "category":
            paths = ["/category/" + unquote(nicename), "/category/" + self.category_chain(nicename)]
        else:
            paths = ["/tag/" + unquote(nicename)]
        paths = [path for path in dict.fromkeys(paths) if path not in self.counted_paths]
        if not paths:  # a term shared by many posts is looked up once
            return
        key = tag_service.tag_key(" ".join(sanitize.plain_text(name).split())[:60])
        tag = db.session.scalar(sa.select(Tag).where(Tag.name_key == key))
        if tag is not None:
            self.add_paths(paths, tag=tag)

    def category_chain(self, nicename: str) -> str:
        """A category's path with its parents, "parent/child", as WordPress links it."""
        chain, seen = [nicename], {nicename}
        while self.category_parents.get(chain[0]) and \
                self.category_parents[chain[0]] not in seen:
            seen.add(self.category_parents[chain[0]])
            chain.insert(0, self.category_parents[chain[0]])
        return "/".join(unquote(part) for part in chain)

    def add_path(self, path: str, **target) -> None:
        self.add_paths([path], **target)

    def add_paths(self, paths: list[str], *, review: Review | None = None,
                  tag: Tag | None = None, endpoint: str = "") -> None:
        """Remember old addresses and where they go now (an address is claimed once a run)."""
        paths = [path for path in paths
                 if path and len(path) <= 500 and path not in self.counted_paths]
        if not paths:
            return
        self.counted_paths.update(paths)
        stored = {row.path: row for row in db.session.scalars(
            sa.select(LegacyPath).where(LegacyPath.path.in_(paths)))}
        for path in paths:
            existing = stored.get(path)
            if existing is None:
                db.session.add(LegacyPath(path=path, review=review, tag=tag, endpoint=endpoint))
                self.summary.count("redirects", "imported")
            elif (existing.review_id, existing.tag_id, existing.endpoint) != (
                    review.id if review else None, tag.id if tag else None, endpoint):
                existing.review, existing.tag, existing.endpoint = review, tag, endpoint
                self.summary.count("redirects", "updated")
            else:
                self.summary.count("redirects", "skipped", "already here")


def legacy_path(url: str) -> str:
    """The path (and ``?p=``/``?page_id=`` query) of an old address, without a trailing slash."""
    parts = urlsplit(url or "")
    path = unquote(parts.path).rstrip("/") or "/"
    if path == "/" and parts.query:
        query = dict(pair.partition("=")[::2] for pair in parts.query.split("&"))
        for name in ("p", "page_id"):
            if query.get(name, "").isdigit():
                return f"/?{name}={query[name]}"
    return path

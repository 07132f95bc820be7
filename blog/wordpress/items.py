"""One import run: each item of the export becomes a review (with its film, tags, poster,
comments and old addresses), the about page, or a line in the summary saying why not."""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import sqlalchemy as sa
from slugify import slugify

from blog import sanitize
from blog.extensions import db
from blog.models import Film, Review, ReviewStatus, SitePage, Tag, User, utcnow
from blog.services import archive, search, tags as tag_service
from blog.services.images import (ImageRejected, StoredImage, delete_stored, store_inline,
                                  store_poster)
from blog.services.reviews import render_review_text
from blog.services.writing import claim_slug
from blog.wordpress import people, record as own
from blog.wordpress.addresses import OldAddresses
from blog.wordpress.body import film_from_title, to_markdown, uploads_path
from blog.wordpress.comments import CommentImporter
from blog.wordpress.errors import ImportOptionError
from blog.wordpress.survey import Survey
from blog.wordpress.redirects import forget_legacy_paths
from blog.wordpress.summary import ImportSummary, Inference
from blog.wordpress.wxr import WxrAuthor, WxrItem, parse_time

TITLE_MAX = 200
DEK_MAX = 300
MANY_TAGS = 20
ABOUT_NAMES = {"about", "about me", "about us", "about this blog", "about this site"}
NOT_CONTENT = {"attachment": "attachments (used as posters and pictures)",
               "nav_menu_item": "menu items", "revision": "revisions",
               "wp_block": "reusable blocks", "wp_navigation": "navigation menus",
               "wp_template": "templates", "wp_template_part": "template parts",
               "wp_global_styles": "global styles", "custom_css": "custom CSS"}


class Run:
    """The state of one import: accounts and tags seen so far, the open batch, the summary."""

    def __init__(self, found: Survey, summary: ImportSummary, *, uploads: Path | None,
                 authors: dict[str, str], statuses: frozenset[str], dry_run: bool):
        self.found, self.summary = found, summary
        self.uploads = Path(uploads).resolve() if uploads else None
        self.author_map = {login.strip(): username.strip() for login, username in authors.items()}
        self.statuses, self.dry_run = statuses, dry_run
        self.declared = {author.login: author for author in found.channel.authors}
        self.users: dict[str, User] = {}  # WordPress login -> account here
        self.counted_people: set[str] = set()
        self.counted_tags: set[str] = set()
        self.stored_files: list[str] = []  # written in the open batch, deleted if it fails
        self.images: dict[str, StoredImage | None] = {}
        self.changed_reviews: list[Review] = []
        self.not_content: dict[str, int] = {}
        self.about_done = False
        self.seen_guids: set[str] = set()
        self.addresses = OldAddresses(summary, found.channel)
        self.accounts_by_email: dict[str, int | None] = {}  # confirmed accounts of guests
        self.old_slugs: set[str] = set()  # old review slugs this import kept
        self.tag_kinds = {tag_service.tag_key(" ".join(sanitize.plain_text(term.name).split())):
                          own.tag_kind(term) for term in found.channel.terms}
        self.site = (found.channel.base_blog_url or found.channel.link).rstrip("/")

    # ---------- Batches ----------

    def end_batch(self) -> None:
        """Commit what the open batch did (roll it back in a dry run)."""
        if self.dry_run:
            db.session.rollback()
        else:
            if self.changed_reviews:
                db.session.flush()
                search.reindex([review.id for review in self.changed_reviews])
            db.session.commit()
            forget_legacy_paths()
            if self.changed_reviews:
                tag_service.forget_cloud()
                archive.forget()
        self.stored_files, self.changed_reviews = [], []
        if self.dry_run:
            self.users = {}  # the accounts were rolled back with the batch

    def abandon_batch(self) -> None:
        """Undo the open batch, files included."""
        db.session.rollback()
        for path in self.stored_files:
            delete_stored(path)
        self.stored_files = []

    # ---------- People ----------

    def check_author_map(self) -> None:
        """Every --author must name an author or admin here, before anything is written."""
        for login, username in self.author_map.items():
            user = people.find_user(username)
            if user is None or not (user.is_admin or user.role.value == "author"):
                raise ImportOptionError(f"--author {login}={username}: there is no author or "
                                        f"admin called {username} here.")

    def author_of(self, item: WxrItem) -> User:
        """The account a post's ``dc:creator`` stands for, creating one if needed."""
        login = people.clean_login(item.creator)
        if login != item.creator:
            self.summary.warn(f"Malformed author “{item.creator}” read as “{login}”.")
        if login not in self.declared and login not in self.author_map:
            fallback = next(iter(self.declared), "") or login or "wordpress"
            self.summary.warn(f"Author “{item.creator}” is not declared in the export; "
                              f"“{item.title[:60]}” was given to {fallback}.")
            login = fallback
        if login not in self.users:
            self.users[login] = self._account(login)
        return self.users[login]

    def _account(self, login: str) -> User:
        if login in self.author_map:
            self._count_person(login, "skipped", "mapped with --author")
            return people.find_user(self.author_map[login])
        declared = self.declared.get(login) or WxrAuthor(login)
        existing = people.find_user(people.username_for(login))
        if existing is not None and (existing.is_admin or existing.role.value == "author"):
            self._count_person(login, "skipped", "account already here")
            return existing
        self._count_person(login, "imported")
        return people.create_author(declared)

    def _count_person(self, login: str, outcome: str, reason: str | None = None) -> None:
        if login not in self.counted_people:
            self.counted_people.add(login)
            self.summary.count("people", outcome, reason)

    # ---------- Items ----------

    def take(self, item: WxrItem) -> None:
        """Import one item of any kind (or count why not)."""
        if item.post_type == "post":
            self.savepoint(self.take_post, item, "posts")
        elif item.post_type == "page":
            self.savepoint(self.take_page, item, "pages")
        else:
            label = NOT_CONTENT.get(item.post_type, f"items of type “{item.post_type}”")
            self.not_content[label] = self.not_content.get(label, 0) + 1

    def savepoint(self, action, item: WxrItem, kind: str) -> None:
        """Run one item's import so that a failure undoes that item alone and is reported."""
        pending = set(db.session.new)
        nested = db.session.begin_nested()
        try:
            action(item)
            nested.commit()
        except (sanitize.MarkdownTooComplex, ValueError, sa.exc.SQLAlchemyError) as error:
            nested.rollback()
            for obj in set(db.session.new) - pending:  # never flushed, so not rolled back
                db.session.expunge(obj)
            self.summary.count(kind, "skipped", "could not be imported")
            self.summary.warn(f"“{item.title[:80]}” was not imported: {error}")

    def status_of(self, item: WxrItem) -> tuple[ReviewStatus, datetime | None] | None:
        """The review's status and publication time for a post's status; None to skip it."""
        if item.status not in self.statuses:
            return None
        if item.status in ("publish", "future") and not item.post_password:
            when = parse_time(item.post_date_gmt) or parse_time(item.post_date) or utcnow()
            return ReviewStatus.PUBLISHED, when
        return ReviewStatus.DRAFT, None

    def take_post(self, item: WxrItem) -> None:
        guid = (item.guid or f"{self.site}/?p={item.post_id}")[:300]
        if guid in self.seen_guids:  # two posts sharing a GUID (it happens): tell them apart
            guid = f"{guid}#post-{item.post_id}"[:300]
            self.summary.warn(f"“{item.title[:60]}” has the same GUID as an earlier post; "
                              "matched by its post id instead.")
        self.seen_guids.add(guid)
        state = self.status_of(item)
        if state is None:
            self.summary.count("posts", "skipped", f"status “{item.status or 'none'}”")
            self._skip_comments(item, "on a post that was not imported")
            return
        review = db.session.scalar(sa.select(Review).where(Review.wp_guid == guid))
        digest = self.digest(item)
        if review is not None and review.wp_digest == digest:
            self.summary.count("posts", "skipped", "unchanged since the last import")
        else:
            review = self.fill_post(item, review, guid, digest, state)
        self.addresses.post_paths(item, review)
        for slug in own.keep_old_review_slugs(item, review):
            self.old_slugs.add(slug)
            self.summary.count("redirects", "imported")
        CommentImporter(self, item, review, guid).import_all()

    def digest(self, item: WxrItem) -> str:
        """A fingerprint of what the export says about a post (comments aside)."""
        facts = [item.title, item.content, item.excerpt, item.status, item.post_date_gmt,
                 item.post_date, item.post_name, item.post_password, item.comment_status,
                 item.creator, sorted(item.terms), item.meta.get("_thumbnail_id", ""),
                 str(self.uploads or "")]
        facts += [item.meta_all[key] for key in own.READ_META if key in item.meta_all]
        return hashlib.sha256(json.dumps(facts).encode()).hexdigest()

    def fill_post(self, item: WxrItem, review: Review | None, guid: str, digest: str,
                  state: tuple[ReviewStatus, datetime | None]) -> Review:
        is_new = review is None
        title = " ".join(item.title.split())[:TITLE_MAX] or f"Untitled post {item.post_id}"
        converted = to_markdown(item.content, attachments=self.found.attachments,
                                children=self.found.children.get(item.post_id, []),
                                image_url=self.inline_image)
        markdown = own.markdown_source(item) or converted.markdown
        sanitize.check_markdown_budget(markdown)  # before any row is made
        inference = Inference(post=item.title or title, review_slug="")
        try:
            kept = own.read_record(item)
        except own.RecordError as error:
            self.summary.warn(f"“{title[:60]}”: {error}; its film was inferred instead.")
            kept = own.ReviewRecord()
        for name in converted.unknown_shortcodes:
            self.summary.warn(f"Unknown shortcode [{name}] kept as text in “{title[:60]}”.")
        if converted.missing_images:
            self.summary.count("images", "skipped", "not found in --uploads" if self.uploads
                               else "no --uploads given", converted.missing_images)
        author = self.author_of(item)
        with db.session.no_autoflush:
            review = review or Review(author=author, wp_guid=guid)
            review.author = author
            review.film = self.film_for(review, title, converted.hints, inference, kept)
            review.title, review.body = title, markdown
            if kept.facts is not None:  # the blog's own record says all there is
                review.rating_halves, review.verdict = kept.rating_halves, kept.verdict
            else:  # WordPress's readable fields, where given, and nothing taken away
                review.rating_halves = kept.rating_halves or review.rating_halves
                review.verdict = kept.verdict or review.verdict or ""
            review.dek = sanitize.plain_text(item.excerpt or "").strip()[:DEK_MAX]
            review.status, review.published_at = state
            when = parse_time(item.post_date_gmt) or parse_time(item.post_date) or utcnow()
            review.created_at = review.created_at or when
            review.updated_at = utcnow()
            review.comments_open = item.comment_status != "closed"
            review.wp_digest = digest
            review.tags = self.tags_for(item, title, review)
            if is_new:
                wanted = unquote(item.post_name) or title
                own.free_old_slug(slugify(wanted)[:200], self.old_slugs)
                claim_slug(review, wanted, typed=False, year=review.film.year)
                if review.slug != slugify(wanted)[:200] and item.post_name:
                    inference.facts["address"] = f"/reviews/{review.slug} (“{item.post_name}” " \
                                                 "was taken)"
            self.set_poster(item, review, inference)
            render_review_text(review)
        if item.post_password:
            inference.facts["status"] = "draft: it was password-protected"
            self.summary.warn(f"“{title[:60]}” was password-protected; it is a draft here.")
        elif item.status == "private":
            inference.facts["status"] = "draft: it was private"
        db.session.add(review)
        db.session.flush()
        inference.review_slug = review.slug
        if inference.facts:
            self.summary.inferred.append(inference)
        self.summary.count("posts", "imported" if is_new else "updated")
        self.changed_reviews.append(review)
        return review

    def film_for(self, review: Review, title: str, hints, inference: Inference,
                 kept: own.ReviewRecord) -> Film:
        """The film a post is about, from the export's record of it, else from its title and
        the links in it; facts already stored are never overwritten, only gaps filled."""
        if kept.facts is not None:
            try:
                return own.recorded_film(review, kept)
            except own.RecordError as error:
                self.summary.warn(f"“{title[:60]}”: {error}; its film was inferred instead.")
        film_title, year = film_from_title(sanitize.plain_text(title))
        film = None
        if hints.imdb_id:
            film = db.session.scalar(sa.select(Film).where(Film.imdb_id == hints.imdb_id))
        if film is None and review.film_id is not None:
            film = review.film
        if film is None and year:
            film = db.session.scalar(sa.select(Film).where(
                sa.func.lower(Film.title) == film_title.lower(), Film.year == year).limit(1))
        if film is None:
            film = Film(title=film_title[:200] or title, year=year)
            db.session.add(film)
        inference.facts["film"] = f"{film_title} ({year})" if year else \
            f"{film_title} (no year in the title)"
        for name in ("trailer_url", "rotten_tomatoes_url", "letterboxd_url"):
            value = getattr(hints, name)
            if value and not getattr(film, name):
                setattr(film, name, value)
                inference.facts[name.replace("_url", "").replace("_", " ")] = value
        if hints.imdb_id and not film.imdb_id:
            film.imdb_id = hints.imdb_id
            inference.facts["IMDb"] = hints.imdb_id
        if film.year is None and year:
            film.year = year
        return film

    def tags_for(self, item: WxrItem, title: str, review: Review) -> list[Tag]:
        """The post's categories and tags as tags here, their kinds guessed where safe."""
        names: dict[str, str] = {}
        for domain, nicename, name in item.terms:
            if domain not in ("category", "post_tag") or nicename == "uncategorized":
                continue
            name = " ".join(sanitize.plain_text(name).split())
            if len(name) > tag_service.NAME_MAX:
                self.summary.warn(f"Tag “{name[:30]}…” was cut to {tag_service.NAME_MAX} "
                                  "characters.")
                name = name[:tag_service.NAME_MAX].rstrip()
            if name:
                names.setdefault(tag_service.tag_key(name), name)
        if len(names) > MANY_TAGS:
            self.summary.warn(f"“{title[:60]}” has {len(names)} tags and categories; all were "
                              "kept.")
        # People credited on the film (a film already here) make a tag of their name a person's.
        credited = [credit.person.name for credit in review.film.credits] \
            if review.film.id is not None else []
        found = tag_service.tags_named(list(names.values()), credited)
        for tag in found:
            if tag in db.session.new and self.tag_kinds.get(tag.name_key):
                tag.kind = self.tag_kinds[tag.name_key]
            if tag.name_key not in self.counted_tags:
                self.counted_tags.add(tag.name_key)
                new = tag in db.session.new
                self.summary.count("tags", "imported" if new else "skipped",
                                   None if new else "already here")
        return found

    # ---------- Images ----------

    def upload_file(self, relative: str | None) -> Path | None:
        """A file under --uploads by its relative path; None when absent or outside it."""
        if not relative or self.uploads is None:
            return None
        target = (self.uploads / unquote(relative)).resolve()
        if os.path.commonpath([self.uploads, target]) != str(self.uploads) or not target.is_file():
            return None
        return target

    def store(self, target: Path, poster: bool) -> StoredImage | None:
        key = f"{'poster' if poster else 'inline'}:{target}"
        if key not in self.images:
            if self.dry_run:
                self.images[key] = StoredImage(f"dry-run/{target.name}", 0, 0)
            else:
                try:
                    with open(target, "rb") as handle:
                        stored = (store_poster if poster else store_inline)(handle, target.stem)
                except (ImageRejected, OSError) as error:
                    self.summary.count("images", "skipped", "not a usable image")
                    self.summary.warn(f"{target.name}: {error}")
                    stored = None
                if stored is not None:
                    self.stored_files.append(stored.path)
                self.images[key] = stored
            if self.images[key] is not None:
                self.summary.count("images", "imported")
        return self.images[key]

    def inline_image(self, url: str) -> str | None:
        """The address here of a picture in a body, re-encoded from --uploads; None if absent."""
        target = self.upload_file(uploads_path(url))
        stored = self.store(target, poster=False) if target else None
        return f"/media/{stored.path}" if stored else None

    def set_poster(self, item: WxrItem, review: Review, inference: Inference) -> None:
        """The featured image, through the attachment it names, as the review's poster."""
        thumbnail = item.meta.get("_thumbnail_id", "")
        if not thumbnail:
            return
        relative = self.found.attached_files.get(thumbnail) or uploads_path(
            self.found.attachments.get(thumbnail, ""))
        target = self.upload_file(relative)
        if target is None:
            reason = "no --uploads given" if self.uploads is None else "not found in --uploads"
            self.summary.count("images", "skipped", reason)
            return
        stored = self.store(target, poster=True)
        if stored is not None:
            review.poster_path = stored.path
            review.poster_width, review.poster_height = stored.width, stored.height
            review.poster_alt = f"Poster for {review.film.title}"[:200]
            inference.facts["poster"] = relative

    # ---------- Pages ----------

    def take_page(self, item: WxrItem) -> None:
        name = " ".join(sanitize.plain_text(item.title).split()).casefold()
        if self.about_done or not (item.post_name == "about" or name in ABOUT_NAMES):
            self.summary.count("pages", "skipped", "only the about page is imported")
            self._skip_comments(item, "on a page that was not imported")
            return
        self.about_done = True
        markdown = own.markdown_source(item) or \
            to_markdown(item.content, image_url=self.inline_image).markdown
        page = db.session.get(SitePage, "about")
        if page is not None and page.body == markdown:
            self.summary.count("pages", "skipped", "unchanged since the last import")
        else:
            self.summary.count("pages", "imported" if page is None else "updated")
            page = page or SitePage(name="about")
            page.body, page.body_html = markdown, sanitize.render_markdown(markdown)
            page.updated_at = utcnow()
            db.session.add(page)
        self.addresses.add_paths(self.addresses.item_paths(item, "page_id"),
                                 endpoint="reading.about")
        self._skip_comments(item, "on a page (pages have no comments here)")

    def _skip_comments(self, item: WxrItem, reason: str) -> None:
        if item.comments:
            self.summary.count("comments", "skipped", reason, len(item.comments))

    # ---------- The end ----------

    def finish(self) -> None:
        """Site-wide addresses, the terms no post used, and what was not content."""
        self.addresses.add_path("/feed", endpoint="feeds.site")
        for _ in range(own.keep_old_tag_slugs(self.found.channel.terms)):
            self.summary.count("redirects", "imported")
        declared = {(term.domain, term.nicename) for term in self.found.channel.terms}
        unused = declared - self.found.used_terms
        if unused:
            self.summary.count("tags", "skipped", "declared but used by no post", len(unused))
        if self.not_content:
            listed = ", ".join(f"{count} {label}" for label, count in
                               sorted(self.not_content.items()))
            self.summary.warn(f"Not content here, left out: {listed}.")


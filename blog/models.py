"""The data model: users, films and the people in them, reviews, tags and comments."""
from __future__ import annotations

import enum
import unicodedata
from datetime import date, datetime, timezone
from typing import Optional

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from blog.extensions import db


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(timezone.utc)


class UTCDateTime(sa.TypeDecorator):
    """Store naive UTC in the database and hand back aware UTC datetimes on every backend."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; the blog stores aware UTC times only")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Role(str, enum.Enum):
    """What an account may do: comment; also write reviews; also manage users."""

    COMMENTER = "commenter"
    AUTHOR = "author"
    ADMIN = "admin"


class ReviewStatus(str, enum.Enum):
    """A review's stored state; "scheduled" is derived: published with a time still to come."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


class CommentStatus(str, enum.Enum):
    """Where a comment stands: held for a moderator, shown, marked as spam, or deleted."""

    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    DELETED = "deleted"


class MailStatus(str, enum.Enum):
    """Where a message in the outbox stands: waiting, being sent, or given up on."""

    QUEUED = "queued"
    SENDING = "sending"
    FAILED = "failed"


class CreditRole(str, enum.Enum):
    """What a person did on a film: directed, wrote, or acted in it."""

    DIRECTOR = "director"
    WRITER = "writer"
    CAST = "cast"


class TagKind(str, enum.Enum):
    """The group a tag is shown under in the cloud, chosen by the author."""

    GENRE = "genre"
    DECADE = "decade"
    PERSON = "person"
    THEME = "theme"
    OTHER = "other"


def enum_column(enum_cls, **kwargs):
    """A string column holding an enum's values, checked by a named constraint."""
    return mapped_column(
        sa.Enum(enum_cls, values_callable=lambda e: [m.value for m in e],
                native_enum=False, length=20, validate_strings=True,
                create_constraint=True, name=enum_cls.__name__.lower()),
        **kwargs)


class User(UserMixin, db.Model):
    """An account: a reader, an author or an admin, with its sign-in details and settings."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(40))
    # Case-folded copy of the username: the unique key, so "Ann" and "ann" cannot both exist.
    username_key: Mapped[str] = mapped_column(sa.String(40), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(sa.String(80), default="")
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    # An author's portrait (in the upload store) and links, one address a line.
    portrait_path: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    links: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    role: Mapped[Role] = enum_column(Role, default=Role.COMMENTER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    email_confirmed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    is_banned: Mapped[bool] = mapped_column(default=False)
    notify_replies: Mapped[bool] = mapped_column(default=False)

    reviews: Mapped[list[Review]] = relationship(back_populates="author")

    @property
    def name(self) -> str:
        """The name shown on pages: the display name, or the username without one."""
        return self.display_name or self.username

    @property
    def is_author(self) -> bool:
        return self.role in (Role.AUTHOR, Role.ADMIN)

    @property
    def link_list(self) -> list[str]:
        """The author's links, in the order they gave them."""
        return [line for line in self.links.splitlines() if line]

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    # The token of the login this object was loaded for (not a column): see LoginSession.
    login_token = None

    def get_id(self) -> str:
        """Flask-Login's session id: the user and the login's token, never the user alone."""
        return f"{self.id}:{self.login_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class LoginSession(db.Model):
    """One sign-in of one browser; its session and remember-me cookies carry the token.

    Only the token's SHA-256 is stored. Deleting the row ends that login wherever its cookies
    were copied to: logout, "sign out everywhere", a password change or reset, a ban.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Film(db.Model):
    """A film as reviews describe it: facts, links, credits and where to watch."""

    __tablename__ = "films"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    original_title: Mapped[str] = mapped_column(sa.String(200), default="")
    year: Mapped[Optional[int]]
    release_date: Mapped[Optional[date]]
    runtime_minutes: Mapped[Optional[int]]
    countries: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    synopsis: Mapped[str] = mapped_column(sa.Text, default="")
    trailer_url: Mapped[str] = mapped_column(sa.String(300), default="")
    imdb_id: Mapped[Optional[str]] = mapped_column(sa.String(12), unique=True)
    rotten_tomatoes_url: Mapped[str] = mapped_column(sa.String(300), default="")
    letterboxd_url: Mapped[str] = mapped_column(sa.String(300), default="")
    # The BCP 47 tag of the original title (``lang`` on the page); empty means the site's own.
    language: Mapped[str] = mapped_column(sa.String(35), default="", server_default="")

    credits: Mapped[list[Credit]] = relationship(
        back_populates="film", order_by="Credit.position", cascade="all, delete-orphan")
    watch_options: Mapped[list[WatchOption]] = relationship(
        back_populates="film", order_by="WatchOption.service", cascade="all, delete-orphan")
    reviews: Mapped[list[Review]] = relationship(back_populates="film")

    def credits_as(self, role: CreditRole | str) -> list[Credit]:
        """The film's credits in one role, in billing order."""
        return [credit for credit in self.credits if credit.role == role]

    def people_with_roles(self) -> list[tuple[Person, list[str]]]:
        """Each credited person once, in billing order, with what they did ("Director", a
        character name...), so a writer-director is listed once."""
        grouped: dict[int, tuple[Person, list[str]]] = {}
        for credit in self.credits:
            label = (credit.character or "Cast") if credit.role == CreditRole.CAST else (
                credit.role.value.capitalize())
            grouped.setdefault(credit.person_id, (credit.person, []))[1].append(label)
        return list(grouped.values())

    @property
    def imdb_url(self) -> str:
        return f"https://www.imdb.com/title/{self.imdb_id}/" if self.imdb_id else ""


class Person(db.Model):
    """Someone credited on films, with a page of the reviews of their films."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    # The identity when present: two people may share a name, never an IMDb id.
    imdb_id: Mapped[Optional[str]] = mapped_column(sa.String(12), unique=True)
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    portrait_path: Mapped[str] = mapped_column(sa.String(255), default="")

    credits: Mapped[list[Credit]] = relationship(back_populates="person")

    @property
    def imdb_url(self) -> str:
        return f"https://www.imdb.com/name/{self.imdb_id}/" if self.imdb_id else ""


class Credit(db.Model):
    """One person's part in one film (director, writer, or cast with a character)."""

    __tablename__ = "credits"
    __table_args__ = (sa.Index("ix_credits_person_film", "person_id", "film_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(sa.ForeignKey("films.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[CreditRole] = enum_column(CreditRole)
    character: Mapped[str] = mapped_column(sa.String(200), default="")
    position: Mapped[int] = mapped_column(default=0)

    film: Mapped[Film] = relationship(back_populates="credits")
    person: Mapped[Person] = relationship(back_populates="credits")


class WatchOption(db.Model):
    """Where a film can be streamed, rented or bought, in a region, as last checked."""

    __tablename__ = "watch_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(sa.ForeignKey("films.id", ondelete="CASCADE"), index=True)
    service: Mapped[str] = mapped_column(sa.String(80))
    kind: Mapped[str] = mapped_column(sa.String(20), default="stream")  # stream, rent, buy
    region: Mapped[str] = mapped_column(sa.String(8))
    url: Mapped[str] = mapped_column(sa.String(300), default="")
    checked_on: Mapped[date]

    film: Mapped[Film] = relationship(back_populates="watch_options")


review_tags = sa.Table(
    "review_tags",
    db.metadata,
    sa.Column("review_id", sa.ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


def fold_name(name: str) -> str:
    """A name case-folded and NFKC-normalized, spaces collapsed: what makes tags the same."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(text.split())[:200]


class Tag(db.Model):
    """A label on reviews, with its own page and place in the cloud."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    # The name case-folded and NFKC-normalized: two tags are the same tag when these match
    # (ß and SS are; café and cafe, 北京 and 背景, C++ and C# are not, though they may slugify
    # alike, which is why the slug is not the identity).
    name_key: Mapped[str] = mapped_column(
        sa.String(200), unique=True,
        default=lambda context: fold_name(context.get_current_parameters()["name"]))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    kind: Mapped[TagKind] = enum_column(TagKind, default=TagKind.OTHER)
    # Published reviews carrying the tag, scheduled ones included, kept by
    # ``services/tag_counts.py`` on every write so the cloud never counts reviews per request.
    published_count: Mapped[int] = mapped_column(default=0, server_default="0")


class TagSlugRedirect(db.Model):
    """An old slug of a renamed or merged tag, answered with a permanent redirect."""

    __tablename__ = "tag_slug_redirects"

    id: Mapped[int] = mapped_column(primary_key=True)
    old_slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    tag_id: Mapped[int] = mapped_column(sa.ForeignKey("tags.id", ondelete="CASCADE"),
                                        index=True)

    tag: Mapped[Tag] = relationship()


class Review(db.Model):
    """A critic's review of one film, visible to readers once published and its time has come."""

    __tablename__ = "reviews"
    __table_args__ = (
        sa.CheckConstraint("rating_halves BETWEEN 1 AND 10", name="rating_half_steps"),
        sa.Index("ix_reviews_status_published_at", "status", "published_at"),
        # The catalogue (/reviews/) sorted by the critic's rating or by title.
        sa.Index("ix_reviews_status_rating", "status", "rating_halves", "published_at"),
        sa.Index("ix_reviews_status_title", "status", "title"),
        # A film's reviews, and whether and when each is visible, from the index alone (a
        # person's page walks their films' reviews: a few hundred for the most credited).
        sa.Index("ix_reviews_film_visible", "film_id", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(200), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    dek: Mapped[str] = mapped_column(sa.String(300), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    excerpt: Mapped[str] = mapped_column(sa.Text, default="")
    reading_minutes: Mapped[int] = mapped_column(default=1)
    # Ratings are half stars from 0.5 to 5, kept as whole half-steps (1 to 10).
    rating_halves: Mapped[Optional[int]]
    verdict: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[ReviewStatus] = enum_column(ReviewStatus, default=ReviewStatus.DRAFT)
    published_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    film_id: Mapped[int] = mapped_column(sa.ForeignKey("films.id"))
    poster_path: Mapped[str] = mapped_column(sa.String(255), default="")
    poster_alt: Mapped[str] = mapped_column(sa.String(200), default="")
    poster_width: Mapped[Optional[int]]
    poster_height: Mapped[Optional[int]]
    comments_open: Mapped[bool] = mapped_column(default=True)
    # Set for a review imported from WordPress: the post's GUID (how a second import finds it)
    # and a digest of what the export said, so an unchanged post is left alone.
    wp_guid: Mapped[Optional[str]] = mapped_column(sa.String(300), unique=True)
    wp_digest: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")

    author: Mapped[User] = relationship(back_populates="reviews")
    film: Mapped[Film] = relationship(back_populates="reviews")
    tags: Mapped[list[Tag]] = relationship(secondary=review_tags, order_by=Tag.name)
    comments: Mapped[list[Comment]] = relationship(
        back_populates="review", cascade="all, delete-orphan")
    revisions: Mapped[list[ReviewRevision]] = relationship(
        back_populates="review", cascade="all, delete-orphan", passive_deletes=True,
        order_by="[ReviewRevision.created_at.desc(), ReviewRevision.id.desc()]")

    @hybrid_property
    def is_visible(self) -> bool:
        """The one visibility rule: published, and its publication time has come."""
        return (self.status is ReviewStatus.PUBLISHED and self.published_at is not None
                and self.published_at <= utcnow())

    @is_visible.inplace.expression
    @classmethod
    def _is_visible_expression(cls):
        return cls.visible_at(utcnow())

    @classmethod
    def visible_at(cls, moment):
        """The visibility rule in SQL at ``moment``: a time, or a bound parameter for a
        statement built once and run with the time of each request."""
        return sa.and_(cls.status == ReviewStatus.PUBLISHED, cls.published_at <= moment)

    @property
    def rating(self) -> Optional[float]:
        return None if self.rating_halves is None else self.rating_halves / 2

    @property
    def was_updated(self) -> bool:
        """Whether the review changed noticeably (a day or more) after it was published."""
        return bool(self.published_at and
                    (self.updated_at - self.published_at).total_seconds() > 86_400)


class ReviewSlugRedirect(db.Model):
    """An old slug of a review, answered with a permanent redirect to the current one."""

    __tablename__ = "review_slug_redirects"

    id: Mapped[int] = mapped_column(primary_key=True)
    old_slug: Mapped[str] = mapped_column(sa.String(200), unique=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"))

    review: Mapped[Review] = relationship()


class Comment(db.Model):
    """A reader's comment on a review, threaded, stored as typed and as sanitized HTML."""

    __tablename__ = "comments"
    __table_args__ = (
        sa.Index("ix_comments_review_status_created", "review_id", "status", "created_at"),
        # The sidebar's "recent comments" walks this backwards and stops after a few rows.
        sa.Index("ix_comments_status_created", "status", "created_at"),
        # A page of threads loads its replies by top-level comment and status; with root_id
        # alone SQLite prefers the status index and walks every approved comment instead.
        sa.Index("ix_comments_root_status", "root_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"))
    # Null once the writer deletes their account: the comment shows "[deleted user]".
    author_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    parent_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    # The top-level comment a reply belongs to (None for top-level ones): threads paginate by
    # their top-level comment, and one query then loads every reply on the page.
    root_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"))
    depth: Mapped[int] = mapped_column(default=0)
    body_source: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[CommentStatus] = enum_column(CommentStatus, default=CommentStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # Set when the notifications for this comment went out (the first time it became visible).
    notified_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # A digest of the form token it was sent with: the same form sent again (its answer lost)
    # finds this comment instead of storing a second one.
    form_token: Mapped[Optional[str]] = mapped_column(sa.String(64), index=True, unique=True)
    # Imported from WordPress: "<post GUID>#<comment id>", so a second import finds it.
    wp_key: Mapped[Optional[str]] = mapped_column(sa.String(340), unique=True)
    # A guest's comment (imported; no account here): the name they gave is shown, the email
    # never is. Confirming that address on an account makes these comments the account's.
    guest_name: Mapped[str] = mapped_column(sa.String(80), default="", server_default="")
    guest_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="",
                                             index=True)

    review: Mapped[Review] = relationship(back_populates="comments")
    author: Mapped[Optional[User]] = relationship()
    parent: Mapped[Optional[Comment]] = relationship(remote_side=[id], foreign_keys=[parent_id])
    root: Mapped[Optional[Comment]] = relationship(remote_side=[id], foreign_keys=[root_id])
    reports: Mapped[list[CommentReport]] = relationship(
        back_populates="comment", cascade="all, delete-orphan")

    def place_under(self, parent: Comment | None, max_levels: int | None = None) -> None:
        """Make this a reply to ``parent`` (or top-level), no deeper than ``max_levels`` levels:
        a reply past the last level joins its parent's level instead."""
        while parent is not None and max_levels is not None and parent.depth + 1 >= max_levels:
            parent = parent.parent
        self.parent = parent
        self.root = None if parent is None else (parent.root or parent)
        self.depth = 0 if parent is None else parent.depth + 1

    @property
    def byline(self) -> str:
        """The name a comment shows: its account's, a guest's given name, or "[deleted user]"."""
        if self.author is not None:
            return self.author.name
        return self.guest_name or "[deleted user]"


class CommentDraft(db.Model):
    """A comment sent by a reader whose session had ended, kept until they sign in again."""

    __tablename__ = "comment_drafts"

    # A random, unguessable key: the login link carries it back to the review.
    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"))
    parent_id: Mapped[Optional[int]]
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class SitePage(db.Model):
    """A page of the site whose text an admin writes in the studio (the about page)."""

    __tablename__ = "site_pages"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    body: Mapped[str] = mapped_column(sa.Text)  # Markdown as typed
    body_html: Mapped[str] = mapped_column(sa.Text)  # rendered and sanitized at save
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))


class CommentReport(db.Model):
    """A reader's report of a comment to the moderators (one per reader and comment)."""

    __tablename__ = "comment_reports"
    __table_args__ = (sa.UniqueConstraint("comment_id", "reporter_id",
                                          name="uq_comment_reports_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="reports")
    reporter: Mapped[User] = relationship()


class ReviewRevision(db.Model):
    """An earlier version of a review as its author wrote it, kept each time it is saved."""

    __tablename__ = "review_revisions"
    __table_args__ = (
        sa.CheckConstraint("rating_halves BETWEEN 1 AND 10", name="rating_half_steps"),
        # A review's history is listed newest first, and only ever per review.
        sa.Index("ix_review_revisions_review_created", "review_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"))
    # Null once the editor deletes their account: the revision shows "[deleted user]".
    editor_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # When it was kept, that is when a save replaced it; ``saved_at`` is when it was written.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The snapshot: what the author writes, not what is derived from it at save.
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(200))
    dek: Mapped[str] = mapped_column(sa.String(300), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    rating_halves: Mapped[Optional[int]]
    verdict: Mapped[str] = mapped_column(sa.String(200), default="")
    # Tag names, in the review's order (the tags themselves may be renamed or merged later).
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[ReviewStatus] = enum_column(ReviewStatus, default=ReviewStatus.DRAFT)
    published_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    comments_open: Mapped[bool] = mapped_column(default=True)

    review: Mapped[Review] = relationship(back_populates="revisions")
    editor: Mapped[Optional[User]] = relationship()

    @property
    def rating(self) -> Optional[float]:
        return None if self.rating_halves is None else self.rating_halves / 2


class OutgoingMail(db.Model):
    """A message in the outbox: written in the transaction that wants it sent, sent after the
    commit, and deleted once the mail server takes it."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    headers: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON object
    status: Mapped[MailStatus] = enum_column(MailStatus, default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")


class SearchDocument(db.Model):
    """A review's searchable text, one row per review (drafts too: visibility is checked when
    searching), rebuilt by ``services.search.reindex`` whenever something it holds changes.

    The full-text index over these rows is not a model: an FTS5 table on SQLite and a weighted
    ``tsvector`` column with a GIN index on PostgreSQL, both made by migration 0010 and filled
    by triggers on this table.
    """

    __tablename__ = "search_documents"

    review_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(sa.Text, default="")
    film: Mapped[str] = mapped_column(sa.Text, default="")  # title, original title, year
    people: Mapped[str] = mapped_column(sa.Text, default="")  # everyone credited on the film
    verdict: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")  # plain text, spoilers left out
    tags: Mapped[str] = mapped_column(sa.Text, default="")


class LegacyPath(db.Model):
    """An address the blog had before (on WordPress) and where it answers now, with a 301.

    ``path`` is stored without a trailing slash ("/2023/05/12/slug", "/?p=12"); exactly one of
    the review, the tag or the endpoint (the site feed, the about page) is the destination.
    Looked up only when nothing else answered the request."""

    __tablename__ = "legacy_paths"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(sa.String(500), unique=True)
    review_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    tag_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("tags.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")

    review: Mapped[Optional[Review]] = relationship()
    tag: Mapped[Optional[Tag]] = relationship()


class ReaderRating(db.Model):
    """One reader's half-star rating of one review: at most one per reader and review, so a
    second rating replaces the first (the unique constraint holds even when two arrive at once).
    """

    __tablename__ = "reader_ratings"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "review_id", name="uq_reader_ratings_once"),
        sa.CheckConstraint("halves BETWEEN 1 AND 10", name="reader_rating_half_steps"),
        sa.Index("ix_reader_ratings_review_id", "review_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # Half stars from 0.5 to 5 as whole half-steps (1 to 10), like a review's own rating.
    halves: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[Review] = relationship()
    user: Mapped[User] = relationship()


class ReaderRatingSummary(db.Model):
    """The readers' ratings of one review, added up: kept in the transaction that changes a
    rating (or a rater's ban), so pages read one row instead of counting every rating."""

    __tablename__ = "reader_rating_summaries"

    review_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    # Ratings that count (not from banned accounts), their sum in half-steps, and how many
    # fell on each half-step: histogram[0] is half a star, histogram[9] five stars.
    count: Mapped[int] = mapped_column(default=0)
    total_halves: Mapped[int] = mapped_column(default=0)
    histogram: Mapped[list[int]] = mapped_column(sa.JSON, default=lambda: [0] * 10)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def average(self) -> Optional[float]:
        """The readers' mean rating in stars (0.5 to 5), or None before anyone rated."""
        return self.total_halves / self.count / 2 if self.count else None


# Set here rather than in Review's body so the ratings stay in one place: the review page
# loads the summary in the same query as the review (``services.reviews.find_visible``).
Review.reader_summary = relationship(ReaderRatingSummary, uselist=False, viewonly=True)


class FilmList(db.Model):
    """An author's list of films ("Best of 2026", "Where to start with noir"), ranked or not.

    Its entries are films; an entry shows the film's review when one is visible, so a film
    listed before it is reviewed links to its review as soon as that is published.
    """

    __tablename__ = "film_lists"
    __table_args__ = (sa.Index("ix_film_lists_status_published_at", "status", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(200), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    intro: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown as typed
    intro_html: Mapped[str] = mapped_column(sa.Text, default="")  # rendered and sanitized at save
    ranked: Mapped[bool] = mapped_column(default=True)
    # Draft or published (lists are not scheduled: "scheduled" is never stored here).
    status: Mapped[ReviewStatus] = enum_column(ReviewStatus, default=ReviewStatus.DRAFT)
    published_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)

    author: Mapped[User] = relationship()
    entries: Mapped[list[ListEntry]] = relationship(
        back_populates="film_list", order_by="ListEntry.position",
        cascade="all, delete-orphan", passive_deletes=True)

    @hybrid_property
    def is_visible(self) -> bool:
        """Readers see a list once it is published."""
        return self.status is ReviewStatus.PUBLISHED and self.published_at is not None

    @is_visible.inplace.expression
    @classmethod
    def _is_visible_expression(cls):
        return sa.and_(cls.status == ReviewStatus.PUBLISHED, cls.published_at.is_not(None))


class ListEntry(db.Model):
    """One film on a list, at its place, with the author's note about it."""

    __tablename__ = "list_entries"
    __table_args__ = (
        sa.UniqueConstraint("list_id", "film_id", name="uq_list_entries_film_once"),
        # "Appears in these lists" on a review page finds the lists through its film.
        sa.Index("ix_list_entries_film_list", "film_id", "list_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(sa.ForeignKey("film_lists.id", ondelete="CASCADE"))
    film_id: Mapped[int] = mapped_column(sa.ForeignKey("films.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown as typed
    note_html: Mapped[str] = mapped_column(sa.Text, default="")  # rendered and sanitized at save

    film_list: Mapped[FilmList] = relationship(back_populates="entries")
    film: Mapped[Film] = relationship()

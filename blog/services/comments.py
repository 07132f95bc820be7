"""Comments as readers see them: threads paginated by top-level comment, and the latest ones."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from blog.extensions import db
from blog.models import Comment, CommentStatus, Review, User

# Placeholders keep a thread readable when a comment with replies was deleted.
THREAD_STATUSES = (CommentStatus.APPROVED, CommentStatus.DELETED)
ORDERS = ("oldest", "newest")


@dataclass(frozen=True, slots=True)
class ShownAuthor:
    """The name a comment's writer goes by."""

    name: str


@dataclass(slots=True)
class ShownComment:
    """What a thread shows of a comment: a plain row, not an ORM object with relationships."""
    id: int
    review_id: int
    author_id: int | None
    parent_id: int | None
    root_id: int | None
    depth: int
    status: CommentStatus
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    notified_at: datetime | None
    author: ShownAuthor | None
    guest_name: str = ""

    @property
    def byline(self) -> str:
        """The name the comment shows, as ``Comment.byline`` words it."""
        if self.author is not None:
            return self.author.name
        return self.guest_name or "[deleted user]"


@dataclass
class CommentNode:
    """A comment with its replies, as the thread shows them."""

    comment: ShownComment
    replies: list[CommentNode] = field(default_factory=list)


@dataclass
class ThreadPage:
    """One page of a review's conversation, with what the pager needs."""

    nodes: list[CommentNode]
    page: int
    pages: int
    order: str
    approved: int  # approved comments on the whole review


SHOWN_COLUMNS = (Comment.id, Comment.review_id, Comment.author_id, Comment.parent_id,
                 Comment.root_id, Comment.depth, Comment.status, Comment.body_html,
                 Comment.created_at, Comment.edited_at, Comment.notified_at,
                 User.display_name, User.username, Comment.guest_name)


def shown_comments(*criteria, order_by=()) -> list[ShownComment]:
    """Comments matching ``criteria`` with their writer's name, as plain rows."""
    rows = db.session.execute(
        sa.select(*SHOWN_COLUMNS).outerjoin(User, User.id == Comment.author_id)
        .where(*criteria).order_by(*order_by))
    return [ShownComment(*row[:11], author=ShownAuthor(row[11] or row[12])
                         if row[12] is not None else None, guest_name=row[13] or "")
            for row in rows]


def shown_to(viewer: User | None):
    """What a viewer sees of a conversation: approved comments and placeholders, plus their
    own comments that wait for moderation."""
    condition = Comment.status.in_(THREAD_STATUSES)
    if viewer is not None and viewer.is_authenticated:
        condition = sa.or_(condition, sa.and_(Comment.status == CommentStatus.PENDING,
                                              Comment.author_id == viewer.id))
    return condition


def top_level():
    """The criterion "a top-level comment", written so that no index on ``parent_id`` serves
    it: most comments have no parent, and SQLite, counting them as rare, walked every
    top-level comment of the blog instead of this review's (0.13 s at a million)."""
    return sa.func.coalesce(Comment.parent_id, 0) == 0


def thread_page(review: Review, viewer: User | None, page: int = 1,
                order: str = "oldest") -> ThreadPage:
    """One page of a review's conversation: top-level comments in ``order``, replies nested."""
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    newest = order == "newest"
    page_of_tops = (
        sa.select(Comment.id)
        .where(Comment.review_id == review.id, top_level(), shown_to(viewer))
        .order_by(Comment.created_at.desc() if newest else Comment.created_at,
                  Comment.id.desc() if newest else Comment.id)
        .offset((page - 1) * per_page).limit(per_page))
    top_ids = list(db.session.scalars(page_of_tops))
    # Tops and their replies in one query. Sorted here, not in SQL: an ORDER BY created_at
    # tempts SQLite into walking the (status, created_at) index over every comment instead
    # of looking up these threads.
    found = shown_comments(sa.or_(Comment.id.in_(top_ids), Comment.root_id.in_(top_ids)),
                           shown_to(viewer)) if top_ids else []
    position = {top_id: n for n, top_id in enumerate(top_ids)}
    tops = sorted((c for c in found if c.id in position), key=lambda c: position[c.id])
    replies = sorted((c for c in found if c.id not in position),
                     key=lambda reply: (reply.created_at, reply.id))
    top_count, approved = db.session.execute(
        sa.select(sa.func.count(Comment.id).filter(Comment.parent_id.is_(None),
                                                   shown_to(viewer)),
                  sa.func.count(Comment.id).filter(Comment.status == CommentStatus.APPROVED))
        .where(Comment.review_id == review.id)).one()
    return ThreadPage(build_tree(tops, replies), page, max(1, math.ceil(top_count / per_page)),
                      order, approved)


def build_tree(tops: list[ShownComment], replies: list[ShownComment]) -> list[CommentNode]:
    """Nest replies under their parents; a reply whose parent is hidden joins its thread's top."""
    nodes = {comment.id: CommentNode(comment) for comment in [*tops, *replies]}
    for reply in replies:
        parent = nodes.get(reply.parent_id) or nodes[reply.root_id]
        parent.replies.append(nodes[reply.id])
    return [node for node in (nodes[top.id] for top in tops) if has_visible_content(node)]


def has_visible_content(node: CommentNode) -> bool:
    """Whether a branch shows anything: a deleted comment stays only as a parent of replies."""
    node.replies = [reply for reply in node.replies if has_visible_content(reply)]
    return node.comment.status is not CommentStatus.DELETED or bool(node.replies)


def page_of(comment: Comment, viewer: User | None, order: str = "oldest") -> int:
    """The page of its review's conversation on which a comment appears."""
    top = comment.root or comment
    if order == "newest":
        earlier = sa.tuple_(Comment.created_at, Comment.id) > sa.tuple_(top.created_at, top.id)
    else:
        earlier = sa.tuple_(Comment.created_at, Comment.id) < sa.tuple_(top.created_at, top.id)
    before = db.session.scalar(
        sa.select(sa.func.count(Comment.id))
        .where(Comment.review_id == comment.review_id, top_level(), shown_to(viewer), earlier))
    return before // current_app.config["COMMENTS_PER_PAGE"] + 1


def find_shown(comment_id: int, viewer: User | None) -> Comment | None:
    """A comment this viewer may see, on a visible review, or None."""
    return db.session.scalar(
        sa.select(Comment).join(Comment.review)
        .where(Comment.id == comment_id, Review.is_visible, shown_to(viewer)))


def recent(limit: int) -> list[Comment]:
    """The latest approved comments on visible reviews, for the sidebar.

    Walks the approved comments newest first (their index) and keeps those on visible
    reviews: joined to the reviews in SQL, the planner walked every visible review's comments
    and sorted them all (0.1 s at a million comments). Nearly every approved comment is on a
    visible review, so one batch is almost always enough. The author and the review are
    joined to those rows by primary key, which keeps the walk (one statement instead of
    three)."""
    found: list[Comment] = []
    after = sa.true()
    while len(found) < limit:
        batch = db.session.scalars(
            sa.select(Comment)
            .where(Comment.status == CommentStatus.APPROVED, after)
            .options(joinedload(Comment.author), joinedload(Comment.review))
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .limit(limit * 2)).all()
        found += [comment for comment in batch if comment.review.is_visible]
        if len(batch) < limit * 2:
            break
        last = batch[-1]
        after = sa.or_(Comment.created_at < last.created_at,
                       sa.and_(Comment.created_at == last.created_at, Comment.id < last.id))
    return found[:limit]

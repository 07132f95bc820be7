"""Comments as readers see them: threads paginated by top-level comment, and the latest ones."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import Comment, CommentStatus, Review, User

# Placeholders keep a thread readable when a comment with replies was deleted.
THREAD_STATUSES = (CommentStatus.APPROVED, CommentStatus.DELETED)
ORDERS = ("oldest", "newest")


@dataclass
class CommentNode:
    """A comment with its replies, as the thread shows them."""

    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)


@dataclass
class ThreadPage:
    """One page of a review's conversation, with what the pager needs."""

    nodes: list[CommentNode]
    page: int
    pages: int
    order: str
    approved: int  # approved comments on the whole review


def shown_to(viewer: User | None):
    """What a viewer sees of a conversation: approved comments and placeholders, plus their
    own comments that wait for moderation."""
    condition = Comment.status.in_(THREAD_STATUSES)
    if viewer is not None and viewer.is_authenticated:
        condition = sa.or_(condition, sa.and_(Comment.status == CommentStatus.PENDING,
                                              Comment.author_id == viewer.id))
    return condition


def thread_page(review: Review, viewer: User | None, page: int = 1,
                order: str = "oldest") -> ThreadPage:
    """One page of a review's conversation: top-level comments in ``order``, replies nested."""
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    newest = order == "newest"
    tops = db.session.scalars(
        sa.select(Comment)
        .where(Comment.review_id == review.id, Comment.parent_id.is_(None), shown_to(viewer))
        .options(selectinload(Comment.author))
        .order_by(Comment.created_at.desc() if newest else Comment.created_at,
                  Comment.id.desc() if newest else Comment.id)
        .offset((page - 1) * per_page).limit(per_page)).all()
    # Sorted here, not in SQL: an ORDER BY created_at tempts SQLite into walking the
    # (status, created_at) index over every comment instead of looking up these threads.
    replies = sorted(db.session.scalars(
        sa.select(Comment)
        .where(Comment.root_id.in_([top.id for top in tops]), shown_to(viewer))
        .options(selectinload(Comment.author))).all(),
        key=lambda reply: (reply.created_at, reply.id)) if tops else []
    top_count, approved = db.session.execute(
        sa.select(sa.func.count(Comment.id).filter(Comment.parent_id.is_(None),
                                                   shown_to(viewer)),
                  sa.func.count(Comment.id).filter(Comment.status == CommentStatus.APPROVED))
        .where(Comment.review_id == review.id)).one()
    return ThreadPage(build_tree(tops, replies), page, max(1, math.ceil(top_count / per_page)),
                      order, approved)


def build_tree(tops: list[Comment], replies: list[Comment]) -> list[CommentNode]:
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
        .where(Comment.review_id == comment.review_id, Comment.parent_id.is_(None),
               shown_to(viewer), earlier))
    return before // current_app.config["COMMENTS_PER_PAGE"] + 1


def find_shown(comment_id: int, viewer: User | None) -> Comment | None:
    """A comment this viewer may see, on a visible review, or None."""
    return db.session.scalar(
        sa.select(Comment).join(Comment.review)
        .where(Comment.id == comment_id, Review.is_visible, shown_to(viewer)))


def recent(limit: int) -> list[Comment]:
    """The latest approved comments on visible reviews, for the sidebar."""
    return list(db.session.scalars(
        sa.select(Comment)
        .join(Comment.review)
        .where(Comment.status == CommentStatus.APPROVED, Review.is_visible)
        .options(selectinload(Comment.author), selectinload(Comment.review))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)))

"""Comments as readers see them: approved ones, threaded, and the sidebar's latest."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import Comment, CommentStatus, Review

# Placeholders keep a thread readable when a comment with replies was deleted.
THREAD_STATUSES = (CommentStatus.APPROVED, CommentStatus.DELETED)


@dataclass
class CommentNode:
    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)


def thread(review: Review) -> tuple[list[CommentNode], int]:
    """The review's conversation as a tree (oldest first) and its count of approved comments."""
    comments = db.session.scalars(
        sa.select(Comment)
        .where(Comment.review_id == review.id, Comment.status.in_(THREAD_STATUSES))
        .options(selectinload(Comment.author))
        .order_by(Comment.created_at, Comment.id)).all()
    return build_tree(comments), sum(c.status is CommentStatus.APPROVED for c in comments)


def build_tree(comments: list[Comment]) -> list[CommentNode]:
    """Nest comments under their parents; an orphan (its parent hidden) starts its own branch."""
    nodes = {comment.id: CommentNode(comment) for comment in comments}
    roots = []
    for comment in comments:
        parent = nodes.get(comment.parent_id)
        (parent.replies if parent else roots).append(nodes[comment.id])
    return [node for node in roots if has_visible_content(node)]


def has_visible_content(node: CommentNode) -> bool:
    """Whether a branch shows anything: a deleted comment stays only as a parent of replies."""
    node.replies = [reply for reply in node.replies if has_visible_content(reply)]
    return node.comment.status is not CommentStatus.DELETED or bool(node.replies)


def recent(limit: int) -> list[Comment]:
    """The latest approved comments on visible reviews, for the sidebar."""
    return list(db.session.scalars(
        sa.select(Comment)
        .join(Comment.review)
        .where(Comment.status == CommentStatus.APPROVED, Review.is_visible)
        .options(selectinload(Comment.author), selectinload(Comment.review))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)))

"""The comment box a signed-in reader finds under a review: a reply or a kept draft filled in."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from blog.comments.forms import CommentForm
from blog.numbers import id_arg
from blog.services import comment_drafts, commenting


def comment_form_for(review) -> CommentForm | None:
    """The comment form for a signed-in reader (a reply or a kept draft filled in); None for
    anonymous readers."""
    # Only a signed-in reader sees the form: building it for others would make a CSRF token,
    # and with it a session cookie that stops the page from being cached.
    if not current_user.is_authenticated:
        return None
    own = getattr(review, "own", None)  # asked with the review's key: whether they commented
    form = CommentForm(formdata=None, parent_id=id_arg("reply_to"),
                       notify_replies=commenting.wants_replies_by_default(
                           current_user, own.has_commented if own else None))
    restore_draft(form, review)
    return form


def restore_draft(form: CommentForm, review) -> None:
    """Put a comment kept while its writer signed in back in the box (``?draft=`` token)."""
    draft = comment_drafts.find(request.args.get("draft"), review)
    if draft is not None:
        form.body.data = draft.body
        form.parent_id.data = draft.parent_id

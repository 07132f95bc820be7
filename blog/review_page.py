"""The review page as a whole, with its conversation and comment form: the reading view shows
it, and the comment views show it again with a form's errors."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from blog import tokens
from blog.comments.forms import CommentForm
from blog.conditional import comment_moments, conditional_response
from blog.numbers import id_arg, parse_number
from blog.services import archive as date_archive, comment_drafts, commenting, comments, reviews
from blog.web import page_arg


def comment_form_for(review) -> CommentForm | None:
    """The comment form for a signed-in reader (a reply or a kept draft filled in); None for
    anonymous readers."""
    # Only a signed-in reader sees the form: building it for others would make a CSRF token,
    # and with it a session cookie that stops the page from being cached.
    if not current_user.is_authenticated:
        return None
    form = CommentForm(parent_id=id_arg("reply_to"),
                       notify_replies=commenting.wants_replies_by_default(current_user))
    restore_draft(form, review)
    return form


def restore_draft(form: CommentForm, review) -> None:
    """Put a comment kept while its writer signed in back in the box (``?draft=`` token)."""
    draft = comment_drafts.find(request.args.get("draft"), review)
    if draft is not None:
        form.body.data = draft.body
        form.parent_id.data = draft.parent_id


def render_review_page(review, comment_form, status=200, headers=None, **extra):
    """Render a review page; the comment views reuse it to show a form with its errors."""
    order = request.args.get("order", "oldest")
    if order not in comments.ORDERS:
        abort(404)
    thread = comments.thread_page(review, current_user, page_arg(), order)
    if thread.page > thread.pages:
        abort(404)
    replying_to = None
    if comment_form is not None:
        # Bound to this review and this reader; the comment view accepts it once, for a while.
        comment_form.started.data = tokens.make_token(
            "comment-form", {"review": review.id, "reader": current_user.get_id()})
        parent_id = parse_number(comment_form.parent_id.data)
        replying_to = comments.find_shown(parent_id, current_user) if parent_id else None
    older, newer = reviews.neighbours(review)
    related = reviews.related(review)
    html = render_template(
        "reading/review.html", review=review, film=review.film, older=older, newer=newer,
        related=related, thread=thread, comment_form=comment_form,
        replying_to=replying_to, archive_years=date_archive.years(), **extra)
    shown = [other.updated_at for other in (review, older, newer, *related) if other]
    response = conditional_response(html, [*shown, *comment_moments(thread_comments(thread))],
                                    status)
    response.headers.update(headers or {})
    return response


def thread_comments(thread) -> list:
    """Every comment on a page of the conversation, replies included."""
    found, nodes = [], list(thread.nodes)
    while nodes:
        node = nodes.pop()
        found.append(node.comment)
        nodes.extend(node.replies)
    return found

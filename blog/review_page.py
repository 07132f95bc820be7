"""The review page as a whole, with its conversation and comment form: the reading view shows
it, and the comment views show it again with a form's errors. It renders the form it is given
(``blog.comments.box`` makes a reader's), so it imports nothing from the comment views."""
from __future__ import annotations

import secrets

from flask import abort, render_template, request
from flask_login import current_user

from blog import tokens
from blog.conditional import comment_moments, conditional_response
from blog.numbers import parse_number
from blog.services import archive as date_archive, comments, review_links
from blog.web import page_arg


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
        # Bound to this review and this reader, and unique (two pages shown in one second
        # must not share it): the comment it sends keeps it, so it stores one comment.
        comment_form.started.data = tokens.make_token(
            "comment-form", {"review": review.id, "reader": current_user.get_id(),
                             "form": secrets.token_urlsafe(9)})
        parent_id = parse_number(comment_form.parent_id.data)
        replying_to = comments.find_shown(parent_id, current_user) if parent_id else None
    links = review_links.links_for(review)
    html = render_template(
        "reading/review.html", review=review, film=review.film, older=links.older,
        newer=links.newer, related=links.related, thread=thread, comment_form=comment_form,
        replying_to=replying_to, archive_years=date_archive.years(), **extra)
    shown = [other.updated_at for other in (review, links.older, links.newer, *links.related)
             if other]
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

"""The review page as a whole, with its conversation and comment form: the reading view shows
it, and the comment views show it again with a form's errors. It renders the form it is given
(``blog.comments.box`` makes a reader's), so it imports nothing from the comment views."""
from __future__ import annotations

import secrets

from flask import abort, render_template, request
from flask_login import current_user

from blog import charts, tokens
from blog.conditional import comment_moments, conditional_response
from blog.numbers import parse_number
from blog.rating_forms import RatingForm
from blog.services import archive as date_archive, comments, lists, ratings, review_links
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
    on_page = thread_comments(thread)
    viewer = current_user.id if current_user.is_authenticated else None
    given = ratings.given_on(review, [viewer, *(comment.author_id for comment in on_page)])
    readers = ratings.verdict(review, given.get(viewer))
    if viewer is not None and "rating_form" not in extra:
        extra["rating_form"] = RatingForm(formdata=None, halves=readers.own)
    html = render_template(
        "reading/review.html", review=review, film=review.film, older=links.older,
        newer=links.newer, related=links.related, thread=thread, comment_form=comment_form,
        replying_to=replying_to, archive_years=date_archive.years(), readers=readers,
        readers_chart=readers_chart(readers), comment_ratings=given,
        in_lists=lists.containing(review.film_id), **extra)
    shown = [other.updated_at for other in (review, links.older, links.newer, *links.related)
             if other]
    response = conditional_response(
        html, [*shown, *comment_moments(on_page), readers.updated_at], status)
    response.headers.update(headers or {})
    return response


def readers_chart(readers: ratings.ReadersVerdict) -> charts.Chart | None:
    """The histogram of the readers' ratings, once enough readers have rated."""
    if not readers.shown:
        return None
    return charts.ratings_chart(readers.histogram, title="How readers rated it",
                                value_heading="Readers", width=360, bar_height=14,
                                label_width=76)


def thread_comments(thread) -> list:
    """Every comment on a page of the conversation, replies included."""
    found, nodes = [], list(thread.nodes)
    while nodes:
        node = nodes.pop()
        found.append(node.comment)
        nodes.extend(node.replies)
    return found

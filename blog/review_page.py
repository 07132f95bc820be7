"""The review page as a whole, with its conversation and comment form: the reading view shows
it, and the comment views show it again with a form's errors. It renders the form it is given
(``blog.comments.box`` makes a reader's), so it imports nothing from the comment views.

The page is assembled from parts. What every reader sees alike (the head's tags, the review
with its film, the links below it, a page of comments, the readers' rating as an anonymous
reader sees it) is rendered once and kept between writes (``blog.fragments``); what is the
reader's own (their rating form, the buttons under each comment, the comment form) is drawn
for each request. When every shared part is kept, the page needs only the review's key
columns (``reviews.ReviewKey``), not the review and its film.
"""
from __future__ import annotations

import dataclasses
import re
import secrets
from dataclasses import dataclass

from flask import abort, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from blog import charts, fragments, tokens
from blog.conditional import comment_moments, conditional_response, newest
from blog.models import Review
from blog.numbers import parse_number
from blog.rating_forms import RatingForm
from blog.services import (archive as date_archive, comments, lists, ratings, review_links,
                           reviews)
from blog.web import page_arg

# Where each comment's buttons go in a kept page of comments: characters that sanitized
# comment HTML and escaped names cannot hold, so no comment can forge a slot.
SLOT = "\x00actions:{}\x00"
SLOTS = re.compile("\x00actions:([0-9]+)\x00")
# Where a kept comment box takes this request's tokens (its CSRF token, and the form's own).
TOKEN_SLOT = "\x00token:{}\x00"


@dataclass(frozen=True)
class ThreadPart(fragments.Part):
    """A page of the conversation: its HTML with action slots, what the heading and pager
    need, the comments shown (for their buttons), and each comment's buttons as a signed-in
    reader who did not write it sees them (the same for every such reader)."""
    page: int = 1
    pages: int = 1
    order: str = "oldest"
    approved: int = 0
    shown: tuple = ()
    others: dict = dataclasses.field(default_factory=dict)


def render_review_page(review, comment_form, status=200, headers=None, **extra):
    """Render a review page; the comment views reuse it to show a form with its errors.

    ``review`` is a loaded ``Review`` or a ``reviews.ReviewKey``; the review itself is loaded
    only when a shared part has to be rendered afresh."""
    order = request.args.get("order", "oldest")
    if order not in comments.ORDERS:
        abort(404)
    page = page_arg()
    viewer = current_user if current_user.is_authenticated else None
    own = None
    if viewer is not None:  # asked with the review's key, or on its own for a loaded review
        own = getattr(review, "own", None) or reviews.own_state(review.id, viewer)
    own_rating, own_thread = (own.halves, own.waiting) if own else (None, False)
    names = {"meta": f"review/{review.id}/meta", "article": f"review/{review.id}/article",
             "more": f"review/{review.id}/more"}
    if viewer is None:
        names["readers"] = f"review/{review.id}/readers"
    elif "rating_form" not in extra:  # a reader's own form: kept by what makes it theirs
        names["readers"] = f"review/{review.id}/readers/{rating_state(review, viewer, own_rating)}"
    if not own_thread:
        names["thread"] = f"review/{review.id}/thread/{order}/{page}"
    blank_box = is_blank_box(comment_form, review, extra)
    if blank_box:  # the same for every reader with the same default and notice but for tokens
        names["box"] = (f"review/{review.id}/box/{order}/{page}/"
                        f"{int(bool(comment_form.notify_replies.data))}"
                        f"{int(viewer.email_confirmed_at is not None)}")
    # The readers' rating and the comments change with readers' activity on this review.
    kept = fragments.Parts(*names.values(),
                           activity=(names.get("readers"), names.get("thread")))
    loaded = Loaded(review)

    if own_thread:  # their comments waiting for moderation show to them alone: not kept
        thread = thread_part(review, viewer, page, order)
    else:
        thread = kept.get_or_render(names["thread"],
                                    lambda: thread_part(review, None, page, order))
    if thread.page > thread.pages:
        abort(404)
    meta = kept.get_or_render(names["meta"], lambda: meta_part(loaded.review))
    article = kept.get_or_render(names["article"], lambda: article_part(loaded.review))
    more = kept.get_or_render(names["more"], lambda: more_part(loaded.review))
    if viewer is None:
        readers = kept.get_or_render(names["readers"], lambda: readers_part(loaded.review))
    elif "readers" in names:
        # The loaded review, when a part needed it, brings its readers' totals along.
        readers = get_or_render_with_tokens(kept, names["readers"],
                                            lambda: readers_part(loaded.given, own_rating),
                                            {"csrf": str(escape(generate_csrf()))})
    else:
        readers = readers_part(loaded.given, own_rating, extra.pop("rating_form"))

    replying_to = None
    if comment_form is not None:
        # Bound to this review and this reader, and unique (two pages shown in one second
        # must not share it): the comment it sends keeps it, so it stores one comment.
        comment_form.started.data = tokens.make_token(
            "comment-form", {"review": review.id, "reader": current_user.get_id(),
                             "form": secrets.token_urlsafe(9)})
        parent_id = parse_number(comment_form.parent_id.data)
        replying_to = comments.find_shown(parent_id, current_user) if parent_id else None
    box = None
    if blank_box:
        box = get_or_render_with_tokens(kept, names["box"],
                                        lambda: box_part(comment_form, review, thread),
                                        box_tokens(comment_form))
    html = render_template(
        "reading/review.html", review=review, thread=thread, comment_form=comment_form,
        replying_to=replying_to, archive_years=date_archive.years(),
        parts={"meta": meta, "article": Markup(article.html.replace(SLOT.format("readers"),
                                                                      readers.html, 1)),
               "more": more.html, "thread": with_actions(thread, review),
               "box": box.html if box else None},
        **extra)
    response = conditional_response(
        html, [article.newest, more.newest, thread.newest, readers.newest], status)
    response.headers.update(headers or {})
    return response


def is_blank_box(form, review, extra) -> bool:
    """Whether the comment box is the plain one (no reply, kept draft, preview or error, for a
    reader who may comment): that one is kept between writes (``box_part``)."""
    return (form is not None and review.comments_open and not current_user.is_banned
            and not form.errors and not form.form_errors and not form.body.data
            and not form.parent_id.data and extra.get("preview") is None)


def box_tokens(form) -> dict[str, str]:
    """The tokens this request's comment box carries, by slot name (none when off)."""
    found = {"started": form.started.data}
    csrf = getattr(form, "csrf_token", None)
    if csrf is not None:
        found["csrf"] = csrf.current_token
    return {name: str(escape(value)) for name, value in found.items() if value}


def box_part(form, review, thread) -> fragments.Part:
    """The plain comment box."""
    module = fragments.template_module("reading/_comments.html")
    return fragments.Part(Markup(module.respond_form(form, review, thread)))


def rating_state(review, viewer, own_rating: int | None) -> str:
    """What makes the readers' rating differ between signed-in readers: whether they wrote the
    review, have confirmed their address, and their own rating."""
    if review.author_id == viewer.id:
        return "author"
    if viewer.email_confirmed_at is None:
        return "unconfirmed"
    return f"own-{own_rating or 0}"


def get_or_render_with_tokens(kept: fragments.Parts, name: str, render,
                              tokens_now: dict[str, str]) -> fragments.Part:
    """A part that is the same for many readers but for their tokens (a form's CSRF token):
    kept with a slot where each token was, and given back with this request's in them."""
    part = kept.get(name)
    if part is None:
        part = render()
        html = str(part.html)
        for slot, value in tokens_now.items():
            html = html.replace(value, TOKEN_SLOT.format(slot))
        kept.keep(name, dataclasses.replace(part, html=Markup(html)))
        return part
    html = str(part.html)
    for slot, value in tokens_now.items():
        html = html.replace(TOKEN_SLOT.format(slot), value)
    return dataclasses.replace(part, html=Markup(html))


class Loaded:
    """The review with everything its page shows, loaded on first need."""

    def __init__(self, review):
        self.given = review

    @property
    def review(self) -> Review:
        if not isinstance(self.given, Review):
            self.given = reviews.find_visible(self.given.slug)
            if self.given is None:  # unpublished between the two statements
                abort(404)
        return self.given


def meta_part(review: Review) -> dict[str, Markup]:
    """The head's title, description, links and tags."""
    return fragments.named_parts(
        "reading/_review_meta.html", ("title", "description", "head", "social", "structured_data"),
        review=review, film=review.film)


def article_part(review: Review) -> fragments.Part:
    """The review and its film's facts, with a slot for the readers' rating."""
    return fragments.Part(fragments.render("reading/_review_article.html", review=review,
                                 film=review.film, readers_slot=Markup(SLOT.format("readers"))),
                review.updated_at)


def more_part(review: Review) -> fragments.Part:
    """The lists the film is in, the neighbouring reviews and the related ones."""
    links = review_links.links_for(review)
    html = fragments.render("reading/_review_more.html", older=links.older, newer=links.newer,
                            related=links.related, in_lists=lists.containing(review.film_id))
    return fragments.Part(html, newest(*(other.updated_at for other in
                               (links.older, links.newer, *links.related) if other)))


def thread_part(review, viewer, page: int, order: str) -> ThreadPart:
    """A page of the conversation as ``viewer`` sees it (None: as every reader does)."""
    thread = comments.thread_page(review, viewer, page, order)
    shown = thread_comments(thread)
    html = fragments.render(
        "reading/_review_thread.html", review=review, thread=thread,
        comment_ratings=ratings.given_on(review, [comment.author_id for comment in shown]),
        action_slot=lambda comment_id: Markup(SLOT.format(int(comment_id))))
    module = fragments.template_module("reading/_comments.html")
    return ThreadPart(html, newest(*comment_moments(shown)), thread.page, thread.pages,
                      thread.order, thread.approved,
                      # What the buttons need, without the bodies the HTML already holds.
                      tuple(dataclasses.replace(comment, body_html="") for comment in shown),
                      {comment.id: Markup(module.comment_actions(comment, review, thread, False))
                       for comment in shown})


def readers_part(review, own_rating=None, form=None) -> fragments.Part:
    """The readers' rating: their average, and the signed-in reader's own rating and form."""
    readers = ratings.verdict(review, own_rating)
    if current_user.is_authenticated and form is None:
        form = RatingForm(formdata=None, halves=readers.own)
    module = fragments.template_module("ratings/_readers.html")
    html = Markup(module.readers_rating(review, readers, readers_chart(readers), form))
    return fragments.Part(html, readers.updated_at)


def with_actions(thread: ThreadPart, review) -> Markup:
    """The page of comments with each comment's buttons for this reader: others' as the part
    keeps them, their own drawn now (editing closes with time); none for a reader who is not
    signed in, or banned."""
    actions = {}
    if current_user.is_authenticated and not current_user.is_banned:
        mine = [comment for comment in thread.shown if comment.author_id == current_user.id]
        actions = thread.others
        if mine:
            module = fragments.template_module("reading/_comments.html")
            actions = {**actions, **{comment.id: module.comment_actions(comment, review, thread,
                                                                          True)
                                     for comment in mine}}
    return Markup(SLOTS.sub(lambda match: actions.get(int(match[1]), ""), thread.html))


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

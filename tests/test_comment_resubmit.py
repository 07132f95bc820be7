"""A comment form sent again (its answer lost in a crash, or a double click) stores one comment."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment
from tests.conftest import hidden_fields


def comment_form(client, slug="heat"):
    return hidden_fields(client.get(f"/reviews/{slug}").get_data(as_text=True),
                         f"/reviews/{slug}/comments#respond")


def comments_saying(text: str) -> list[Comment]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(Comment).where(Comment.body_source == text)))


def test_the_same_form_sent_twice_lands_on_the_first_comment(client, auth,
                                                             regular):  # noqa: F811
    auth.login("reader1")
    fields = {**comment_form(client), "body": "Sent once, I hope."}
    first = client.post("/reviews/heat/comments", data=fields)
    again = client.post("/reviews/heat/comments", data=fields)
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    [comment] = comments_saying("Sent once, I hope.")
    assert first.headers["Location"].endswith(f"/comments/{comment.id}")
    landed = client.get(again.headers["Location"], follow_redirects=True)
    assert "already arrived" in landed.get_data(as_text=True)


def test_a_form_sent_again_with_other_words_is_refused_with_them_kept(client, auth,
                                                                      regular):  # noqa: F811
    auth.login("reader1")
    fields = comment_form(client)
    assert client.post("/reviews/heat/comments",
                       data={**fields, "body": "First words."}).status_code == 302
    again = client.post("/reviews/heat/comments", data={**fields, "body": "Second words."})
    assert again.status_code == 422
    html = again.get_data(as_text=True)
    assert "already been sent" in html and "Second words." in html
    assert comments_saying("Second words.") == []


def test_two_pages_shown_in_the_same_second_send_two_comments(client, auth,
                                                               regular):  # noqa: F811
    auth.login("reader1")
    one, two = comment_form(client), comment_form(client)
    assert one["started"] != two["started"]
    for fields, text in ((one, "One."), (two, "Two.")):
        assert client.post("/reviews/heat/comments",
                           data={**fields, "body": text}).status_code == 302
    assert len(comments_saying("One.")) == len(comments_saying("Two.")) == 1


def test_another_readers_form_token_finds_nothing_of_theirs(client, app, auth,
                                                            regular):  # noqa: F811
    from blog.services import commenting

    auth.login("reader1")
    fields = {**comment_form(client), "body": "Mine."}
    assert client.post("/reviews/heat/comments", data=fields).status_code == 302
    [mine] = comments_saying("Mine.")
    assert mine.form_token == commenting.token_digest(fields["started"])
    assert commenting.posted_with(mine.author, fields["started"]).id == mine.id
    assert commenting.posted_with(mine.author, "another token") is None


def test_two_concurrent_submits_of_one_form_store_one_comment(client, app, auth,
                                                              regular):  # noqa: F811
    auth.login("reader1")
    fields = {**comment_form(client), "body": "Double click."}
    # Two connections of the same browser: the same session, the same form.
    twin = app.test_client()
    twin.set_cookie("session", client.get_cookie("session", domain="blog.test").value,
                    domain="blog.test")
    start = threading.Barrier(2)
    answers = {}

    def send(name, sender):
        start.wait()
        answers[name] = sender.post("/reviews/heat/comments", data=fields)

    threads = [threading.Thread(target=send, args=(name, sender))
               for name, sender in (("one", client), ("two", twin))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    [comment] = comments_saying("Double click.")
    assert {answer.status_code for answer in answers.values()} == {302}
    assert {answer.headers["Location"] for answer in answers.values()} == {
        f"/comments/{comment.id}"}


def test_the_insert_that_loses_the_race_finds_the_winner(ctx, regular, review):  # noqa: F811
    """What the slower of two simultaneous submits meets: the unique token, not the look-up."""
    import pytest

    from blog.services import commenting

    first = commenting.post_comment(review, regular, "Raced.", form_token="one form")
    with pytest.raises(commenting.AlreadyPosted) as raised:
        commenting.post_comment(review, regular, "Raced.", form_token="one form")
    assert raised.value.comment.id == first.id
    assert len(comments_saying("Raced.")) == 1

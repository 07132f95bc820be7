"""A comment form sent again after its answer was lost (the worker crashed after the commit, the
connection dropped) is stored once, even when the memory of spent form tokens went with the
crash (the tests' cache is NullCache, which forgets them at once, like a new worker)."""
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment
from tests.conftest import hidden_fields


def copies(text: str) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count(Comment.id))
                             .where(Comment.body_source == text))


def comment_form(client, slug="heat"):
    return hidden_fields(client.get(f"/reviews/{slug}").get_data(as_text=True),
                         f"/reviews/{slug}/comments#respond")


def test_the_same_form_sent_twice_is_stored_once_and_answered_alike(client, auth,
                                                                    regular):  # noqa: F811
    auth.login("reader1")
    fields = comment_form(client)
    first = client.post("/reviews/heat/comments", data={**fields, "body": "Lost answer."})
    again = client.post("/reviews/heat/comments", data={**fields, "body": "Lost answer."})
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert copies("Lost answer.") == 1


def test_the_same_words_from_a_form_shown_later_are_a_new_comment(client, auth, ctx,
                                                                    regular):  # noqa: F811
    auth.login("reader1")
    first = client.post("/reviews/heat/comments",
                        data={**comment_form(client), "body": "Agreed."})
    stored = db.session.scalar(sa.select(Comment).where(Comment.body_source == "Agreed."))
    stored.created_at = stored.created_at.replace(year=stored.created_at.year - 1)
    db.session.commit()  # the first one is older than the next form
    second = client.post("/reviews/heat/comments",
                         data={**comment_form(client), "body": "Agreed."})
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] != first.headers["Location"]
    assert copies("Agreed.") == 2


def test_other_words_from_the_same_form_are_refused_with_the_text_kept(client, auth,
                                                                       regular):  # noqa: F811
    """A form is single-use: sent again with other words it stores nothing new, and the
    reader gets their words back to send from a fresh form."""
    auth.login("reader1")
    fields = comment_form(client)
    client.post("/reviews/heat/comments", data={**fields, "body": "One thing."})
    again = client.post("/reviews/heat/comments", data={**fields, "body": "Another thing."})
    assert again.status_code == 422 and "Another thing." in again.get_data(as_text=True)
    assert copies("One thing.") == 1 and copies("Another thing.") == 0

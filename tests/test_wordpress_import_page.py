"""The studio's WordPress import at /write/import: admins only, a dry run, then the import."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from blog import tokens
from blog.extensions import db
from blog.models import Comment, Review
from blog.write.imports import FOLDER, TOKEN_PURPOSE
from tests import factories
from tests.fixtures.htmlcheck import html_errors
from tests.conftest import csrf_token_from, sign_in

HIDDEN_UPLOAD = 'name="upload" type="hidden" value="'

SMALL_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old blog</title><link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>oldcritic</wp:author_login>
<wp:author_email>oldcritic@old.example</wp:author_email>
<wp:author_display_name>Old Critic</wp:author_display_name></wp:author>
<item>
<title>Ballerina (2023) Review</title>
<link>https://old.example/2024/05/12/ballerina-review/</link>
<dc:creator>oldcritic</dc:creator>
<guid isPermaLink="false">https://old.example/?p=7</guid>
<content:encoded><![CDATA[<p>A dancer with a <em>grudge</em>.</p>]]></content:encoded>
<excerpt:encoded></excerpt:encoded>
<wp:post_id>7</wp:post_id>
<wp:post_date>2024-05-12 10:00:00</wp:post_date>
<wp:post_date_gmt>2024-05-12 09:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status>
<wp:post_name>ballerina-review</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="action">Action</category>
<wp:comment>
<wp:comment_id>3</wp:comment_id>
<wp:comment_author>Ann</wp:comment_author>
<wp:comment_author_email>ann@example.invalid</wp:comment_author_email>
<wp:comment_date>2024-05-13 10:00:00</wp:comment_date>
<wp:comment_date_gmt>2024-05-13 09:00:00</wp:comment_date_gmt>
<wp:comment_content>Loved it.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved>
<wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>0</wp:comment_parent>
<wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>
</item>
</channel>
</rss>
"""


@pytest.fixture
def admin(client, ctx):
    user = factories.user("boss", role="admin")
    sign_in(client, user)
    return user


def upload(client, content: bytes, name: str = "site.xml", token: str | None = None):
    if token is None:
        token = csrf_token_from(client.get("/write/import").get_data(as_text=True))
    return client.post("/write/import", data={"csrf_token": token,
                                              "export": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def confirm(client, upload_token: str):
    token = csrf_token_from(client.get("/write/import").get_data(as_text=True))
    return client.post("/write/import/confirm", data={"csrf_token": token,
                                                      "upload": upload_token})


def upload_token_from(html: str) -> str:
    assert HIDDEN_UPLOAD in html
    return html.split(HIDDEN_UPLOAD, 1)[1].split('"', 1)[0]


def pending_files(app) -> list[Path]:
    folder = Path(app.instance_path) / FOLDER
    return sorted(folder.iterdir()) if folder.exists() else []


def review_count() -> int:
    db.session.remove()
    return db.session.scalar(sa.select(sa.func.count(Review.id)))


@pytest.mark.parametrize("role, status", [("commenter", 403), ("author", 403), ("admin", 200)])
def test_only_admins_may_open_the_page(client, ctx, role, status):
    sign_in(client, factories.user("someone", role=role))
    response = client.get("/write/import")
    assert response.status_code == status
    if status == 403:
        why = {"commenter": "Only authors and admins write reviews.",
               "author": "Only admins import content from WordPress."}[role]
        assert why in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/write/import")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("role", ["commenter", "author"])
def test_nobody_but_an_admin_may_upload_or_confirm(client, ctx, role):
    sign_in(client, factories.user("someone", role=role))
    page = client.get("/write/").get_data(as_text=True) if role == "author" else ""
    assert "/write/import" not in page
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    assert upload(client, SMALL_EXPORT, token=token).status_code == 403
    forged = tokens.make_token(TOKEN_PURPOSE, {"file": "0" * 32 + ".xml", "by": 1})
    response = client.post("/write/import/confirm", data={"csrf_token": token, "upload": forged})
    assert response.status_code == 403
    assert review_count() == 0


def test_the_studio_links_to_it_for_admins(client, admin):
    assert 'href="/write/import"' in client.get("/write/").get_data(as_text=True)


def test_a_post_without_a_csrf_token_is_refused(client, admin):
    response = client.post("/write/import", data={"export": (io.BytesIO(SMALL_EXPORT), "a.xml")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "please send it again" in response.get_data(as_text=True)
    assert pending_files(client.application) == []


def test_no_file_or_an_empty_one_is_a_message_at_the_field(client, admin):
    token = csrf_token_from(client.get("/write/import").get_data(as_text=True))
    response = client.post("/write/import", data={"csrf_token": token},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the export file" in response.get_data(as_text=True)
    response = upload(client, b"")
    assert response.status_code == 422
    assert "That file is empty." in response.get_data(as_text=True)


def test_a_broken_file_says_where_and_keeps_nothing(client, admin):
    response = upload(client, b"<?xml version='1.0'?>\n<rss><channel><item>\n<title>Cut off")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not a WordPress export that can be read" in html and "line" in html
    assert "Traceback" not in html
    assert pending_files(client.application) == []
    assert review_count() == 0


def test_a_dry_run_then_the_import_show_the_same_summary(client, admin):
    response = upload(client, SMALL_EXPORT, name="../../etc/passwd")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "A dry run of passwd" in html and "nothing is written yet" in html
    assert '<th scope="row">Posts</th><td>1</td>' in html
    [waiting] = pending_files(client.application)
    assert waiting.parent.name == FOLDER and waiting.name != "passwd"
    assert review_count() == 0
    response = confirm(client, upload_token_from(html))
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "What was imported" in html and '<th scope="row">Posts</th><td>1</td>' in html
    assert pending_files(client.application) == []
    assert review_count() == 1
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 1


def test_a_confirmation_names_only_this_admins_waiting_file(client, admin, ctx):
    html = upload(client, SMALL_EXPORT).get_data(as_text=True)
    [waiting] = pending_files(client.application)
    other = factories.user("other", role="admin")
    for forged in ("not-a-token",
                   tokens.make_token(TOKEN_PURPOSE, {"file": waiting.name, "by": other.id}),
                   tokens.make_token(TOKEN_PURPOSE, {"file": "../../blog.sqlite3",
                                                     "by": admin.id})):
        response = confirm(client, forged)
        assert response.status_code == 422
        assert "expired" in response.get_data(as_text=True)
    assert review_count() == 0
    token = upload_token_from(html)
    assert confirm(client, token).status_code == 200
    assert confirm(client, token).status_code == 422  # the file is gone once imported
    assert review_count() == 1


@pytest.mark.htmlcheck
def test_the_dry_run_the_summary_and_the_error_are_valid_html(client, admin, vnu_command,
                                                              tmp_path):
    dry_run = upload(client, SMALL_EXPORT).get_data(as_text=True)
    documents = {"dry-run": dry_run,
                 "imported": confirm(client, upload_token_from(dry_run)).get_data(as_text=True),
                 "broken": upload(client, b"<rss><channel>").get_data(as_text=True),
                 "expired": confirm(client, "no-such-upload").get_data(as_text=True)}
    problems = html_errors(vnu_command, documents, tmp_path)
    assert not problems, "the Nu Html Checker found errors:\n" + "\n".join(problems)

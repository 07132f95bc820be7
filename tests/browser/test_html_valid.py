"""Every page type is valid HTML by the Nu Html Checker (one JVM run for all pages)."""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.browser.content import DEMO_AUTHOR, PAGE_TYPES
from tests.fixtures.demo import DEMO_PASSWORD
from tests.fixtures.htmlcheck import html_errors
from tests.conftest import csrf_token_from

pytestmark = pytest.mark.htmlcheck

def fetch(url: str) -> tuple[int, str]:
    """GET a page from the live server, error pages included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def pages_needing_a_session(app, review_path: str) -> dict[str, str]:
    """Pages only a form submission reaches: the login form with errors, a signed-in page."""
    client = app.test_client()
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    failed = client.post("/auth/login", data={"login": DEMO_AUTHOR, "password": "wrong",
                                              "csrf_token": token})
    assert failed.status_code == 422
    signed_in = client.post("/auth/login", data={"login": DEMO_AUTHOR,
                                                  "password": DEMO_PASSWORD,
                                                  "csrf_token": token})
    assert signed_in.status_code == 302
    review = client.get(review_path)
    assert review.status_code == 200 and "Log out" in review.get_data(as_text=True)
    return {"login-with-errors": failed.get_data(as_text=True),
            "review-signed-in": review.get_data(as_text=True)}


def test_every_page_type_is_valid_html(vnu_command, live_server, tmp_path):
    documents = {}
    for name in PAGE_TYPES:
        page = live_server.page(name)
        status, html = fetch(live_server.url + page.path)
        assert status == page.status, f"{page.path}: HTTP {status}"
        documents[name] = html
    documents.update(pages_needing_a_session(live_server.app, live_server.page("review").path))

    problems = html_errors(vnu_command, documents, tmp_path)
    assert not problems, "the Nu Html Checker found errors:\n" + "\n".join(problems)

"""Every page type is valid HTML by the Nu Html Checker (one JVM run for all pages)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.content import DEMO_AUTHOR, DEMO_PASSWORD, PAGE_TYPES
from tests.conftest import csrf_token_from, require_service

pytestmark = pytest.mark.htmlcheck

VNU_JAR = Path(os.environ.get(
    "BLOG_TEST_VNU_JAR",
    Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"))


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


@pytest.fixture
def vnu_command():
    """The command that runs the Nu Html Checker; missing java or jar skips, or fails in CI."""
    java = shutil.which("java")
    require_service(java is not None, "java (for the Nu Html Checker)")
    require_service(VNU_JAR.is_file(), f"the Nu Html Checker jar at {VNU_JAR} (make test "
                                       "installs it with npm)")
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def test_every_page_type_is_valid_html(vnu_command, live_server, tmp_path):
    documents = {}
    for name in PAGE_TYPES:
        page = live_server.page(name)
        status, html = fetch(live_server.url + page.path)
        assert status == page.status, f"{page.path}: HTTP {status}"
        documents[name] = html
    documents.update(pages_needing_a_session(live_server.app, live_server.page("review").path))

    files = []
    for name, html in documents.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run([*vnu_command, *files], capture_output=True, text=True,
                            timeout=120)
    report = json.loads(result.stderr or '{"messages": []}')
    problems = [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
                f"  [{m.get('extract', '').strip()}]"
                for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    assert not problems, "the Nu Html Checker found errors:\n" + "\n".join(problems)
    assert result.returncode == 0, result.stderr

"""Every error is a page in the site's layout, and none is a traceback."""
import pytest
from werkzeug.exceptions import abort

from blog import create_app
from tests.conftest import base_config


@pytest.mark.parametrize("code, words", [(400, "Bad request"), (403, "Not allowed"),
                                         (404, "Page not found"), (405, "Method not allowed"),
                                         (413, "Too large"), (429, "Slow down"),
                                         (500, "Something went wrong")])
def test_error_pages_render_in_the_layout(database_url, tmp_path, code, words):
    app = create_app(base_config(database_url), instance_path=tmp_path / "instance")
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        if code == 500:
            raise RuntimeError("kaboom")
        abort(code)

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert words in html and 'class="site-header"' in html
    assert "Traceback" not in html and "kaboom" not in html


def test_method_not_allowed_keeps_allow_header(client):
    response = client.post("/about")
    assert response.status_code in (400, 405)  # CSRF answers first on a bare POST
    response = client.delete("/about")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


def test_request_too_large_says_the_limit(database_url, tmp_path):
    config = base_config(database_url) | {"MAX_CONTENT_LENGTH": 1024 * 1024}
    app = create_app(config, instance_path=tmp_path / "instance")
    response = app.test_client().post("/auth/login", data={"login": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "1 MB" in response.get_data(as_text=True)


def test_pages_render_an_error_page_when_the_database_is_down(tmp_path):
    url = "sqlite:///" + str(tmp_path / "missing-folder" / "db.sqlite3")
    app = create_app(base_config(url), instance_path=tmp_path / "instance")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert client.get("/healthz").status_code == 503
    # A signed-in visitor's session cannot be loaded either: a 503 to retry (not a silent
    # sign-out), still in the site's layout.
    with client.session_transaction() as session:
        session["_user_id"] = "1:1"
    response = client.get("/reviews/anything")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert 'class="site-header"' in response.get_data(as_text=True)

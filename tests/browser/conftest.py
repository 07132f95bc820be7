"""A live server on its own SQLite file with the demo content, and Debian's chromium to read it."""
from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass

import pytest
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler, make_server

from blog import create_app
from blog.extensions import db
from tests.browser import content
from tests.browser.tabs import DESKTOP, LOCAL_HOST, open_tab
from tests.conftest import base_config, require_service

CHROMIUM = os.environ.get("BLOG_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class QuietRequestHandler(WSGIRequestHandler):
    """Serves like werkzeug's handler without an access-log line per request."""

    def log_request(self, code="-", size="-") -> None:
        pass


def buffered(app):
    """Wrap a WSGI app so each response is read, and its file closed, before it is sent.

    Werkzeug's server skips closing the response when the browser drops the connection while
    the server drains the request (a cancelled icon or image request): an unclosed file, which
    the suite's warnings-as-errors turns into a failure that has nothing to do with the blog.
    """

    def app_with_whole_responses(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return app_with_whole_responses


@dataclass
class LiveServer:
    app: object
    url: str
    pages: dict[str, content.Page]

    def page(self, name: str) -> content.Page:
        return self.pages[name]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The blog served over HTTP on 127.0.0.1 from its own migrated SQLite file with the demo."""
    folder = tmp_path_factory.mktemp("live")
    config = base_config("sqlite:///" + str(folder / "live.sqlite3"))
    app = create_app(config, instance_path=folder / "instance")
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        content.load_content()
        pages = content.page_addresses()
        db.session.remove()
    with serve(app) as url:
        yield LiveServer(app, url, pages)


@contextlib.contextmanager
def serve(app):
    """Serve ``app`` over HTTP on 127.0.0.1 in a thread; yield its base URL."""
    # Port 0: the system picks a free port; absolute links must then point at it.
    server = make_server(LOCAL_HOST, 0, buffered(app), threaded=True,
                         request_handler=QuietRequestHandler)
    url = f"http://{LOCAL_HOST}:{server.server_port}"
    app.config["SITE_URL"] = url
    app.config["SERVER_NAME"] = url.removeprefix("http://")
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; a missing browser skips locally, fails in CI."""
    require_service(os.access(CHROMIUM, os.X_OK), f"Debian chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def make_tab(browser, live_server):
    """Open tabs with given context options (viewport, colour scheme); closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        context, tab = open_tab(browser, live_server.url, **options)
        contexts.append(context)
        return tab

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def tab(make_tab):
    """A desktop-sized tab in the light colour scheme."""
    return make_tab(color_scheme="light")

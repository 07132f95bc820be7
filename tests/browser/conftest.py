"""A live server on its own SQLite file with the demo content, and Debian's chromium to read it."""
from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from blog import create_app
from blog.extensions import db, limiter
from tests.browser import content
from tests.browser.tabs import DESKTOP, open_tab
from tests.conftest import base_config, require_service
from tests.live import serve

CHROMIUM = os.environ.get("BLOG_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@dataclass
class LiveServer:
    app: object
    url: str
    pages: dict[str, content.Page]

    def page(self, name: str) -> content.Page:
        return self.pages[name]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, demo_build):
    """The blog served over HTTP on 127.0.0.1 from its own SQLite file with the demo."""
    folder = tmp_path_factory.mktemp("live")
    database = folder / "live.sqlite3"
    demo_build.put_back(str(database), folder / "instance")
    app = create_app(base_config(f"sqlite:///{database}"), instance_path=folder / "instance")
    with app.app_context():
        content.add_content()
        pages = content.page_addresses()
        db.session.remove()
    with serve(app) as url:
        yield LiveServer(app, url, pages)


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
    """Open tabs with given context options (viewport, colour scheme); closed after the test.

    Rate limits start afresh, as they do for the test client: every browser test signs in from
    127.0.0.1, and ten of them within a minute would otherwise meet the login limit.
    """
    limiter.reset()
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

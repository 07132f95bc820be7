"""A browser tab that records console errors and blocks, and records, every off-site request."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.live import LOCAL_HOST

DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Tab:
    """A browser page that records console errors and every off-site request (all blocked)."""

    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)
    expected_error_urls: set[str] = field(default_factory=set)

    def goto(self, path: str, status: int = 200):
        url = self.base_url + path
        if status >= 400:
            # Chromium logs a failed main document as a console error; that one is expected.
            self.expected_error_urls.add(url)
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == status, (
            f"{path}: HTTP {response.status if response else None}, expected {status}")
        return response

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if where in self.expected_error_urls and "status of 4" in message.text:
            return
        self.console_errors.append(f"{message.text} (at {where})")

    def on_page_error(self, error) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            self.offsite_requests.append(url)
            route.abort("blockedbyclient")

    def assert_clean(self) -> None:
        """No console errors and no attempt to fetch anything from another site."""
        assert not self.console_errors, "console errors:\n" + "\n".join(self.console_errors)
        assert not self.offsite_requests, "off-site requests:\n" + "\n".join(
            self.offsite_requests)


def open_tab(browser, base_url: str, **context_options):
    """A fresh browser context (own cookies) with one recording, off-site-blocking page."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    tab = Tab(page, base_url)
    context.route("**/*", tab.route)
    page.on("console", tab.on_console)
    page.on("pageerror", tab.on_page_error)
    return context, tab

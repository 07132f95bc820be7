"""What only a browser shows: console errors, off-site requests, phone layout, accessibility,
the click-to-load trailer and the login flow."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.content import DEMO_AUTHOR, PAGE_TYPES
from tests.fixtures.demo import DEMO_PASSWORD
from tests.browser.tabs import DESKTOP, open_tab

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
VIDEO_HOSTS = ("youtube", "youtu.be", "vimeo", "ytimg", "googlevideo", "doubleclick")
AXE = Axe()


def format_violations(violations: list[dict]) -> str:
    """axe's violations as readable lines: rule, impact, help, and each offending node."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f"  <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="module", params=PAGE_TYPES)
def loaded(request, browser, live_server):
    """One page of each type, loaded once at desktop width and shared by the checks below."""
    context, tab = open_tab(browser, live_server.url, viewport=DESKTOP)
    tab.goto(live_server.page(request.param).path, live_server.page(request.param).status)
    # Wait for what comes after "load" too (icons, lazy images, anything a script fetches).
    tab.page.wait_for_load_state("networkidle")
    yield tab
    context.close()


def test_page_has_no_console_errors_or_offsite_requests(loaded):
    loaded.assert_clean()


def axe_violations(tab, options: dict | None = None) -> list[dict]:
    """Run axe-core on the tab's page and return its violations."""
    return AXE.run(tab.page, options={"resultTypes": ["violations"], **(options or {})}
                   ).response["violations"]


def test_page_has_no_accessibility_violations(loaded):
    loaded.page.emulate_media(color_scheme="light")
    violations = axe_violations(loaded)
    assert not violations, (f"axe found {len(violations)} violation(s) on {loaded.page.url}:\n"
                            f"{format_violations(violations)}")


def test_dark_theme_has_enough_contrast(loaded):
    # Only the colours change with the scheme, so only the colour rules run a second time.
    loaded.page.emulate_media(color_scheme="dark")
    assert loaded.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    violations = axe_violations(loaded, {"runOnly": ["color-contrast", "link-in-text-block"]})
    assert not violations, (f"axe found {len(violations)} colour violation(s) on "
                            f"{loaded.page.url} in the dark scheme:\n"
                            f"{format_violations(violations)}")


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_fits_a_phone_without_sideways_scrolling(make_tab, live_server, name):
    tab = make_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    page = live_server.page(name)
    tab.goto(page.path, page.status)
    # Compared with the set width, not innerWidth: a mobile browser widens its viewport to fit
    # content that overflows, so innerWidth would grow with the very overflow we look for.
    scroll_width, inner_width = tab.page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= PHONE["width"] and inner_width == PHONE["width"], (
        f"{page.path} scrolls sideways at {PHONE['width']} px: content is {scroll_width} px "
        f"wide; elements past the edge: {elements_past(tab.page, PHONE['width'])}")
    tab.assert_clean()


def elements_past(page, limit: int) -> list[str]:
    """The elements that stick out past the viewport's right edge, to say what to fix."""
    return page.evaluate("""limit => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > limit + 0.5)
        .slice(0, 8)
        .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                   + ' right=' + Math.round(el.getBoundingClientRect().right))""", limit)


@pytest.mark.parametrize("width", [PHONE["width"], DESKTOP["width"]])
def test_trailer_loads_only_after_a_click(make_tab, live_server, width):
    tab = make_tab(viewport={"width": width, "height": 900})
    path = live_server.page("review").path
    tab.goto(path)
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.locator("iframe").count() == 0, "a frame was embedded before the click"
    assert not [url for url in tab.offsite_requests if any(h in url for h in VIDEO_HOSTS)], (
        f"the video site was contacted before the click: {tab.offsite_requests}")
    tab.assert_clean()

    play = tab.page.get_by_role("link", name=re.compile("Play the trailer"))
    play.scroll_into_view_if_needed()
    play.click()
    frame = tab.page.locator(".trailer iframe")
    frame.wait_for(state="attached", timeout=5_000)
    src = frame.get_attribute("src")
    assert (urlsplit(src).hostname == "www.youtube-nocookie.com"
            or (urlsplit(src).hostname == "player.vimeo.com" and "dnt=1" in src)), src
    assert frame.get_attribute("title"), "the trailer frame needs a title for screen readers"
    assert urlsplit(tab.page.url).path == path, "the click left the review page"
    # The only off-site request is the embed itself (which the route blocks).
    contacted = {urlsplit(url).hostname for url in tab.offsite_requests}
    assert contacted <= {"www.youtube-nocookie.com", "player.vimeo.com"}, contacted


@pytest.mark.parametrize("start, link", [
    ("review", "Log in to join the conversation"),
    ("tag", "Log in"),
])
def test_login_returns_to_the_page_and_logout_works(tab, live_server, start, link):
    path = live_server.page(start).path
    tab.goto(path)
    tab.page.get_by_role("link", name=link, exact=True).click()
    tab.page.wait_for_url(re.compile(r"/auth/login\?"))
    assert "next=" in tab.page.url

    tab.page.get_by_label("Username or email").fill(DEMO_AUTHOR)
    tab.page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    tab.page.get_by_role("button", name="Log in").click()
    tab.page.wait_for_url(lambda url: urlsplit(url).path == path)
    log_out = tab.page.get_by_role("button", name="Log out")
    assert log_out.is_visible()
    assert tab.page.get_by_role("link", name="Log in", exact=True).count() == 0

    log_out.click()
    tab.page.wait_for_url(lambda url: urlsplit(url).path == "/")
    assert tab.page.get_by_role("link", name="Log in", exact=True).is_visible()
    assert tab.page.get_by_role("button", name="Log out").count() == 0
    assert tab.page.get_by_text("You are signed out.").is_visible()
    tab.assert_clean()

"""Page weight on a phone: the first view of a review page stays within its transfer budget, and
its stylesheets carry little that the page does not use. Sizes, not timings: the same content
gives the same bytes on every run."""
from __future__ import annotations

import pytest

from tests.browser.tabs import open_tab

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
BUDGET = 60 * 1000             # bytes on the wire, headers included, compression on
UNUSED_CSS_BUDGET = 34 * 1000  # bytes of stylesheet rules the review page loads but never applies


@pytest.fixture
def phone_review(browser, live_server):
    """A phone-sized tab on the review page: (tab, [(url, bytes transferred)], the number of
    stylesheet bytes loaded, the number of bytes in the rules the page applied)."""
    context, tab = open_tab(browser, live_server.url, **PHONE)
    transfers: list[tuple[str, int]] = []
    css_bytes = []

    def record(request):
        sizes = request.sizes()
        transfers.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        if request.resource_type == "stylesheet":
            css_bytes.append(len(request.response().body()))

    tab.page.on("requestfinished", record)
    cdp = context.new_cdp_session(tab.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    cdp.send("CSS.startRuleUsageTracking")
    tab.goto(live_server.page("review").path)
    tab.page.wait_for_load_state("networkidle")
    # Chromium reports the rules that matched something; the rest of each sheet went unused.
    usage = cdp.send("CSS.stopRuleUsageTracking")["ruleUsage"]
    used = sum(rule["endOffset"] - rule["startOffset"] for rule in usage if rule["used"])
    yield tab, transfers, sum(css_bytes), used
    context.close()


def test_the_first_view_of_a_review_on_a_phone_fits_the_budget(phone_review):
    tab, transfers, _loaded, _used = phone_review
    tab.assert_clean()
    total = sum(size for _url, size in transfers)
    listing = "\n".join(f"{size:8d}  {url}" for url, size in transfers)
    assert total <= BUDGET, f"{total} bytes, over the {BUDGET}-byte budget:\n{listing}"
    # The poster comes as the copy made for its slot at this density, not the stored original.
    posters = [url for url, _size in transfers if "/media/posters/" in url]
    assert len(posters) == 1 and ".w384." in posters[0], listing
    assert not [url for url, _size in transfers if "studio" in url], listing


def test_the_review_page_loads_little_css_it_does_not_use(phone_review):
    _tab, transfers, loaded, used = phone_review
    sheets = sorted(url.rsplit("/", 1)[1].split(".")[0] for url, _size in transfers
                    if url.endswith(".css"))
    assert sheets == ["reader", "site"]
    assert 0 < used < loaded
    assert loaded - used <= UNUSED_CSS_BUDGET, f"{loaded - used} of {loaded} CSS bytes unused"

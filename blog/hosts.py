"""The host names the site answers to, shared by the host check (``security``) and the page
cache's hit path (``pagecache``), which runs before it."""
from __future__ import annotations

from urllib.parse import urlsplit


def accepted_hosts(config) -> list[str]:
    """The host names the site answers to: SITE_URL's, and any in EXTRA_HOSTS."""
    return [urlsplit(config["SITE_URL"]).hostname or "", *config.get("EXTRA_HOSTS", ())]

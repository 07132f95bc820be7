"""/sitemap.xml (an index of numbered sitemaps past SITEMAP_MAX_URLS) and /robots.txt."""
from __future__ import annotations

import math
from xml.etree import ElementTree

from flask import Blueprint, abort, current_app

from blog.conditional import conditional_response
from blog.services import sitemap
from blog.templating import absolute_url
from blog.text import xml_safe

bp = Blueprint("sitemap", __name__)

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Private areas: nothing there is for search engines (they answer 302 or 403 anyway).
DISALLOWED = ("/write/", "/moderation/", "/account", "/auth/", "/notifications/")


@bp.get("/sitemap.xml")
def index():
    """Every public page; past the size limit, an index of the numbered sitemaps instead."""
    urls = sitemap.urls()
    size = current_app.config["SITEMAP_MAX_URLS"]
    if len(urls) <= size:
        return xml_response(urlset(urls), [url.lastmod for url in urls])
    chunks = [urls[start:start + size] for start in range(0, len(urls), size)]
    root = ElementTree.Element("sitemapindex", xmlns=NAMESPACE)
    for number, chunk in enumerate(chunks, start=1):
        entry = ElementTree.SubElement(root, "sitemap")
        ElementTree.SubElement(entry, "loc").text = absolute_url(".page", number=number)
        ElementTree.SubElement(entry, "lastmod").text = w3c(max(u.lastmod for u in chunk))
    return xml_response(root, [url.lastmod for url in urls])


@bp.get("/sitemap-<int:number>.xml")
def page(number):
    """One numbered sitemap of an index; 404 when the site needs no index or it has no such page."""
    urls = sitemap.urls()
    size = current_app.config["SITEMAP_MAX_URLS"]
    if len(urls) <= size or not 1 <= number <= math.ceil(len(urls) / size):
        abort(404)
    chunk = urls[(number - 1) * size:number * size]
    return xml_response(urlset(chunk), [url.lastmod for url in chunk])


@bp.get("/robots.txt")
def robots():
    """Let crawlers in everywhere public, and point them to the sitemap."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "",
             f"Sitemap: {absolute_url('.index')}", ""]
    return conditional_response("\n".join(lines), mimetype="text/plain", public_only=False)


def urlset(urls) -> ElementTree.Element:
    """A <urlset> of addresses with their last modification times."""
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for url in urls:
        entry = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(entry, "loc").text = xml_safe(absolute_url(url.endpoint,
                                                                          **url.values))
        ElementTree.SubElement(entry, "lastmod").text = w3c(url.lastmod)
    return root


def w3c(moment) -> str:
    """A time in the W3C format sitemaps use, to the second."""
    return moment.isoformat(timespec="seconds")


def xml_response(root: ElementTree.Element, moments):
    """The XML document, with validators from the newest of its pages."""
    document = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return conditional_response(document, moments, mimetype="application/xml",
                                public_only=False)

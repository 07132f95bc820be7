"""Atom feeds of lists: every published list (one entry a list), and one list (one entry a film)."""
from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import current_app
from markupsafe import escape

from blog.feeds.atom import tag_uri
from blog.feeds.reviews import NEVER_UPDATED
from blog.models import FilmList
from blog.templating import absolute_url
from blog.text import xml_safe


def film_line(shown) -> str:
    """One film of a list as HTML: its place, its title (linked to its review) and its note."""
    film = shown.film
    title = escape(f"{film.title} ({film.year})" if film.year else film.title)
    if shown.review is not None:
        address = escape(absolute_url("reading.show_review", slug=shown.review.slug))
        title = f'<a href="{address}">{title}</a>'
    return f"<li><p>{title}</p>{shown.entry.note_html}</li>"


def list_html(film_list: FilmList, entries) -> str:
    """A whole list as HTML for a feed reader: the introduction, then the films."""
    tag = "ol" if film_list.ranked else "ul"
    return (film_list.intro_html + f"<{tag}>" + "".join(film_line(shown) for shown in entries)
            + f"</{tag}>")


def new_feed(title: str, subtitle: str, self_url: str, page_url: str, specific: str,
             since: datetime) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(tag_uri(since, specific))
    feed.title(xml_safe(title))
    feed.subtitle(xml_safe(subtitle))
    feed.link(href=self_url, rel="self")
    feed.link(href=page_url, rel="alternate", type="text/html")
    return feed


def all_lists_feed(lists, entries_of) -> tuple[bytes, datetime]:
    """The Atom document of the newest published lists, and when it last changed."""
    updated = max((film_list.updated_at for film_list in lists), default=NEVER_UPDATED)
    name = current_app.config["SITE_NAME"]
    feed = new_feed(f"{name} — lists", f"Lists of films from {name}, newest first.",
                    absolute_url("lists.feed"), absolute_url("lists.index"), "lists",
                    NEVER_UPDATED)
    feed.updated(updated)
    for film_list in lists:
        entry = feed.add_entry(order="append")
        entry.id(tag_uri(film_list.created_at, f"list-{film_list.id}"))
        entry.title(xml_safe(film_list.title))
        entry.author({"name": xml_safe(film_list.author.name)})
        entry.link(href=absolute_url("lists.show_list", slug=film_list.slug), rel="alternate",
                   type="text/html")
        entry.published(film_list.published_at)
        entry.updated(film_list.updated_at)
        entry.content(xml_safe(list_html(film_list, entries_of[film_list.id])), type="html")
    return feed.atom_str(pretty=True), updated


def one_list_feed(film_list: FilmList, entries) -> tuple[bytes, datetime]:
    """The Atom document of one list, a film an entry in the list's order."""
    feed = new_feed(f"{film_list.title} — {current_app.config['SITE_NAME']}",
                    f"A list by {film_list.author.name}.",
                    absolute_url("lists.list_feed", slug=film_list.slug),
                    absolute_url("lists.show_list", slug=film_list.slug),
                    f"list-{film_list.id}-films", film_list.created_at)
    feed.author({"name": xml_safe(film_list.author.name)})
    feed.updated(film_list.updated_at)
    for shown in entries:
        film = shown.film
        entry = feed.add_entry(order="append")
        entry.id(tag_uri(film_list.created_at, f"list-{film_list.id}-film-{film.id}"))
        place = f"{shown.rank}. " if shown.rank else ""
        entry.title(xml_safe(place + (f"{film.title} ({film.year})" if film.year else film.title)))
        target = (absolute_url("reading.show_review", slug=shown.review.slug) if shown.review
                  else absolute_url("lists.show_list", slug=film_list.slug,
                                    _anchor=f"film-{film.id}"))
        entry.link(href=target, rel="alternate", type="text/html")
        entry.published(film_list.published_at)
        entry.updated(film_list.updated_at)
        entry.content(xml_safe(shown.entry.note_html or f"<p>{escape(film.title)}</p>"),
                      type="html")
    return feed.atom_str(pretty=True), film_list.updated_at

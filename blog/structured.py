"""Structured data for search engines and sharing: JSON-LD and Open Graph images, from the models.

Every text here is spoiler-free (excerpts are cut from the Markdown without spoiler blocks), and
``to_json_ld`` escapes ``<``, ``>`` and ``&`` so no value can close the ``<script>`` element.
A trailer gets no ``VideoObject``: Google requires its upload date, which the blog does not know.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup

from blog.models import Film, Person, Review, User
from blog.services.images import PORTRAIT_SIZE, POSTER_SIZE
from blog.templating import absolute_url, local_time, upload_url

CAST_IN_MOVIE = 6
SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True)
class Image:
    """An absolute image address with its size and text alternative (og:image and friends)."""

    url: str
    width: int
    height: int
    alt: str


def to_json_ld(data) -> Markup:
    """Serialise ``data`` for a ``<script type="application/ld+json">`` element."""
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                  .translate(SCRIPT_UNSAFE))


def site_url() -> str:
    """The configured site address, without a trailing slash."""
    return current_app.config["SITE_URL"]


def poster_image(review: Review) -> Image | None:
    """The review's poster as an absolute image with its size, or None without one."""
    if not review.poster_path:
        return None
    return Image(site_url() + upload_url(review.poster_path),
                 review.poster_width or POSTER_SIZE[0], review.poster_height or POSTER_SIZE[1],
                 review.poster_alt or f"Poster for {review.film.title}")


def portrait_image(person: Person) -> Image | None:
    """The person's portrait as an absolute image, or None without one."""
    if not person.portrait_path:
        return None
    return Image(site_url() + upload_url(person.portrait_path), *PORTRAIT_SIZE,
                 f"Portrait of {person.name}")


def first_poster(reviews) -> Image | None:
    """The first poster among ``reviews``: the picture a shared list page shows."""
    return next((image for image in map(poster_image, reviews) if image), None)


def title_with_year(review: Review) -> str:
    """The review's title with its film's year: "Heat (1995)"."""
    year = review.film.year
    return f"{review.title} ({year})" if year else review.title


def person_ref(person: Person) -> dict:
    """A credited person, linked to their page on this site."""
    return {"@type": "Person", "name": person.name,
            "url": absolute_url("reading.show_person", slug=person.slug)}


def author_ref(author: User) -> dict:
    """A review's author, linked to their page on this site."""
    return {"@type": "Person", "name": author.name,
            "url": absolute_url("reading.show_author", username=author.username)}


def publisher() -> dict:
    """The blog itself, as the publisher of every review."""
    return {"@type": "Organization", "name": current_app.config["SITE_NAME"],
            "url": site_url() + "/"}


def movie(film: Film, image: Image | None) -> dict:
    """The reviewed film as a schema.org ``Movie``."""
    data = {"@type": "Movie", "name": film.title}
    if film.original_title and film.original_title != film.title:
        data["alternateName"] = film.original_title
    if film.release_date or film.year:
        data["dateCreated"] = film.release_date.isoformat() if film.release_date else str(
            film.year)
    directors = [person_ref(credit.person) for credit in film.credits_as("director")]
    if directors:
        data["director"] = directors
    actors = [person_ref(credit.person) for credit in film.credits_as("cast")]
    if actors:
        data["actor"] = actors[:CAST_IN_MOVIE]
    if image:
        data["image"] = image.url
    same_as = [url for url in (film.imdb_url, film.letterboxd_url, film.rotten_tomatoes_url)
               if url]
    if same_as:
        data["sameAs"] = same_as
    return data


def review_data(review: Review) -> list[dict]:
    """The review page's JSON-LD: the ``Review`` of its ``Movie``, and its breadcrumbs."""
    url = absolute_url("reading.show_review", slug=review.slug)
    data = {
        "@context": "https://schema.org", "@type": "Review", "@id": url + "#review",
        "url": url, "name": title_with_year(review),
        "itemReviewed": movie(review.film, poster_image(review)),
        "author": author_ref(review.author),
        "datePublished": review.published_at.isoformat(timespec="seconds"),
        "dateModified": review.updated_at.isoformat(timespec="seconds"),
        "reviewBody": review.excerpt, "publisher": publisher(), "inLanguage": "en",
    }
    if review.verdict:
        data["description"] = review.verdict
    if review.rating is not None:
        data["reviewRating"] = {"@type": "Rating", "ratingValue": review.rating,
                                "bestRating": 5, "worstRating": 0.5}
    if review.tags:
        data["keywords"] = ", ".join(tag.name for tag in review.tags)
    return [data, breadcrumbs(review)]


def breadcrumbs(review: Review) -> dict:
    """Home, the review's year in the archive, the review."""
    year = local_time(review.published_at).year
    trail = [("Reviews", absolute_url("reading.home")),
             (str(year), absolute_url("reading.archive", year=year)),
             (title_with_year(review), absolute_url("reading.show_review", slug=review.slug))]
    return {"@context": "https://schema.org", "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": n, "name": name, "item": url}
                                for n, (name, url) in enumerate(trail, start=1)]}


def person_data(person: Person) -> dict:
    """A person page's JSON-LD ``Person``."""
    data = {"@context": "https://schema.org", **person_ref(person)}
    if person.bio:
        data["description"] = person.bio
    if person.imdb_url:
        data["sameAs"] = [person.imdb_url]
    image = portrait_image(person)
    if image:
        data["image"] = image.url
    return data


def website_data() -> dict:
    """The homepage's ``WebSite``, with the search box search engines may offer."""
    return {"@context": "https://schema.org", "@type": "WebSite",
            "name": current_app.config["SITE_NAME"], "url": site_url() + "/",
            "description": current_app.config["SITE_TAGLINE"],
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint",
                           "urlTemplate": site_url() + "/search?q={search_term_string}"},
                "query-input": "required name=search_term_string"}}


def review_list_data(reviews) -> dict:
    """A list page's ``ItemList``: the reviews it shows, in order, by address."""
    return {"@context": "https://schema.org", "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": n,
                 "url": absolute_url("reading.show_review", slug=review.slug)}
                for n, review in enumerate(reviews, start=1)]}


def film_list_data(film_list, entries) -> dict:
    """A list page's ``ItemList``: its films in order, each linked to its review when there is
    one, ascending for a ranked list."""
    url = absolute_url("lists.show_list", slug=film_list.slug)
    items = []
    for n, shown in enumerate(entries, start=1):
        item = {"@type": "ListItem", "position": n, "name": shown.film.title}
        if shown.review is not None:
            item["url"] = absolute_url("reading.show_review", slug=shown.review.slug)
        items.append(item)
    data = {"@context": "https://schema.org", "@type": "ItemList", "@id": url + "#list",
            "url": url, "name": film_list.title, "numberOfItems": len(items),
            "itemListOrder": "https://schema.org/ItemListOrder" + (
                "Ascending" if film_list.ranked else "Unordered"),
            "author": author_ref(film_list.author), "itemListElement": items}
    if film_list.published_at is not None:
        data["datePublished"] = film_list.published_at.isoformat(timespec="seconds")
    return data


def init_app(app):
    """Make the builders available to templates."""
    app.jinja_env.filters["json_ld"] = to_json_ld
    app.jinja_env.globals.update(
        poster_image=poster_image, portrait_image=portrait_image, first_poster=first_poster,
        review_data=review_data, person_data=person_data, website_data=website_data,
        review_list_data=review_list_data, review_title=title_with_year)

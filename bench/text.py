"""Texts for generated rows, rendered once: the benchmark measures reads, not Markdown."""
from __future__ import annotations

import math
from dataclasses import dataclass

from blog import sanitize

GENRES = ["Drama", "Comedy", "Thriller", "Horror", "Romance", "Western", "Documentary",
          "Science Fiction", "Animation", "Crime", "War", "Musical", "Fantasy", "Noir",
          "Action", "Mystery", "Adventure", "Family", "Biography", "History"]
DECADES = [f"{decade}s" for decade in range(1920, 2030, 10)]
WORDS = ("light frame shadow silence score cut close-up montage long take ending dialogue "
         "colour grain tension grief memory city road house rain night summer ghost letter "
         "mirror river train war love family debt cinema stage").split()

REVIEW_MARKDOWN = """\
The first shot holds for almost a minute, and by the time the camera moves you already know
whose story this is. It is a *patient* film, and it asks the same of us.

## What works

- The long takes, which let scenes breathe instead of cutting on every line.
- A score used sparingly, so that when it arrives it **means** something.
- Performances that trust the close-up: small gestures, no speeches.

> A film about waiting, made by people who understand how waiting feels.

The middle stretch sags. A subplot about a letter that never arrives is set up with care and then
dropped, and the editing, so assured elsewhere, loses its nerve for twenty minutes. Still, the
final act recovers: the last scene is a quiet thing, a door left open, and it lands because the
film has earned the right to be quiet.

::: spoiler
The letter does arrive, in the last shot, and nobody opens it.
:::

## Should you see it

Yes, on the biggest screen you can find, and without checking your phone. Its pleasures are
cumulative; it rewards the attention it demands, and it stays with you for days afterwards.
The photography alone, all grain and late-afternoon light, is worth the ticket.[^1]

[^1]: Shot on 35 mm, which you can tell from the first frame.
"""

COMMENT_SOURCES = [
    "Great review, I felt exactly the same about the ending.",
    "I disagree: the middle stretch is the *best* part of the film.",
    "Saw it last night. The score is doing a lot of work, isn't it?",
    "Thanks for the spoiler warning! Adding it to my list.",
    "The long takes were a bit much for me, but I see the appeal.\n\nStill worth it.",
    "Anyone know where this is streaming in the UK?",
    "Second viewing is even better. Watch the mirrors in the first act.",
    "Fair, though I'd give it half a star more.",
]


@dataclass(frozen=True)
class ReviewText:
    body: str
    body_html: str
    excerpt: str
    reading_minutes: int


def review_text(words_per_minute: int = 230) -> ReviewText:
    """The body every generated review shares, rendered and excerpted once."""
    words = len(sanitize.markdown_to_text(REVIEW_MARKDOWN).split())
    return ReviewText(REVIEW_MARKDOWN, sanitize.render_markdown(REVIEW_MARKDOWN),
                      sanitize.excerpt(REVIEW_MARKDOWN),
                      max(1, math.ceil(words / words_per_minute)))


def comment_texts() -> list[tuple[str, str]]:
    """A few comment bodies as (source, cleaned HTML) pairs, cleaned once each."""
    return [(source, sanitize.clean_comment(source)) for source in COMMENT_SOURCES]


def tag_names(count: int) -> list[tuple[str, str]]:
    """``count`` tag (name, kind) pairs: genres, decades, then numbered themes."""
    names = [(name, "genre") for name in GENRES] + [(name, "decade") for name in DECADES]
    names += [(f"Theme {n}", "theme") for n in range(1, count - len(names) + 1)]
    return names[:count]


def film_title(rng, serial: int) -> str:
    """A readable, unique film title."""
    first, second = rng.choice(WORDS), rng.choice(WORDS)
    return f"The {first.title()} and the {second.title()} {serial}"

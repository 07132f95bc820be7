"""Trailer links: which video sites are allowed, and their privacy-friendly embed addresses."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be",
                 "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{4,12}$")


@dataclass(frozen=True)
class Trailer:
    """A trailer link recognised as YouTube or Vimeo, with its plain and embed addresses."""

    provider: str   # "YouTube" or "Vimeo"
    watch_url: str  # the plain link, for readers without JavaScript
    embed_url: str  # loaded only after the reader clicks


def parse_trailer(url: str) -> Trailer | None:
    """A Trailer for a YouTube or Vimeo video link, or None for anything else."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if host in YOUTUBE_HOSTS:
        video_id = youtube_id(host, parts)
        if video_id:
            return Trailer("YouTube", f"https://www.youtube.com/watch?v={video_id}",
                           f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1")
    elif host in VIMEO_HOSTS:
        video_id = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if VIMEO_ID.match(video_id):
            return Trailer("Vimeo", f"https://vimeo.com/{video_id}",
                           f"https://player.vimeo.com/video/{video_id}?dnt=1&autoplay=1")
    return None


def youtube_id(host: str, parts) -> str | None:
    """The 11-character video id from any of YouTube's link shapes."""
    if host == "youtu.be":
        candidate = parts.path.lstrip("/")
    elif parts.path.startswith(("/embed/", "/shorts/")):
        candidate = parts.path.split("/")[2]
    else:
        candidate = parse_qs(parts.query).get("v", [""])[0]
    return candidate if YOUTUBE_ID.match(candidate) else None

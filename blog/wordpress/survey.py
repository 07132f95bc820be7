"""The first pass over an export: the file checked whole (nothing is written from a file that
turns out malformed), and the small references the second pass needs (attachments, used terms)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from blog.wordpress.wxr import Channel, WxrReader


@dataclass
class Survey:
    """What the first pass learnt: the channel, the item count, and where attachments live."""

    channel: Channel
    total: int = 0
    attachments: dict[str, str] = field(default_factory=dict)  # attachment id -> file URL
    attached_files: dict[str, str] = field(default_factory=dict)  # id -> path under uploads
    attachment_titles: dict[str, str] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)  # post id -> attachment ids
    used_terms: set[tuple[str, str]] = field(default_factory=set)  # (domain, nicename)
    invalid_bytes: int = 0
    control_characters: int = 0


def survey(stream: BinaryIO) -> Survey:
    """Read the whole export once, checking it is well-formed; keep only small references."""
    reader = WxrReader(stream)
    found = Survey(reader.channel)
    for item in reader.items():
        found.total += 1
        if item.post_type == "attachment":
            found.attachments[item.post_id] = item.attachment_url or item.guid
            found.attachment_titles[item.post_id] = item.title
            if item.meta.get("_wp_attached_file"):
                found.attached_files[item.post_id] = item.meta["_wp_attached_file"]
            found.children.setdefault(item.post_parent, []).append(item.post_id)
        elif item.post_type == "post":
            found.used_terms.update((domain, nicename) for domain, nicename, _ in item.terms)
    found.invalid_bytes = reader.stream.invalid
    found.control_characters = reader.stream.controls
    return found

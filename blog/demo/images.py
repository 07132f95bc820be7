"""Posters and portraits for the demo, drawn locally with Pillow: nothing is downloaded.

Posters are typographic: a bold field of colour with a geometric motif above the film's title,
year and director. Portraits are initials on a coloured disc. Files are WebP, written under
``UPLOAD_FOLDER`` and referred to by their path relative to it, each with the smaller copies the
pages choose from (``blog.services.image_sizes``), as an upload gets.
"""
from __future__ import annotations

import hashlib
import os
import random
from functools import lru_cache

from flask import current_app
from PIL import Image, ImageDraw, ImageFont

from blog.services import image_sizes

POSTER_SIZE = (400, 600)
PORTRAIT_SIZE = (240, 240)
ART_HEIGHT = 310  # the motif fills the top of the poster; the type sits below it
MARGIN = 28
DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu"
PORTRAIT_COLOURS = ["#264653", "#2a9d8f", "#8d5a97", "#e76f51", "#3a5a40", "#6d597a",
                    "#b5651d", "#1d3557", "#9d0208", "#386641", "#5e548e", "#7f5539"]


@lru_cache(maxsize=None)
def font(size: int, bold: bool = True) -> ImageFont.ImageFont:
    """A font at ``size`` pixels: DejaVu Sans when installed, else Pillow's built-in font."""
    path = os.path.join(DEJAVU_DIR, "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if os.path.exists(path):
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def seeded(key: str) -> random.Random:
    """A random generator that gives the same choices for the same key on every machine."""
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))


def save_webp(image: Image.Image, relative_path: str) -> str:
    """Write an image and its smaller copies under the upload folder; return its relative path."""
    target = os.path.join(current_app.config["UPLOAD_FOLDER"], *relative_path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    image.save(target, "WEBP", quality=82)
    image_sizes.make_sizes(relative_path)
    return relative_path


def draw_poster(slug: str, title: str, year: int, director: str,
                colours: tuple[str, str, str], motif: str) -> tuple[str, int, int]:
    """Draw a film's poster, save it as posters/<slug>.webp and return (path, width, height)."""
    background, ink, accent = colours
    image = Image.new("RGB", POSTER_SIZE, background)
    draw = ImageDraw.Draw(image)
    MOTIFS[motif](draw, seeded(slug), ink, accent)
    draw.rectangle((0, ART_HEIGHT, POSTER_SIZE[0], POSTER_SIZE[1]), fill=background)
    _poster_type(draw, title, year, director, ink, accent)
    return save_webp(image, f"posters/{slug}.webp"), *POSTER_SIZE


def _poster_type(draw, title, year, director, ink, accent) -> None:
    """Set the title as large as fits, then a rule, the year and the director at the foot."""
    bottom = POSTER_SIZE[1] - MARGIN
    director_top, year_top, rule_top = bottom - 16, bottom - 60, bottom - 76
    lines, size = fit_lines(draw, title.upper(), POSTER_SIZE[0] - 2 * MARGIN,
                            rule_top - 12 - (ART_HEIGHT + 22))
    y = ART_HEIGHT + 22
    for line in lines:
        draw.text((MARGIN, y), line, font=font(size), fill=ink)
        y += size + 6
    draw.rectangle((MARGIN, rule_top, MARGIN + 72, rule_top + 5), fill=accent)
    draw.text((MARGIN, year_top), str(year), font=font(26), fill=accent)
    draw.text((MARGIN, director_top), f"A FILM BY {director.upper()}",
              font=font(15, bold=False), fill=ink)


def fit_lines(draw, text: str, width: int, height: int) -> tuple[list[str], int]:
    """Wrap text at the largest size (returned with the lines) that fits the width and height."""
    for size in range(60, 19, -2):
        lines = wrap(draw, text, font(size), width)
        if lines is not None and len(lines) * (size + 6) <= height:
            return lines, size
    return wrap(draw, text, font(20), width) or [text], 20


def wrap(draw, text: str, face, width: int) -> list[str] | None:
    """Greedy word wrap; None when a single word is wider than ``width``."""
    lines: list[str] = []
    for word in text.split():
        if draw.textlength(word, font=face) > width:
            return None
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=face) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _diagonal(draw, rng, ink, accent):
    """Tilted bands, like a Dutch angle."""
    for offset in range(-400, 600, 70):
        shift = rng.randint(0, 30)
        draw.polygon([(offset + shift, 0), (offset + 34 + shift, 0),
                      (offset + 214 + shift, ART_HEIGHT), (offset + 180 + shift, ART_HEIGHT)],
                     fill=accent if rng.random() < 0.35 else ink)


def _sun(draw, rng, ink, accent):
    """A large disc setting behind horizontal lines."""
    radius = rng.randint(110, 140)
    cx = rng.randint(150, 250)
    draw.ellipse((cx - radius, 230 - radius, cx + radius, 230 + radius), fill=accent)
    for y in range(200, ART_HEIGHT, 18):
        draw.rectangle((0, y, POSTER_SIZE[0], y + 5 + (y - 200) // 30), fill=ink)


def _bars(draw, rng, ink, accent):
    """Seven upright bars of slightly different heights, one in the accent colour."""
    width = (POSTER_SIZE[0] - 2 * MARGIN) // 7
    highlighted = rng.randrange(7)
    for index in range(7):
        top = rng.randint(40, 150)
        left = MARGIN + index * width
        draw.rectangle((left + 6, top, left + width - 6, ART_HEIGHT - 30),
                       fill=accent if index == highlighted else ink)


def _rings(draw, rng, ink, accent):
    """Concentric rings drifting off centre, a spiral's cousin."""
    cx, cy = 200 + rng.randint(-30, 30), 160
    for step, radius in enumerate(range(148, 10, -22)):
        cx += rng.randint(-6, 6)
        colour = accent if step % 2 else ink
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=colour,
                     width=9)


def _grid(draw, rng, ink, accent):
    """A wall of windows, a few of them lit."""
    for row in range(5):
        for column in range(5):
            left, top = MARGIN + column * 70, 30 + row * 55
            lit = rng.random() < 0.22
            draw.rectangle((left, top, left + 52, top + 42), fill=accent if lit else ink)


def _circles(draw, rng, ink, accent):
    """Scattered discs of different sizes, like lanterns."""
    for _ in range(11):
        radius = rng.randint(14, 58)
        x, y = rng.randint(20, 380), rng.randint(20, ART_HEIGHT - 20)
        colour = accent if rng.random() < 0.4 else ink
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def _stairs(draw, rng, ink, accent):
    """A staircase descending from the top left towards the type."""
    steps = 7
    depth = (ART_HEIGHT - 40) // steps
    for index in range(steps):
        top = 20 + index * depth
        draw.rectangle((0, top, MARGIN + (index + 1) * 46, top + depth), fill=ink)
    draw.rectangle((300, 40, 360, 110), fill=accent)


def _stripes(draw, rng, ink, accent):
    """Horizontal stripes of varying weight with one accent band."""
    y = 20
    while y < ART_HEIGHT - 20:
        weight = rng.randint(6, 22)
        draw.rectangle((0, y, POSTER_SIZE[0], y + weight),
                       fill=accent if rng.random() < 0.25 else ink)
        y += weight + rng.randint(8, 20)


def _oval(draw, rng, ink, accent):
    """A single upright egg, cracked by a line of light."""
    draw.ellipse((115, 30, 285, 290), outline=ink, width=6)
    x = 200 + rng.randint(-20, 20)
    draw.line([(x - 30, 70), (x, 120), (x - 12, 160), (x + 20, 200)], fill=accent, width=5)


def _triangle(draw, rng, ink, accent):
    """A flame-like triangle rising from a dark base."""
    peak = 150 + rng.randint(0, 100)
    draw.polygon([(70, ART_HEIGHT - 20), (peak, 30), (330, ART_HEIGHT - 20)], fill=accent)
    draw.polygon([(130, ART_HEIGHT - 20), (peak, 140), (270, ART_HEIGHT - 20)], fill=ink)


MOTIFS = {
    "diagonal": _diagonal, "sun": _sun, "bars": _bars, "rings": _rings, "grid": _grid,
    "circles": _circles, "stairs": _stairs, "stripes": _stripes, "oval": _oval,
    "triangle": _triangle,
}


def initials(name: str) -> str:
    """The first letters of a person's first and last names."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    if not words:
        return "?"
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def draw_portrait(slug: str, name: str) -> str:
    """Draw a person's initials portrait, save it as portraits/<slug>.webp, return the path."""
    rng = seeded(slug)
    colour = rng.choice(PORTRAIT_COLOURS)
    image = Image.new("RGB", PORTRAIT_SIZE, colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((18, 18, 222, 222), outline="#f4f1ea", width=4)
    letters = initials(name)
    face = font(88)
    left, top, right, bottom = draw.textbbox((0, 0), letters, font=face)
    position = ((PORTRAIT_SIZE[0] - (right - left)) / 2 - left,
                (PORTRAIT_SIZE[1] - (bottom - top)) / 2 - top)
    draw.text(position, letters, font=face, fill="#f4f1ea")
    return save_webp(image, f"portraits/{slug}.webp")

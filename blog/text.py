"""Characters the site refuses to store: control characters, noncharacters, lone surrogates.

PostgreSQL refuses NUL in text and XML refuses most C0 controls and the noncharacters U+FFFE and
U+FFFF, so a value holding them is a 500 on one database or a broken feed later. Every form's
text fields (``blog.forms.BaseForm``) and every URL path pass through here.
"""
from __future__ import annotations

import re

# C0 controls but tab, newline and carriage return; DEL and the C1 controls; lone surrogates;
# the noncharacters U+FDD0–U+FDEF and the last two code points of every plane.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_MULTI_LINE_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + "]")
# A one-line value (a name, a title, a URL part) has no business with line breaks either: they
# would end up in email headers and feed titles.
_ONE_LINE_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + "]")
# What XML 1.0 refuses outright (the C1 controls and DEL are allowed, merely discouraged).
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def has_unsafe_characters(text: str) -> bool:
    """Whether ``text`` holds a character no stored one-line value may hold (e.g. a URL part)."""
    return _ONE_LINE_UNSAFE.search(text) is not None


def strip_unsafe(text: str) -> str:
    """``text`` without the characters we never store; tabs and line breaks stay."""
    return _MULTI_LINE_UNSAFE.sub("", text)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry, for feeds of already stored values."""
    return _XML_UNSAFE.sub("", text or "")

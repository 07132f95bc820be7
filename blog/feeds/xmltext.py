"""Text made safe for XML 1.0: stored text may hold control characters XML refuses."""
import re

# Everything outside XML 1.0's Char production (control characters, lone surrogates, U+FFFE/F).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str | None) -> str:
    """``text`` without the characters an XML document may not contain."""
    return NOT_XML.sub("", text or "")

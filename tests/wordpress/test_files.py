"""Hostile and broken exports: refused with where and why, nothing written; repairable damage
repaired and reported."""
import gc
import io

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, LegacyPath, Review, Tag, User
from blog.wordpress import WordPressFileError, import_wordpress
from blog.wordpress.wxr import WxrReader
from tests.wordpress.wxr import export, item

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&secret;</title></item></channel></rss>"""


def nothing_written():
    for model in (Review, Comment, Tag, User, LegacyPath):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_tricks_are_refused(ctx, data):
    with pytest.raises(WordPressFileError) as error:
        import_wordpress(io.BytesIO(data))
    assert "nothing was imported" in str(error.value)
    nothing_written()


def test_a_truncated_file_stops_with_line_and_column_having_written_nothing(ctx):
    whole = export(item(1, "First"), item(2, "Second"), item(3, "Third"))
    with pytest.raises(WordPressFileError) as error:
        import_wordpress(io.BytesIO(whole[:-200]))
    assert error.value.line is not None and error.value.column is not None
    assert f"line {error.value.line}" in str(error.value)
    nothing_written()


def test_malformed_xml_in_the_middle_names_the_line(ctx):
    data = export(item(1, "First")).replace(b"<wp:post_id>1</wp:post_id>",
                                           b"<wp:post_id>1</wp:post_idx>")
    with pytest.raises(WordPressFileError) as error:
        import_wordpress(io.BytesIO(data))
    line = data[:data.index(b"</wp:post_idx>")].count(b"\n") + 1
    assert error.value.line == line
    nothing_written()


@pytest.mark.parametrize("data, message", [
    (b"", "no element found"), (b"<html><body>Hi</body></html>", "not a WordPress export"),
    (b"\x00\x01garbage", "not well-formed"),
])
def test_not_an_export(ctx, data, message):
    with pytest.raises(WordPressFileError, match=message):
        import_wordpress(io.BytesIO(data))
    nothing_written()


def test_bom_invalid_utf8_and_control_characters_are_repaired_and_reported(ctx):
    data = b"\xef\xbb\xbf" + export(item(1, "Café (1999)", "<p>Bad BYTE, a bell \x07, a \x85 and \ufdd0.</p>"))
    data = data.replace(b"BYTE", b"\xff\xfe")  # raw bytes that are not UTF-8
    summary = import_wordpress(io.BytesIO(data))
    review = db.session.scalar(sa.select(Review))
    assert review.title == "Café (1999)" and review.film.year == 1999
    assert "\ufffd" in review.body and "\x07" not in review.body
    assert any("not valid UTF-8" in w for w in summary.warnings)
    assert any("control character" in w for w in summary.warnings)


def test_a_pipe_is_read_too(ctx):
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self.inner = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = self.inner.read(len(buffer))
            buffer[:len(chunk)] = chunk
            return len(chunk)

    summary = import_wordpress(Pipe(export(item(1, "Piped"))))
    assert summary.counts["posts"].imported == 1


def elements_alive() -> int:
    return sum(1 for obj in gc.get_objects() if type(obj).__name__ == "Element")


def most_elements_alive(count: int, samples: int = 12) -> int:
    """The most XML elements alive at once while reading ``count`` posts, beyond those alive
    before (other tests' leftovers), counted ``samples`` times: each count walks every object
    in the process, so not after every post."""
    data = export(*(item(n, f"Post {n}") for n in range(count)))
    gc.collect()
    before = elements_alive()
    most = 0
    for number, _ in enumerate(WxrReader(io.BytesIO(data)).items()):
        if number % (count // samples) == 0 or number == count - 1:
            most = max(most, elements_alive() - before)
    return most


def test_the_reader_keeps_memory_bounded():
    """Finished items leave the tree: ten times the posts, not ten times the elements (a
    reader that kept them would hold about ten elements more per post)."""
    assert most_elements_alive(3000) < most_elements_alive(300) + 1000


def test_an_export_in_another_character_set_is_read_as_it_says(ctx):
    data = export(item(1, "Amélie (2001)", "<p>Très bien.</p>"))
    data = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    summary = import_wordpress(io.BytesIO(data.encode("latin-1")))
    review = db.session.scalar(sa.select(Review))
    assert review.title == "Amélie (2001)" and "Très bien." in review.body
    assert not summary.warnings or all("UTF-8" not in w for w in summary.warnings)


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_older_wxr_versions(ctx, version):
    data = export(item(1, "Old (1990)")).replace(b"export/1.2/", f"export/{version}/".encode())
    summary = import_wordpress(io.BytesIO(data))
    assert summary.counts["posts"].imported == 1
    assert db.session.scalar(sa.select(Review)).film.year == 1990

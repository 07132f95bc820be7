"""Small hand-made WXR exports for the import's tests."""
from __future__ import annotations

from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old blog</title>
<link>https://old.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://old.example.com</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>critic</wp:author_login>
<wp:author_email>critic@old.example.com</wp:author_email>
<wp:author_display_name><![CDATA[Pat Critic]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>horror</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Horror]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>never-used</wp:tag_slug><wp:tag_name>Never used</wp:tag_name></wp:tag>
"""
TAIL = "</channel>\n</rss>\n"


def comment(cid, content, *, parent=0, author="Guest", email="guest@example.com",
            approved="1", kind="", user_id=0, date="2023-05-13 10:00:00"):
    return f"""<wp:comment><wp:comment_id>{cid}</wp:comment_id>
<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
<wp:comment_author_email>{escape(email)}</wp:comment_author_email>
<wp:comment_date_gmt>{date}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{content}]]></wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>{user_id}</wp:comment_user_id>
</wp:comment>"""


def item(post_id, title, content="<p>Text.</p>", *, slug=None, status="publish",
         post_type="post", creator="critic", date="2023-05-12 08:30:00", terms=(),
         comments=(), meta=None, link=None, guid=None, extra=""):
    slug = slug if slug is not None else f"post-{post_id}"
    terms_xml = "".join(f'<category domain="{d}" nicename="{n}"><![CDATA[{name}]]></category>'
                        for d, n, name in terms)
    meta_xml = "".join(f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value>"
                       f"<![CDATA[{v}]]></wp:meta_value></wp:postmeta>"
                       for k, v in (meta or {}).items())
    link = link or f"https://old.example.com/{date[:10].replace('-', '/')}/{slug}/"
    return f"""<item><title>{escape(title)}</title><link>{escape(link)}</link>
<guid isPermaLink="false">{escape(guid or f'https://old.example.com/?p={post_id}')}</guid>
<dc:creator><![CDATA[{creator}]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type>{post_type}</wp:post_type>
<wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>
{terms_xml}{meta_xml}{''.join(comments)}{extra}</item>
"""


def export(*items: str) -> bytes:
    return (HEAD + "".join(items) + TAIL).encode("utf-8")

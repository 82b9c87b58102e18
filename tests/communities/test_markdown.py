"""Headings people write in Markdown sit below the page's own: the page keeps one <h1>
and its <h2> sections, whatever a charter or a post contains."""

import re

import pytest
from django.urls import reverse

from communities.markdown import render_markdown
from communities.services import community_update
from knowledge import services as knowledge_services

pytestmark = pytest.mark.django_db


def heading_tags(html):
    return re.findall(r"<(h[1-6])\b", html)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Title", ["h3"]),
        ("## Section", ["h4"]),
        ("### Sub", ["h5"]),
        ("#### Deep", ["h6"]),
        ("###### Deepest", ["h6"]),
        ("Setext title\n===\n\nSetext section\n---", ["h3", "h4"]),
    ],
)
def test_markdown_headings_are_demoted_by_two_levels_capped_at_h6(source, expected):
    assert heading_tags(render_markdown(source)) == expected


def test_demoted_headings_keep_their_text_and_closing_tags():
    assert str(render_markdown("# Nos règles\n\nUn paragraphe.")) == "<h3>Nos règles</h3>\n<p>Un paragraphe.</p>\n"


def test_raw_h1_and_h2_never_come_through(monkeypatch):
    """Even if raw HTML were let through one day, the sanitiser drops h1/h2 tags (keeping their text)."""
    from markdown_it import MarkdownIt

    from communities import markdown as markdown_module

    monkeypatch.setattr(markdown_module, "_renderer", MarkdownIt("commonmark", {"html": True}))
    html = render_markdown("<h1>Big</h1>\n\n<h2>Also big</h2>")
    assert heading_tags(html) == []
    assert "Big" in html and "Also big" in html


def test_a_charter_with_a_title_leaves_the_community_page_one_h1(client, community, facilitator, member):
    community_update(
        community=community,
        by=facilitator,
        charter="# Our charter\n\n## Respect\n\nBe kind.",
        description="# About us\n\nFarmers.",
    )
    client.force_login(member)
    page = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert page.count("<h1") == 1
    assert "<h3>Our charter</h3>" in page and "<h4>Respect</h4>" in page and "<h3>About us</h3>" in page


def test_a_post_body_with_headings_sits_below_the_post_title(client, community, member):
    post = knowledge_services.post_create(
        community=community,
        author=member,
        kind="experience",
        title="Haies vives",
        body="# Context\n\n## What we did\n\nPlanted.",
    )
    client.force_login(member)
    page = client.get(reverse("knowledge:detail", args=[community.slug, post.pk])).content.decode()
    assert page.count("<h1") == 1
    assert "<h3>Context</h3>" in page and "<h4>What we did</h4>" in page

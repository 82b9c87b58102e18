"""Whatever people type in Markdown, no script, handler, style or dangerous link reaches a page."""

import pytest
from django.urls import reverse
from markdown_it import MarkdownIt

from communities import markdown as markdown_module
from communities.markdown import render_markdown
from communities.services import community_update
from knowledge import services
from knowledge.services import STRUCTURED_FIELDS

from .xss_corpus import ALL_PAYLOADS, XSS_PAYLOADS, problems_in_fragment, problems_in_page

pytestmark = pytest.mark.django_db

SENTINEL = "Sentinel paragraph: the payloads above were rendered."
TEXT_FIELDS = [name for name in STRUCTURED_FIELDS if name != "resource_url"]


def test_the_corpus_is_large_enough():
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="javascript:alert(1)" rel="nofollow noopener">x</a></p>',
        '<p><a href="JAVA&#x09;SCRIPT&colon;alert(1)" rel="nofollow noopener">x</a></p>',
        '<p><a href=" &#1;javascript:alert(1)" rel="nofollow noopener">x</a></p>',
        '<p><a href="https://ok.example/">no rel</a></p>',
        '<p onclick="alert(1)">x</p>',
        '<p style="color: red">x</p>',
        "<script>alert(1)</script>",
        "<svg></svg>",
        '<form action="/x"></form>',
    ],
)
def test_the_check_catches_unsafe_html(html):
    """The checks below would fail if something unsafe came out."""
    assert problems_in_fragment(html)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_rendered_markdown_is_safe(payload):
    assert problems_in_fragment(render_markdown(payload)) == []


def test_all_payloads_together_render_safely():
    assert problems_in_fragment(render_markdown(ALL_PAYLOADS + "\n\n" + SENTINEL)) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_the_sanitiser_alone_cleans_raw_html(monkeypatch, payload):
    """Even if raw HTML were let through Markdown one day, nh3 cleans it."""
    monkeypatch.setattr(markdown_module, "_renderer", MarkdownIt("commonmark", {"html": True}).enable("table"))
    assert problems_in_fragment(render_markdown(payload)) == []


def test_safe_links_survive_with_rel_nofollow_noopener():
    html = render_markdown("[a resource](https://ok.example/guide) and <someone@ok.example>")
    assert 'href="https://ok.example/guide"' in html and 'href="mailto:someone@ok.example"' in html
    assert html.count('rel="nofollow noopener noreferrer"') == 2


# --- Through the pages -------------------------------------------------------------------------


def test_the_charter_page_shows_the_payloads_safely(client, community, facilitator, member):
    community_update(community=community, by=facilitator, charter=f"{ALL_PAYLOADS}\n\n{SENTINEL}",
                     description=f"{ALL_PAYLOADS}\n\n{SENTINEL}")
    client.force_login(member)
    response = client.get(f"/communities/{community.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(SENTINEL) == 2  # the charter and the description were rendered
    assert problems_in_page(page) == []


def payload_post(community, author, replier):
    """A post with every payload in its text and structured fields, and a reply with them."""
    post = services.post_create(
        community=community, author=author, kind="experience", title="<script>window.__xss=1</script> A title",
        body=f"{ALL_PAYLOADS}\n\n{SENTINEL}", themes=["<b>theme</b>", "javascript:alert(1)"],
        **{name: f"{ALL_PAYLOADS}\n\n{SENTINEL}" for name in TEXT_FIELDS},
    )
    services.reply_create(post=post, author=replier, body=f"{ALL_PAYLOADS}\n\n{SENTINEL}",
                          quote="<img src=x onerror=window.__xss=1> [x](javascript:window.__xss=1)")
    return post


def test_the_post_page_shows_the_payloads_safely(client, community, facilitator, member):
    post = payload_post(community, member, facilitator)
    client.force_login(member)
    response = client.get(reverse("knowledge:detail", args=[community.slug, post.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # The body, the four structured fields and the reply were all rendered.
    assert page.count(SENTINEL) == 1 + len(TEXT_FIELDS) + 1
    assert problems_in_page(page) == []

"""Safe Markdown: markdown-it-py renders (raw HTML off), nh3 sanitises what comes out.

Used for charters, descriptions, agendas and posts: whatever people type, no script,
iframe, event handler, style or javascript: link reaches the browser.
"""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table").enable("strikethrough")

# Pages use <h1> for themselves and <h2> for their sections: what people write sits below,
# so a "# Title" in a charter or post is an <h3> and the page's outline stays true.
HEADING_SHIFT = 2
DEEPEST_HEADING = 6

ALLOWED_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def _demote_headings(tokens):
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + HEADING_SHIFT, DEEPEST_HEADING)
            token.tag = f"h{level}"


def render_markdown(text):
    """Markdown source → sanitised HTML, marked safe for templates."""
    if not text:
        return mark_safe("")
    env = {}
    tokens = _renderer.parse(text, env)
    _demote_headings(tokens)
    html = _renderer.renderer.render(tokens, _renderer.options, env)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above

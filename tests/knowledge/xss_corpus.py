"""Hostile text people could type where Markdown is rendered (posts, replies, charters).

Each payload tries to run ``window.__xss = 1`` (or open a dialog), so a browser test can
tell whether anything executed. Links point at hosts under ``.example`` so tests can find
the links that came from the payloads. ``html_is_safe`` is the check applied to rendered
output, in the server tests and on whole pages.
"""

import re
import unicodedata
from html.parser import HTMLParser

XSS_PAYLOADS = [
    # Raw HTML (Markdown's html option is off, nh3 cleans what is left)
    "<script>window.__xss=1;alert('script')</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    '<img src=x onerror="window.__xss=1;alert(\'img\')">',
    "<svg onload=window.__xss=1></svg>",
    "<svg><script>window.__xss=1</script></svg>",
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '<iframe srcdoc="&lt;script&gt;parent.__xss=1&lt;/script&gt;"></iframe>',
    '<object data="javascript:window.__xss=1"></object>',
    '<embed src="javascript:window.__xss=1">',
    '<a href="javascript:window.__xss=1" onclick="window.__xss=1">click me</a>',
    '<a href="https://ok.example/" onmouseover="window.__xss=1">hover me</a>',
    '<div style="background:url(javascript:window.__xss=1)">styled</div>',
    '<p style="width: expression(window.__xss=1)">expression</p>',
    "<style>body{background:url('javascript:window.__xss=1')} @import 'https://evil.example/x.css';</style>",
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1"></style></mglyph></table></mtext></math>',
    '<form action="javascript:window.__xss=1"><button>Send</button></form>',
    "<input autofocus onfocus=window.__xss=1>",
    "<details open ontoggle=window.__xss=1><summary>more</summary></details>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    "<!-- <script>window.__xss=1</script> -->",
    "<!--><img src=x onerror=window.__xss=1>-->",
    '<body onload="window.__xss=1">',
    '<video><source onerror="window.__xss=1"></video>',
    '<marquee onstart="window.__xss=1">scroll</marquee>',
    # Markdown links and images
    "[plain javascript](javascript:window.__xss=1)",
    "[mixed case](JaVaScRiPt:window.__xss=1)",
    "[vbscript](vbscript:msgbox(1))",
    "[data html](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    "[data image](data:image/png;base64,iVBORw0KGgo=)",
    "![image](javascript:window.__xss=1)",
    '![image with title](https://evil.example/x.png "title onerror=window.__xss=1")',
    "[entity](jav&#x61;script:window.__xss=1)",
    "[named entity](javascript&colon;window.__xss=1)",
    "[decimal entity](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=1)",
    "[tab](<java\tscript:window.__xss=1>)",
    "[newline](<java\nscript:window.__xss=1>)",
    "[leading space](< javascript:window.__xss=1>)",
    "[control char](\x01javascript:window.__xss=1)",
    '[quote breaking](https://ok.example/" onmouseover="window.__xss=1)',
    "[title breaking](https://ok.example/ 'x\" onmouseover=\"window.__xss=1')",
    "<javascript:window.__xss=1>",
    "<JAVASCRIPT:window.__xss=1>",
    "<vbscript:msgbox(1)>",
    "<https://ok.example/autolink>",
    "<someone@ok.example>",
    "[reference link][evil]\n\n[evil]: javascript:window.__xss=1",
    "[reference upper][evil2]\n\n[evil2]: JAVASCRIPT:window.__xss=1 \"title\"",
    "[good reference][good]\n\n[good]: https://ok.example/reference",
    "[protocol relative](//evil.example/x)",
    # Unicode: bidi overrides and look-alikes in link text and targets
    "[https://ok.example/invoice\u202egpj.exe](https://evil.example/\u202egpj.exe)",
    "[bidi scheme](\u202ejavascript:window.__xss=1)",
    "[zero width](java\u200bscript:window.__xss=1)",
    "[fullwidth colon](javascript\uff1awindow.__xss=1)",
    "\u2067<script>window.__xss=1</script>\u2069",
    # Code spans and blocks must stay text
    "`<script>window.__xss=1</script>`",
    "```html\n<img src=x onerror=window.__xss=1>\n```",
    # A table cell and an alignment attribute
    "| a | b |\n|:-|-:|\n| <img src=x onerror=window.__xss=1> | [x](javascript:window.__xss=1) |",
]

ALL_PAYLOADS = "\n\n".join(XSS_PAYLOADS)

# Elements that must never come out of rendered user text.
FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "form", "input", "button",
    "textarea", "select", "base", "meta", "link", "svg", "math", "img", "video", "audio", "source", "details",
    "marquee", "body", "html", "head",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "ping", "srcdoc"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def url_scheme(value):
    """The scheme a browser would see, after dropping spaces, control and format characters.

    None for a relative address (which cannot run script). html.parser has already
    decoded character references in attribute values.
    """
    cleaned = "".join(
        char for char in value if not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf"))
    ).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


class Element:
    def __init__(self, tag, attrs, inside):
        self.tag = tag
        self.attrs = attrs  # list of (name, value)
        self.inside = inside  # names of the open elements around it

    def get(self, name):
        return next((value or "" for key, value in self.attrs if key == name), None)

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class Collector(HTMLParser):
    """Every start tag, with its attributes and the elements it sits in."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.stack, self.comments = [], [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append(Element(tag, attrs, tuple(self.stack)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, attrs, tuple(self.stack)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_comment(self, data):
        self.comments.append(data)


def parse(html):
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


def problems_in_fragment(html):
    """What is unsafe in the HTML rendered from user text (empty list: safe)."""
    problems = []
    for element in parse(html).elements:
        if element.tag in FORBIDDEN_ELEMENTS:
            problems.append(f"forbidden element {element!r}")
        problems.extend(_attribute_problems(element))
        if element.tag == "a":
            rel = (element.get("rel") or "").split()
            if "nofollow" not in rel or "noopener" not in rel:
                problems.append(f"link without rel nofollow noopener {element!r}")
    return problems


def _attribute_problems(element):
    problems = []
    for name, value in element.attrs:
        if name.startswith("on"):
            problems.append(f"event handler {name} on {element!r}")
        elif name == "style":
            problems.append(f"style attribute on {element!r}")
        elif name in URL_ATTRIBUTES and url_scheme(value or "") not in (None, *SAFE_SCHEMES):
            problems.append(f"unsafe {name} on {element!r}")
    return problems


def problems_in_page(html, *, payload_hosts=(".example",)):
    """What is unsafe in a whole page of the site showing user text.

    The page's own markup is allowed (forms, meta in the head, scripts served from
    /static/); anything that could only come from the payloads is not.
    """
    problems = []
    for element in parse(html).elements:
        problems.extend(_attribute_problems(element))
        if element.tag == "script":
            if not (element.get("src") or "").startswith("/static/"):
                problems.append(f"script not served from /static/ {element!r}")
        elif element.tag in {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math",
                             "video", "audio", "source", "marquee"}:
            problems.append(f"forbidden element {element!r}")
        elif element.tag == "style":
            problems.append(f"style element {element!r}")
        elif element.tag == "meta" and (element.get("http-equiv") is not None or "head" not in element.inside):
            problems.append(f"meta outside the head or with http-equiv {element!r}")
        elif element.tag == "link" and "head" not in element.inside:
            problems.append(f"link element outside the head {element!r}")
        elif element.tag in ("form", "button", "input") and (element.get("action") or element.get("formaction") or "/").strip()[:1] not in ("/", "?", ""):
            problems.append(f"form posting elsewhere {element!r}")
        elif element.tag == "a" and _host_of(element.get("href") or "").endswith(payload_hosts):
            rel = (element.get("rel") or "").split()
            if "nofollow" not in rel or "noopener" not in rel:
                problems.append(f"link from user text without rel nofollow noopener {element!r}")
    return problems


def _host_of(url):
    match = re.match(r"^(?:https?:)?//([^/?#]+)", url.strip(), re.IGNORECASE)
    return match.group(1).lower() if match else ""

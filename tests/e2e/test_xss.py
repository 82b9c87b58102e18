"""In Chromium, hostile Markdown in a charter, a post and a reply runs nothing.

Each payload tries to set ``window.__xss`` or open a dialog. The pages are loaded twice:
once with the Content-Security-Policy bypassed, so the sanitiser alone is tested, and once
with it, where a CSP report about an inline script or handler would reveal that something
got through the sanitiser.
"""

from allauth.account.models import EmailAddress

from communities import services as community_services
from knowledge import services as knowledge_services
from tests.e2e.test_community_membership import sign_in
from tests.factories import UserFactory
from tests.knowledge.test_xss import SENTINEL, TEXT_FIELDS
from tests.knowledge.xss_corpus import ALL_PAYLOADS

# What the browser itself made of the page: elements, handlers and the protocols of links.
DOM_PROBLEMS = """() => {
  const problems = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on')) problems.push(`${attribute.name} on <${element.localName}>`);
      if (attribute.name === 'style') problems.push(`style on <${element.localName}>`);
    }
  }
  for (const script of document.scripts) {
    if (!script.src || new URL(script.src).origin !== location.origin || !new URL(script.src).pathname.startsWith('/static/')) {
      problems.push(`script ${script.src || script.textContent.slice(0, 60)}`);
    }
  }
  for (const element of document.querySelectorAll('iframe, frame, object, embed, base, svg, math, style, meta[http-equiv]')) {
    problems.push(`<${element.localName}>`);
  }
  for (const link of document.querySelectorAll('a[href], area[href]')) {
    if (!['http:', 'https:', 'mailto:'].includes(link.protocol)) problems.push(`link to ${link.href}`);
  }
  for (const form of document.forms) {
    if (new URL(form.action, location.href).origin !== location.origin) problems.push(`form to ${form.action}`);
  }
  return problems;
}"""


def verified_user(**fields):
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


class Visitor:
    """A signed-in page that records dialogs and the CSP's complaints."""

    def __init__(self, browser, base, user, *, bypass_csp):
        self.page = browser.new_context(bypass_csp=bypass_csp).new_page()
        self.page.set_default_timeout(10_000)
        self.dialogs, self.csp_messages = [], []
        self.page.on("dialog", self._on_dialog)
        self.page.on("console", self._on_console)
        sign_in(self.page, base, user.email)

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_messages.append(message.text)

    def assert_nothing_ran(self, url, *, sentinels):
        page = self.page
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.get_by_text(SENTINEL).count() == sentinels  # the payloads are on the page
        # Give load, error, focus and toggle handlers their chance, and move over every link.
        for link in page.locator("main a").all():
            if link.is_visible():
                link.hover()
        page.wait_for_timeout(500)
        assert self.dialogs == []
        assert page.evaluate("window.__xss") is None
        assert page.evaluate(DOM_PROBLEMS) == []


def test_hostile_markdown_runs_nothing_in_the_browser(browser, live_server, transactional_db):
    base = live_server.url
    facilitator = verified_user(email="awa@example.org", display_name="Awa Facilitatrice")
    member = verified_user(email="kofi@example.org", display_name="Kofi Membre")
    community = community_services.community_create(
        by=facilitator, name="CAP Sols vivants", visibility="private", join_policy="open", status="active",
        charter=f"{ALL_PAYLOADS}\n\n{SENTINEL}",
    )
    community_services.membership_join(community=community, user=member)
    post = knowledge_services.post_create(
        community=community, author=member, kind="experience", title="<img src=x onerror=window.__xss=1> Un retour",
        body=f"{ALL_PAYLOADS}\n\n{SENTINEL}", **{name: f"{ALL_PAYLOADS}\n\n{SENTINEL}" for name in TEXT_FIELDS},
    )
    knowledge_services.reply_create(post=post, author=facilitator, body=f"{ALL_PAYLOADS}\n\n{SENTINEL}")
    pages = [(f"{base}{community.get_absolute_url()}", 1), (f"{base}{post.get_absolute_url()}", 2 + len(TEXT_FIELDS))]

    sanitiser_only = Visitor(browser, base, member, bypass_csp=True)
    for url, sentinels in pages:
        sanitiser_only.assert_nothing_ran(url, sentinels=sentinels)

    with_csp = Visitor(browser, base, member, bypass_csp=False)
    for url, sentinels in pages:
        with_csp.assert_nothing_ran(url, sentinels=sentinels)
    assert with_csp.csp_messages == []

"""On a phone (360×740): the menu folds behind a button, each page's title shows in the first
screen in English, French and Arabic, and the menu opens without JavaScript."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from knowledge import services as knowledge_services
from sessions.services import session_schedule
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_community_membership import sign_in
from tests.e2e.test_sessions import verified_user

PHONE = {"width": 360, "height": 740}
H1_TOP_MAX = 200
# Chromium reports this zone by its old name, Asia/Calcutta: the picker must still find it.
PHONE_ZONE = "Asia/Kolkata"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "timezone_id": PHONE_ZONE}


def phone_pages():
    """The four page types, in a community whose name and tagline run long, as they do."""
    facilitator = verified_user(email="moussa@example.org", display_name="Moussa Ndiaye")
    member = verified_user(email="awa@example.org", display_name="Awa Sarr", timezone="UTC", country="SN")
    community = community_services.community_create(
        by=facilitator,
        name="CAP Agroécologie et résilience climatique au Sahel",
        join_policy="open",
        status="active",
        tagline="Partager nos pratiques paysannes face aux sécheresses, de Thiès à Niamey",
        charter="# Notre charte\n\n## Bienveillance\n\nOn écoute avant de répondre.",
    )
    community_services.membership_join(community=community, user=member)
    starts = timezone.now() + timedelta(days=7)
    session = session_schedule(
        community=community,
        by=facilitator,
        title="Co-développement : impliquer les parties prenantes du bassin arachidier",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        timezone="Africa/Dakar",
        format="virtual",
        video_link="https://meet.example.org/cap",
        technique="co_development",
    )
    post = knowledge_services.post_create(
        community=community,
        author=member,
        kind="experience",
        title="Haies vives autour des parcelles à Kaolack",
        body="# Contexte\n\nVillages du bassin arachidier, sols dégradés.",
    )
    pages = {
        "community": community.get_absolute_url(),
        "post": reverse("knowledge:detail", args=[community.slug, post.pk]),
        "session": reverse("meetings:detail", args=[community.slug, session.pk]),
        "directory": reverse("communities:directory"),
    }
    return member, pages


def assert_fits_a_phone(page):
    """The page's one h1 starts in the top 200 px with the menu closed, and nothing runs off sideways."""
    assert page.locator("details.site-menu").get_attribute("open") is None
    assert not page.locator(".site-menu-links").is_visible()
    assert page.locator("summary.site-menu-toggle").is_visible()
    headings = page.locator("h1")
    assert headings.count() == 1
    top = headings.bounding_box()["y"]
    assert top <= H1_TOP_MAX, f"{page.url} ({page.locator('html').get_attribute('lang')}): h1 at {top:.0f} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{page.url} scrolls sideways"


def switch_language_from_the_menu(page, language):
    page.locator("summary.site-menu-toggle").click()
    switcher = page.locator("#language-switcher")
    assert switcher.is_visible()
    switcher.select_option(language)
    page.locator(".language-switcher button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language


def test_phone_pages_in_three_languages_and_the_menu_without_javascript(
    browser, page, live_server, transactional_db, csp_violations
):
    base = live_server.url
    member, pages = phone_pages()

    sign_in(page, base, member.email)
    for language in ("en", "fr", "ar"):
        if language != "en":
            switch_language_from_the_menu(page, language)
        for name, url in pages.items():
            page.goto(f"{base}{url}")
            assert_fits_a_phone(page)
            if language == "ar" or (language, name) in {("en", "community"), ("fr", "post")}:
                screenshot(page, f"phone-{name}-{language}")
            if language == "ar":
                assert page.locator("html").get_attribute("dir") == "rtl"
                assert_accessible(page)

    # The profile, still on the default zone, offers the phone's own and names countries in Arabic.
    page.goto(f"{base}{reverse('people:edit')}")
    assert_fits_a_phone(page)
    assert page.locator("#id_timezone").input_value() == PHONE_ZONE
    assert page.locator("#id_country option:checked").inner_text() == "السنغال"
    assert_accessible(page)
    screenshot(page, "phone-profile-ar")

    # Opened, the menu lists every link, in the page's flow, and still passes axe.
    page.locator("summary.site-menu-toggle").click()
    assert page.locator("details.site-menu").get_attribute("open") is not None
    links = page.locator(".site-menu-links a")
    assert links.count() >= 6 and all(links.nth(i).is_visible() for i in range(links.count()))
    assert_accessible(page)
    screenshot(page, "phone-menu-open-ar")
    assert csp_violations == []

    # Without JavaScript, the menu opens all the same and its links and language switcher work.
    no_script = browser.new_context(java_script_enabled=False, viewport=PHONE)
    visitor = no_script.new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(f"{base}{pages['directory']}")
    assert_fits_a_phone(visitor)
    menu = visitor.locator("summary", has_text="Menu")
    menu.click()
    links = visitor.locator(".site-menu-links")
    assert links.is_visible()
    library = visitor.get_by_role("link", name="Library", exact=True)
    assert library.is_visible()
    library.click()
    visitor.wait_for_url(f"{base}{reverse('library:list')}")
    visitor.locator("summary", has_text="Menu").click()
    main_menu = visitor.get_by_role("navigation", name="Main")
    main_menu.get_by_label("Language").select_option("fr")
    main_menu.get_by_role("button", name="Change").click()
    assert visitor.locator("html").get_attribute("lang") == "fr"
    visitor.goto(f"{base}{pages['directory']}")
    assert_fits_a_phone(visitor)
    no_script.close()

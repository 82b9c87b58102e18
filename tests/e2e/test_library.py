"""A facilitator publishes a reviewed capitalization product for everyone; an anonymous
visitor finds it in the library and reads the printable sheet."""

import re

from allauth.account.models import EmailAddress

from communities import services as community_services
from knowledge.services import products
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_community_membership import sign_in
from tests.factories import UserFactory


def verified_user(**fields):
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_facilitator_publishes_and_an_anonymous_visitor_reads_it_in_the_library(
    browser, live_server, transactional_db, csp_violations
):
    base = live_server.url
    facilitator = verified_user(email="fatou@example.org", display_name="Fatou Sarr")
    author = verified_user(email="moussa@example.org", display_name="Moussa Diop")
    community = community_services.community_create(
        by=facilitator, name="CAP Agroécologie", visibility="private", join_policy="open", status="active"
    )
    community_services.membership_join(community=community, user=author)
    product = products.product_create(
        community=community,
        by=author,
        title="Champs-écoles paysans à Kaolack",
        language="fr",
        countries="SN",
        summary="Trois saisons de champs-écoles pour restaurer les sols.",
        lessons="Les **visites** entre paysans convainquent plus que les formations.",
        replication="Un animateur formé par village.",
        themes=["soil fertility"],
    )
    products.product_submit(product=product, by=author)

    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, base, facilitator.email)
    page.goto(f"{base}{community.get_absolute_url()}")
    page.get_by_role("link", name="Products", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Start a product").click()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Champs-écoles paysans à Kaolack").click()
    page.get_by_role("link", name="Publish…").click()
    assert_accessible(page)
    page.get_by_label("Public: in the library, for anyone").check()
    page.get_by_label("Licence*").select_option(label="CC BY 4.0")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(re.compile(rf"/products/{product.pk}/$"))
    assert "Anyone can read it in the library." in page.content()
    assert_accessible(page)
    screenshot(page, "product-detail")

    visitor = browser.new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.on(
        "console", lambda message: "Content Security Policy" in message.text and csp_violations.append(message.text)
    )
    visitor.goto(f"{base}/library/")
    assert_accessible(visitor)
    visitor.get_by_label("Country").select_option("SN")
    visitor.get_by_role("button", name="Filter").click()
    visitor.get_by_role("link", name="Champs-écoles paysans à Kaolack").click()
    visitor.wait_for_url(re.compile(rf"/library/{product.pk}/$"))
    assert visitor.get_by_role("heading", level=1).inner_text() == "Champs-écoles paysans à Kaolack"
    assert (
        visitor.get_by_role("link", name="CC BY 4.0").get_attribute("href")
        == "https://creativecommons.org/licenses/by/4.0/"
    )
    citation = visitor.locator(".citation").inner_text()
    assert (
        citation.startswith("Moussa Diop (")
        and "CAP Agroécologie" in citation
        and f"/library/{product.pk}/" in citation
    )
    assert visitor.get_by_role("button", name="Print").is_visible()  # shown by print.js, allowed by the CSP
    assert_accessible(visitor)
    screenshot(visitor, "library-detail")
    visitor.emulate_media(media="print")
    assert (
        not visitor.locator(".site-header").is_visible()
        and not visitor.get_by_role("button", name="Print").is_visible()
    )
    assert visitor.get_by_text("How to cite").is_visible()
    assert csp_violations == []

    # The same visitor finds it through search, with the words highlighted.
    visitor.emulate_media(media="screen")
    visitor.get_by_role("link", name="Search", exact=True).click()
    visitor.get_by_label("Words to find").fill("champs-écoles")
    visitor.get_by_role("button", name="Search").click()
    result = visitor.get_by_role("link", name="Champs-écoles paysans à Kaolack")
    assert result.get_attribute("href") == f"/library/{product.pk}/"
    assert_accessible(visitor)
    result.click()
    visitor.wait_for_url(re.compile(rf"/library/{product.pk}/$"))

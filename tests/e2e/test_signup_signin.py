"""A newcomer signs up, confirms their email and signs in, in Chromium."""

import re

from django.core import mail

from tests.e2e.conftest import assert_accessible, screenshot

PASSWORD = "rain-on-kigali-hills-2026"


def test_newcomer_signs_up_confirms_and_signs_in(page, live_server, csp_violations, transactional_db):
    page.goto(live_server.url)
    assert_accessible(page)
    page.get_by_role("link", name="Create an account").click()

    assert_accessible(page)
    page.get_by_label("Your name").fill("Jean-Baptiste Habimana")
    page.get_by_label("Email").fill("jb@example.org")
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Time zone").select_option("Africa/Kigali")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert_accessible(page)

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Jean-Baptiste Habimana"
    assert_accessible(page)

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign Out").click()
    page.get_by_role("link", name="Sign in").first.click()
    assert_accessible(page)
    page.get_by_label("Email").fill("jb@example.org")
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Welcome, Jean-Baptiste Habimana" in page.content()
    screenshot(page, "signed-in-dashboard")

    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Change").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    screenshot(page, "dashboard-arabic")
    assert csp_violations == []

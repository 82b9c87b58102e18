"""A practitioner shares an experience with a file; a peer replies; the author is told
and marks the reply helpful."""

import re

from communities import services as community_services
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_community_membership import sign_in
from tests.e2e.test_sessions import verified_user


def test_experience_with_attachment_reply_notification_and_helpful(browser, live_server, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    facilitator = verified_user(email="moussa@example.org", display_name="Moussa Ndiaye")
    author = verified_user(email="awa@example.org", display_name="Awa Sarr")
    peer = verified_user(email="pascal@example.org", display_name="Pascal Nshimirimana")
    community = community_services.community_create(by=facilitator, name="CAP Agroforesterie", join_policy="open", status="active")
    for person in (author, peer):
        community_services.membership_join(community=community, user=person)

    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, base, author.email)
    page.goto(f"{base}{community.get_absolute_url()}")
    page.get_by_role("link", name="Knowledge", exact=True).click()
    page.get_by_role("link", name="Share something", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Experience", exact=True).check()
    page.get_by_label("Title*", exact=True).fill("Haies vives autour des parcelles")
    page.locator("#id_context").fill("Villages du bassin arachidier, sols dégradés.")
    page.locator("#id_lessons").fill("Associer les femmes au choix des essences.")
    report = tmp_path / "bilan.pdf"
    report.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Attachments (optional)").set_input_files(str(report))
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/knowledge/\d+/$"))
    assert page.get_by_role("link", name="bilan.pdf").is_visible()
    post_url = page.url

    other = browser.new_context().new_page()
    other.set_default_timeout(10_000)
    sign_in(other, base, peer.email)
    other.goto(post_url)
    other.get_by_role("textbox", name="Your reply*").fill("Chez nous au Burundi, le Grevillea a bien marché. @Awa Sarr, on en parle jeudi ?")
    other.get_by_role("button", name="Post the reply").click()
    assert "Grevillea" in other.content()
    assert_accessible(other)

    page.goto(f"{base}/notifications/")
    assert "Pascal Nshimirimana mentioned you in “Haies vives autour des parcelles”." in page.content()
    page.goto(post_url)
    page.get_by_role("button", name="Helpful", exact=True).click()
    assert "1 person found this helpful" in page.content()
    screenshot(page, "knowledge-thread")

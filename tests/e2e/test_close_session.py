"""After a session, a facilitator records who came and writes the report; members read it."""

from datetime import timedelta

from django.utils import timezone

from communities import services as community_services
from sessions import services
from sessions.models import Session
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_community_membership import sign_in
from tests.e2e.test_sessions import verified_user


def test_facilitator_closes_a_session_and_a_member_reads_the_report(browser, live_server, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    facilitator = verified_user(email="sophie@example.org", display_name="Sophie Lambert")
    member = verified_user(email="jb@example.org", display_name="Jean-Baptiste Habimana")
    community = community_services.community_create(by=facilitator, name="CAP Capitalisation", join_policy="open", status="active")
    community_services.membership_join(community=community, user=member)
    start = timezone.now() + timedelta(days=1)
    session = services.session_schedule(
        community=community, by=facilitator, title="Restitution des expériences", starts_at=start,
        ends_at=start + timedelta(hours=2), timezone="Africa/Dakar", format="in_person", venue="Thiès, Senegal",
    )
    services.rsvp_set(session=session, user=member, response="going")
    # The session took place yesterday.
    Session.objects.filter(pk=session.pk).update(starts_at=start - timedelta(days=2), ends_at=start - timedelta(days=2, hours=-2))

    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, base, facilitator.email)
    page.goto(f"{base}{session.get_absolute_url()}")
    page.get_by_role("link", name="Close the session and write the report").click()
    assert_accessible(page)
    assert page.get_by_label("Jean-Baptiste Habimana").is_checked(), "those who said they'd come are ticked"
    page.get_by_label("Key points").fill("Trois expériences de **restauration des terres** ont été partagées.")
    page.get_by_label("Lessons learned").fill("Impliquer les chefs de village dès le départ.")
    page.get_by_label("Decisions and actions").fill("- Rédiger la fiche de capitalisation avant le 15.")
    pdf = tmp_path / "synthese.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Files (slides, photos, flip charts…)").set_input_files(str(pdf))
    page.get_by_role("button", name="Publish the report").click()
    page.wait_for_url(f"{base}{session.get_absolute_url()}*")
    screenshot(page, "session-report")

    reader = browser.new_context().new_page()
    reader.set_default_timeout(10_000)
    sign_in(reader, base, member.email)
    reader.goto(f"{base}/notifications/")
    assert "The report of “Restitution des expériences” in CAP Capitalisation is available." in reader.content()
    reader.goto(f"{base}{session.get_absolute_url()}")
    report = reader.locator("#report")
    assert report.locator("strong", has_text="restauration des terres").is_visible()
    assert "Impliquer les chefs de village" in report.inner_text()
    assert "synthese.pdf" in report.inner_text()
    assert_accessible(reader)
    reader.goto(f"{base}{community.get_absolute_url()}")
    assert "Restitution des expériences" in reader.content(), "the report shows in the community's recent activity"

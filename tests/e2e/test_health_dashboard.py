"""Two attendees give feedback on a session; the facilitator reads the community's health,
as a chart and as a table, in English, French and Arabic."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from communities.models import Membership
from communities.services import community_create
from sessions.models import Attendance, Session
from sessions.services import session_schedule
from tests.conftest import verified
from tests.e2e.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD, UserFactory


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email*", exact=True).fill(email)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/")


def test_feedback_then_the_facilitator_reads_the_health(browser, live_server, transactional_db):
    base = live_server.url
    sophie = verified(UserFactory(email="sophie@example.org", display_name="Sophie Lambert"))
    community = community_create(by=sophie, name="Climat Sahel", status="active", visibility="private")
    attendees = []
    for email, name, country in (("awa@example.org", "Awa Diop", "SN"), ("jean@example.org", "Jean Habimana", "RW")):
        person = verified(UserFactory(email=email, display_name=name, country=country, organisation="ENDA"))
        Membership.objects.create(user=person, community=community, status="active", joined_at=timezone.now())
        attendees.append(person)
    start = timezone.now() - timedelta(days=1)
    session = session_schedule(
        community=community, by=sophie, title="Co-développement : l’adaptation", technique="co_development",
        format="virtual", video_link="https://meet.example.org/x", starts_at=start + timedelta(days=3),
        ends_at=start + timedelta(days=3, hours=2), timezone="Africa/Dakar",
    )
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + timedelta(hours=2), status="done")
    for person in attendees:
        Attendance.objects.create(session=session, user=person)

    feedback_url = base + reverse("meetings:feedback", args=[community.slug, session.pk])
    for person, rating in zip(attendees, ("4 · Very useful", "5 · Extremely useful")):
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        sign_in(page, base, person.email)
        page.goto(feedback_url)
        page.get_by_label(rating).check()
        page.get_by_label("What I learned").fill("Écouter avant de conseiller.")
        page.get_by_role("button", name="Send my feedback").click()
        page.wait_for_load_state()
        assert_accessible(page)

    page = browser.new_context().new_page()
    sign_in(page, base, sophie.email)
    page.goto(base + reverse("communities:manage", args=[community.slug]))
    page.get_by_role("link", name="The community’s health").click()
    chart = page.get_by_role("img", name="Attendance per session.")
    assert chart.count() == 1 and chart.evaluate("img => img.naturalWidth") > 0
    assert page.get_by_role("row", name="Feedback answers 2").count() == 1
    countries = page.locator("figure").filter(has_text="Members by country")
    countries.get_by_text("The numbers").click()
    assert countries.get_by_role("cell", name="Senegal").count() == 1
    assert_accessible(page)
    screenshot(page, "health-dashboard")
    for language in ("fr", "ar"):
        type(sophie).objects.filter(pk=sophie.pk).update(language=language)
        page.reload()
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    screenshot(page, "health-dashboard-arabic")

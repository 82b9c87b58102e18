"""A facilitator schedules a virtual co-development session; a member answers and
downloads it for their calendar."""

import re

import icalendar
from allauth.account.models import EmailAddress

from communities import services as community_services
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_community_membership import sign_in
from tests.factories import UserFactory


def verified_user(**fields):
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_facilitator_schedules_member_answers_and_downloads_the_ics(browser, live_server, transactional_db):
    base = live_server.url
    facilitator = verified_user(email="moussa@example.org", display_name="Moussa Ndiaye", timezone="Africa/Dakar")
    member = verified_user(email="rose@example.org", display_name="Rose Joseph", timezone="America/Port-au-Prince")
    community = community_services.community_create(by=facilitator, name="CAP Suivi-évaluation", join_policy="open", status="active")
    community_services.membership_join(community=community, user=member)

    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, base, facilitator.email)
    page.goto(f"{base}{community.get_absolute_url()}")
    page.get_by_role("link", name="Sessions", exact=True).click()
    page.get_by_role("link", name="Schedule a session").click()
    assert_accessible(page)
    page.get_by_label("Title*", exact=True).fill("Co-développement : nos indicateurs")
    page.get_by_label("Guiding question").fill("Comment suivre les effets, pas seulement les activités ?")
    page.get_by_label("Technique*").select_option("co_development")
    page.get_by_label("Format*").select_option("virtual")
    page.get_by_label("Starts*").fill("2030-06-04T10:00")
    page.get_by_label("Ends*").fill("2030-06-04T12:00")
    page.get_by_label("Time zone*").select_option("Africa/Dakar")
    page.get_by_label("Video-call link").fill("https://meet.example.org/cap-se")
    page.get_by_role("button", name="Schedule").click()
    page.wait_for_url(re.compile(r"/sessions/\d+/$"))
    assert "The session is scheduled" in page.content()
    assert_accessible(page)

    other = browser.new_context(accept_downloads=True).new_page()
    other.set_default_timeout(10_000)
    sign_in(other, base, member.email)
    other.get_by_role("link", name="Co-développement : nos indicateurs").click()
    text = other.locator(".session-time").first.inner_text()
    assert "06:00–08:00 (America/Port-au-Prince)" in text and "10:00–12:00 in Africa/Dakar" in text
    other.get_by_label("Going", exact=True).check()
    other.get_by_role("button", name="Answer").click()
    assert "Your answer is saved: Going." in other.content()
    assert other.get_by_role("heading", name="Going").is_visible()
    assert_accessible(other)
    screenshot(other, "session-detail")

    with other.expect_download() as download_info:
        other.get_by_role("link", name="Add to my calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(open(download_info.value.path(), "rb").read())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Co-développement : nos indicateurs"
    assert event.decoded("DTSTART").isoformat() == "2030-06-04T10:00:00+00:00"
    assert "https://meet.example.org/cap-se" in str(event.get("LOCATION", "")) + str(event.get("DESCRIPTION", ""))

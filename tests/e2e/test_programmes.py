"""A facilitator allowed to start communities creates a programme, adds her community and two
phases, schedules a session in the face-to-face week from the session form, and finds it
under its phase on the programme's page."""

import re

from django.contrib.auth.models import Group, Permission

from communities import services as community_services
from communities.permissions import FACILITATORS_GROUP
from sessions.models import Programme, Session
from tests.conftest import verified
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_community_membership import sign_in
from tests.factories import UserFactory


def facilitators_group():
    """The group a data migration makes; made again when a transactional test flushed it away."""
    group, _created = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="communities", codename="create_community"))
    return group


def test_from_creating_a_programme_to_its_phase_list(browser, live_server, transactional_db):
    base = live_server.url
    fatou = verified(UserFactory(email="fatou@example.org", display_name="Fatou Sarr", timezone="Africa/Dakar"))
    fatou.groups.add(facilitators_group())
    community = community_services.community_create(
        by=fatou, name="CAP Agroécologie", visibility="private", join_policy="request", status="active"
    )

    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, base, fatou.email)
    page.goto(f"{base}/programmes/")
    assert "No programme you can see yet." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Create a programme").click()
    assert_accessible(page)
    page.get_by_label("Name*", exact=True).fill("Climate learning communities 2026")
    page.get_by_label("Description").fill("Virtual sessions, then **a week in Thiès**.")
    page.get_by_role("button", name="Create the programme").click()
    page.wait_for_url(re.compile(r"/programmes/climate-learning-communities-2026/manage/$"))
    assert "The programme is created and you manage it." in page.content()
    assert_accessible(page)

    page.get_by_label("Community*").select_option(label="CAP Agroécologie")
    page.get_by_role("button", name="Add the community").click()
    assert "CAP Agroécologie is now part of the programme." in page.content()

    for name in ("Virtual sessions", "Face-to-face week in Thiès"):
        page.get_by_role("link", name="Add a phase").click()
        assert_accessible(page)
        page.get_by_label("Name*", exact=True).fill(name)
        page.get_by_role("button", name="Add the phase").click()
        assert "The phase is added." in page.content()
    phases = page.get_by_role("heading", name="Phases").locator("xpath=..").get_by_role("listitem")
    assert [text.split("\n")[0] for text in phases.all_inner_texts()] == [
        "Virtual sessions",
        "Face-to-face week in Thiès",
    ]
    screenshot(page, "programme-manage")

    page.goto(f"{base}/communities/{community.slug}/sessions/new/")
    page.get_by_label("Title*", exact=True).fill("Ouverture de la semaine de Thiès")
    page.get_by_label("Technique*").select_option("experience_sharing")
    page.get_by_label("Format*").select_option("in_person")
    page.get_by_label("Venue").fill("Thiès, Senegal")
    page.get_by_label("Starts*").fill("2030-11-18T09:00")
    page.get_by_label("Ends*").fill("2030-11-18T17:00")
    page.get_by_label("Time zone*").select_option("Africa/Dakar")
    page.get_by_label("Programme").select_option(label="Climate learning communities 2026")
    page.get_by_label("Phase").select_option(label="Face-to-face week in Thiès")
    page.get_by_role("button", name="Schedule").click()
    page.wait_for_url(re.compile(r"/sessions/\d+/$"))
    session = Session.objects.get()
    assert session.phase.name == "Face-to-face week in Thiès" and session.programme == Programme.objects.get()

    page.get_by_role("link", name="Climate learning communities 2026").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Climate learning communities 2026"
    week = page.get_by_role("region", name="Face-to-face week in Thiès")
    assert week.get_by_role("link", name="Ouverture de la semaine de Thiès").is_visible()
    virtual = page.get_by_role("region", name="Virtual sessions")
    assert "No session you can see in this phase yet." in virtual.inner_text()
    assert page.get_by_role("link", name="CAP Agroécologie").is_visible()
    assert_accessible(page)
    screenshot(page, "programme-phases")

    page.goto(f"{base}{community.get_absolute_url()}")
    page.get_by_role("region", name="Programmes").get_by_role("link", name="Climate learning communities 2026").click()
    page.wait_for_url(re.compile(r"/programmes/climate-learning-communities-2026/$"))

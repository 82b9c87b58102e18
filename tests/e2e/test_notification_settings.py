"""A member filters her notifications and chooses her emails; a one-click link from an email unsubscribes."""

import re

from django.urls import reverse

from communities import services as community_services
from communities.models import DigestFrequency, Membership
from communities.notifications import DIGEST_TOPIC, email_choices_of, notify, unsubscribe_token
from sessions.notifications import SessionNotificationKind
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_community_membership import sign_in
from tests.e2e.test_sessions import verified_user


def test_member_filters_notifications_chooses_emails_and_unsubscribes(browser, live_server, transactional_db):
    base = live_server.url
    facilitator = verified_user(email="moussa@example.org", display_name="Moussa Ndiaye")
    member = verified_user(email="rose@example.org", display_name="Rose Joseph", timezone="America/Port-au-Prince")
    community = community_services.community_create(by=facilitator, name="CAP Suivi-évaluation", join_policy="open", status="active")
    community_services.membership_join(community=community, user=member)
    for title in ("Indicateurs", "Tableaux de bord"):
        notify(recipients=[member], kind=SessionNotificationKind.REMINDER, community=community, data={"session": title})
    member.notifications.filter(data__session="Indicateurs").update(read_at="2026-01-01T00:00Z")

    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, base, member.email)
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    assert "Reminder: “Indicateurs” starts soon." in page.content()
    page.get_by_label("Unread only").check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"unread=on"))
    assert "Reminder: “Tableaux de bord” starts soon." in page.content()
    assert "Indicateurs" not in page.content()
    assert_accessible(page)
    screenshot(page, "notification-list-unread")

    page.get_by_role("link", name="Email notifications").click()
    assert "America/Port-au-Prince" in page.content()
    page.get_by_label("Daily", exact=True).check()
    page.get_by_label("Reminders before sessions").uncheck()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    assert "Your email choices are saved." in page.content()
    member.refresh_from_db()
    assert member.digest_frequency == DigestFrequency.DAILY
    assert email_choices_of(member)["reminders"] is False
    screenshot(page, "notification-settings")

    page.get_by_role("link", name="CAP Suivi-évaluation").click()
    page.get_by_label("Digest of this community").select_option(label="Never")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    assert "Your email choices for CAP Suivi-évaluation are saved." in page.content()
    assert Membership.objects.get(user=member, community=community).digest_frequency == DigestFrequency.OFF
    screenshot(page, "notification-community-settings")

    # Later, from the digest email, without signing in.
    visitor = browser.new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(base + reverse("notifications:unsubscribe", args=[unsubscribe_token(member, DIGEST_TOPIC)]))
    assert "the digest of what is new in your communities" in visitor.content()
    assert_accessible(visitor)
    visitor.get_by_role("button", name="Unsubscribe").click()
    visitor.get_by_role("heading", name="You are unsubscribed").wait_for()
    member.refresh_from_db()
    assert member.digest_frequency == DigestFrequency.OFF
    screenshot(visitor, "notification-unsubscribed")

"""A forwarded invitation link: the stranger who opens it stays outside; the invitee gets in."""

import re

from django.core import mail

from communities.models import Invitation, Membership
from communities.services import community_create, invitations_send
from tests.conftest import verified
from tests.e2e.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD, UserFactory

CHARTER = "Ce qui se dit ici reste ici."


def sign_in_from(page, email):
    page.get_by_label("Email*", exact=True).fill(email)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_stranger_with_a_forwarded_link_stays_outside(browser, live_server, transactional_db):
    base = live_server.url
    facilitator = verified(UserFactory(display_name="Sophie Lambert"))
    invitee = verified(UserFactory(email="amina@example.org", display_name="Amina Kaboré"))
    stranger = verified(UserFactory(email="bob@example.org", display_name="Bob Stranger"))
    community = community_create(
        by=facilitator, name="Suivi-évaluation Sahel", visibility="private", join_policy="invitation",
        status="active", charter=CHARTER,
    )
    invitations_send(community=community, by=facilitator, text=invitee.email)
    link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", mail.outbox[-1].body).group(1)

    # Amina forwards the mail; Bob, signed in with his own account, opens the link.
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/accounts/login/")
    sign_in_from(page, stranger.email)
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}{link}")
    assert page.get_by_role("heading", level=1).inner_text() == "This invitation is for someone else"
    assert page.get_by_role("button", name="Accept and join").count() == 0
    assert_accessible(page)
    screenshot(page, "invitation-for-someone-else")
    page.goto(f"{base}{community.get_absolute_url()}")
    assert CHARTER not in page.content()
    assert not Membership.objects.filter(user=stranger).exists()
    assert Invitation.objects.get(email=invitee.email).status == Invitation.Status.PENDING

    # Bob hands the computer to Amina: she signs out from the page and signs in herself.
    page.goto(f"{base}{link}")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").last.click()
    sign_in_from(page, invitee.email)
    page.wait_for_url(f"{base}{link}")
    page.get_by_role("button", name="Accept and join").click()
    page.wait_for_url(f"{base}{community.get_absolute_url()}")
    assert "Welcome to Suivi-évaluation Sahel!" in page.content()
    assert CHARTER in page.content()
    assert Membership.objects.get(user=invitee, community=community).is_active

"""Joining, deciding, leaving, roles, capacity and the record of every change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities import services
from communities.models import Community, Membership, MembershipChange, Notification, NotificationKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_creator_becomes_the_first_facilitator(facilitator, community):
    membership = Membership.objects.get(community=community)
    assert membership.user == facilitator and membership.is_facilitator
    assert MembershipChange.objects.filter(membership=membership, field="status", new_value="active").exists()


def test_arabic_name_gets_a_readable_unicode_slug(facilitator):
    community = services.community_create(by=facilitator, name="مجتمع ممارسة التقييم التشاركي")
    assert community.slug == "مجتمع-ممارسة-التقييم-التشاركي"
    assert reverse("communities:detail", args=[community.slug])


def test_punctuation_only_name_still_gets_a_slug(facilitator):
    community = services.community_create(by=facilitator, name="!!!")
    assert community.slug == "community"


def test_duplicate_name_is_refused_with_a_message(facilitator, community):
    with pytest.raises(ValidationError) as error:
        services.community_create(by=facilitator, name="cap agroécologie")
    assert "already exists" in str(error.value)
    assert Community.objects.count() == 1


def test_request_approve_notifies_and_emails(community, facilitator, mailoutbox, django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_join(community=community, user=person, message="Bonjour")
    assert membership.status == Membership.Status.REQUESTED
    assert Notification.objects.filter(recipient=facilitator, kind=NotificationKind.MEMBERSHIP_REQUESTED).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(membership=membership, by=facilitator, message="Bienvenue parmi nous")
    membership.refresh_from_db()
    assert membership.is_active and membership.decided_by == facilitator
    welcome = [m for m in mailoutbox if m.to == [person.email]]
    assert len(welcome) == 1 and "Bienvenue parmi nous" in welcome[0].body
    assert list(MembershipChange.objects.filter(membership=membership).values_list("old_value", "new_value")) == [
        ("requested", "active"), ("", "requested")
    ]


def test_joining_twice_and_approving_twice_are_refused(community, facilitator, requester):
    with pytest.raises(ValidationError, match="already"):
        services.membership_join(community=community, user=requester)
    membership = Membership.objects.get(user=requester, community=community)
    services.membership_approve(membership=membership, by=facilitator)
    with pytest.raises(ValidationError, match="already been decided"):
        services.membership_approve(membership=membership, by=facilitator)


def test_invitation_only_community_refuses_requests(other_facilitator):
    community = Community.objects.get(name="Urban transport Mediterranean")
    with pytest.raises(ValidationError, match="invitation only"):
        services.membership_join(community=community, user=UserFactory())


def test_last_facilitator_cannot_leave_be_removed_or_demoted(community, facilitator, member):
    membership = Membership.objects.get(user=facilitator, community=community)
    for action in (
        lambda: services.membership_leave(membership=membership),
        lambda: services.membership_remove(membership=membership, by=facilitator, reason="x"),
        lambda: services.membership_set_role(membership=membership, role="member", by=facilitator),
    ):
        with pytest.raises(ValidationError, match="at least one facilitator"):
            action()
    membership.refresh_from_db()
    assert membership.is_facilitator
    # With a co-facilitator, the first one may step down.
    other = Membership.objects.get(user=member, community=community)
    services.membership_set_role(membership=other, role="facilitator", by=facilitator)
    services.membership_leave(membership=membership)
    assert community.memberships.facilitators().get().user == member


def test_removal_needs_a_reason_kept_for_the_record(community, facilitator, member):
    membership = Membership.objects.get(user=member, community=community)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, by=facilitator, reason="  ")
    services.membership_remove(membership=membership, by=facilitator, reason="Shared confidential notes publicly")
    membership.refresh_from_db()
    assert membership.status == "removed" and membership.removal_reason == "Shared confidential notes publicly"
    assert MembershipChange.objects.filter(membership=membership, new_value="removed", changed_by=facilitator).exists()
    with pytest.raises(ValidationError, match="removed"):
        services.membership_join(community=community, user=member)


def test_capacity_puts_requests_on_a_waiting_list_promoted_when_someone_leaves(community, facilitator, member, mailoutbox, django_capture_on_commit_callbacks):
    services.community_update(community=community, by=facilitator, capacity=2)
    latecomer = UserFactory()
    membership = services.membership_join(community=community, user=latecomer)
    services.membership_approve(membership=membership, by=facilitator)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_leave(membership=Membership.objects.get(user=member, community=community))
    membership.refresh_from_db()
    assert membership.is_active
    assert any(m.to == [latecomer.email] for m in mailoutbox)


def test_open_community_joins_at_once(facilitator):
    community = services.community_create(by=facilitator, name="Open", join_policy="open")
    assert services.membership_join(community=community, user=UserFactory()).is_active


def test_closed_community_takes_no_one(community, facilitator):
    services.community_update(community=community, by=facilitator, status="closed")
    with pytest.raises(ValidationError, match="closed"):
        services.membership_join(community=community, user=UserFactory())


def test_role_change_notifies_the_person(community, facilitator, member):
    membership = Membership.objects.get(user=member, community=community)
    services.membership_set_role(membership=membership, role="facilitator", by=facilitator)
    notification = Notification.objects.get(recipient=member, kind=NotificationKind.ROLE_CHANGED)
    from communities.notifications import render_message

    assert render_message(notification) == "Your role in CAP Agroécologie is now: Facilitator."


def test_leaving_through_the_pages_asks_for_confirmation(client, community, member):
    client.force_login(member)
    url = reverse("communities:leave", args=[community.slug])
    page = client.get(url).content.decode()
    assert "Leave CAP Agroécologie?" in page
    assert Membership.objects.get(user=member).is_active
    client.post(url)
    assert Membership.objects.get(user=member).status == "left"


def test_bad_community_form_keeps_what_was_typed(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("communities:create"),
        {"name": "Suivi-évaluation", "tagline": "Kept tagline", "visibility": "public", "join_policy": "request",
         "ideal_size": 10, "status": "forming", "start_date": "2026-05-01", "end_date": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "end date must be on or after" in response.content.decode()
    assert 'value="Kept tagline"' in response.content.decode()
    assert not Community.objects.exists()


def test_facilitator_creates_a_community_through_the_form(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("communities:create"),
        {"name": "Suivi-évaluation", "visibility": "private", "join_policy": "request", "ideal_size": 12,
         "status": "forming", "themes": "monitoring and evaluation, learning", "working_languages": ["fr", "en"],
         "countries": ["BJ", "SN"]},
    )
    community = Community.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("communities:manage", args=[community.slug])
    assert community.working_language_codes == ["fr", "en"]
    assert sorted(community.themes.names()) == ["learning", "monitoring and evaluation"]
    assert [c.code for c in community.countries] == ["BJ", "SN"]
    assert community.memberships.facilitators().get().user == staff


def test_anyone_can_create_when_the_site_setting_allows(client, outsider):
    from communities.models import PlatformSettings

    client.force_login(outsider)
    assert client.get(reverse("communities:create")).status_code == 403
    PlatformSettings.objects.update_or_create(pk=1, defaults={"anyone_can_create_communities": True})
    assert client.get(reverse("communities:create")).status_code == 200


def test_permission_holder_can_create(client, outsider):
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="create_community"))
    client.force_login(outsider)
    assert client.get(reverse("communities:create")).status_code == 200


def test_community_named_like_a_page_gets_another_address(facilitator):
    community = services.community_create(by=facilitator, name="New")
    assert community.slug == "new-2"

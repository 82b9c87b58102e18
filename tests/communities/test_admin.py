"""Admins manage people and outgoing mail in Django admin."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.emails import email_send
from communities.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_staff_reach_the_admin(client, person, staff):
    client.force_login(person)
    assert client.get(reverse("admin:communities_user_changelist")).status_code == 302
    client.force_login(staff)
    assert client.get(reverse("admin:communities_user_changelist")).status_code == 200


def test_people_are_searchable_by_organisation_and_filterable_by_country(client, staff):
    UserFactory(display_name="Fatou Ndiaye", organisation="Agrisud Thiès", country="SN")
    UserFactory(display_name="Karim Haddad", organisation="Régie des transports", country="TN")
    client.force_login(staff)
    url = reverse("admin:communities_user_changelist")
    page = client.get(url, {"q": "Agrisud"}).content.decode()
    assert "Fatou Ndiaye" in page and "Karim Haddad" not in page
    page = client.get(url, {"country__exact": "TN"}).content.decode()
    assert "Karim Haddad" in page and "Fatou Ndiaye" not in page
    page = client.get(url, {"language__exact": "en"}).content.decode()
    assert "Karim Haddad" in page


def test_people_list_query_count_does_not_grow_with_people(client, staff):
    client.force_login(staff)
    url = reverse("admin:communities_user_changelist")
    UserFactory.create_batch(5)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    UserFactory.create_batch(60)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_stuck_emails_are_flagged_and_can_be_queued_again(client, staff, mailoutbox, django_capture_on_commit_callbacks):
    (row,) = email_send(recipients=[UserFactory()], template="account/password_reset_key", context={"password_reset_url": "x"})
    OutgoingEmail.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now() - timedelta(minutes=30))
    client.force_login(staff)
    url = reverse("admin:communities_outgoingemail_changelist")
    page = client.get(url, {"stuck": "yes"}).content.decode()
    assert row.subject in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "requeue", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT
    assert len(mailoutbox) == 1


def test_stuck_digest_claims_are_flagged_for_a_person_to_check(client, staff):
    from communities.models import Digest

    stuck_person, fine_person = UserFactory(display_name="Stuck Sami"), UserFactory(display_name="Fine Fatima")
    today = timezone.now().date()
    Digest.objects.create(user=stuck_person, period=today, run="a", claimed_at=timezone.now() - timedelta(minutes=30))
    Digest.objects.create(user=fine_person, period=today, run="a", status="sent", sent_at=timezone.now())
    client.force_login(staff)
    page = client.get(reverse("admin:communities_digest_changelist"), {"stuck": "yes"}).content.decode()
    assert "Stuck Sami" in page and "Fine Fatima" not in page
    # Read-only: nobody adds or replays a digest by hand.
    assert client.get(reverse("admin:communities_digest_add")).status_code == 403


def test_staff_mark_addresses_as_bouncing(client, staff):
    from allauth.account.models import EmailAddress

    from tests.conftest import verified

    person = verified(UserFactory(display_name="Bouncing Bintou"))
    client.force_login(staff)
    url = reverse("admin:communities_user_changelist")
    response = client.post(url, {"action": "mark_bounced", "_selected_action": [person.pk]})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email_bounced_at is not None
    assert not EmailAddress.objects.get(user=person).verified
    assert "Bouncing Bintou" in client.get(url, {"bounced": "yes"}).content.decode()
    assert "Bouncing Bintou" not in client.get(url, {"bounced": "no"}).content.decode()

"""Learning objectives: members propose, facilitators decide, and each side is told."""

import pytest
from django.urls import reverse

from communities import services
from communities.models import LearningObjective, Notification, NotificationKind

pytestmark = pytest.mark.django_db


def test_a_proposal_reaches_the_facilitators_and_the_decision_reaches_the_proposer(
    client, community, facilitator, member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:propose-objective", args=[community.slug]), {"text": "Design a tracer study"})
    objective = LearningObjective.objects.get()
    (proposed,) = Notification.objects.filter(kind=NotificationKind.OBJECTIVE_PROPOSED)
    assert proposed.recipient == facilitator
    assert [m.to for m in mailoutbox] == [[facilitator.email]] and "Design a tracer study" in mailoutbox[0].body

    mailoutbox.clear()
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:decide-objective", args=[community.slug, objective.pk]), {"decision": "decline"})
    (decided,) = Notification.objects.filter(kind=NotificationKind.OBJECTIVE_DECIDED)
    assert decided.recipient == member
    client.force_login(member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "“Design a tracer study”: Declined." in page
    assert [m.to for m in mailoutbox] == [[member.email]] and "declined the learning objective" in mailoutbox[0].body


def test_a_facilitators_own_objective_tells_nobody(community, facilitator):
    services.objective_propose(community=community, by=facilitator, text="Share tools", accept=True)
    assert not Notification.objects.exists()


def test_the_proposer_who_switched_the_email_off_is_still_told_in_the_site(
    community, facilitator, member, mailoutbox, django_capture_on_commit_callbacks
):
    from communities.notifications import email_choices_set

    email_choices_set(user=member, choices={"request_decided": False})
    objective = services.objective_propose(community=community, by=member, text="Map our partners")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.objective_decide(objective=objective, by=facilitator, accept=True)
    assert Notification.objects.filter(recipient=member, kind=NotificationKind.OBJECTIVE_DECIDED).exists()
    assert mailoutbox == []

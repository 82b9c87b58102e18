"""Session feedback: attendees answer once (changed for 7 days), facilitators read aggregates that
keep small groups and anonymous authors unrecognisable."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Notification
from communities.services import community_update, membership_approve, membership_join, objective_propose
from sessions.models import Session, SessionFeedback
from sessions.notifications import SessionNotificationKind
from sessions.services import feedback as service
from sessions.services import reports
from tests.conftest import verified
from tests.factories import UserFactory

from ..conftest import PERSONAS

pytestmark = pytest.mark.django_db


# --- Helpers ---------------------------------------------------------------------------------------


def add_member(community, name):
    person = verified(UserFactory(display_name=name))
    facilitator = community.memberships.facilitators().first().user
    membership_approve(membership=membership_join(community=community, user=person), by=facilitator)
    return person


def held(session, days_ago=1):
    """Time passes: the session took place ``days_ago`` days ago."""
    start = timezone.now() - timedelta(days=days_ago)
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    session.refresh_from_db()
    return session


def close(session, facilitator, attendees):
    reports.report_save(
        session=session,
        by=facilitator,
        attendee_ids=[p.pk for p in attendees],
        key_points="Points clés",
        lessons="",
        decisions="",
    )
    session.refresh_from_db()
    return session


def give(session, person, usefulness, **fields):
    return service.feedback_give(session=session, user=person, usefulness=usefulness, **fields)


def url(name, session):
    return reverse(f"meetings:{name}", args=[session.community.slug, session.pk])


def trend_url(community):
    return reverse("meetings:feedback-trend", args=[community.slug])


def csv_url(community):
    return reverse("meetings:feedback-csv", args=[community.slug])


def feedback_section(page):
    """The feedback part of the session page (the report above it lists who attended, by name)."""
    found = re.search(r'<section id="feedback".*?</section>', page, re.S)
    return found.group(0) if found else ""


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def messages_of(response):
    return [str(message) for message in response.wsgi_request._messages]


# --- Fixtures --------------------------------------------------------------------------------------


@pytest.fixture
def people(community):
    """Five members; all five attend the closed session."""
    names = ["Awa Anonyme", "Binta Named", "Chloé Named", "Dieynaba Named", "Eva Named"]
    return [add_member(community, name) for name in names]


@pytest.fixture
def attendee(people):
    return people[1]


@pytest.fixture
def objectives(community, facilitator, member):
    accepted = objective_propose(community=community, by=facilitator, text="Mesurer la fertilité des sols", accept=True)
    other = objective_propose(community=community, by=facilitator, text="Capitaliser nos expériences", accept=True)
    proposed = objective_propose(community=community, by=member, text="Objectif seulement proposé")
    return accepted, other, proposed


@pytest.fixture
def themes(community, facilitator):
    community_update(community=community, by=facilitator, themes=["agroécologie", "sols"])
    return list(community.themes.order_by("name"))


@pytest.fixture
def closed(session, facilitator, people):
    return close(held(session), facilitator, people)


# --- Asking the attendees ---------------------------------------------------------------------------


def test_closing_asks_the_attendees_in_app_and_in_the_report_email(
    session, community, facilitator, member, people, mailoutbox, django_capture_on_commit_callbacks
):
    present, absent = people[0], member
    held(session)
    with django_capture_on_commit_callbacks(execute=True):
        close(session, facilitator, [present])
    form_url = url("feedback", session)
    asked = Notification.objects.filter(kind=SessionNotificationKind.FEEDBACK_REQUESTED)
    assert list(asked.values_list("recipient", "url")) == [(present.pk, form_url)]
    mails = {message.to[0]: message for message in mailoutbox}
    assert form_url in mails[present.email].body and form_url in mails[present.email].alternatives[0][0]
    assert form_url not in mails[absent.email].body, "only those who attended are asked"

    # Recorded later: asked in the app; the report's e-mail is not sent again.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        close(session, facilitator, [present, absent])
    assert set(asked.values_list("recipient", flat=True)) == {present.pk, absent.pk}
    assert mailoutbox == []


def test_an_attendee_gives_feedback_on_the_page_and_sees_it_on_the_session(
    client, closed, community, attendee, objectives, themes
):
    accepted, _other, proposed = objectives
    client.force_login(attendee)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Give my feedback" in page and url("feedback", closed) in page
    page = client.get(url("feedback", closed)).content.decode()
    assert "Mesurer la fertilité des sols" in page and "Objectif seulement proposé" not in page
    assert "agroécologie" in page and 'name="is_anonymous"' in page
    response = client.post(
        url("feedback", closed),
        {
            "usefulness": "4",
            "learned": "Le zaï retient l’eau",
            "will_apply": "Tester sur deux parcelles",
            "objectives": [accepted.pk],
            "themes": [themes[1].pk],
            "first_answer": "True",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"{closed.get_absolute_url()}#feedback"
    answer = SessionFeedback.objects.get()
    assert (answer.user, answer.usefulness, answer.learned, answer.will_apply, answer.is_anonymous) == (
        attendee,
        4,
        "Le zaï retient l’eau",
        "Tester sur deux parcelles",
        False,
    )
    assert list(answer.objectives.all()) == [accepted] and list(answer.themes.all()) == [themes[1]]
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "You gave your feedback: useful 4 out of 5." in page and "Change my feedback" in page


def test_members_see_nothing_of_the_others_answers(client, closed, people, member):
    give(closed, people[0], 5, learned="Secret de Awa")
    give(closed, people[2], 4, learned="Secret de Chloé")
    give(closed, people[3], 3, learned="Secret de Dieynaba")
    for reader in (people[1], member):
        client.force_login(reader)
        page = client.get(closed.get_absolute_url()).content.decode()
        assert "Secret de" not in page and "Average usefulness" not in page


# --- Aggregates ---------------------------------------------------------------------------------------


@pytest.fixture
def three_sessions(schedule, facilitator, people):
    """A: five attended, four answered (5, 4, 4, 2); B: three attended, two answered (3, 5);
    C: three attended, three answered (1, 2, 3)."""
    a, b, c = (held(schedule(title=title), days_ago=days) for title, days in (("A", 20), ("B", 10), ("C", 5)))
    close(a, facilitator, people)
    close(b, facilitator, people[:3])
    close(c, facilitator, people[2:])
    for person, rating in zip(people, (5, 4, 4, 2)):
        give(a, person, rating)
    for person, rating in zip(people, (3, 5)):
        give(b, person, rating)
    for person, rating in zip(people[2:], (1, 2, 3)):
        give(c, person, rating)
    return a, b, c


@pytest.mark.sqlite
def test_the_summary_of_a_session_against_hand_computed_numbers(three_sessions):
    a, b, c = three_sessions
    assert service.feedback_summary(a) == {
        "attendees": 5,
        "answers": 4,
        "counted": 4,
        "average": 3.75,
        "distribution": {1: 0, 2: 1, 3: 0, 4: 2, 5: 1},
    }
    assert service.feedback_summary(c) == {
        "attendees": 3,
        "answers": 3,
        "counted": 3,
        "average": 2.0,
        "distribution": {1: 1, 2: 1, 3: 1, 4: 0, 5: 0},
    }


@pytest.mark.sqlite
def test_fewer_than_three_answers_give_only_their_number(three_sessions):
    _a, b, _c = three_sessions
    assert service.feedback_summary(b) == {
        "attendees": 3,
        "answers": 2,
        "counted": 0,
        "average": None,
        "distribution": None,
    }
    assert service.feedback_answers(b) is None


@pytest.mark.sqlite
def test_over_several_sessions_only_those_with_three_answers_count(three_sessions, community):
    # A and C: (5 + 4 + 4 + 2 + 1 + 2 + 3) / 7 = 3.0; B's two answers are counted, not averaged.
    summary = service.feedback_summary(Session.objects.filter(community=community))
    assert summary == {
        "attendees": 11,
        "answers": 9,
        "counted": 7,
        "average": 3.0,
        "distribution": {1: 1, 2: 2, 3: 1, 4: 2, 5: 1},
    }
    rows = [
        (s.title, s.attendee_count, s.answer_count, s.average) for s in service.feedback_trend(community.sessions.all())
    ]
    assert rows == [("A", 5, 4, 3.75), ("B", 3, 2, None), ("C", 3, 3, 2.0)]


def test_the_facilitator_sees_the_aggregate_only_from_three_answers(client, closed, facilitator, people):
    give(closed, people[1], 5, learned="Appris numéro un")
    give(closed, people[2], 2, learned="Appris numéro deux")
    client.force_login(facilitator)
    section = feedback_section(client.get(closed.get_absolute_url()).content.decode())
    assert "2 answers from 5 attendees." in section
    assert "once at least 3 people have answered" in section
    assert "Appris numéro" not in section and "Average usefulness" not in section and "Binta Named" not in section

    give(closed, people[3], 5, learned="Appris numéro trois")
    section = feedback_section(client.get(closed.get_absolute_url()).content.decode())
    assert "3 answers from 5 attendees." in section and "Average usefulness: 4.0 out of 5" in section
    assert "Appris numéro un" in section and "Appris numéro deux" in section and "Binta Named" in section

    trend = client.get(trend_url(closed.community)).content.decode()
    assert "Average usefulness: 4.0 out of 5, from 3 answers." in trend


def test_the_trend_hides_the_average_of_a_small_group(client, three_sessions, facilitator, community):
    client.force_login(facilitator)
    page = client.get(trend_url(community)).content.decode()
    rows = re.findall(r"<tr>\s*<td>.*?</tr>", page, re.S)
    assert len(rows) == 3
    assert "3.8" in rows[0] and "not shown" in rows[1] and "2.0" in rows[2]
    exported = csv_rows(client.get(csv_url(community)))
    assert exported[0][:3] == ["Date", "Session", "Usefulness (1 to 5)"]
    assert sorted(row[1] for row in exported[1:]) == ["A"] * 4 + ["C"] * 3, "B's two answers are not exported"


# --- Anonymity ------------------------------------------------------------------------------------------


@pytest.fixture
def answered(closed, people):
    """Four answers; Awa's is anonymous."""
    give(closed, people[0], 2, learned="Texte anonyme sur le compost", is_anonymous=True)
    give(closed, people[1], 5, learned="Texte de Binta")
    give(closed, people[2], 4)
    give(closed, people[3], 3)
    return closed


def test_an_anonymous_answer_never_names_its_author_to_facilitators(client, answered, facilitator, community, people):
    awa = people[0]
    client.force_login(facilitator)
    section = feedback_section(client.get(answered.get_absolute_url()).content.decode())
    assert "Texte anonyme sur le compost" in section and "Anonymous" in section
    assert "Texte de Binta" in section and "Binta Named" in section
    assert awa.display_name not in section and awa.email not in section
    trend = client.get(trend_url(community)).content.decode()
    assert awa.display_name not in trend
    exported = csv_rows(client.get(csv_url(community)))
    (row,) = [row for row in exported if row[3] == "Texte anonyme sur le compost"]
    assert row[-1] == "Anonymous"
    assert awa.display_name not in str(exported) and awa.email not in str(exported)
    assert "Binta Named" in str(exported)


def test_the_author_is_reminded_their_answer_is_anonymous(client, answered, people):
    client.force_login(people[0])
    page = client.get(answered.get_absolute_url()).content.decode()
    assert "The facilitators read it without your name." in page


@pytest.fixture
def feedback_staff(db):
    """Staff who may read the answers in admin, and nothing more."""
    person = verified(UserFactory(is_staff=True, display_name="Vera Viewer"))
    person.user_permissions.add(Permission.objects.get(codename="view_sessionfeedback"))
    return person


def test_admin_lists_hide_anonymous_authors_from_staff_who_are_not_superusers(client, answered, feedback_staff, people):
    awa = people[0]
    client.force_login(feedback_staff)
    changelist = reverse("admin:meetings_sessionfeedback_changelist")
    response = client.get(changelist)
    page = response.content.decode()
    assert response.context["cl"].result_count == 4 and "Anonymous" in page and "Binta Named" in page
    assert awa.display_name not in page and awa.email not in page
    # Searching or filtering by the person doesn't tell which answer was theirs.
    response = client.get(changelist, {"q": "Awa"})
    assert response.context["cl"].result_count == 0
    assert client.get(changelist, {"user__id__exact": awa.pk}).status_code in (302, 400)
    assert client.get(changelist, {"user": awa.pk, "is_anonymous__exact": "1"}).status_code in (302, 400)
    anonymous = SessionFeedback.objects.get(user=awa)
    page = client.get(reverse("admin:meetings_sessionfeedback_change", args=[anonymous.pk])).content.decode()
    assert "Texte anonyme sur le compost" in page and awa.display_name not in page
    response = client.post(changelist, {"action": "export_csv", "_selected_action": [anonymous.pk]})
    assert "Texte anonyme sur le compost" in response.content.decode()
    assert awa.display_name not in response.content.decode() and awa.email not in response.content.decode()


def test_superusers_see_the_author_in_admin_but_never_in_the_export(client, answered, staff, people):
    awa = people[0]
    client.force_login(staff)
    changelist = reverse("admin:meetings_sessionfeedback_changelist")
    assert awa.display_name in client.get(changelist).content.decode()
    assert client.get(changelist, {"q": "Awa"}).context["cl"].result_count == 1
    assert client.get(changelist, {"user": awa.pk, "is_anonymous__exact": "1"}).context["cl"].result_count == 1
    ids = list(SessionFeedback.objects.values_list("pk", flat=True))
    exported = client.post(changelist, {"action": "export_csv", "_selected_action": ids}).content.decode()
    assert "Texte anonyme sur le compost" in exported and "Binta Named" in exported
    assert awa.display_name not in exported and awa.email not in exported


def test_the_admin_filters_by_community_rating_and_anonymity(client, answered, staff):
    client.force_login(staff)
    changelist = reverse("admin:meetings_sessionfeedback_changelist")
    assert client.get(changelist, {"is_anonymous__exact": "1"}).context["cl"].result_count == 1
    assert client.get(changelist, {"usefulness__exact": "4"}).context["cl"].result_count == 1
    assert (
        client.get(changelist, {"session__community__id__exact": answered.community_id}).context["cl"].result_count == 4
    )


def test_feedback_keeps_its_author_out_of_its_title(answered, people):
    anonymous, named = SessionFeedback.objects.get(user=people[0]), SessionFeedback.objects.get(user=people[1])
    assert people[0].display_name not in str(anonymous) and "anonymous" in str(anonymous)
    assert "Binta Named" in str(named)


# --- Bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rating", ["0", "6", "-1", "trois", ""])
def test_a_rating_outside_1_to_5_is_refused_on_the_page(client, closed, attendee, rating):
    client.force_login(attendee)
    response = client.post(url("feedback", closed), {"usefulness": rating, "learned": "x", "first_answer": "True"})
    assert response.status_code == 200
    assert "Choose how useful the session was, from 1 to 5." in response.content.decode()
    assert not SessionFeedback.objects.exists()


@pytest.mark.parametrize("rating", [0, 6, None, "x"])
def test_a_rating_outside_1_to_5_is_refused_by_the_service(closed, attendee, rating):
    with pytest.raises(ValidationError) as refused:
        give(closed, attendee, rating)
    assert "Choose how useful the session was, from 1 to 5." in refused.value.messages
    assert not SessionFeedback.objects.exists()


def test_the_database_refuses_a_rating_outside_1_to_5(closed, attendee):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFeedback.objects.create(session=closed, user=attendee, usefulness=7)


def test_a_second_answer_is_refused(client, closed, attendee):
    first = give(closed, attendee, 4, learned="Première réponse")
    with pytest.raises(ValidationError) as refused:
        give(closed, attendee, 1, learned="Deuxième réponse")
    assert "You have already given your feedback on this session" in refused.value.messages[0]

    # A page opened before the first answer was sent (another tab) posts a first answer again.
    client.force_login(attendee)
    response = client.post(
        url("feedback", closed), {"usefulness": "1", "learned": "Deuxième réponse", "first_answer": "True"}
    )
    assert response.status_code == 302 and response["Location"] == url("feedback", closed)
    assert any("already given your feedback" in message for message in messages_of(response))
    assert SessionFeedback.objects.count() == 1
    first.refresh_from_db()
    assert (first.usefulness, first.learned) == (4, "Première réponse")


def test_feedback_on_a_session_not_attended_is_refused(client, closed, member):
    client.force_login(member)
    response = client.post(url("feedback", closed), {"usefulness": "5", "first_answer": "True"})
    assert response.status_code == 302 and response["Location"] == closed.get_absolute_url()
    assert messages_of(response) == ["Only the people recorded as present at this session can give feedback on it."]
    with pytest.raises(ValidationError, match="recorded as present"):
        give(closed, member, 5)
    assert not SessionFeedback.objects.exists()


def test_feedback_before_the_session_is_closed_is_refused(client, session, member):
    held(session)
    client.force_login(member)
    response = client.get(url("feedback", session))
    assert response.status_code == 302
    assert messages_of(response) == ["Feedback opens once the facilitators have closed the session."]
    with pytest.raises(ValidationError, match="closed the session"):
        give(session, member, 5)


def test_objectives_and_themes_must_be_the_communitys(client, closed, attendee, objectives, themes, other_facilitator):
    _accepted, _other, proposed = objectives
    elsewhere = Community.objects.get(name="Urban transport Mediterranean")
    foreign = objective_propose(community=elsewhere, by=other_facilitator, text="Ailleurs", accept=True)
    client.force_login(attendee)
    for field, value in (("objectives", proposed.pk), ("objectives", foreign.pk), ("themes", 987654)):
        response = client.post(url("feedback", closed), {"usefulness": "3", field: [value], "first_answer": "True"})
        assert response.status_code == 200
        assert "Choose among the community’s" in response.content.decode()
    with pytest.raises(ValidationError, match="accepted learning objectives"):
        give(closed, attendee, 3, objectives=[foreign])
    assert not SessionFeedback.objects.exists()


def test_a_text_longer_than_2000_characters_is_refused(client, closed, attendee):
    client.force_login(attendee)
    response = client.post(url("feedback", closed), {"usefulness": "3", "learned": "x" * 2001, "first_answer": "True"})
    assert response.status_code == 200 and "at most 2000 characters" in response.content.decode()
    with pytest.raises(ValidationError):
        give(closed, attendee, 3, will_apply="y" * 2001)
    assert not SessionFeedback.objects.exists()


# --- Seven days to change an answer -------------------------------------------------------------------


class Clock:
    def __init__(self, moment):
        self.moment = moment

    def now(self):
        return self.moment


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


def test_an_answer_can_be_changed_for_seven_days_then_only_read(client, clock, closed, attendee):
    client.force_login(attendee)
    client.post(url("feedback", closed), {"usefulness": "2", "learned": "Au début", "first_answer": "True"})
    answer = SessionFeedback.objects.get()
    assert answer.created_at == clock.moment

    clock.moment += timedelta(days=6, hours=23)
    response = client.post(url("feedback", closed), {"usefulness": "4", "learned": "Changé le sixième jour"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.usefulness, answer.learned) == (4, "Changé le sixième jour")

    clock.moment += timedelta(hours=1, minutes=1)
    response = client.post(url("feedback", closed), {"usefulness": "1", "learned": "Trop tard"})
    assert response.status_code == 302
    assert any("can no longer be changed" in message for message in messages_of(response))
    answer.refresh_from_db()
    assert (answer.usefulness, answer.learned) == (4, "Changé le sixième jour")
    page = client.get(url("feedback", closed)).content.decode()
    assert "it can no longer be changed" in page and "<form" not in page.split("<main", 1)[-1].split("</main>")[0]
    assert "Changé le sixième jour" in page
    with pytest.raises(ValidationError, match="can no longer be changed"):
        service.feedback_update(feedback=answer, by=attendee, usefulness=1)
    assert "See my feedback" in client.get(closed.get_absolute_url()).content.decode()


def test_only_its_author_changes_an_answer(closed, people):
    answer = give(closed, people[0], 3)
    with pytest.raises(ValidationError):
        service.feedback_update(feedback=answer, by=people[1], usefulness=5)
    answer.refresh_from_db()
    assert answer.usefulness == 3


# --- Who reaches what ------------------------------------------------------------------------------------

ALLOW, LOGIN, DENY, BACK = 200, "login", 403, 302


def check(response, answer):
    if answer == LOGIN:
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == answer


FORM_ANSWERS = {
    "anonymous": LOGIN,
    "outsider": DENY,
    "requester": DENY,
    "invitee": DENY,
    "other_facilitator": DENY,
    # Members who may read the session but were not recorded as present: sent back, with a message.
    "member": BACK,
    "facilitator": BACK,
    "staff": BACK,
    "attendee": ALLOW,
}


@pytest.mark.parametrize("persona", [*PERSONAS, "attendee"])
def test_who_reaches_the_feedback_form(client, as_persona, closed, persona):
    as_persona(persona)
    check(client.get(url("feedback", closed)), FORM_ANSWERS[persona])
    client.post(url("feedback", closed), {"usefulness": "5", "first_answer": "True"})
    expected = 1 if persona == "attendee" else 0
    assert SessionFeedback.objects.count() == expected


@pytest.mark.parametrize("persona", [*PERSONAS, "attendee"])
@pytest.mark.parametrize("page", ["trend", "csv"])
def test_only_facilitators_and_staff_reach_the_aggregates(client, as_persona, answered, persona, page):
    as_persona(persona)
    address = trend_url(answered.community) if page == "trend" else csv_url(answered.community)
    if persona in ("facilitator", "staff"):
        answer = ALLOW
    else:
        answer = LOGIN if persona == "anonymous" else DENY
    check(client.get(address), answer)


@pytest.mark.parametrize("persona", ["member", "attendee", "facilitator", "staff"])
def test_the_session_page_shows_the_aggregate_to_facilitators_and_staff_only(client, as_persona, answered, persona):
    as_persona(persona)
    section = feedback_section(client.get(answered.get_absolute_url()).content.decode())
    shown = "Texte de Binta" in section and "Average usefulness" in section
    assert shown == (persona in ("facilitator", "staff"))


def test_a_platform_admin_reaches_the_aggregates(client, answered, platform_admin):
    client.force_login(platform_admin)
    assert client.get(trend_url(answered.community)).status_code == 200


def test_facilitators_find_the_trend_from_the_sessions_page(client, closed, facilitator, member):
    client.force_login(facilitator)
    assert (
        trend_url(closed.community)
        in client.get(reverse("meetings:list", args=[closed.community.slug])).content.decode()
    )
    client.force_login(member)
    assert (
        trend_url(closed.community)
        not in client.get(reverse("meetings:list", args=[closed.community.slug])).content.decode()
    )


# --- Query counts ----------------------------------------------------------------------------------------


def count_queries(client, address, django_assert_max_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(address)
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context)


def test_the_aggregate_pages_cost_the_same_with_3_or_30_answers(
    client, schedule, community, facilitator, objectives, themes
):
    accepted, other, _proposed = objectives
    crowd = [add_member(community, f"Person {n:02d}") for n in range(30)]
    first, second = (held(schedule(title=title), days_ago=days) for title, days in (("First", 9), ("Second", 2)))
    close(first, facilitator, crowd[:3])
    close(second, facilitator, crowd)
    for n, person in enumerate(crowd[:3]):
        give(
            first,
            person,
            1 + n % 5,
            learned=f"Appris {n}",
            objectives=[accepted, other],
            themes=themes,
            is_anonymous=n % 2,
        )
        give(second, person, 1 + n % 5, learned=f"Appris {n}", objectives=[accepted], themes=themes[:1])
    client.force_login(facilitator)
    pages = [second.get_absolute_url(), trend_url(community), csv_url(community)]
    few = [count_queries(client, page) for page in pages]
    for n, person in enumerate(crowd[3:], start=3):
        give(
            second, person, 1 + n % 5, learned=f"Appris {n}", objectives=[other], themes=themes, is_anonymous=n % 3 == 0
        )
    assert "30 answers from 30 attendees." in client.get(second.get_absolute_url()).content.decode()
    assert [count_queries(client, page) for page in pages] == few

"""Closing a session: attendance and report, who sees them, messages to attendees, the CSV."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.attachments import attachments_for
from communities.models import Attachment, Community, Notification
from communities.services import invitation_accept, invitations_send, membership_approve, membership_join
from sessions import services
from sessions.models import Session, SessionReport
from sessions.notifications import SessionNotificationKind
from sessions.services import reports
from tests.factories import UserFactory

from ..conftest import PERSONAS

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run in DOS mode.\r\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def add_member(community, facilitator, **fields):
    person = UserFactory(**fields)
    if community.join_policy == Community.JoinPolicy.INVITATION:
        invitations_send(community=community, by=facilitator, text=person.email)
        invitation_accept(invitation=community.invitations.get(email=person.email), user=person)
    else:
        membership_approve(membership=membership_join(community=community, user=person), by=facilitator)
    return person


def held(session):
    """Time passes: the session took place yesterday (answers were given before it)."""
    start = timezone.now() - timedelta(days=1)
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    session.refresh_from_db()
    return session


def url(name, session):
    return reverse(f"meetings:{name}", args=[session.community.slug, session.pk])


def close_data(**overrides):
    return {
        "attendees": [],
        "key_points": "- Impliquer les **femmes** dès le diagnostic",
        "lessons": "Les visites de terrain convainquent plus que les présentations.",
        "decisions": "Aminata partage la grille d’entretien avant le 15.",
        **overrides,
    }


def checked_ids(page):
    boxes = re.findall(r'<input[^>]*name="attendees"[^>]*>', page)
    return {int(re.search(r'value="(\d+)"', box).group(1)) for box in boxes if " checked" in box}


# --- Closing through the page ------------------------------------------------------------------


def test_facilitator_closes_the_session_and_members_are_told_once(
    client, session, community, facilitator, member, mailoutbox, django_capture_on_commit_callbacks
):
    absent = add_member(community, facilitator, display_name="Awa Absent")
    hesitant = add_member(community, facilitator)
    services.rsvp_set(session=session, user=member, response="going")
    services.rsvp_set(session=session, user=absent, response="going")
    services.rsvp_set(session=session, user=hesitant, response="maybe")
    held(session)
    client.force_login(facilitator)
    page = client.get(url("close", session)).content.decode()
    assert checked_ids(page) == {member.pk, absent.pk}, "those going are ticked to begin with"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("close", session),
            close_data(attendees=[member.pk, hesitant.pk], files=[SimpleUploadedFile("notes du jour.pdf", PDF, "application/pdf")]),
        )
    assert response.status_code == 302 and response["Location"] == f"{session.get_absolute_url()}#report"
    report = SessionReport.objects.get(session=session)
    session.refresh_from_db()
    assert session.status == "done" and report.written_by == facilitator
    assert set(session.attendances.values_list("user", flat=True)) == {member.pk, hesitant.pk}
    (attachment,) = attachments_for(report)
    assert (attachment.original_name, attachment.content_type, attachment.community) == ("notes du jour.pdf", "application/pdf", community)
    told = Notification.objects.filter(kind=SessionNotificationKind.REPORT)
    assert set(told.values_list("recipient", flat=True)) == {member.pk, absent.pk, hesitant.pk}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, absent.email, hesitant.email])
    assert all(m.subject == f"Report of “{session.title}” in {community.name}" for m in mailoutbox)
    assert "dès le diagnostic" in mailoutbox[0].body

    # Editing later: the page starts from what was recorded; nobody is told again.
    page = client.get(url("close", session)).content.decode()
    assert checked_ids(page) == {member.pk, hesitant.pk} and "dès le diagnostic" in page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("close", session), close_data(attendees=[member.pk, absent.pk], key_points="Points revus"))
    report.refresh_from_db()
    assert report.key_points == "Points revus"
    assert set(session.attendances.values_list("user", flat=True)) == {member.pk, absent.pk}
    assert told.count() == 3 and mailoutbox == []
    assert len(attachments_for(report)) == 1, "files already attached stay"

    client.force_login(member)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'id="report"' in page and "Points revus" in page
    assert "Les visites de terrain convainquent" in page and "Aminata partage la grille" in page
    assert attachment.get_absolute_url() in page and "notes du jour.pdf" in page
    assert "2 people attended." in page and "Awa Absent" in page
    assert "Written by Fatou Facilitator" in page
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_a_refused_file_is_explained_and_the_typed_report_is_kept(client, session, facilitator, member):
    held(session)
    client.force_login(facilitator)
    response = client.post(
        url("close", session),
        close_data(attendees=[member.pk], files=[SimpleUploadedFile("rapport.pdf", EXE, "application/pdf")]),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“rapport.pdf” was not attached: This type of file is not accepted." in page
    assert "Impliquer les **femmes** dès le diagnostic" in page and "Aminata partage la grille" in page
    assert checked_ids(page) == {member.pk}
    assert not SessionReport.objects.exists() and not Attachment.objects.exists()
    session.refresh_from_db()
    assert session.status == "scheduled"


def test_an_empty_report_is_refused(client, session, facilitator):
    held(session)
    client.force_login(facilitator)
    page = client.post(url("close", session), close_data(key_points=" ", lessons="", decisions="")).content.decode()
    assert "Write at least the key points, the lessons or the decisions." in page
    assert not SessionReport.objects.exists()


def test_a_session_that_has_not_started_cannot_be_closed(client, session, facilitator):
    client.force_login(facilitator)
    response = client.get(url("close", session), follow=True)
    assert response.redirect_chain[-1][0] == session.get_absolute_url()
    assert "close it once it has taken place" in response.content.decode()
    with pytest.raises(ValidationError, match="hasn’t started"):
        reports.report_save(session=session, by=facilitator, attendee_ids=[], key_points="x", lessons="", decisions="")


def test_a_cancelled_session_cannot_be_closed(client, session, facilitator):
    services.session_cancel(session=session, by=facilitator)
    held(session)
    client.force_login(facilitator)
    response = client.post(url("close", session), close_data(), follow=True)
    assert "was cancelled: there is nothing to report" in response.content.decode()
    assert not SessionReport.objects.exists()


def test_only_active_members_can_be_recorded_as_attendees(session, community, facilitator, member, requester, outsider):
    held(session)
    for stranger in (requester, outsider):
        with pytest.raises(ValidationError, match="Only active members"):
            reports.report_save(
                session=session, by=facilitator, attendee_ids=[member.pk, stranger.pk], key_points="x", lessons="", decisions=""
            )
    assert not SessionReport.objects.exists() and not session.attendances.exists()


def test_the_close_form_offers_only_active_members(client, session, facilitator, member, requester, outsider):
    held(session)
    client.force_login(facilitator)
    response = client.post(url("close", session), close_data(attendees=[member.pk, outsider.pk]))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    offered = re.findall(r'name="attendees" value="(\d+)"', client.get(url("close", session)).content.decode())
    assert {int(pk) for pk in offered} == {facilitator.pk, member.pk}


# --- Who may ---------------------------------------------------------------------------------

ALLOW, LOGIN, DENY = 200, "login", 403
MANAGERS = {"facilitator", "staff"}


def check(response, answer):
    if answer == LOGIN:
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == answer


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["close", "message", "attendees-csv"])
def test_only_facilitators_and_staff_reach_the_closing_pages(client, as_persona, session, persona, page):
    held(session)
    as_persona(persona)
    if persona in MANAGERS:
        answer = ALLOW
    else:
        answer = LOGIN if persona == "anonymous" else DENY
    check(client.get(url(page, session)), answer)


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "other_facilitator"])
def test_others_cannot_close_or_message(client, as_persona, session, persona, mailoutbox, django_capture_on_commit_callbacks):
    held(session)
    as_persona(persona)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("close", session), close_data())
        client.post(url("message", session), {"audience": "all", "subject": "Hi", "body": "Spam"})
    assert not SessionReport.objects.exists() and mailoutbox == []


def test_facilitators_see_the_closing_buttons_and_members_do_not(client, session, facilitator, member):
    held(session)
    client.force_login(member)
    page = client.get(session.get_absolute_url()).content.decode()
    assert url("close", session) not in page and url("message", session) not in page
    client.force_login(facilitator)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Close the session and write the report" in page
    assert url("message", session) in page and url("attendees-csv", session) in page


def write_report(session, by, attendees, key_points="Ce que nous avons appris"):
    return reports.report_save(session=session, by=by, attendee_ids=[p.pk for p in attendees], key_points=key_points, lessons="", decisions="")


def test_a_private_communitys_report_stays_inside_it(client, session, community, facilitator, member, outsider):
    held(session)
    write_report(session, facilitator, [member], key_points="Secret du groupe")
    client.force_login(outsider)
    assert client.get(session.get_absolute_url()).status_code == 403
    assert "Secret du groupe" not in client.get(community.get_absolute_url()).content.decode()
    client.force_login(member)
    home = client.get(community.get_absolute_url()).content.decode()
    assert "Recent session reports" in home and "Secret du groupe" in home and f"{session.get_absolute_url()}#report" in home


def test_a_public_communitys_report_is_public_but_not_who_attended(client, schedule, other_facilitator, outsider):
    public = Community.objects.get(name="Urban transport Mediterranean")
    colleague = add_member(public, other_facilitator, display_name="Karim Colleague")
    session = held(schedule(community=public))
    write_report(session, other_facilitator, [colleague], key_points="Le covoiturage marche")
    client.force_login(outsider)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Le covoiturage marche" in page and "1 person attended." in page
    assert "Karim Colleague" not in page
    assert "Le covoiturage marche" in client.get(public.get_absolute_url()).content.decode()


# --- Messages to attendees -------------------------------------------------------------------


@pytest.fixture
def answered(schedule, community, facilitator):
    """Two going, one on the waiting list, one maybe, one not going."""
    session = schedule(capacity=2)
    people = {name: add_member(community, facilitator, display_name=name) for name in ("Ada", "Bala", "Codou", "Dior", "Ebou")}
    for name, answer in (("Ada", "going"), ("Bala", "going"), ("Codou", "going"), ("Dior", "maybe"), ("Ebou", "not_going")):
        services.rsvp_set(session=session, user=people[name], response=answer)
    return session, people


def test_a_message_to_those_going_reaches_only_them(client, answered, facilitator, mailoutbox, django_capture_on_commit_callbacks):
    session, people = answered
    client.force_login(facilitator)
    assert "Those going (2)" in client.get(url("message", session)).content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("message", session),
            {"audience": "going", "subject": "Bring your notes", "body": "<b>Bring</b> your field notes & photos.\nThanks!"},
            follow=True,
        )
    assert "Your message was sent to 2 people." in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people["Ada"].email, people["Bala"].email])
    email = mailoutbox[0]
    assert email.subject == f"[{session.community.name}] Bring your notes"
    assert "<b>Bring</b> your field notes & photos." in email.body
    html = email.alternatives[0][0]
    assert "&lt;b&gt;Bring&lt;/b&gt; your field notes &amp; photos.<br>Thanks!" in html and "<b>Bring" not in html


@pytest.mark.parametrize(
    ("audience", "expected"),
    [("all", {"Ada", "Bala", "Codou", "Dior"}), ("going", {"Ada", "Bala"}), ("maybe", {"Dior"}), ("waitlisted", {"Codou"})],
)
def test_each_audience_reaches_its_people_and_never_those_not_going(answered, facilitator, audience, expected, mailoutbox, django_capture_on_commit_callbacks):
    session, people = answered
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = reports.attendees_message(session=session, by=facilitator, audience=audience, subject="Hello", body="See you")
    assert count == len(expected)
    assert {m.to[0] for m in mailoutbox} == {people[name].email for name in expected}


def test_people_who_left_are_not_written_to(answered, facilitator, mailoutbox, django_capture_on_commit_callbacks):
    from communities.models import Membership

    session, people = answered
    Membership.objects.filter(user=people["Ada"]).update(status="left")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reports.attendees_message(session=session, by=facilitator, audience="going", subject="Hi", body="Hi") == 1
    assert [m.to[0] for m in mailoutbox] == [people["Bala"].email]


def test_a_message_to_an_empty_group_is_not_sent(client, session, facilitator, mailoutbox):
    client.force_login(facilitator)
    page = client.post(url("message", session), {"audience": "maybe", "subject": "Hi", "body": "Hi"}).content.decode()
    assert "Nobody is in this group: no message was sent." in page and mailoutbox == []


# --- The attendee list ------------------------------------------------------------------------


def test_the_attendee_list_downloads_as_csv(client, answered, community, facilitator):
    session, people = answered
    walk_in = add_member(community, facilitator, display_name="=HYPERLINK(\"http://evil.example\")", organisation="ENDA", country="BF")
    held(session)
    write_report(session, facilitator, [people["Ada"], people["Codou"], walk_in])
    client.force_login(facilitator)
    response = client.get(url("attendees-csv", session))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="attendees-{session.pk}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Email", "Organisation", "Country", "Answer", "Waiting list", "Attended"]
    by_name = {row[0]: row for row in rows[1:]}
    ada = people["Ada"]
    assert by_name["Ada"] == ["Ada", ada.email, ada.organisation, "Senegal", "Going", "no", "yes"]
    assert by_name["Bala"][4:] == ["Going", "no", "no"]
    assert by_name["Codou"][4:] == ["Going", "yes", "yes"]
    assert by_name["Dior"][4:] == ["Maybe", "no", "no"]
    assert by_name["Ebou"][4:] == ["Not going", "no", "no"]
    assert by_name["'=HYPERLINK(\"http://evil.example\")"][1:] == [walk_in.email, "ENDA", "Burkina Faso", "", "no", "yes"]
    assert len(rows) == 7


# --- Query counts ------------------------------------------------------------------------------


def count_queries(client, page):
    client.get(page)
    with CaptureQueriesContext(connection) as context:
        assert client.get(page).status_code == 200
    return len(context)


def test_the_session_page_with_a_report_costs_the_same_with_5_or_40_attendees(client, session, community, facilitator, member, settings):
    held(session)
    people = [member] + [add_member(community, facilitator) for _ in range(4)]
    reports.report_save(
        session=session, by=facilitator, attendee_ids=[p.pk for p in people], key_points="x", lessons="", decisions="",
        uploads=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
    )
    client.force_login(member)
    few = count_queries(client, session.get_absolute_url())
    people += [add_member(community, facilitator) for _ in range(35)]
    reports.report_save(session=session, by=facilitator, attendee_ids=[p.pk for p in people], key_points="x", lessons="", decisions="")
    page = session.get_absolute_url()
    assert "40 people attended." in client.get(page).content.decode()
    assert count_queries(client, page) == few

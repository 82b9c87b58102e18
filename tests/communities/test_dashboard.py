"""The facilitators' health dashboard: numbers checked against a community computed by hand."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from communities import dashboard, services
from communities.models import Membership
from knowledge.models import Post, Reply
from knowledge.services import post_create, reply_create
from sessions.models import Attendance, Session, SessionFeedback

from ..conftest import PERSONAS, verified
from ..factories import UserFactory
from .test_query_counts import add_members, queries_for
from .test_visitor_home import schedule

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # a Monday


def at(month, day, hour=12):
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def joined(community, person, when, ended=None):
    Membership.objects.create(
        user=person, community=community, status="left" if ended else "active", joined_at=when, ended_at=ended,
    )


def post(community, author, when, kind="question", title="Une question"):
    made = post_create(community=community, author=author, kind=kind, title=title, body="…")
    Post.objects.filter(pk=made.pk).update(created_at=when)
    return made


def reply(to, author, when):
    made = reply_create(post=to, author=author, body="Une réponse")
    Reply.objects.filter(pk=made.pk).update(created_at=when)


def closed_session(community, when, attendees, ratings):
    session = schedule(community, f"Session du {when:%d/%m}", days=0)
    Session.objects.filter(pk=session.pk).update(starts_at=when, ends_at=when + timedelta(hours=2), status="done")
    for person in attendees:
        Attendance.objects.create(session=session, user=person)
    for person, rating in ratings:
        SessionFeedback.objects.create(session=session, user=person, usefulness=rating, created_at=when + timedelta(hours=3))


@pytest.fixture
def measured(facilitator):
    """F (facilitator, Dakar), A (Dakar), B (left in May) and C (Cotonou), with their activity."""
    community = services.community_create(by=facilitator, name="Suivi-évaluation Sahel", status="active")
    Membership.objects.filter(community=community).update(joined_at=at(1, 10))
    for person, values in ((facilitator, ("SN", "ENDA")),):
        type(person).objects.filter(pk=person.pk).update(country=values[0], organisation=values[1])
    a = verified(UserFactory(display_name="Awa", country="SN", organisation="ENDA "))
    b = verified(UserFactory(display_name="Bio", country="BF", organisation="Autre"))
    c = verified(UserFactory(display_name="Chérif", country="BJ", organisation="CARE Bénin"))
    joined(community, a, at(3, 5))
    joined(community, b, at(4, 20), ended=at(5, 10))
    joined(community, c, at(5, 1))
    q1 = post(community, a, at(5, 1))
    reply(q1, c, at(5, 2))  # answered in 24 hours
    q2 = post(community, c, at(5, 10))
    reply(q2, c, at(5, 10, 13))  # its author: not an answer
    reply(q2, facilitator, at(5, 14))  # answered in 96 hours
    post(community, a, at(5, 20))  # never answered
    post(community, c, at(5, 25), kind="experience", title="Nos comités")
    post(community, a, at(6, 12), kind="experience", title="Nos champs")
    post(community, a, at(6, 14))  # asked 46 hours ago: too recent to count, unanswered
    closed_session(community, at(4, 1), [facilitator, a, c], [(a, 4), (c, 5), (facilitator, 3)])
    closed_session(community, at(5, 5), [a, c], [(a, 2)])
    return community


def by_key(found):
    figures = {figure.key: figure.value for section in found for figure in section.figures}
    series = {series.key: series.points for section in found for series in section.series}
    return figures, series


def test_the_numbers_match_the_hand_computed_ones(measured):
    figures, series = by_key(dashboard.sections(measured, NOW))
    # Members: F, A, C (B left). Latest activity: A 12/06, C 25/05, F 14/05 (its reply).
    assert figures["members"] == 3
    assert figures["active_30_days"] == 2  # A and C: since 16/05
    assert figures["active_7_days"] == 1  # A: since 08/06
    assert figures["weekly_to_monthly"] == 50
    assert figures["countries"] == 2 and figures["organisations"] == 2  # "ENDA " is ENDA
    assert series["members_over_time"][-6:] == [
        ("2026-01", 1), ("2026-02", 1), ("2026-03", 2), ("2026-04", 3), ("2026-05", 3), ("2026-06", 3)
    ]
    assert series["countries"] == [("Senegal", 2), ("Benin", 1)]
    # Questions of the last 90 days at least 48 hours old: Q1 (24 h), Q2 (96 h), Q4 (none).
    assert figures["answered_within_48_hours"] == 33
    assert figures["median_first_answer_hours"] == 60.0
    assert figures["unanswered_questions"] == 2  # Q4 and the recent one
    assert sum(count for _week, count in series["posts_per_week"]) == 6
    assert sum(count for _week, count in series["replies_per_week"]) == 3
    # Sessions: 3 then 2 attendees; the second has one answer, below the small-group rule.
    assert figures["sessions_closed"] == 2 and figures["average_attendance"] == 2.5
    assert figures["feedback_answers"] == 4 and figures["average_usefulness"] == 4.0
    assert [value for _label, value in series["attendance"]] == [3, 2]
    assert [value for _label, value in series["usefulness"]] == [4.0]


def test_the_page_draws_each_series_with_a_text_alternative_and_a_table(client, measured, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("communities:dashboard", args=[measured.slug])).content.decode()
    assert page.count('src="data:image/svg+xml;base64,') >= 5
    assert 'alt="Attendance per session. ' in page
    assert "<td class=\"text-end\">2.5</td>" in page or ">2.5<" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_the_csv_has_the_same_numbers_made_safe(client, measured, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("communities:dashboard-csv", args=[measured.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Measure", "Item", "Value"]
    assert ["Members", "Members", "", "3"] in rows
    assert ["Sessions and feedback", "Average attendance", "", "2.5"] in rows


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_the_dashboard(client, as_persona, community, persona):
    as_persona(persona)
    for name in ("communities:dashboard", "communities:dashboard-csv"):
        response = client.get(reverse(name, args=[community.slug]))
        if persona == "anonymous":
            assert response.status_code == 302 and reverse("account_login") in response["Location"]
        else:
            assert response.status_code == (200 if persona in ("facilitator", "staff") else 403), (name, persona)


def test_the_dashboard_costs_the_same_queries_for_10_and_500_members(client, measured, facilitator):
    client.force_login(facilitator)
    url = reverse("communities:dashboard", args=[measured.slug])
    add_members(measured, 6)
    few = queries_for(client, url)
    add_members(measured, 490)
    assert measured.memberships.active().count() == 499
    assert queries_for(client, url) == few

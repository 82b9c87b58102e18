"""manage.py seed_demo: demo feedback on the closed sessions, idempotent and as the site makes it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo import feedback as demo_feedback
from sessions.models import Attendance, SessionFeedback, SessionReport
from sessions.services.feedback import feedback_summary

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def seed(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "answers": SessionFeedback.objects.count(),
        "anonymous": SessionFeedback.objects.filter(is_anonymous=True).count(),
        "objectives": SessionFeedback.objectives.through.objects.count(),
        "themes": SessionFeedback.themes.through.objects.count(),
    }


def test_seed_demo_fills_the_feedback_of_the_closed_sessions_once(settings, monkeypatch):
    output = seed(settings)
    first = counts()
    assert "Demo feedback ready:" in output
    assert first["answers"] == sum(len(spec.answers) for spec in demo_feedback.FEEDBACK)
    assert first["anonymous"] > 0 and first["objectives"] > 0 and first["themes"] > 0

    later = timezone.now() + timedelta(days=15)
    monkeypatch.setattr(timezone, "now", lambda: later)
    seed(settings)
    assert counts() == first


def test_demo_answers_come_from_attendees_after_the_report_and_show_both_rules(settings):
    seed(settings)
    for answer in SessionFeedback.objects.select_related("session__community"):
        assert Attendance.objects.filter(session=answer.session, user=answer.user).exists()
        report = SessionReport.objects.get(session=answer.session)
        assert report.created_at <= answer.created_at <= timezone.now()
        community = answer.session.community
        assert set(answer.themes.values_list("name", flat=True)) <= set(community.themes.values_list("name", flat=True))
        assert not answer.objectives.exclude(community=community, status="accepted").exists()

    summaries = [feedback_summary(report.session) for report in SessionReport.objects.select_related("session")]
    assert any(summary["average"] is not None for summary in summaries)
    assert any(0 < summary["answers"] < SessionFeedback.SMALL_GROUP for summary in summaries)

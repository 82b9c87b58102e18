"""Session fixtures: sessions go through the real services."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from sessions import services
from sessions.times import to_utc


def in_days(days, hour=14, zone="Europe/Paris"):
    local = (timezone.now() + timedelta(days=days)).astimezone(timezone.get_current_timezone())
    naive = datetime(local.year, local.month, local.day, hour, 0)
    return to_utc(naive, zone)


@pytest.fixture
def schedule(facilitator, community):
    def make(**fields):
        target = fields.pop("community", community)
        start = fields.pop("starts_at", in_days(7))
        values = {
            "title": "Co-développement : impliquer les parties prenantes",
            "guiding_question": "Comment mieux impliquer les parties prenantes ?",
            "technique": "co_development",
            "format": "virtual",
            "video_link": "https://meet.example.org/cap-agro",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "timezone": "Europe/Paris",
        }
        values.update(fields)
        creator = target.memberships.facilitators().first().user
        return services.session_schedule(community=target, by=creator, **values)

    return make


@pytest.fixture
def session(schedule):
    return schedule()

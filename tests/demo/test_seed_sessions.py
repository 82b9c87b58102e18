"""manage.py seed_demo: the demo programme, sessions and RSVPs, idempotent."""

import zoneinfo
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from communities.models import Community, Membership, Notification, OutgoingEmail
from demo import sessions as demo_sessions
from sessions.models import Programme, Rsvp, Session

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

PLANS = {plan.community: plan for plan in demo_sessions.PLANS}
THIES = [
    spec
    for plan in demo_sessions.PLANS
    for spec in plan.sessions
    if spec.format == Session.Format.IN_PERSON and spec.venue == demo_sessions.THIES_VENUE
]


def seed(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "programmes": Programme.objects.count(),
        "programme communities": Programme.communities.through.objects.count(),
        "sessions": Session.objects.count(),
        "cancelled": Session.objects.filter(status=Session.Status.CANCELLED).count(),
        "rsvps": Rsvp.objects.count(),
        "waitlisted": Rsvp.objects.filter(is_waitlisted=True).count(),
        "notifications": Notification.objects.count(),
        "emails": OutgoingEmail.objects.count(),
    }


def community(key):
    return Community.objects.get(name=next(s for s in _specs() if s.key == key).name)


def _specs():
    from demo import communities as demo_communities

    return demo_communities.community_specs()


def test_running_twice_leaves_the_same_programme_sessions_and_rsvps(settings):
    seed(settings)
    first = counts()
    seed(settings)
    assert counts() == first
    assert first["programmes"] == 1
    assert first["sessions"] == sum(len(plan.sessions) for plan in demo_sessions.PLANS)
    assert first["rsvps"] > 0


def test_running_again_weeks_later_adds_nothing(settings, monkeypatch):
    seed(settings)
    first = counts()
    later = timezone.now() + timedelta(days=15)
    monkeypatch.setattr(timezone, "now", lambda: later)
    seed(settings)
    assert counts() == first


def test_the_programme_gathers_the_caps_and_the_week_in_thies(settings):
    seed(settings)
    programme = Programme.objects.get()
    assert programme.name == demo_sessions.PROGRAMME_NAME
    assert programme.slug == slugify(programme.name, allow_unicode=True)
    assert "Thiès" in programme.description and "comment (mieux) impliquer les parties prenantes" in programme.description
    caps = {spec.name for spec in _specs() if spec.key.startswith("cap_")}
    assert set(programme.communities.values_list("name", flat=True)) == caps
    sessions = programme.sessions.all()
    assert sessions.values("community").distinct().count() >= 2
    assert set(sessions.values_list("community__name", flat=True)) <= caps

    assert len(THIES) == 5
    week = list(sessions.filter(format=Session.Format.IN_PERSON, venue=demo_sessions.THIES_VENUE).order_by("starts_at"))
    assert len(week) == len(THIES)
    assert len({s.community_id for s in week}) == 1
    local = [(s.starts_at.astimezone(s.zoneinfo), s.ends_at.astimezone(s.zoneinfo)) for s in week]
    assert [start.weekday() for start, _end in local] == [0, 1, 2, 3, 4]  # Monday to Friday
    assert [(start.hour, end.hour) for start, end in local] == [(9, 17)] * 5
    assert {s.timezone for s in week} == {"Africa/Dakar"}
    assert {s.capacity for s in week} == {15}
    assert all(s.guiding_question and not s.video_link for s in week)
    assert timedelta(weeks=4) <= week[0].starts_at - timezone.now() <= timedelta(weeks=7)
    # Virtual CAP sessions in the past and to come, before the week in Thiès.
    virtual = sessions.filter(format=Session.Format.VIRTUAL)
    assert virtual.past().exists() and virtual.upcoming().exists()
    assert virtual.order_by("-starts_at").first().starts_at < week[0].starts_at


def test_the_programme_has_managers_and_its_sessions_sit_in_its_two_phases(settings):
    seed(settings)
    programme = Programme.objects.get()
    assert set(programme.managers.values_list("display_name", flat=True)) == {"Sophie Lambert", "Julien Dethier"}
    virtual, week = programme.phases.all()
    assert (virtual.name, week.name) == (demo_sessions.VIRTUAL_PHASE, demo_sessions.THIES_PHASE)
    assert set(week.sessions.values_list("title", flat=True)) == {spec.title for spec in THIES}
    assert virtual.sessions.count() == programme.sessions.count() - len(THIES)
    assert virtual.starts_on <= virtual.ends_on < week.starts_on < week.ends_on


def test_every_seeded_community_has_past_and_upcoming_sessions(settings):
    seed(settings)
    for key, plan in PLANS.items():
        sessions = community(key).sessions.all()
        assert sessions.count() == len(plan.sessions), key
        assert sessions.past().exists(), key
        assert sessions.upcoming().exists(), key
        facilitators = set(community(key).memberships.facilitators().values_list("user", flat=True))
        for session in sessions:
            assert set(session.facilitators.values_list("pk", flat=True)) <= facilitators, session.title


def test_egypt_meets_monthly_in_cairo_time(settings):
    seed(settings)
    sessions = community("egypt").sessions.all()
    assert {s.timezone for s in sessions} == {"Africa/Cairo"}
    assert set(sessions.values_list("technique", flat=True)) == {"experience_sharing", "co_development", "brainstorming"}
    starts = sorted(s.starts_at for s in sessions)
    assert all(timedelta(days=27) <= b - a <= timedelta(days=29) for a, b in zip(starts, starts[1:]))


def test_the_mediterranean_community_meets_in_marseille_time_with_one_hybrid_session(settings):
    seed(settings)
    sessions = community("mediterranean_transport").sessions.all()
    assert {s.timezone for s in sessions} == {"Europe/Paris"}
    hybrid = sessions.get(format=Session.Format.HYBRID)
    assert hybrid.venue == "Marseille, France"
    assert hybrid.video_link.startswith(demo_sessions.MEETING_ROOMS)
    assert not hybrid.is_past and not hybrid.is_cancelled


def test_a_full_session_has_a_waiting_list_and_one_session_is_cancelled(settings):
    seed(settings)
    waiting = Rsvp.objects.filter(is_waitlisted=True)
    assert waiting.exists()
    assert set(waiting.values_list("response", flat=True)) == {Rsvp.Response.GOING}
    for session in Session.objects.filter(rsvps__is_waitlisted=True).distinct():
        holding = session.rsvps.filter(response=Rsvp.Response.GOING, is_waitlisted=False).count()
        assert holding == session.capacity
    cancelled = Session.objects.filter(status=Session.Status.CANCELLED)
    assert cancelled.count() == sum(spec.cancelled for plan in demo_sessions.PLANS for spec in plan.sessions) >= 1
    assert all(session.starts_at > timezone.now() for session in cancelled)  # an upcoming one


def test_rsvps_are_from_active_members_for_upcoming_sessions(settings):
    seed(settings)
    rsvps = Rsvp.objects.select_related("session")
    assert set(rsvps.values_list("response", flat=True)) == set(Rsvp.Response.values)
    for rsvp in rsvps:
        assert rsvp.session.starts_at > rsvp.created_at
        assert Membership.objects.filter(
            user=rsvp.user_id, community=rsvp.session.community_id, status=Membership.Status.ACTIVE
        ).exists()
    assert not Rsvp.objects.filter(session__ends_at__lt=timezone.now()).exists()
    for plan in demo_sessions.PLANS:
        for spec in plan.sessions:
            if spec.presenter:  # the person bringing the case holds a place
                session = Session.objects.get(title=spec.title)
                assert session.rsvps.filter(
                    user__email=spec.presenter.email, response=Rsvp.Response.GOING, is_waitlisted=False
                ).exists(), spec.title


def test_every_session_is_valid_in_its_own_time_zone(settings):
    seed(settings)
    specs = {(plan.community, spec.title): (plan, spec) for plan in demo_sessions.PLANS for spec in plan.sessions}
    keys = {spec.name: spec.key for spec in _specs()}
    for session in Session.objects.select_related("community"):
        assert session.ends_at > session.starts_at, session.title
        zoneinfo.ZoneInfo(session.timezone)  # raises for an unknown zone
        session.full_clean()
        plan, spec = specs[(keys[session.community.name], session.title)]
        start, end = spec.hours or plan.hours
        local = session.starts_at.astimezone(session.zoneinfo)
        assert (local.hour, local.minute) == start and local.weekday() == spec.weekday, session.title
        assert session.is_past == spec.is_past, session.title
        assert session.guiding_question and session.agenda and session.technique
        online = session.format in (Session.Format.VIRTUAL, Session.Format.HYBRID)
        assert session.video_link.startswith(demo_sessions.MEETING_ROOMS) == online, session.title
        assert bool(session.venue) == (session.format != Session.Format.VIRTUAL), session.title
    # Spread over the communities' own zones.
    assert Session.objects.values("timezone").distinct().count() >= 4


def test_a_time_the_clocks_skip_moves_an_hour_later():
    moment = demo_sessions.wall_clock(date(2026, 3, 29), (2, 30), "Europe/Paris")
    assert moment.astimezone(zoneinfo.ZoneInfo("Europe/Paris")).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 30)


def test_prints_the_sessions_summary(settings):
    output = seed(settings)
    summary = next(line for line in output.splitlines() if line.startswith("Demo sessions ready"))
    upcoming = Session.objects.upcoming().count()
    past = Session.objects.past().exclude(status=Session.Status.CANCELLED).count()
    cancelled = Session.objects.filter(status=Session.Status.CANCELLED).count()
    assert f"{upcoming} upcoming, {past} past, {cancelled} cancelled" in summary
    assert f"{Rsvp.objects.count()} RSVPs" in summary
    assert settings.SITE_URL + Programme.objects.get().get_absolute_url() in summary

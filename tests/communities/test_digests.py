"""Digests: who gets what, when, exactly once, and never what they must not see."""

import email
import threading
import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities import services as community_services
from communities.digests import digests_send_due, prune
from communities.models import Digest, Membership, Notification, OutgoingEmail, User
from knowledge import services as knowledge_services
from knowledge.models import Post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def morning(zone, *, after=None, hour=8, minute=5, weekday=None):
    """The next ``hour:minute`` in ``zone`` after ``after`` (now), optionally on a given weekday, in UTC."""
    after = after or timezone.now()
    local = after.astimezone(zoneinfo.ZoneInfo(zone))
    moment = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    while moment <= local or (weekday is not None and moment.weekday() != weekday):
        moment = (moment + timedelta(days=1)).replace(hour=hour, minute=minute)
    return moment.astimezone(zoneinfo.ZoneInfo("UTC"))


def digests_to(person):
    return [m for m in mail.outbox if m.to == [person.email] and "new thing" in m.subject]


@pytest.fixture
def active_community(community, facilitator, member):
    """The private community with activity by the member: a question and an experience.

    The facilitator joined long ago, so for the member (who wrote everything) nothing is new.
    """
    Membership.objects.filter(user=facilitator).update(joined_at=timezone.now() - timedelta(days=10))
    knowledge_services.post_create(
        community=community, author=member, kind="question", title="Who has tried drip irrigation kits?", body="Feedback?"
    )
    knowledge_services.post_create(
        community=community, author=member, kind="experience", title="Compost tea against mildew", body="Weekly."
    )
    return community


@pytest.mark.sqlite  # the embedded default sends digests too
def test_a_member_gets_what_is_new_in_their_communities_unanswered_questions_first(
    active_community, facilitator, member, other_facilitator, settings
):
    from sessions import services as session_services
    from tests.meetings.conftest import in_days

    session_services.session_schedule(
        community=active_community, by=facilitator, title="Peer assist on irrigation", starts_at=in_days(3),
        ends_at=in_days(3) + timedelta(hours=2), timezone="Europe/Paris", format="virtual",
        video_link="https://meet.example.org/x",
    )
    hidden = knowledge_services.post_create(
        community=active_community, author=member, kind="idea", title="Something off-topic", body="Spam"
    )
    knowledge_services.content_hide(target=hidden, by=facilitator, note="Off-topic")
    public = Membership.objects.get(user=other_facilitator).community
    knowledge_services.post_create(community=public, author=other_facilitator, kind="resource", title="BRT guide", body="x")
    mail.outbox.clear()

    stats = digests_send_due(now=morning(facilitator.timezone))

    assert stats.sent >= 1
    (digest,) = digests_to(facilitator)
    text = digest.body
    assert text.index("Who has tried drip irrigation kits?") < text.index("Compost tea against mildew")
    assert text.index("Compost tea against mildew") < text.index("Peer assist on irrigation")
    assert "Moussa Member" in text and f"{settings.SITE_URL}{member.get_absolute_url()}" in text  # a new member
    assert "Will you come? Answer here:" in text and "#rsvp-heading" in text
    assert "Something off-topic" not in text, "hidden posts never appear"
    assert "BRT guide" not in text, "only the person's own communities"
    assert f"{settings.SITE_URL}/" in text
    html = digest.alternatives[0][0]
    assert digest.alternatives[0][1] == "text/html" and "Who has tried drip irrigation kits?" in html
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/notifications/unsubscribe/")
    assert "/notifications/settings/" in text  # the footer link


def test_own_posts_are_not_news_and_people_with_nothing_new_get_nothing(active_community, facilitator, member, outsider):
    now = morning(member.timezone)
    digests_send_due(now=now)
    # The member wrote both posts and joined themselves: nothing is new for them.
    assert digests_to(member) == []
    assert Digest.objects.get(user=member, period=now.date()).status == Digest.Status.SKIPPED
    assert not Digest.objects.filter(user=outsider).exists(), "no community, not even examined"


def test_a_visit_after_the_news_means_nothing_new(active_community, facilitator):
    User.objects.filter(pk=facilitator.pk).update(last_seen_at=timezone.now() + timedelta(seconds=1))
    digests_send_due(now=morning(facilitator.timezone))
    assert digests_to(facilitator) == []


def test_nothing_from_a_community_the_person_left_or_was_removed_from(active_community, facilitator, member):
    community_services.membership_leave(membership=Membership.objects.get(user=member))
    stranger = UserFactory()
    joined = community_services.membership_join(community=active_community, user=stranger)
    community_services.membership_approve(membership=joined, by=facilitator)
    community_services.membership_remove(membership=joined, by=facilitator, reason="Left the organisation")
    # Both have news in another community, so they do get a digest: without the old community's content.
    elsewhere = community_services.community_create(by=facilitator, name="Elsewhere", status="active", join_policy="open")
    for person in (member, stranger):
        community_services.membership_join(community=elsewhere, user=person)
    knowledge_services.post_create(community=elsewhere, author=facilitator, kind="idea", title="Shared seed bank")
    digests_send_due(now=morning(member.timezone))
    for person in (member, stranger):
        (digest,) = digests_to(person)
        assert "Shared seed bank" in digest.body
        assert "drip irrigation" not in digest.body and "Compost tea" not in digest.body


@pytest.mark.sqlite  # the embedded default sends digests too
def test_a_second_run_or_retry_sends_nothing_twice(active_community, facilitator):
    now = morning(facilitator.timezone)
    first = digests_send_due(now=now)
    again = digests_send_due(now=now + timedelta(minutes=15))
    assert first.sent == 1 and again.sent == 0
    assert len(digests_to(facilitator)) == 1
    # The next day brings only what is new since this digest: nothing.
    digests_send_due(now=now + timedelta(days=1))
    assert len(digests_to(facilitator)) == 1


def test_the_next_digest_brings_only_what_is_new_since_the_last(active_community, facilitator, member):
    now = morning(facilitator.timezone)
    digests_send_due(now=now)
    Digest.objects.filter(user=facilitator).update(claimed_at=timezone.now())
    knowledge_services.post_create(community=active_community, author=member, kind="resource", title="Seed bank guide")
    mail.outbox.clear()
    digests_send_due(now=now + timedelta(days=1))
    (digest,) = digests_to(facilitator)
    assert "Seed bank guide" in digest.body and "Compost tea" not in digest.body


def _people(count, community, zone="Africa/Dakar"):
    """``count`` members of ``community`` made in bulk (the query-count test needs hundreds)."""
    now = timezone.now()
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + index}@example.org", display_name=f"Bulk {index}", timezone=zone, password="!")
        for index in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, community=community, status="active", joined_at=now - timedelta(days=2)) for user in users
    )
    return users


def test_queries_per_batch_do_not_grow_with_people(active_community, member, facilitator):
    User.objects.filter(pk__in=[member.pk, facilitator.pk]).update(timezone="Pacific/Kiritimati")
    now = morning("Africa/Dakar")
    per_batch = {}
    for count, zone in ((10, "Africa/Dakar"), (500, "Africa/Abidjan")):  # two zones, both at UTC+0
        _people(count, active_community, zone=zone)
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            stats = digests_send_due(
                now=now, batch_size=1000, on_batch=lambda s, queries=queries, count=count: per_batch.setdefault(count, len(queries))
            )
        assert stats.batches == 1 and stats.sent == count == len(mail.outbox)
    assert per_batch[10] == per_batch[500], per_batch
    assert per_batch[10] <= 25, per_batch


@pytest.mark.sqlite  # the embedded default sends digests too
def test_time_zones_each_get_theirs_at_their_local_morning(active_community, facilitator, member):
    tokyo, haiti = _people(2, active_community, zone="UTC")
    User.objects.filter(pk=tokyo.pk).update(timezone="Asia/Tokyo")
    User.objects.filter(pk=haiti.pk).update(timezone="America/Port-au-Prince")
    User.objects.filter(pk__in=[member.pk, facilitator.pk]).update(timezone="Europe/London")
    tokyo_morning = morning("Asia/Tokyo", minute=0)
    assert tokyo_morning.astimezone(zoneinfo.ZoneInfo("UTC")).hour == 23
    Post.objects.update(created_at=tokyo_morning - timedelta(hours=1))

    digests_send_due(now=tokyo_morning - timedelta(minutes=15))
    assert mail.outbox == []
    digests_send_due(now=tokyo_morning)
    assert [m.to for m in mail.outbox] == [[tokyo.email]]

    haiti_morning = morning("America/Port-au-Prince", after=tokyo_morning, minute=0)
    assert haiti_morning.hour == 13  # 08:00 EST
    Post.objects.update(created_at=haiti_morning - timedelta(hours=1))
    digests_send_due(now=haiti_morning - timedelta(minutes=15))
    assert len(mail.outbox) == 1
    digests_send_due(now=haiti_morning)
    assert [m.to for m in mail.outbox[1:]] == [[haiti.email]]
    assert Digest.objects.get(user=haiti).period == haiti_morning.astimezone(zoneinfo.ZoneInfo("America/Port-au-Prince")).date()


def test_after_a_community_s_first_month_the_digest_is_weekly_on_monday(active_community, facilitator):
    from communities.models import Community

    Community.objects.filter(pk=active_community.pk).update(created_at=timezone.now() - timedelta(days=40))
    tuesday = morning(facilitator.timezone, weekday=1)
    digests_send_due(now=tuesday)
    assert digests_to(facilitator) == []
    monday = morning(facilitator.timezone, weekday=0)
    digests_send_due(now=monday)
    assert len(digests_to(facilitator)) == 1
    assert Digest.objects.get(user=facilitator, status="sent").weekly


def test_the_person_s_choice_overrides_the_default(active_community, facilitator):
    from communities.notifications import digest_set

    digest_set(user=facilitator, frequency="off")
    digests_send_due(now=morning(facilitator.timezone))
    assert digests_to(facilitator) == []
    digest_set(user=facilitator, frequency="daily", community=active_community)
    tomorrow = morning(facilitator.timezone) + timedelta(days=1)
    Post.objects.update(created_at=tomorrow - timedelta(hours=1))
    digests_send_due(now=tomorrow)
    assert len(digests_to(facilitator)) == 1


def test_someone_absent_a_year_gets_one_last_notice_then_nothing_until_they_return(active_community, facilitator, member):
    User.objects.filter(pk=facilitator.pk).update(last_seen_at=timezone.now() - timedelta(days=400))
    now = morning(facilitator.timezone)
    digests_send_due(now=now)
    (notice,) = [m for m in mail.outbox if m.to == [facilitator.email]]
    assert notice.subject == "We will stop sending you digests"
    assert "List-Unsubscribe" in notice.extra_headers
    for days in (1, 8):
        Post.objects.update(created_at=now + timedelta(days=days, hours=-1))
        digests_send_due(now=now + timedelta(days=days))
    assert len([m for m in mail.outbox if m.to == [facilitator.email]]) == 1
    # They come back: digests start again.
    later = now + timedelta(days=9)
    User.objects.filter(pk=facilitator.pk).update(last_seen_at=later - timedelta(hours=2))
    Post.objects.update(created_at=later - timedelta(hours=1))
    digests_send_due(now=later)
    assert len(digests_to(facilitator)) == 1


def test_a_bounced_address_receives_nothing_until_confirmed_again(active_community, facilitator, member):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_confirmed

    from communities.emails import email_send

    User.objects.filter(pk=facilitator.pk).update(email_bounced_at=timezone.now())
    facilitator.refresh_from_db()
    digests_send_due(now=morning(facilitator.timezone))
    assert digests_to(facilitator) == []
    assert email_send(recipients=[facilitator], template="knowledge/reply", context={"post": None}) == []
    # allauth's mail still goes out, so the person can confirm the address again.
    assert email_send(
        recipients=[facilitator], template="account/password_reset_key", context={"password_reset_url": "x"}
    )
    address = EmailAddress.objects.get(user=facilitator)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    facilitator.refresh_from_db()
    assert facilitator.email_bounced_at is None


class RefusingHandler:
    """An SMTP server that refuses some recipients, for good (550) or for now (451)."""

    def __init__(self, refuse):
        self.refuse = refuse
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def refusing_smtp(settings):
    from aiosmtpd.controller import Controller

    from tests.conftest import free_port

    handler = RefusingHandler({})
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


@pytest.mark.sqlite  # the embedded default sends digests too
def test_one_refused_recipient_does_not_stop_the_batch_and_is_retried_without_duplicates(
    active_community, facilitator, refusing_smtp
):
    from communities.tasks import send_stalled_emails

    gone, busy, fine = _people(3, active_community, zone=facilitator.timezone)
    refusing_smtp.refuse = {gone.email: "550 No such user", busy.email: "451 Try again later"}
    now = morning(facilitator.timezone)
    stats = digests_send_due(now=now)

    delivered = sorted(to for message in refusing_smtp.messages for to in message.rcpt_tos)
    assert delivered == sorted([facilitator.email, fine.email])
    assert stats.failed == 1
    gone.refresh_from_db()
    assert gone.email_bounced_at is not None
    assert Digest.objects.get(user=gone).status == Digest.Status.FAILED
    retry = OutgoingEmail.objects.get(user=busy, template="digest/digest")
    assert retry.status == OutgoingEmail.Status.QUEUED and "451" in retry.last_error

    # The server takes it later; the sweep retries that email only, once.
    refusing_smtp.refuse = {}
    OutgoingEmail.objects.filter(pk=retry.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    send_stalled_emails()
    send_stalled_emails()
    digests_send_due(now=now + timedelta(minutes=15))
    delivered = sorted(to for message in refusing_smtp.messages for to in message.rcpt_tos)
    assert delivered == sorted([facilitator.email, fine.email, busy.email])
    assert email.message_from_bytes(refusing_smtp.messages[-1].content)["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_refused_recipient_does_not_cost_the_batch_its_connection(active_community, facilitator, refusing_smtp):
    from django.core.mail import get_connection

    gone, fine = _people(2, active_community, zone=facilitator.timezone)
    refusing_smtp.refuse = {gone.email: "550 No such user"}
    connection = get_connection()
    opened, real_open = [], connection.open

    def counting_open():
        created = real_open()
        opened.append(created)
        return created

    connection.open = counting_open
    stats = digests_send_due(now=morning(facilitator.timezone), connection=connection)
    assert stats.sent == 2 and stats.failed == 1
    assert opened.count(True) == 1, "one SMTP connection for the whole batch"


def test_a_run_killed_mid_way_leaves_its_claims_flagged_and_a_rerun_does_the_rest(active_community, facilitator, monkeypatch):
    from communities import digests

    people = _people(6, active_community, zone=facilitator.timezone)
    now = morning(facilitator.timezone)
    real = digests.deliver_batch
    calls = []

    def dies_on_second_batch(emails, connection=None):
        calls.append(len(emails))
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real(emails, connection=connection)

    monkeypatch.setattr(digests, "deliver_batch", dies_on_second_batch)
    with pytest.raises(SystemExit):
        digests_send_due(now=now, batch_size=3)
    monkeypatch.setattr(digests, "deliver_batch", real)
    # First batch: the facilitator, the member (who wrote everything: nothing new) and one more.
    assert len(mail.outbox) == 2
    assert Digest.objects.filter(status=Digest.Status.SENDING).count() == 3
    assert not Digest.objects.stuck(moment=now).exists()
    assert Digest.objects.stuck(moment=now + timedelta(minutes=11)).count() == 3
    assert OutgoingEmail.objects.stuck(moment=now + timedelta(minutes=11)).count() == 3

    digests_send_due(now=now + timedelta(minutes=15), batch_size=3)
    received = [to for m in mail.outbox for to in m.to]
    # The three stuck claims are not sent again; the two nobody claimed get theirs.
    assert len(received) == len(set(received)) == 4
    assert set(received) == {facilitator.email, *[p.email for p in (people[0], people[4], people[5])]}


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_digest_once(community, facilitator, member):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL; covered by the PostgreSQL run")
    knowledge_services.post_create(community=community, author=member, kind="question", title="Anyone?")
    Membership.objects.filter(user=facilitator).update(joined_at=timezone.now() - timedelta(days=10))
    people = _people(40, community, zone=facilitator.timezone)
    now = morning(facilitator.timezone)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            digests_send_due(now=now, batch_size=7)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    received = [to for m in mail.outbox if "new thing" in m.subject for to in m.to]
    assert sorted(received) == sorted({*[p.email for p in people], facilitator.email})
    assert len(received) == len(set(received)) == 41


def test_dispatcher_in_the_person_s_language(active_community, facilitator):
    User.objects.filter(pk=facilitator.pk).update(language="fr")
    digests_send_due(now=morning(facilitator.timezone))
    (message,) = [m for m in mail.outbox if m.to == [facilitator.email]]
    assert "nouveautés" in message.subject or "nouveauté" in message.subject
    assert 'lang="fr"' in message.alternatives[0][0]


def test_old_notifications_are_pruned(facilitator):
    old = Notification.objects.create(recipient=facilitator, kind="mention", created_at=timezone.now() - timedelta(days=91))
    recent = Notification.objects.create(recipient=facilitator, kind="mention", created_at=timezone.now() - timedelta(days=89))
    assert prune(now=timezone.now())[0] == 1
    assert not Notification.objects.filter(pk=old.pk).exists()
    assert Notification.objects.filter(pk=recent.pk).exists()


def test_a_visit_is_noted_at_most_hourly(client, facilitator):
    client.force_login(facilitator)
    facilitator.refresh_from_db()
    first = facilitator.last_seen_at
    assert first is not None
    client.get("/")
    facilitator.refresh_from_db()
    assert facilitator.last_seen_at == first
    User.objects.filter(pk=facilitator.pk).update(last_seen_at=timezone.now() - timedelta(hours=2))
    client.get("/")
    facilitator.refresh_from_db()
    assert facilitator.last_seen_at > first - timedelta(seconds=1)
    assert isinstance(facilitator.last_seen_at, datetime)


@pytest.mark.sqlite  # the embedded default sends digests too
def test_shares_split_the_people_between_workers_without_gaps_or_overlaps(active_community, facilitator):
    people = _people(9, active_community, zone=facilitator.timezone)
    now = morning(facilitator.timezone)
    first = digests_send_due(now=now, share=(0, 2))
    received = {to for m in mail.outbox for to in m.to}
    assert received and all(User.objects.get(email=address).pk % 2 == 0 for address in received)
    second = digests_send_due(now=now, share=(1, 2))
    received = [to for m in mail.outbox for to in m.to]
    assert first.sent + second.sent == 10
    assert sorted(received) == sorted({facilitator.email, *[p.email for p in people]})


def test_the_beat_task_hands_each_share_to_its_own_task(active_community, facilitator, settings):
    from communities.tasks import send_due_digests

    settings.DIGEST_SHARES = 3
    _people(5, active_community, zone=facilitator.timezone)
    assert send_due_digests(morning(facilitator.timezone).isoformat()) == 3
    assert len(mail.outbox) == 6 == len({to for m in mail.outbox for to in m.to})

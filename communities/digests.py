"""The digest: what is new in a person's communities, by email, at about 08:00 their time.

``digests_send_due(now=...)`` runs from beat every quarter of an hour. It finds the
time zones where it is morning (08:00 to noon), then streams the people living there
who have no digest yet for their local day, in batches. For each batch it:

1. reads the batch's memberships, last digests and new content with a fixed number of
   queries, whatever the size of the batch (the upper floors add content through
   ``registry.digest_providers``, under the sections they declare with ``registry.digest_section``);
2. composes each person's digest: only their active communities, only what is new
   since their last digest or visit (whichever is later), never their own posts;
3. *claims* each person's day under a unique (person, day) key, committed before
   anything is sent: two beats, a retried task or two workers never send twice, and a
   run killed mid-way leaves claims "sending" (flagged after ten minutes, never re-sent)
   while a rerun carries on with the people nobody claimed;
4. hands the emails to the mail server over one connection (``emails.deliver_batch``).

People with nothing new get no email (their day is claimed as "nothing new"). People
absent for a year get one last notice, then nothing until they come back. Addresses
that bounced get nothing until they are confirmed again.
"""

import logging
import uuid
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Mod
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import registry
from .emails import deliver_batch, render_email
from .models import Digest, DigestFrequency, Membership, Notification, OutgoingEmail, User
from .notifications import DIGEST_TOPIC, digest_frequency, unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
SEND_FROM = time(8, 0)
SEND_UNTIL = time(12, 0)  # workers down at 08:00 still send the morning's digest until noon
WEEKLY_ON = 0  # Monday
LOOKBACK = timedelta(days=30)  # never reach further back than this, however long since the last digest
ABSENT_AFTER = timedelta(days=365)
ITEMS_PER_SECTION = 8


@dataclass
class DigestItem:
    """One line of a digest. ``created_at`` decides whether it is new for a person."""

    section: str
    key: tuple  # what it is, the same in every batch: ("post", 12)
    community_id: int
    title: str
    url: str
    created_at: datetime
    author_id: int | None = None
    author: str = ""
    starts_at: datetime | None = None
    # Upcoming sessions are listed whether or not they are new, but only new ones make a digest worth sending.
    always: bool = False
    # A per-person detail (someone's answer to a session), {user id: value}.
    personal: dict = field(default_factory=dict)


def register():
    """The ground floor's section (from ``CommunitiesConfig.ready``). The upper floors declare
    theirs around it, in the order a reader sees them, what needs them first: questions
    waiting for an answer (10), new posts (20), upcoming sessions (30), products (40)."""
    registry.digest_section("members", _("New members"), position=50)


@dataclass
class Reader:
    """A person in a batch and, for each of their communities in today's digest, since when."""

    user: User
    since: dict  # {community id: datetime}
    last_notice: bool = False


@dataclass
class Batch:
    now: datetime
    readers: list
    communities: dict  # {id: Community}

    @property
    def user_ids(self):
        return [reader.user.pk for reader in self.readers]

    def since_condition(self, field):
        """``Q`` for rows of the batch's communities whose ``field`` is after the earliest
        "since" of anyone in the batch there: one query covers everyone."""
        earliest = {}
        for reader in self.readers:
            for community_id, since in reader.since.items():
                if community_id not in earliest or since < earliest[community_id]:
                    earliest[community_id] = since
        condition = Q()
        for community_id, moment in earliest.items():
            condition |= Q(community_id=community_id, **{f"{field}__gt": moment})
        return condition


@dataclass
class RunStats:
    examined: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    batches: int = 0


def local_day(moment, zone_name):
    """The person's local date and time at ``moment`` (UTC for an unknown zone)."""
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return moment.astimezone(zone)


def zones_due(now):
    """{local date: [zone names]} of the zones where it is digest time at ``now``."""
    due = defaultdict(list)
    zones = User.objects.filter(is_active=True).values_list("timezone", flat=True).distinct().order_by()
    for zone in zones:
        local = local_day(now, zone)
        if SEND_FROM <= local.time() < SEND_UNTIL:
            due[local.date()].append(zone)
    return due


def _candidates(day, zones, share=None):
    """Everyone in these zones who may get mail, is in a community, and has no claim for ``day``.

    ``share`` (index, count) keeps one share of them (by id), for workers running side by side.
    """
    people = (
        User.objects.filter(timezone__in=zones, is_active=True, email_bounced_at__isnull=True)
        .filter(Exists(Membership.objects.active().filter(user=OuterRef("pk"))))
        .exclude(Exists(Digest.objects.filter(user=OuterRef("pk"), period=day)))
        .only("pk", "email", "display_name", "language", "timezone", "digest_frequency", "last_seen_at", "date_joined")
        .order_by("pk")
    )
    if share is not None:
        index, count = share
        people = people.alias(share_index=Mod("pk", count)).filter(share_index=index)
    return people


def digests_send_due(*, now=None, batch_size=BATCH_SIZE, connection=None, on_batch=None, share=None):
    """Send every digest due at ``now``; returns ``RunStats``. ``on_batch(stats)`` follows each batch.

    ``share=(index, count)``: only that share of the people, so several workers can split
    the morning between them (the claims would keep them from doubling anyway).
    """
    now = now or timezone.now()
    stats = RunStats()
    run = uuid.uuid4().hex
    lines = LineRenderer()
    for day, zones in sorted(zones_due(now).items()):
        last_pk = 0
        while True:
            # Streamed by primary key: never everyone in memory, and a rerun starts with whoever is unclaimed.
            people = list(_candidates(day, zones, share).filter(pk__gt=last_pk)[:batch_size])
            if not people:
                break
            last_pk = people[-1].pk
            _send_batch(people, day=day, now=now, run=run, stats=stats, connection=connection, lines=lines)
            stats.batches += 1
            if on_batch:
                on_batch(stats)
    return stats


def _readers(people, *, day, now):
    """Who gets what today: their communities in today's digest, and since when, in three queries."""
    ids = [person.pk for person in people]
    memberships = defaultdict(list)
    for membership in (
        Membership.objects.active().filter(user_id__in=ids).select_related("community").order_by("community__name")
    ):
        memberships[membership.user_id].append(membership)
    last = {
        row["user_id"]: row
        for row in Digest.objects.filter(user_id__in=ids)
        .values("user_id")
        .annotate(
            digest=Max("claimed_at", filter=Q(status=Digest.Status.SENT, kind=Digest.Kind.DIGEST)),
            weekly=Max("claimed_at", filter=Q(status=Digest.Status.SENT, kind=Digest.Kind.DIGEST, weekly=True)),
            notice=Max("claimed_at", filter=Q(kind=Digest.Kind.LAST_NOTICE)),
        )
        .order_by()
    }
    is_monday = day.weekday() == WEEKLY_ON
    communities, readers, notices = {}, [], []
    for person in people:
        seen = person.last_seen_at or person.date_joined
        previous = last.get(person.pk, {})
        if seen < now - ABSENT_AFTER:
            # Away for a year: one last notice, then silence until they come back.
            if not (previous.get("notice") and previous["notice"] > seen):
                notices.append(Reader(user=person, since={}, last_notice=True))
            continue
        since = {}
        for membership in memberships[person.pk]:
            frequency = digest_frequency(user=person, membership=membership, community=membership.community, moment=now)
            if frequency == DigestFrequency.DAILY:
                fallback, last_sent = timedelta(days=1), previous.get("digest")
            elif frequency == DigestFrequency.WEEKLY and is_monday:
                fallback, last_sent = timedelta(days=7), previous.get("weekly")
            else:
                continue
            since[membership.community_id] = max(
                filter(None, [last_sent or now - fallback, person.last_seen_at, now - LOOKBACK])
            )
            communities[membership.community_id] = membership.community
        readers.append(Reader(user=person, since=since))
    return Batch(now=now, readers=readers, communities=communities), notices


def _collect(batch):
    """{community id: [DigestItem]} from every registered section, a few queries each."""
    items = defaultdict(list)
    if not batch.communities:
        return items
    for provider in [new_members, *registry.digest_providers]:
        for item in provider(batch):
            items[item.community_id].append(item)
    return items


def new_members(batch):
    """People who joined since; read as plain values: a busy week brings hundreds per batch."""
    rows = (
        Membership.objects.active().filter(batch.since_condition("joined_at"))
        .values_list("pk", "community_id", "joined_at", "user_id", "user__display_name", "user__organisation")
        .order_by("joined_at")
    )
    # One reverse() for all: the profile address only differs by the person's id.
    profile = reverse("people:detail", args=[0]).removesuffix("0/")
    for pk, community_id, joined_at, user_id, name, organisation in rows:
        yield DigestItem(
            section="members",
            key=("member", pk),
            community_id=community_id,
            title=f"{name} ({organisation})" if organisation else name,
            url=f"{profile}{user_id}/",
            created_at=joined_at,
            author_id=user_id,
        )


def compose(reader, items, communities):
    """The sections of one person's digest and how many things are new (none: no digest)."""
    user_id = reader.user.pk
    sections = defaultdict(list)
    new = 0
    for community_id, since in reader.since.items():
        for item in items.get(community_id, ()):
            if item.author_id == user_id:
                continue
            is_new = item.created_at > since
            if not (is_new or item.always):
                continue
            new += is_new
            sections[item.section].append(
                {"item": item, "community": communities[community_id], "is_new": is_new, "personal": item.personal.get(user_id)}
            )
    if not new:
        return [], 0
    composed = []
    for section in registry.ordered(registry.digest_sections):
        lines = sections.get(section.key)
        if lines:
            lines.sort(
                key=lambda line: line["item"].starts_at or line["item"].created_at, reverse=not section.soonest_first
            )
            composed.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "lines": lines[:ITEMS_PER_SECTION],
                    "more": max(0, len(lines) - ITEMS_PER_SECTION),
                }
            )
    return composed, new


class LineRenderer:
    """Each line of a digest rendered once per run (sessions: once per language and zone).

    The people of a batch share most lines. A post, a product or a new member reads the
    same for everyone; a session shows its time in the reader's zone, words in their
    language, whether it is new to them and their own answer, so those are in its key.
    """

    def __init__(self):
        self.text = get_template("emails/digest/_line.txt").template
        self.html = get_template("emails/digest/_line.html").template
        self.cache = {}

    def line(self, line, *, language, time_zone):
        item, personal = line["item"], line["personal"]
        key = (item.key, line["community"].pk)
        if item.starts_at:
            # Only sessions show a time, words to translate and the reader's own answer.
            key += (language, time_zone, line["is_new"], (personal.response, personal.is_waitlisted) if personal else None)
        if key not in self.cache:
            with translation.override(language), timezone.override(time_zone):
                context = {"line": line, "site_url": settings.SITE_URL}
                self.cache[key] = {
                    "text": self.text.render(Context(context, autoescape=False)).rstrip("\n"),
                    # Rendered with autoescaping on: safe to place in the HTML part as is.
                    "html": mark_safe(self.html.render(Context(context)).rstrip("\n")),  # noqa: S308
                }
        return self.cache[key]

    def render(self, sections, *, language, time_zone):
        return [
            {**section, "lines": [self.line(line, language=language, time_zone=time_zone) for line in section["lines"]]}
            for section in sections
        ]


def _claim(batch_rows, run):
    """Create the claims; return the ids of people whose claim this run won."""
    with transaction.atomic():
        Digest.objects.bulk_create(batch_rows, ignore_conflicts=True)
    return set(
        Digest.objects.filter(run=run, user_id__in=[row.user_id for row in batch_rows]).values_list("user_id", flat=True)
    )


def _send_batch(people, *, day, now, run, stats, connection, lines):
    stats.examined += len(people)
    batch, notices = _readers(people, day=day, now=now)
    items = _collect(batch)
    composed, new_counts = {}, {}
    for reader in batch.readers:
        composed[reader.user.pk], new_counts[reader.user.pk] = compose(reader, items, batch.communities)
    weekly = day.weekday() == WEEKLY_ON
    rows = [
        Digest(
            user=reader.user, period=day, run=run, claimed_at=now, weekly=weekly,
            status=Digest.Status.SENDING if composed[reader.user.pk] else Digest.Status.SKIPPED,
            item_count=sum(len(section["lines"]) for section in composed[reader.user.pk]),
        )
        for reader in batch.readers
    ] + [
        Digest(user=reader.user, period=day, run=run, claimed_at=now, kind=Digest.Kind.LAST_NOTICE) for reader in notices
    ]
    won = _claim(rows, run)
    stats.skipped += sum(1 for row in rows if row.status == Digest.Status.SKIPPED and row.user_id in won)
    outgoing = []
    for reader in [*batch.readers, *notices]:
        person = reader.user
        if person.pk not in won or not (reader.last_notice or composed[person.pk]):
            continue
        template = "digest/last_notice" if reader.last_notice else "digest/digest"
        unsubscribe_link = unsubscribe_url(person, DIGEST_TOPIC)
        context = {
            "recipient": person,
            "sections": lines.render(composed.get(person.pk, []), language=person.language, time_zone=person.timezone),
            "communities": [batch.communities[pk] for pk in reader.since],
            "weekly": weekly,
            "new_count": new_counts.get(person.pk, 0),
            "unsubscribe_link": unsubscribe_link,
        }
        subject, body_text, body_html = render_email(
            template=template, context=context, language=person.language, time_zone=person.timezone
        )
        outgoing.append(
            OutgoingEmail(
                recipient=person.email, user=person, template=template, subject=subject, body_text=body_text,
                body_html=body_html, headers=unsubscribe_headers(person, DIGEST_TOPIC, url=unsubscribe_link),
                language=person.language,
                status=OutgoingEmail.Status.SENDING, claimed_at=now, attempts=1,
            )
        )
    if not outgoing:
        return
    with transaction.atomic():
        outgoing = OutgoingEmail.objects.bulk_create(outgoing)
    result = deliver_batch(outgoing, connection=connection)
    failed = set(result.failed)
    claims = Digest.objects.filter(run=run, user_id__in=[email.user_id for email in outgoing])
    with transaction.atomic():
        # The claim points to its email; a transient failure stays "sent" here: the mail
        # service retries that email (and only it) later.
        claims.update(
            email=Subquery(OutgoingEmail.objects.filter(pk__in=[e.pk for e in outgoing], user_id=OuterRef("user_id")).values("pk")[:1]),
            status=Digest.Status.SENT,
            sent_at=timezone.now(),
        )
        if failed:
            claims.filter(email__in=failed).update(status=Digest.Status.FAILED, sent_at=None)
    stats.sent += len(outgoing) - len(failed)
    stats.failed += len(failed)


def prune(*, now=None):
    """Drop notifications older than 90 days and "nothing new" claims older than 60."""
    now = now or timezone.now()
    notifications, _detail = Notification.objects.filter(created_at__lt=now - timedelta(days=90)).delete()
    skipped, _detail = Digest.objects.filter(
        status=Digest.Status.SKIPPED, claimed_at__lt=now - timedelta(days=60)
    ).delete()
    return notifications, skipped

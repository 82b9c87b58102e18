"""``manage.py bench_digest``: how fast the morning digests go out, on synthetic data.

The benchmark never touches the configured database's data: it creates a throwaway
database (the test database Django would make), fills it in bulk with people spread over
time zones and languages, communities young and old, and a week of activity, then runs
the dispatcher every quarter of an hour for 24 simulated hours, from Monday 00:00 UTC (or
Sunday 23:00, Tokyo's Monday 08:00), so every zone passes its Monday 08:00 once. The mail
goes over SMTP to aiosmtpd's ``Sink`` in a process of its own. Only the dispatch calls are
timed; building the data is not.

``--in-place`` skips the throwaway database and is for tests only: pytest has already made
one, so the command refuses it on a database whose name does not say it is a test one.
"""

import cProfile
import io
import itertools
import multiprocessing
import os
import pstats
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, reset_queries, transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from communities.digests import BATCH_SIZE, SEND_FROM, digests_send_due, zones_due
from communities.models import Community, Digest, DigestFrequency, Membership, OutgoingEmail, User
from knowledge.models import CapitalizationProduct, Post, Reply
from sessions.models import Rsvp, Session

CHUNK = 2000  # rows per bulk insert: memory stays flat however many people
STEP = timedelta(minutes=15)  # as often as beat runs the dispatcher
STEPS = 96  # one day

# Where the members live: (zone, weight, {language: weight}, country).
ZONES = [
    ("Africa/Dakar", 16, {"fr": 9, "en": 1}, "SN"),
    ("Africa/Abidjan", 7, {"fr": 9, "en": 1}, "CI"),
    ("Africa/Kigali", 9, {"en": 5, "fr": 5}, "RW"),
    ("Africa/Nairobi", 8, {"en": 1}, "KE"),
    ("Africa/Cairo", 9, {"ar": 8, "en": 2}, "EG"),
    ("Africa/Casablanca", 5, {"fr": 5, "ar": 5}, "MA"),
    ("Asia/Beirut", 4, {"ar": 6, "fr": 2, "en": 2}, "LB"),
    ("Europe/Paris", 14, {"fr": 8, "en": 2}, "FR"),
    ("Europe/Brussels", 4, {"fr": 7, "en": 3}, "BE"),
    ("America/Port-au-Prince", 7, {"fr": 1}, "HT"),
    ("America/Bogota", 3, {"en": 1}, "CO"),
    ("America/Toronto", 3, {"en": 6, "fr": 4}, "CA"),
    ("Asia/Kathmandu", 4, {"en": 1}, "NP"),
    ("Asia/Tokyo", 3, {"en": 1}, "JP"),
]
FIRST_NAMES = [
    "Aminata", "Moussa", "Fatou", "Ibrahima", "Awa", "Jean-Pierre", "Claudine", "Emmanuel", "Aline", "Eric",
    "Grace", "Wanjiru", "Otieno", "Achieng", "Ahmed", "Mona", "Youssef", "Nour", "Layla", "Karim", "Sophie",
    "Thomas", "Camille", "Lucas", "Marie", "Nadège", "Wilson", "Sabine", "Andrés", "Sita", "Ramesh", "Yuki",
    "Salma", "Omar", "Rodrigue", "Mariam",
]
LAST_NAMES = [
    "Diop", "Ndiaye", "Sow", "Traoré", "Koné", "Uwimana", "Habimana", "Mwangi", "Kamau", "Hassan", "El-Sayed",
    "Benali", "Haddad", "Lambert", "Dupont", "Martin", "Joseph", "Pierre", "Gómez", "Shrestha", "Tamang",
    "Sato", "Hounkpatin", "Mensah",
]
ORGANISATIONS = ["ENDA", "Oxfam", "CARE", "Caritas", "GIZ", "IRC", "Ministry of Agriculture", "a farmers' union", "a local NGO"]
THEMES = [
    "Agroecology", "Water and sanitation", "Monitoring and evaluation", "Community health", "Climate adaptation",
    "Microfinance", "Girls' education", "Land rights", "Urban mobility", "Renewable energy", "Food security",
    "Nutrition", "Disaster risk reduction", "Youth employment", "Peacebuilding",
]
REGIONS = [
    "in the Sahel", "in West Africa", "in the Great Lakes", "in North Africa", "in the Caribbean", "in South Asia",
    "in francophone Africa", "in the Andes", "in East Africa", "in the Middle East",
]
TOPICS = [
    "drip irrigation kits", "community seed banks", "mobile money for savings groups", "solar water pumps",
    "participatory budgeting", "household surveys on tablets", "compost tea against mildew", "school latrines",
    "village savings and loans", "early warning by SMS", "rainwater harvesting", "baseline studies",
    "outcome harvesting", "cash transfers", "women's land titles", "bus rapid transit",
]
TITLES = {
    Post.Kind.QUESTION: ["Who has tried {}?", "How do you handle {}?", "Any advice on {}?"],
    Post.Kind.EXPERIENCE: ["What we learned from {}", "Two years of {}: our results", "{}: what did not work"],
    Post.Kind.IDEA: ["What if we pooled {}?", "A shared toolkit for {}", "Peer visits on {}"],
    Post.Kind.RESOURCE: ["Guide: {}", "Toolkit on {} (PDF)", "Recorded webinar on {}"],
}
KINDS = {Post.Kind.EXPERIENCE: 3, Post.Kind.QUESTION: 3, Post.Kind.IDEA: 2, Post.Kind.RESOURCE: 2}
SENTENCES = [
    "We worked with twelve villages over two rainy seasons.",
    "The cooperative kept its own records, which made follow-up much easier.",
    "Costs were higher than planned because of transport.",
    "Women's groups took the lead after the first month.",
    "We would do the baseline differently next time.",
    "The district office asked for a short summary in French.",
    "Has anyone compared this with the approach used in Kenya?",
    "Attached is the template we used for the monthly visits.",
]
SESSION_TITLES = ["Peer assist on {}", "Experience sharing: {}", "Open clinic on {}", "Field visit debrief: {}"]


def chunked(iterable, size=CHUNK):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def bulk_insert(model, rows):
    """Insert ``rows`` (any iterable) in chunks; returns the created objects (with their pks)."""
    created = []
    for chunk in chunked(rows):
        with transaction.atomic():
            created.extend(model.objects.bulk_create(chunk))
    return created


def bulk_insert_count(model, rows):
    """Like ``bulk_insert`` for rows nobody needs afterwards: returns how many."""
    count = 0
    for chunk in chunked(rows):
        with transaction.atomic():
            model.objects.bulk_create(chunk)
        count += len(chunk)
    return count


def simulated_day():
    """The 24 hours in which every zone's Monday 08:00 comes once: (start, [run times]).

    That is the UTC Monday, except that Tokyo's 08:00 is at 23:00 UTC on Sunday: starting at
    Monday 00:00 UTC, Tokyo would also reach Tuesday 08:00 before the day is over.
    """
    today = timezone.now().astimezone(UTC).date()
    monday = today - timedelta(days=today.weekday())
    mornings = [datetime.combine(monday, SEND_FROM, tzinfo=zoneinfo.ZoneInfo(zone[0])) for zone in ZONES]
    start = min(datetime.combine(monday, clock.min, tzinfo=UTC), *mornings).astimezone(UTC)
    runs = [start + step * STEP for step in range(STEPS)]
    assert all(start <= morning < runs[-1] for morning in mornings), "a zone's Monday 08:00 is outside the day"
    return start, runs


@dataclass
class Place:
    """A community being built, with who is in it."""

    community: Community
    zone: str
    language: str
    members: list = field(default_factory=list)  # user ids
    facilitators: list = field(default_factory=list)


class Population:
    """Synthetic communities and their week, reproducible from ``seed``, built in bulk."""

    def __init__(self, *, people, communities, now, seed):
        self.rng = random.Random(seed)
        self.people = people
        self.community_count = communities
        self.now = now
        self.tag = f"s{seed}"
        self.counts = {}

    def ago(self, low_days, high_days):
        return self.now - timedelta(days=self.rng.uniform(low_days, high_days))

    def build(self):
        self.places = self.make_communities()
        self.make_people()
        self.make_posts()
        self.make_sessions()
        self.make_products()
        return self.counts

    def make_communities(self):
        rng = self.rng
        names = [f"{theme} {region}" for theme in THEMES for region in REGIONS]
        rng.shuffle(names)
        names = [names[i] if i < len(names) else f"{names[i % len(names)]} ({i // len(names) + 1})" for i in range(self.community_count)]
        young = max(1, round(self.community_count / 10))  # in their first month: daily digests
        places = []
        for index, name in enumerate(names):
            zone, _weight, languages, _country = rng.choices(ZONES, weights=[z[1] for z in ZONES])[0]
            language = max(languages, key=languages.get)
            community = Community(
                name=name, slug=f"{slugify(name)[:110]}-{self.tag}-{index}", tagline="Practitioners sharing what works",
                status=Community.Status.ACTIVE, visibility=rng.choice(["public", "private"]),
                join_policy=rng.choice(["open", "request", "request", "invitation"]),
                working_languages=",".join(languages), region=name.split(" in ")[-1],
                created_at=self.ago(3, 27) if index < young else self.ago(45, 1100),
            )
            places.append(Place(community=community, zone=zone, language=language))
        for place, community in zip(places, bulk_insert(Community, [place.community for place in places])):
            place.community = community
        self.counts["communities"] = len(places)
        self.counts["of them in their first month"] = young
        return places

    # --- People, memberships and their past digests ----------------------------------------------

    def make_people(self):
        # Some communities draw many more people than others.
        weights = [1 / (rank + 1) ** 0.7 for rank in range(len(self.places))]
        self.rng.shuffle(weights)
        self.cumulative = list(itertools.accumulate(weights))
        self.counts.update({"people": 0, "memberships": 0, "past memberships or requests": 0, "past digests": 0})
        for chunk in chunked(range(self.people)):
            profiles = [self.profile(index) for index in chunk]
            users = bulk_insert(User, [profile.pop("user") for profile in profiles])
            memberships, digests = [], []
            for user, profile in zip(users, profiles):
                memberships.extend(self.memberships_of(user, profile))
                digests.extend(self.past_digests_of(user, profile))
            bulk_insert_count(Membership, memberships)
            active = sum(membership.status == Membership.Status.ACTIVE for membership in memberships)
            self.counts["people"] += len(users)
            self.counts["memberships"] += active
            self.counts["past memberships or requests"] += len(memberships) - active
            self.counts["past digests"] += bulk_insert_count(Digest, digests)

    def profile(self, index):
        rng = self.rng
        zone, _weight, languages, country = rng.choices(ZONES, weights=[z[1] for z in ZONES])[0]
        language = rng.choices(list(languages), weights=list(languages.values()))[0]
        habit = rng.random()
        if habit < 0.01:  # gone for more than a year: one last notice
            date_joined, last_seen = self.ago(700, 1000), self.ago(370, 690)
        elif habit < 0.2:  # never came back after signing up
            date_joined, last_seen = self.ago(10, 300), None
        else:
            date_joined = self.ago(40, 900)
            last_seen = self.ago(0.5, 35)
        frequency = rng.choices(
            [DigestFrequency.AUTO, DigestFrequency.WEEKLY, DigestFrequency.DAILY, DigestFrequency.OFF], weights=[90, 4, 4, 2]
        )[0]
        user = User(
            email=f"bench-{self.tag}-{index}@example.org", password="!", language=language, timezone=zone, country=country,
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            organisation=rng.choice(ORGANISATIONS) if rng.random() < 0.6 else "",
            date_joined=date_joined, last_seen_at=last_seen, digest_frequency=frequency,
            is_active=rng.random() >= 0.005,
            email_bounced_at=self.ago(5, 200) if rng.random() < 0.005 else None,
        )
        return {"user": user, "seen": last_seen or date_joined, "absent": habit < 0.01}

    def memberships_of(self, user, profile):
        rng = self.rng
        count = min(len(self.places), rng.choices([1, 2, 3], weights=[50, 35, 15])[0])
        chosen = []
        while len(chosen) < count + 1:  # one more: a community they left or asked to join
            place = rng.choices(self.places, cum_weights=self.cumulative)[0]
            if place not in chosen:
                chosen.append(place)
            if len(chosen) == len(self.places):
                break
        profile["daily"] = user.digest_frequency == DigestFrequency.DAILY
        for place in chosen[:count]:
            community = place.community
            earliest = max(community.created_at, user.date_joined)
            if profile["absent"]:
                joined = earliest + timedelta(days=1)
            elif community.created_at > self.now - timedelta(days=30) or rng.random() < 0.06:
                joined = max(earliest, self.now - timedelta(days=rng.uniform(0.1, 7)))  # new members
            else:
                joined = earliest + (self.now - timedelta(days=7) - earliest) * rng.random()
            role = Membership.Role.FACILITATOR if len(place.facilitators) < 2 else Membership.Role.MEMBER
            (place.facilitators if role == Membership.Role.FACILITATOR else place.members).append(user.pk)
            override = rng.choices(["", DigestFrequency.DAILY, DigestFrequency.WEEKLY, DigestFrequency.OFF], weights=[93, 3, 2, 2])[0]
            profile["daily"] |= override == DigestFrequency.DAILY or (
                not override and community.created_at > self.now - timedelta(days=30)
            )
            yield Membership(
                user=user, community=community, role=role, status=Membership.Status.ACTIVE, joined_at=joined,
                requested_at=joined - timedelta(hours=rng.uniform(1, 72)), digest_frequency=override,
            )
        if len(chosen) > count and rng.random() < 0.05:
            place = chosen[count]
            if rng.random() < 0.5:
                yield Membership(
                    user=user, community=place.community, status=Membership.Status.LEFT,
                    joined_at=self.ago(60, 300), ended_at=self.ago(1, 50),
                )
            else:
                yield Membership(user=user, community=place.community, status=Membership.Status.REQUESTED, requested_at=self.ago(0, 5))

    def past_digests_of(self, user, profile):
        """Last Monday's weekly digest, and yesterday's for people with a daily one: "new since" starts there."""
        rng = self.rng
        if profile["absent"] or rng.random() < 0.4:
            return
        run = f"bench-{self.tag}"
        last_monday = self.now - timedelta(days=7)
        yield Digest(
            user=user, period=last_monday.date(), run=run, weekly=True, status=Digest.Status.SENT, item_count=rng.randint(3, 20),
            claimed_at=last_monday + timedelta(hours=rng.uniform(0, 20)),
        )
        if profile["daily"] and rng.random() < 0.7:
            yesterday = self.now - timedelta(days=1)
            yield Digest(
                user=user, period=yesterday.date(), run=run, status=rng.choice([Digest.Status.SENT, Digest.Status.SKIPPED]),
                claimed_at=yesterday + timedelta(hours=rng.uniform(0, 20)),
            )

    # --- What happened in the communities --------------------------------------------------------

    def text(self, sentences=3):
        return " ".join(self.rng.choice(SENTENCES) for _index in range(sentences))

    def author(self, place):
        return self.rng.choice(place.members or place.facilitators)

    def make_posts(self):
        rng = self.rng
        kinds, kind_weights = list(KINDS), list(KINDS.values())

        def posts():
            for place in self.places:
                size = len(place.members) + len(place.facilitators)
                if not size:
                    continue
                recent = rng.randint(1, 4) + size // 40  # the week before "now"
                older = recent * 2  # the two months before
                for index in range(recent + older):
                    created = self.ago(0.05, 7) if index < recent else self.ago(7, 60)
                    kind = rng.choices(kinds, weights=kind_weights)[0]
                    replies = rng.choice([0, 0, 1, 2, 3, 5]) if kind == Post.Kind.QUESTION else rng.choice([0, 0, 0, 1, 2])
                    hidden = rng.random() < 0.03
                    yield Post(
                        community=place.community, author_id=self.author(place), kind=kind,
                        title=rng.choice(TITLES[kind]).format(rng.choice(TOPICS)), body=self.text(rng.randint(2, 5)),
                        language=place.language, reply_count=0 if hidden else replies, is_hidden=hidden,
                        hidden_note="Off-topic advertising" if hidden else "",
                        hidden_by_id=place.facilitators[0] if hidden and place.facilitators else None,
                        created_at=created, last_activity_at=created + timedelta(hours=replies * 3),
                    )

        by_community = {place.community.pk: place for place in self.places}
        replies, total, recent = 0, 0, 0
        for chunk in chunked(posts()):
            created = bulk_insert(Post, chunk)
            total += len(created)
            recent += sum(post.created_at > self.now - timedelta(days=7) for post in created)
            replies += bulk_insert_count(
                Reply,
                (
                    Reply(
                        post=post, author_id=self.author(by_community[post.community_id]), body=self.text(2),
                        created_at=post.created_at + timedelta(hours=3 * (number + 1)),
                    )
                    for post in created
                    for number in range(post.reply_count)
                ),
            )
        window = Post.objects.filter(created_at__gt=self.now - timedelta(days=7))
        self.counts.update(
            {
                "posts": total, "posts this week": recent, "replies": replies,
                "unanswered questions this week": window.unanswered_questions().visible().count(),
                "hidden posts this week": window.filter(is_hidden=True).count(),
            }
        )

    def make_sessions(self):
        rng = self.rng

        def sessions():
            for place in self.places:
                # Every community has at least one session coming: a batch's queries do not depend on luck.
                for index in range(rng.choice([1, 1, 2, 2, 3]) + 2):
                    upcoming = index >= 2
                    # From tomorrow: still ahead, and within 14 days, in every run of the simulated day.
                    starts = self.now + timedelta(minutes=15 * rng.randint(100, 13 * 96)) if upcoming else self.ago(1, 30)
                    session_format = rng.choices(["virtual", "hybrid", "in_person"], weights=[7, 2, 1])[0]
                    status = Session.Status.SCHEDULED if upcoming else Session.Status.DONE
                    if upcoming and index > 2 and rng.random() < 0.1:
                        status = Session.Status.CANCELLED
                    yield Session(
                        community=place.community, title=rng.choice(SESSION_TITLES).format(rng.choice(TOPICS)),
                        guiding_question="What would you do differently?", agenda=self.text(2), format=session_format,
                        starts_at=starts, ends_at=starts + timedelta(minutes=rng.choice([60, 90, 120])), timezone=place.zone,
                        video_link="https://meet.example.org/room" if session_format != "in_person" else "",
                        venue="Thiès, Senegal" if session_format != "virtual" else "", status=status,
                        created_by_id=place.facilitators[0] if place.facilitators else None,
                        created_at=min(starts, self.ago(0.2, 20)),
                    )

        created = bulk_insert(Session, sessions())
        by_community = {place.community.pk: place for place in self.places}
        responses = ([Rsvp.Response.GOING] * 6) + ([Rsvp.Response.MAYBE] * 3) + [Rsvp.Response.NOT_GOING] * 2

        def rsvps():
            for session in created:
                if session.status != Session.Status.SCHEDULED or session.starts_at < self.now:
                    continue
                place = by_community[session.community_id]
                people = place.facilitators + place.members
                for user_id in rng.sample(people, k=round(len(people) * rng.uniform(0.1, 0.35))):
                    yield Rsvp(session=session, user_id=user_id, response=rng.choice(responses))

        self.counts["upcoming sessions"] = sum(s.status == Session.Status.SCHEDULED and s.starts_at > self.now for s in created)
        self.counts["RSVPs"] = bulk_insert_count(Rsvp, rsvps())

    def make_products(self):
        rng = self.rng
        products = []
        for place in self.places:
            if not place.facilitators:
                continue
            author = place.facilitators[0]
            for _index in range(rng.choice([0, 0, 0, 1, 1, 2])):
                status = rng.choice(["published", "published", "draft", "in_review"])
                published = (self.ago(0.1, 7) if rng.random() < 0.5 else self.ago(7, 120)) if status == "published" else None
                products.append(
                    CapitalizationProduct(
                        community=place.community, title=f"Capitalization: {rng.choice(TOPICS)}", summary=self.text(3),
                        lessons=self.text(3), status=status, visibility=rng.choice(["community", "public"]),
                        language=place.language, created_by_id=author, published_at=published,
                        published_by_id=author if published else None,
                        created_at=(published or self.now) - timedelta(days=rng.uniform(5, 60)),
                    )
                )
        bulk_insert(CapitalizationProduct, products)
        self.counts["products published this week"] = sum(
            1 for product in products if product.published_at and product.published_at > self.now - timedelta(days=7)
        )


# --- The machinery around the run ----------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_sink():
    """aiosmtpd's Sink (accepts and drops every message) in its own process; yields its port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                raise CommandError(f"The SMTP server (aiosmtpd) stopped at once with code {process.returncode}.")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise CommandError(f"The SMTP server (aiosmtpd) did not accept connections on port {port}.")
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def is_test_database():
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(name):
        return True
    return os.path.basename(name).startswith("test_")


@contextmanager
def throwaway_database(*, in_place):
    """A fresh, migrated database for the run, dropped afterwards (or, for tests, the current one)."""
    if in_place:
        yield
        return
    test_settings = connection.settings_dict["TEST"]
    previous_name = test_settings.get("NAME")
    folder = None
    if connection.vendor == "sqlite":
        # On disk, as in production: an in-memory database would count in this process's memory.
        folder = tempfile.mkdtemp(prefix="bench_digest-")
        test_settings["NAME"] = os.path.join(folder, "bench.sqlite3")
    try:
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        test_settings["NAME"] = previous_name
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def rss_mb():
    """(current, peak) resident memory of this process in MB."""
    status = {}
    with open("/proc/self/status") as lines:
        for line in lines:
            key, _colon, value = line.partition(":")
            status[key] = value
    current = int(status.get("VmRSS", "0 kB").split()[0]) / 1024
    return current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss():
    """Start the peak (ru_maxrss) again from the current size; False where Linux does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


@dataclass
class BatchRecord:
    queries: int  # including the one that fetched the batch's people
    people: int
    mailed: bool  # a batch where nobody has anything new skips the sending queries


class Meter:
    """Counts the queries of each batch through ``on_batch``, and whether the batch sent mail."""

    def __init__(self):
        self.queries = 0
        self.batches = []  # [BatchRecord]
        self.zone_queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    def start_run(self):
        self.mark, self.mailed, self.examined, self.first = self.queries, 0, 0, True

    def on_batch(self, stats):
        queries = self.queries - self.mark
        if self.first:  # the run looked up the zones due before its first batch
            queries -= self.zone_queries
            self.first = False
        mailed = stats.sent + stats.failed
        self.batches.append(BatchRecord(queries=queries, people=stats.examined - self.examined, mailed=mailed > self.mailed))
        self.mark, self.mailed, self.examined = self.queries, mailed, stats.examined


def dispatch(runs, options, *, share, zone_queries):
    """Run the dispatcher at each beat of the day for one share of the people; measure it."""
    meter = Meter()
    meter.zone_queries = zone_queries
    profiler = cProfile.Profile() if options["profile"] else None
    totals = dict.fromkeys(["examined", "sent", "skipped", "failed", "batches"], 0)
    slowest, cpu = (0.0, runs[0]), time.process_time()
    with connection.execute_wrapper(meter):
        for moment in runs:
            meter.start_run()
            if profiler:
                profiler.enable()
            began = time.perf_counter()
            stats = digests_send_due(now=moment, batch_size=options["batch_size"], on_batch=meter.on_batch, share=share)
            took = time.perf_counter() - began
            if profiler:
                profiler.disable()
            slowest = max(slowest, (took, moment))
            for name in totals:
                totals[name] += getattr(stats, name)
    result = {
        "totals": totals, "batches": meter.batches, "queries": meter.queries, "cpu": time.process_time() - cpu,
        "peak": rss_mb()[1], "slowest": slowest,
    }
    if profiler:
        report = io.StringIO()
        pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(15)
        result["profile"] = re.sub(r"\n{3,}", "\n\n", report.getvalue()).strip()
    return result


def _worker(runs, options, share, zone_queries, results):
    reset_peak_rss()
    try:
        results.put(dispatch(runs, options, share=share, zone_queries=zone_queries))
    except BaseException as error:  # reported by the parent, which would otherwise wait forever
        results.put({"error": repr(error)})
        raise
    finally:
        connections.close_all()


def dispatch_in_workers(runs, options, *, workers, zone_queries):
    """Forked processes, each with its own database connection and its share (as Celery's prefork pool)."""
    connections.close_all()  # each child opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(runs, options, (index, workers), zone_queries, results))
        for index in range(workers)
    ]
    for process in processes:
        process.start()
    collected = [results.get() for _process in processes]
    errors = [result["error"] for result in collected if "error" in result]
    if errors:
        raise CommandError(f"A dispatcher worker failed: {errors[0]}")
    for process in processes:
        process.join()
        if process.exitcode:
            raise CommandError(f"A dispatcher worker failed (exit code {process.exitcode}).")
    return collected


class Command(BaseCommand):
    help = (
        "Benchmark the digest dispatcher: build synthetic people, communities and a week of "
        "activity in a throwaway database, run the dispatcher every 15 minutes across one "
        "simulated day against a local SMTP server, and print throughput, queries per batch "
        "and memory. The configured database's data is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=10000)
        parser.add_argument("--communities", type=int, default=50)
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--profile", action="store_true", help="Print the 15 costliest calls of the dispatch (cProfile).")
        parser.add_argument(
            "--workers", type=int, default=2,
            help="Dispatcher processes side by side, each with its share of the people (as Celery workers would).",
        )
        parser.add_argument(
            "--in-place", action="store_true",
            help="For tests only: use the current (test) database instead of a throwaway one.",
        )

    def handle(self, *args, **options):
        if options["people"] < 1 or options["communities"] < 1 or options["batch_size"] < 1:
            raise CommandError("--people, --communities and --batch-size must be at least 1.")
        if options["in_place"] and not is_test_database():
            raise CommandError("--in-place is for tests: it writes thousands of rows into the current database.")
        with smtp_sink() as port, override_settings(
            DEBUG=False,  # no query log growing in memory
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port,
            EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD="",
        ):
            reset_queries()
            started = time.perf_counter()
            with throwaway_database(in_place=options["in_place"]):
                self.stdout.write(
                    f"Digest benchmark: {options['people']:,} people, {options['communities']} communities, "
                    f"batches of {options['batch_size']}, seed {options['seed']}, {connection.display_name} "
                    f"(database ready in {time.perf_counter() - started:.1f} s), SMTP sink on port {port}"
                )
                self.run(options)

    def run(self, options):
        out = self.stdout.write
        start, runs = simulated_day()
        started = time.perf_counter()
        counts = Population(
            people=options["people"], communities=options["communities"], now=start, seed=options["seed"]
        ).build()
        out(f"Data built in {time.perf_counter() - started:.1f} s (not timed below):")
        out("  " + ", ".join(f"{value:,} {name}" for name, value in counts.items()))
        rss_after_data, peak_before = rss_mb()
        peak_reset = reset_peak_rss()

        with connection.execute_wrapper(meter := Meter()):
            zones_due(start)
        zone_queries = meter.queries
        workers = options["workers"]
        if connection.vendor == "sqlite" and workers > 1:
            out("SQLite takes one writer at a time: the dispatch runs in one worker.")
            workers = 1
        if options["in_place"]:
            workers = 1  # a test's data is uncommitted: other processes could not see it
        began = time.perf_counter()
        if workers == 1:
            results = [dispatch(runs, options, share=None, zone_queries=zone_queries)]
        else:
            results = dispatch_in_workers(runs, options, workers=workers, zone_queries=zone_queries)
        elapsed = time.perf_counter() - began
        totals = {name: sum(result["totals"][name] for result in results) for name in results[0]["totals"]}
        meter = Meter()
        meter.batches = [record for result in results for record in result["batches"]]
        meter.queries = sum(result["queries"] for result in results)
        cpu = sum(result["cpu"] for result in results)
        peak = max(result["peak"] for result in results)
        slowest = max(result["slowest"] for result in results)
        _rss_end, parent_peak = rss_mb()
        if workers == 1:
            peak = parent_peak

        out(
            f"Simulated day: {len(runs)} runs every {STEP.seconds // 60} minutes from {start:%A %Y-%m-%d %H:%M} UTC "
            "(the activity is the week before; every zone passes its Monday 08:00 once)"
        )
        out(f"People examined:       {totals['examined']:,}")
        out(f"Digests sent:          {totals['sent']:,}")
        notices = OutgoingEmail.objects.filter(template="digest/last_notice").count()
        out(f"  of which last notices: {notices:,}; nothing new (no email): {totals['skipped']:,}; failed: {totals['failed']:,}")
        how = (
            f"{workers} workers side by side, each running the {STEPS} beats for its share of the people"
            if workers > 1 else f"one worker running the {STEPS} beats"
        )
        out(f"Dispatch wall time:    {elapsed:.2f} s ({how}; slowest run {slowest[0]:.2f} s at {slowest[1]:%H:%M} UTC)")
        out(f"Digests per second:    {totals['sent'] / elapsed if elapsed else 0:,.1f}")
        out(f"CPU of the workers:    {cpu:.2f} s during dispatch (the rest is waiting for the database and the SMTP server)")
        out(f"Batches:               {totals['batches']:,}")
        self.print_queries(meter, options["batch_size"])
        out(f"RSS after data:        {rss_after_data:.0f} MB (peak while building: {peak_before:.0f} MB)")
        if peak_reset:
            out(f"Peak RSS in dispatch:  {peak:.0f} MB{' (the largest worker)' if workers > 1 else ''}")
        else:
            out(f"Peak RSS (process):    {max(peak, peak_before):.0f} MB (this system cannot reset the peak)")
        by_status = OutgoingEmail.objects.filter(template__startswith="digest/").values_list("status").annotate(n=Count("pk"))
        out("Emails by status:      " + (", ".join(f"{status} {n:,}" for status, n in sorted(by_status)) or "none"))
        if results[0].get("profile"):
            out(results[0]["profile"])

    def print_queries(self, meter, batch_size):
        out = self.stdout.write

        def span(records):
            counts = [record.queries for record in records]
            return f"min {min(counts)}, max {max(counts)} ({len(counts)} batches)"

        full = [record for record in meter.batches if record.mailed and record.people == batch_size]
        partial = [record for record in meter.batches if record.mailed and record.people < batch_size]
        quiet = [record for record in meter.batches if not record.mailed]
        out(f"Queries per batch:     full batches of {batch_size}: {span(full) if full else 'none'}")
        if partial:
            out(f"  smaller batches (the end of a zone's list): {span(partial)}")
        if quiet:
            out(f"  batches with nothing to send: {span(quiet)}")
        if connection.vendor == "sqlite":
            out(
                f"  (SQLite takes at most {connection.features.max_query_params} parameters per statement: "
                "bulk inserts of bigger batches are split into a few more INSERTs)"
            )
        outside = meter.queries - sum(record.queries for record in meter.batches)
        out(f"  outside batches: {outside} queries over {STEPS} runs (the zones due, the end of each list)")

"""``manage.py seed_demo``: fill a development database with demo people, communities, sessions
and knowledge exchange (posts, replies, helpful marks).

Every demo account shares one published password, so the command runs only with
DEBUG on. Running it again refreshes the same accounts rather than adding new ones,
and adds no community, membership, invitation, objective, programme, session or answer
that is already there, nor any post, reply, helpful mark or accepted answer.

Seeding goes through the services, which write the emails they would send as
``OutgoingEmail`` rows. Those are kept as records but marked as not sent: they go to
invented addresses, and seeding needs neither a broker nor a worker.
"""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse

from communities.models import Community, Interest, Invitation, LearningObjective, Membership, OutgoingEmail
from communities.tasks import send_email
from demo import communities as demo_communities
from demo import feedback as demo_feedback
from demo import knowledge as demo_knowledge
from demo import people as demo_people
from demo import products as demo_products
from demo import sessions as demo_sessions
from demo import stories as demo_stories

KEPT_BACK_NOTE = (
    "Not sent: written while seed_demo created demo data for invented addresses. "
    "Queue it again from the admin to send it anyway."
)


@contextmanager
def delivery_tasks_run_here():
    """Run the delivery tasks queued on commit in this process, not through the broker.

    They find their email kept back and stop, so seeding publishes nothing and needs no
    broker (the filesystem one or Redis) and no worker.
    """
    conf = send_email.app.conf
    trace_log = logging.getLogger("celery.app.trace")  # one "succeeded" line per task
    previous = conf.task_always_eager, trace_log.level
    conf.task_always_eager = True
    trace_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        conf.task_always_eager = previous[0]
        trace_log.setLevel(previous[1])


def keep_back_mail(after_pk):
    """Mark the emails queued since ``after_pk`` as not to be sent; returns how many."""
    return OutgoingEmail.objects.filter(pk__gt=after_pk, status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.FAILED, last_error=KEPT_BACK_NOTE
    )


class Command(BaseCommand):
    help = (
        "Create or refresh demo accounts (an admin, facilitators and practitioners) that "
        f"all sign in with the password {demo_people.DEMO_PASSWORD!r}, and demo communities "
        "with members, requests, invitations and learning objectives, and their sessions "
        "(a programme with a week in Thiès, RSVPs, a waiting list), and what members share "
        "(experiences, questions, ideas, resources, replies), session reports and "
        "capitalization products (published in the library and in review), and members' "
        "value-creation stories (one featured per community). Development only: "
        "refuses to run unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG=1: it creates accounts with a known, "
                "published password and prints it. Never run it against production."
            )
        with delivery_tasks_run_here():
            with transaction.atomic():
                last_email = OutgoingEmail.objects.aggregate(last=Max("pk"))["last"] or 0
                people = demo_people.seed_people()
                communities = demo_communities.seed_communities(people)
                sessions = demo_sessions.seed_sessions(people, communities)
                knowledge = demo_knowledge.seed_knowledge(people, communities)
                products = demo_products.seed_products(people, communities)
                stories = demo_stories.seed_stories(people, communities)
                feedback = demo_feedback.seed_feedback(people, communities)
                kept_back = keep_back_mail(last_email)
        self.print_summary(people)
        self.print_communities(communities, kept_back)
        self.print_sessions(sessions)
        self.print_knowledge(knowledge)
        self.print_products(products)
        self.print_stories(stories)
        self.print_feedback(feedback)

    def print_summary(self, people):
        admin = people["admin"]
        facilitators = people["facilitators"]
        practitioners = people["practitioners"]
        everyone = [admin, *facilitators, *practitioners]
        countries = {user.country.code for user in everyone if user.country}
        out = self.stdout.write

        out(
            self.style.SUCCESS(
                f"Demo people ready: 1 admin, {len(facilitators)} facilitators, "
                f"{len(practitioners)} practitioners ({len(everyone)} accounts, "
                f"{len(countries)} countries, {len(demo_people.ALL_EXPERTISE)} areas of expertise)."
            )
        )
        out("")
        out(f"Sign in at {settings.SITE_URL}{reverse('account_login')}")
        out(self.style.WARNING(f"Password for every demo account: {demo_people.DEMO_PASSWORD}"))
        logins = [("admin (staff, superuser)", admin)]
        logins += [("facilitator", user) for user in facilitators[:2]]
        logins += [("practitioner", user) for user in self.sample_practitioners(practitioners)]
        width = max(len(label) for label, _user in logins)
        for label, user in logins:
            out(f"  {label:<{width}}  {user.email}  ({user.display_name}, {user.organisation})")

    def print_communities(self, communities, kept_back):
        out = self.stdout.write
        ids = [community.pk for community in communities.values()]
        memberships = Membership.objects.filter(community__in=ids)
        members = memberships.filter(status=Membership.Status.ACTIVE).count()
        requests = memberships.filter(status=Membership.Status.REQUESTED).count()
        waitlisted = memberships.filter(status=Membership.Status.WAITLISTED).count()
        invitations = Invitation.objects.filter(community__in=ids, status=Invitation.Status.PENDING).count()
        interests = Interest.objects.filter(community__in=ids).count()
        objectives = LearningObjective.objects.filter(community__in=ids).count()
        out("")
        out(
            self.style.SUCCESS(
                f"Demo communities ready: {len(ids)} communities, {members} active memberships, "
                f"{requests} requests to join, {waitlisted} on a waiting list, {invitations} pending "
                f"invitations, {interests} expressions of interest, {objectives} learning objectives."
            )
        )
        rows = (
            Community.objects.filter(pk__in=ids)
            .annotate(
                members=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)),
                requests=Count("memberships", filter=Q(memberships__status=Membership.Status.REQUESTED)),
            )
            .order_by("pk")
        )
        for community in rows:
            details = f"{community.get_status_display().lower()}, {community.visibility}, {community.members} members"
            if community.requests:
                details += f", {community.requests} requests"
            out(f"  {community.name} ({details})  {settings.SITE_URL}{community.get_absolute_url()}")
        if kept_back:
            out(f"{kept_back} emails the services wrote while seeding were kept back (not sent).")

    def print_sessions(self, sessions):
        programme = sessions["programme"]
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo sessions ready: {len(sessions['sessions'])} sessions ({sessions['upcoming']} upcoming, "
                f"{sessions['past']} past, {sessions['cancelled']} cancelled), {sessions['rsvps']} RSVPs "
                f"({sessions['waitlisted']} on a waiting list); programme: "
                f"{settings.SITE_URL}{programme.get_absolute_url()}"
            )
        )

    def print_knowledge(self, knowledge):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo knowledge ready: {demo_knowledge.summary_line(knowledge)}."))

    def print_products(self, products):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo capitalization ready: {demo_products.summary_line(products)}."))

    def print_feedback(self, feedback):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo feedback ready: {demo_feedback.summary_line(feedback)}."))

    def print_stories(self, stories):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo value stories ready: {demo_stories.summary_line(stories)}."))

    @staticmethod
    def sample_practitioners(practitioners):
        """One from the climate learning communities, one from around the Mediterranean."""
        climate = next(u for u in practitioners if u.country.code in demo_people.CLIMATE_COHORT_COUNTRIES)
        mediterranean = next(
            u for u in practitioners if u.country.code in demo_people.MEDITERRANEAN_COUNTRIES
        )
        return [climate, mediterranean]

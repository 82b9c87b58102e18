"""``manage.py seed_demo``: fill a development database with demo people.

Every demo account shares one published password, so the command runs only with
DEBUG on. Running it again refreshes the same accounts rather than adding new ones.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from communities import demo_data


class Command(BaseCommand):
    help = (
        "Create or refresh demo accounts (an admin, facilitators and practitioners) that "
        f"all sign in with the password {demo_data.DEMO_PASSWORD!r}. Development only: "
        "refuses to run unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG=1: it creates accounts with a known, "
                "published password and prints it. Never run it against production."
            )
        with transaction.atomic():
            people = demo_data.seed_people()
        self.print_summary(people)

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
                f"{len(countries)} countries, {len(demo_data.ALL_EXPERTISE)} areas of expertise)."
            )
        )
        out("")
        out(f"Sign in at {settings.SITE_URL}{reverse('account_login')}")
        out(self.style.WARNING(f"Password for every demo account: {demo_data.DEMO_PASSWORD}"))
        logins = [("admin (staff, superuser)", admin)]
        logins += [("facilitator", user) for user in facilitators[:2]]
        logins += [("practitioner", user) for user in self.sample_practitioners(practitioners)]
        width = max(len(label) for label, _user in logins)
        for label, user in logins:
            out(f"  {label:<{width}}  {user.email}  ({user.display_name}, {user.organisation})")

    @staticmethod
    def sample_practitioners(practitioners):
        """One from the climate learning communities, one from around the Mediterranean."""
        climate = next(u for u in practitioners if u.country.code in demo_data.CLIMATE_COHORT_COUNTRIES)
        mediterranean = next(
            u for u in practitioners if u.country.code in demo_data.MEDITERRANEAN_COUNTRIES
        )
        return [climate, mediterranean]

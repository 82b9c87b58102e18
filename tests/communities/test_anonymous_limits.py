"""The anonymous forms are rate limited per address and per IP, in a shared cache, and carry a honeypot.

The two forms anyone may send: "keep me posted" on a forming community and the
learning-experience request. Each test runs against both.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse

from communities import services
from communities.models import Interest, LearningExperienceRequest

ROOT = Path(__file__).resolve().parents[2]
TOO_MANY = "Too many requests have come from this email address or from your connection."


class InterestPoster:
    """Posts "keep me posted", each time to the next of several forming communities, so a
    refused submission would otherwise have saved a new row."""

    name = "interest"
    thanks = "confirm your address with the link we have just sent you."

    def __init__(self, facilitator):
        self.communities = [
            services.community_create(by=facilitator, name=f"Forming community {n}", status="forming") for n in range(6)
        ]
        self.sent = 0

    def post(self, client, email, *, data, meta):
        community = self.communities[self.sent % len(self.communities)]
        self.sent += 1
        return client.post(reverse("communities:interest", args=[community.slug]), {"email": email, **data}, **meta)

    def saved(self):
        return Interest.objects.count()


class LearningRequestPoster:
    name = "learning_request"
    thanks = "Your request has reached the platform team"

    def __init__(self, facilitator):
        pass

    def post(self, client, email, *, data, meta):
        fields = {
            "organisation": "Collective Routes", "contact_name": "Mona", "email": email,
            "experience_name": "CoP for development practitioners", "team_size": 12, "message": "For our field staff.",
        }
        return client.post(reverse("communities:request-learning-experience"), {**fields, **data}, **meta)

    def saved(self):
        return LearningExperienceRequest.objects.count()


@pytest.fixture(params=[InterestPoster, LearningRequestPoster], ids=lambda poster: poster.name)
def form(request, facilitator):
    return request.param(facilitator)


def post(form, client, email, *, remote_addr="198.51.100.7", data=None, **headers):
    """One submission of ``form`` for ``email``, from the client at ``remote_addr``."""
    return form.post(client, email, data=data or {}, meta={"REMOTE_ADDR": remote_addr, **headers})


# --- Per address ----------------------------------------------------------------------------


@pytest.mark.sqlite
def test_sixth_submission_for_one_address_in_an_hour_is_refused_and_saves_nothing(client, form):
    for address in ["ana@example.org", "Ana@example.org", "ANA@example.org", "ana@example.org", "ana@Example.org"]:
        assert post(form, client, address).status_code == 302
    assert form.saved() == 5

    response = post(form, client, "ana@EXAMPLE.org", remote_addr="203.0.113.50")  # another connection too

    assert response.status_code == 429 and response["Retry-After"] == "3600"
    page = response.content.decode()
    assert TOO_MANY in page
    assert 'value="ana@EXAMPLE.org"' in page, "what was typed stays in the form"
    assert form.saved() == 5


@pytest.mark.sqlite
def test_other_addresses_are_not_held_back_by_one_address_limit(client, form):
    for _ in range(5):
        post(form, client, "ana@example.org")
    assert post(form, client, "ana@example.org").status_code == 429

    assert post(form, client, "bilal@example.org").status_code == 302
    assert form.saved() == 6


# --- Per IP ----------------------------------------------------------------------------------


@pytest.mark.sqlite
def test_many_addresses_from_one_ip_hit_the_per_ip_limit(client, form):
    for n in range(20):
        assert post(form, client, f"person{n}@example.org").status_code == 302
    assert form.saved() == 20

    refused = post(form, client, "person20@example.org")
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    # A forged X-Forwarded-For does not make a new client: only REMOTE_ADDR counts.
    forged = post(form, client, "person21@example.org", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert forged.status_code == 429
    assert form.saved() == 20

    assert post(form, client, "person22@example.org", remote_addr="203.0.113.50").status_code == 302
    assert form.saved() == 21


# --- Shared by every process -------------------------------------------------------------------


def run_python(code, **env):
    clean = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT, capture_output=True, text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cop_platform.settings", "DEBUG": "1", **env}, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.sqlite
def test_without_redis_every_process_shares_one_cache(tmp_path):
    """`make run` and several web processes: a count kept by one is seen by the others."""
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run_python("from django.core.management import call_command; call_command('createcachetable')", **database)

    backend = run_python(
        "from django.core.cache import cache, caches; cache.set('probe', 'from the first process', 600);"
        "print(type(caches['default']).__name__)", **database
    )
    seen = run_python("from django.core.cache import cache; print(cache.get('probe'))", **database)

    assert backend == "DatabaseCache"
    assert seen == "from the first process"


@pytest.mark.django_db(transaction=True)
def test_a_second_web_process_refuses_the_sixth_submission(client, facilitator):
    """The counts made here (this process) hold in another process using the same settings."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("another process cannot open the in-memory SQLite test database")
    poster = LearningRequestPoster(facilitator)
    for _ in range(5):
        assert post(poster, client, "ana@example.org").status_code == 302

    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    env = {"DATABASE_URL": f"postgres://{quote(db['USER'], safe='')}{password}@{quote(db['HOST'], safe='')}{port}/{db['NAME']}"}
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    allowed = run_python(
        "from django.test import RequestFactory; from communities import throttle\n"
        "request = RequestFactory().post('/', REMOTE_ADDR='198.51.100.7')\n"
        "print(throttle.submission_allowed(request, action=throttle.LEARNING_EXPERIENCE_REQUEST, email='ana@example.org'))",
        **env,
    )

    assert allowed == "False"


# --- Honeypot ---------------------------------------------------------------------------------


@pytest.mark.sqlite
def test_filled_honeypot_saves_nothing_sends_nothing_and_looks_like_success(client, form, mailoutbox):
    response = post(form, client, "bot@example.org", data={"website": "https://cheap-pills.example"})

    assert response.status_code == 302
    assert form.thanks in client.get(response.url).content.decode()
    assert form.saved() == 0
    assert mailoutbox == []


@pytest.mark.sqlite
def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, facilitator):
    forming = services.community_create(by=facilitator, name="Forming community", status="forming")
    for url in (forming.get_absolute_url(), reverse("communities:request-learning-experience")):
        page = " ".join(client.get(url).content.decode().split())
        assert '<div class="form-honeypot" aria-hidden="true">' in page, url
        assert 'name="website" tabindex="-1" autocomplete="off"' in page, url
        assert '<label for="id_website" class="form-label"> Leave this field empty </label>' in page, url
        assert " style=" not in page
    assert ".form-honeypot {" in (ROOT / "static/css/site.css").read_text()


# --- Normal use -------------------------------------------------------------------------------


@pytest.mark.sqlite
def test_a_visitor_submission_is_saved(client, form):
    response = post(form, client, "salma@example.org")

    assert response.status_code == 302
    assert form.thanks in client.get(response.url).content.decode()
    assert form.saved() == 1


@pytest.mark.sqlite
def test_a_signed_in_person_can_send_the_forms_too(client, form, person):
    client.force_login(person)

    response = post(form, client, person.email)

    assert response.status_code == 302
    assert form.saved() == 1

"""The logins `make run` prints are real demo accounts."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from communities.models import User
from demo.people import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def test_make_run_prints_logins_that_sign_in(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    text = MAKEFILE.read_text()
    emails = re.findall(r"[\w.-]+@demo\.cop\.example", text)
    assert len(emails) >= 3 and f"password {DEMO_PASSWORD}" in text
    for email in emails:
        assert User.objects.filter(email=email).exists(), email
    assert client.login(email=emails[0], password=DEMO_PASSWORD)

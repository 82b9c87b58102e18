"""The digest benchmark runs end to end: synthetic data, a real SMTP server, a simulated day."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from communities.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def number(pattern, text):
    return int(re.search(pattern, text).group(1).replace(",", ""))


def test_the_benchmark_sends_digests_with_the_same_queries_for_every_full_batch():
    out = io.StringIO()
    # --in-place: pytest's test database instead of a throwaway one of the command's own.
    call_command("bench_digest", people=60, communities=3, batch_size=10, in_place=True, stdout=out)
    text = out.getvalue()

    sent = number(r"Digests sent:\s+([\d,]+)", text)
    assert sent > 0, text
    assert number(r"People examined:\s+([\d,]+)", text) >= sent
    low, high, batches = re.search(r"full batches of 10: min (\d+), max (\d+) \((\d+) batches\)", text).groups()
    assert int(batches) >= 2 and low == high, text
    assert f"Emails by status:      sent {sent}" in text
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == sent


def test_in_place_refuses_a_database_that_is_not_a_test_one(monkeypatch):
    from demo.management.commands import bench_digest

    monkeypatch.setattr(bench_digest, "is_test_database", lambda: False)
    with pytest.raises(CommandError, match="--in-place is for tests"):
        call_command("bench_digest", people=5, communities=1, in_place=True, stdout=io.StringIO())

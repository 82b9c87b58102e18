"""Small helpers shared by test modules."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_missing(message):
    """Outside CI a missing service skips the test loudly; in CI it fails it."""
    if IN_CI:
        pytest.fail(f"{message} (CI=true: nothing may be skipped)")
    pytest.skip(message)

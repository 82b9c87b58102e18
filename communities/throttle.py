"""Rate limits for the anonymous forms, per email address and per client IP address.

"Keep me posted" on a forming community and the learning-experience request accept
submissions from anyone. They go through allauth's rate limiter, the one that already
guards sign-in and sign-up, so every limit on the site keeps its counts in the same shared
cache (Redis, or the database table without it: all web processes count together), and
agrees on the client's address (REMOTE_ADDR, unless ALLAUTH_TRUSTED_PROXY_COUNT or
ALLAUTH_TRUSTED_CLIENT_IP_HEADER says which proxy to believe; IPv6 counted per /64).
The rates are the settings' ACCOUNT_RATE_LIMITS entries named after each action.
"""

from allauth.core import ratelimit
from django.shortcuts import render

INTEREST = "community_interest"
LEARNING_EXPERIENCE_REQUEST = "learning_experience_request"

# Both limits count over an hour (settings.ACCOUNT_RATE_LIMITS): the Retry-After of a refusal.
RETRY_AFTER = "3600"


def submission_allowed(request, *, action, email):
    """Count one submission for ``email`` from this client; False once either limit is reached.

    The address is counted lower-cased (allauth stores only its hash), so ``Ann@x.org`` and
    ``ann@x.org`` share one limit.
    """
    return ratelimit.consume(request, action=action, key=email.strip().lower())


def too_many(request, form, template, context):
    """The form again, with what was typed and the reason, answered 429 with ``Retry-After``."""
    form.refuse_as_too_many()
    response = render(request, template, {**context, "form": form}, status=429)
    response["Retry-After"] = RETRY_AFTER
    return response

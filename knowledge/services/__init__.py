"""Every write of the knowledge exchange, by subject: ``posts`` (posts, replies, marks, follows,
reports, moderation, revisions), ``products`` (capitalization products) and ``stories``
(value-creation stories, and the count per cycle the health dashboard reads). The posts' writes
are also this package's own names, as ``services.post_create`` has always been called."""

from .posts import *  # noqa: F403
from .posts import STRUCTURED_FIELDS  # noqa: F401 - the structured fields of an experience, for the exports

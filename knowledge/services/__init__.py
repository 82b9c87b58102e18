"""Every write of the knowledge exchange, by subject: ``posts`` (posts, replies, marks, follows,
reports, moderation, revisions) and ``products`` (capitalization products). The posts' writes
are also this package's own names, as ``services.post_create`` has always been called."""

from .posts import *  # noqa: F403
from .posts import STRUCTURED_FIELDS  # noqa: F401 - the structured fields of an experience, for the exports

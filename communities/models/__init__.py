"""The ground floor's models, one module per subject."""

from .attachments import Attachment
from .community import (
    WORKING_LANGUAGES,
    Community,
    CommunityStartRequest,
    Interest,
    Invitation,
    LearningExperienceRequest,
    LearningObjective,
    Membership,
    MembershipChange,
    PlatformSettings,
)
from .mail import STUCK_AFTER, OutgoingEmail
from .notifications import (
    DIGEST_STUCK_AFTER,
    Digest,
    DigestFrequency,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from .people import User, UserManager, validate_time_zone

__all__ = [
    "STUCK_AFTER",
    "WORKING_LANGUAGES",
    "Attachment",
    "Community",
    "CommunityStartRequest",
    "DIGEST_STUCK_AFTER",
    "Digest",
    "DigestFrequency",
    "Interest",
    "Invitation",
    "LearningExperienceRequest",
    "LearningObjective",
    "Membership",
    "MembershipChange",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "OutgoingEmail",
    "PlatformSettings",
    "User",
    "UserManager",
    "validate_time_zone",
]

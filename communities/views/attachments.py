"""Downloading attachments: the only way a stored file leaves the platform.

Each request asks ``communities.permissions``; the file goes out with the type we
detected when it was uploaded, in a sandbox, and is never cached by shared caches.
"""

import logging

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .. import permissions
from ..attachments import INLINE_TYPES
from ..models import Attachment

logger = logging.getLogger(__name__)


@require_safe
def download(request, uuid):
    attachment = get_object_or_404(Attachment.objects.select_related("community"), uuid=uuid)
    permissions.require(permissions.can_view_attachment(request.user, attachment))
    try:
        stored = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("Attachment %s has no file in storage (%s)", attachment.uuid, attachment.file.name)
        raise Http404 from None
    response = FileResponse(
        stored,
        # Images may show in the browser; everything else, PDF included, is downloaded
        # (browsers' PDF viewers do not run under a sandbox policy).
        as_attachment=attachment.content_type not in INLINE_TYPES,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private"
    return response

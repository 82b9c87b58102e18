"""Static files as production serves them: hashed names and compressed copies.

whitenoise's compressed manifest storage, except that its URLs carry the content hash
even with ``DEBUG`` on (Django's manifest storage gives plain names then), so `make run`,
which runs with ``DEBUG=1``, serves the same cacheable, compressed files as production
(settings: ``SERVE_COLLECTED_STATIC``).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CollectedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        return super().url(name, force=True)

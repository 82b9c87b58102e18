"""Where the upper floors (sessions, knowledge) add to pages of the ground floor.

The ground floor never imports from above; instead, apps register small providers in
their ``AppConfig.ready()``:

- ``dashboard_sections``: ``provider(request)`` → ``{"template": ..., **context}`` or None;
- ``community_home_sections``: ``provider(request, community)`` → the same;
- ``community_tabs``: ``(label, url name taking the slug, app namespace of its pages)``;
- ``digest_sections``: ``provider(batch)`` → ``DigestItem``s for the communities of a
  batch of readers (see ``communities.digests``), with a fixed number of queries.
- ``membership_ended``: ``handler(membership=..., by=...)``, called inside the
  transaction when someone leaves or is removed, so upper floors undo what only a
  member may hold (a place at an upcoming session).
"""

dashboard_sections = []
community_home_sections = []
community_tabs = []
digest_sections = []
membership_ended = []


def sections(providers, *args):
    return [section for provider in providers if (section := provider(*args))]

"""Each app declares its kinds of notification, email topics and digest sections in
``communities.registry``: kinds no app declares are refused, and what people see is
the same whichever app declares it."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from communities import registry
from communities.models import Notification, NotificationKind, NotificationPreference, User
from communities.notifications import email_choices, notify
from knowledge.notifications import KnowledgeNotificationKind
from sessions.notifications import SessionNotificationKind

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/notifications/settings/"

# The lines of the email settings page, in order (platform admins also get the platform line).
TOPICS = [
    ("replies", "Replies to my posts and to posts I follow"),
    ("mentions", "Someone mentions me"),
    ("answer_accepted", "My answer to a question is accepted"),
    ("products", "My capitalization products (co-authorship, publication)"),
    ("content_hidden", "My posts or replies hidden by the facilitators"),
    ("request_decided", "Decisions on what I asked or proposed (to join, to run a community, a learning objective)"),
    ("invitations", "Invitations to a community"),
    ("new_sessions", "New sessions"),
    ("session_changes", "Changes to and cancellations of sessions"),
    ("reminders", "Reminders before sessions"),
    ("reports", "Reports of past sessions"),
]
FACILITATION = (
    "facilitation",
    "Requests to join, proposed objectives, products to review, sessions to close and reported content (facilitators)",
)
TOPICS_FR = [
    "Les réponses à mes publications et aux publications que je suis",
    "Quelqu’un me mentionne",
    "Ma réponse à une question est acceptée",
    "Mes produits de capitalisation (corédaction, publication)",
    "Mes publications ou réponses masquées par les animateur·rices",
    "Les décisions sur ce que j’ai demandé ou proposé (adhésion, animation d’une communauté, objectif d’apprentissage)",
    "Les invitations à rejoindre une communauté",
    "Les nouvelles sessions",
    "Les modifications et annulations de sessions",
    "Les rappels avant les sessions",
    "Les comptes rendus des sessions passées",
    "Les demandes d’adhésion, les objectifs proposés, les produits à relire, les sessions à clôturer et les contenus "
    "signalés (animateur·rices)",
]

# How a notification of each upper-floor kind reads, in each language, as it did before.
MESSAGES = {
    "en": {
        "session_scheduled": "New session in CAP Agroécologie: Peer assist.",
        "session_changed": "The session “Peer assist” in CAP Agroécologie has changed.",
        "session_cancelled": "The session “Peer assist” in CAP Agroécologie is cancelled.",
        "session_place_freed": "A place opened for you at “Peer assist”: you are now going.",
        "session_reminder": "Reminder: “Peer assist” starts soon.",
        "session_report": "The report of “Peer assist” in CAP Agroécologie is available.",
        "session_to_close": "“Peer assist” is over: record who attended and write its report.",
        "post_reply": "Fatou Facilitator replied to “Compost tea”.",
        "mention": "Fatou Facilitator mentioned you in “Compost tea”.",
        "content_reported": "Fatou Facilitator reported content in “Compost tea” for moderation.",
    },
    "fr": {
        "session_scheduled": "Nouvelle session dans CAP Agroécologie : Peer assist.",
        "session_changed": "La session « Peer assist » de CAP Agroécologie a été modifiée.",
        "session_cancelled": "La session « Peer assist » de CAP Agroécologie est annulée.",
        "session_place_freed": "Une place s’est libérée pour vous à « Peer assist » : votre participation est confirmée.",
        "session_reminder": "Rappel : la session « Peer assist » commence bientôt.",
        "session_report": "Le compte rendu de « Peer assist » dans CAP Agroécologie est disponible.",
        "session_to_close": "La session « Peer assist » est terminée : indiquez qui était présent et rédigez son compte rendu.",
        "post_reply": "Fatou Facilitator a répondu à « Compost tea ».",
        "mention": "Fatou Facilitator vous a mentionné dans « Compost tea ».",
        "content_reported": "Fatou Facilitator a signalé un contenu de « Compost tea » pour modération.",
    },
    "ar": {
        "session_scheduled": "جلسة جديدة في CAP Agroécologie: Peer assist.",
        "session_changed": "تغيّرت الجلسة «Peer assist» في CAP Agroécologie.",
        "session_cancelled": "أُلغيت الجلسة «Peer assist» في CAP Agroécologie.",
        "session_place_freed": "توفّر لك مكان في «Peer assist»: حضورك مؤكَّد الآن.",
        "session_reminder": "تذكير: تبدأ الجلسة «Peer assist» قريبًا.",
        "session_report": "تقرير «Peer assist» في CAP Agroécologie متاح الآن.",
        "session_to_close": "انتهت الجلسة «Peer assist»: سجّل من حضر واكتب تقريرها.",
        "post_reply": "ردّ Fatou Facilitator على «Compost tea».",
        "mention": "أشار إليك Fatou Facilitator في «Compost tea».",
        "content_reported": "أبلغ Fatou Facilitator عن محتوى في «Compost tea» لمراجعته.",
    },
}
DATA = {"session": "Peer assist", "post": "Compost tea"}


def email_lines(html):
    """(key, label) of the email checkboxes of a settings page, in the order shown."""
    return [
        (key, label)
        for key, label in re.findall(r'<label for="id_(\w+)" class="form-check-label">\s*([^<]+?)\s*<', html)
        if not key.startswith("digest_frequency")
    ]


# --- Declared kinds --------------------------------------------------------------------------------


def test_each_app_declares_its_own_kinds():
    declared = set(registry.notification_kinds)
    assert set(NotificationKind.values) <= declared
    assert set(SessionNotificationKind.values) <= declared
    assert set(KnowledgeNotificationKind.values) <= declared
    assert registry.notification_kinds["session_reminder"].label == "Reminders before sessions"
    assert registry.notification_kinds["mention"].topic == "mentions"


def test_a_kind_no_app_declared_is_refused_and_nothing_is_saved(community, facilitator, member, mailoutbox):
    before = Notification.objects.count()
    mailoutbox.clear()
    with pytest.raises(ValidationError) as refused:
        notify(
            recipients=[member], kind="session_rescheduled", community=community, actor=facilitator,
            data=DATA, email_template="meetings/session_changed",
        )
    assert "session_rescheduled" in str(refused.value) and "not a valid choice" in str(refused.value)
    assert Notification.objects.count() == before
    assert mailoutbox == []


def test_the_models_refuse_an_undeclared_kind_when_validated(member):
    notification = Notification(recipient=member, kind="no_such_kind")
    with pytest.raises(ValidationError) as refused:
        notification.full_clean()
    assert list(refused.value.message_dict) == ["kind"]
    preference = NotificationPreference(user=member, kind="no_such_kind", email=False)
    with pytest.raises(ValidationError) as refused:
        preference.full_clean()
    assert list(refused.value.message_dict) == ["kind"]
    Notification(recipient=member, kind=KnowledgeNotificationKind.MENTION).full_clean()
    NotificationPreference(user=member, kind=SessionNotificationKind.REMINDER, email=False).full_clean()


def test_the_admin_offers_and_filters_the_declared_kinds_by_label(admin_client, community, facilitator, member):
    notify(recipients=[member], kind=SessionNotificationKind.REPORT, community=community, actor=facilitator, data=DATA)
    notify(recipients=[member], kind=NotificationKind.ROLE_CHANGED, community=community, actor=facilitator,
           data={"role": "member"})
    page = admin_client.get("/admin/communities/notification/?kind__exact=session_report").content.decode()
    assert '<a href="?kind__exact=mention">Someone mentions me</a>' in page
    assert page.count("A report of a session in my communities") >= 2, "the filter, the row"
    assert "A change of my role in a community →" not in page, "filtered out"
    form = admin_client.get("/admin/communities/notificationpreference/add/").content.decode()
    assert '<option value="session_reminder">Reminders before sessions</option>' in form


# --- New kinds need no migration -------------------------------------------------------------------


def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()


def test_a_kind_declared_later_needs_no_migration(monkeypatch, member):
    monkeypatch.setattr(registry, "notification_kinds", dict(registry.notification_kinds))
    registry.notification_kind("session_moved", "A session moved", message="“%(session)s” moved.", topic="session_changes")

    out = StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
    (notification,) = notify(recipients=[member], kind="session_moved", data=DATA)
    notification.full_clean()
    assert "session_moved" in next(choice.kinds for choice in email_choices() if choice.key == "session_changes")


# --- What people see is unchanged ------------------------------------------------------------------


def test_settings_page_lists_the_same_topics_in_the_same_order(client, member, facilitator):
    client.force_login(member)
    assert email_lines(client.get(SETTINGS_URL).content.decode()) == TOPICS
    client.force_login(facilitator)
    assert email_lines(client.get(SETTINGS_URL).content.decode()) == [*TOPICS, FACILITATION]


def test_settings_page_lists_the_topics_in_the_readers_language(client, community, facilitator):
    User.objects.filter(pk=facilitator.pk).update(language="fr")
    client.force_login(facilitator)
    assert [label for _key, label in email_lines(client.get(SETTINGS_URL).content.decode())] == TOPICS_FR


def test_community_settings_page_lists_the_same_topics_in_the_same_order(client, community, facilitator):
    client.force_login(facilitator)
    page = client.get(f"/notifications/settings/{community.slug}/").content.decode()
    assert re.findall(r'<select name="(\w+)"', page) == ["digest_frequency", *(key for key, _ in TOPICS), "facilitation"]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_upper_floor_notifications_read_as_before_in_each_language(client, community, facilitator, member, language):
    for kind in [*SessionNotificationKind, *KnowledgeNotificationKind]:
        notify(recipients=[member], kind=kind, community=community, actor=facilitator, data=DATA)
    User.objects.filter(pk=member.pk).update(language=language)
    client.force_login(member)

    page = client.get("/notifications/").content.decode()

    for kind, message in MESSAGES[language].items():
        assert f'class="fw-semibold">{message}</span>' in page, kind


def test_digest_sections_keep_their_order():
    sections = registry.ordered(registry.digest_sections)
    assert [section.key for section in sections] == ["questions", "posts", "sessions", "products", "members"]
    assert [section.key for section in sections if section.soonest_first] == ["sessions"]

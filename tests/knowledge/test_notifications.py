"""The knowledge services tell the right people: followers of a post, the people mentioned,
the facilitators when content is reported; and moderation keeps what it hides."""

import pytest
from django.core.exceptions import ValidationError

from communities.models import Notification
from communities.notifications import email_choices_set
from communities.services import membership_approve, membership_join
from knowledge import services
from knowledge.models import ContentReport, Post
from knowledge.notifications import KnowledgeNotificationKind
from tests.conftest import verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPLY, MENTION, REPORTED = (
    KnowledgeNotificationKind.POST_REPLY, KnowledgeNotificationKind.MENTION, KnowledgeNotificationKind.CONTENT_REPORTED
)


@pytest.fixture
def join(community, facilitator):
    """An active member of the community with this display name."""

    def make(display_name, **fields):
        person = verified(UserFactory(display_name=display_name, **fields))
        membership_approve(membership=membership_join(community=community, user=person), by=facilitator)
        return person

    return make


@pytest.fixture
def aminata(join):
    return join("Aminata Diallo-Ndiaye")


@pytest.fixture
def post(community, member):
    return services.post_create(
        community=community, author=member, kind=Post.Kind.QUESTION, title="Comment mesurer la fertilité des sols ?",
        body="Nous cherchons des indicateurs simples.",
    )


def received(person, kind=None):
    notifications = Notification.objects.filter(recipient=person)
    if kind:
        notifications = notifications.filter(kind=kind)
    return list(notifications)


def knowledge_notifications(person):
    return [n.kind for n in received(person) if n.kind in (REPLY, MENTION, REPORTED)]


# --- Replies and follows -----------------------------------------------------------------------


def test_a_reply_notifies_the_author_who_follows_but_not_the_replier(post, member, facilitator):
    reply = services.reply_create(post=post, author=facilitator, body="Le test à la bêche est un bon début.")

    (notification,) = received(member, REPLY)
    assert notification.actor == facilitator and notification.target == reply
    assert notification.url == reply.get_absolute_url()
    assert knowledge_notifications(facilitator) == []


def test_repliers_follow_the_post_and_hear_of_later_replies(post, member, facilitator, aminata):
    services.reply_create(post=post, author=facilitator, body="Premier avis.")
    services.reply_create(post=post, author=aminata, body="Un second avis.")

    assert len(received(member, REPLY)) == 2
    assert len(received(facilitator, REPLY)) == 1  # only the reply after theirs
    assert knowledge_notifications(aminata) == []


def test_unfollowing_stops_reply_notifications(post, member, facilitator):
    services.follow_set(post=post, user=member, follow=False)
    services.reply_create(post=post, author=facilitator, body="Quelqu'un lit encore ?")
    assert received(member, REPLY) == []

    services.follow_set(post=post, user=member, follow=True)
    services.reply_create(post=post, author=facilitator, body="Et maintenant ?")
    assert len(received(member, REPLY)) == 1


# --- Mentions ----------------------------------------------------------------------------------


def test_a_mentioned_follower_gets_one_notification_the_mention(post, facilitator, aminata):
    services.follow_set(post=post, user=aminata, follow=True)
    services.reply_create(post=post, author=facilitator, body="@Aminata Diallo-Ndiaye, tu as mesuré cela à Thiès ?")

    assert knowledge_notifications(aminata) == [MENTION]


def test_a_mention_of_someone_outside_the_community_notifies_no_one(post, facilitator, outsider, other_facilitator):
    services.reply_create(post=post, author=facilitator, body="Demandons à @Omar Outsider et @Olivia Otherfac.")

    assert Notification.objects.filter(kind=MENTION).count() == 0


def test_the_longest_name_is_matched_first(post, facilitator, join):
    dupont = join("Marie Claire Dupont")
    marie_claire = join("Marie Claire")

    services.reply_create(post=post, author=facilitator, body="Merci @Marie Claire Dupont pour ce retour.")
    assert len(received(dupont, MENTION)) == 1
    assert received(marie_claire, MENTION) == []

    services.reply_create(post=post, author=facilitator, body="@Marie Claire Dupont et @marie claire : à vous.")
    assert len(received(dupont, MENTION)) == 2
    assert len(received(marie_claire, MENTION)) == 1


def test_editing_a_post_notifies_only_the_newly_mentioned(post, member, aminata, join):
    marie = join("Marie Claire Dupont")
    services.post_update(post=post, by=member, body="Qu'en pense @Aminata Diallo-Ndiaye ?")
    assert len(received(aminata, MENTION)) == 1

    services.post_update(post=post, by=member, body="Qu'en pensent @Aminata Diallo-Ndiaye et @Marie Claire Dupont ?")
    assert len(received(aminata, MENTION)) == 1
    assert len(received(marie, MENTION)) == 1


def test_mentions_when_posting_notify_the_members_mentioned(community, member, aminata):
    services.post_create(
        community=community, author=member, kind=Post.Kind.EXPERIENCE, title="Compostage collectif",
        lessons="Merci à @Aminata Diallo-Ndiaye pour l'idée.",
    )
    (notification,) = received(aminata, MENTION)
    assert notification.actor == member


# --- Email -------------------------------------------------------------------------------------


def test_email_follows_each_persons_choice(post, member, facilitator, aminata, mailoutbox, django_capture_on_commit_callbacks):
    services.follow_set(post=post, user=aminata, follow=True)
    email_choices_set(user=member, choices={"replies": False})

    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(post=post, author=facilitator, body="Voici une méthode.")

    assert len(received(member, REPLY)) == 1  # still told in the app
    assert len(received(aminata, REPLY)) == 1
    assert [message.to for message in mailoutbox] == [[aminata.email]]
    assert post.title in mailoutbox[0].subject + mailoutbox[0].body


# --- Reports and moderation --------------------------------------------------------------------


def test_reporting_content_notifies_the_communitys_facilitators(post, member, facilitator, aminata, other_facilitator,
                                                                 mailoutbox, django_capture_on_commit_callbacks):
    reply = services.reply_create(post=post, author=member, body="Une réponse déplacée.")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.content_report(reporter=aminata, reason="Propos blessants.", reply=reply)

    (notification,) = received(facilitator, REPORTED)
    assert notification.target == report and notification.actor == aminata
    assert received(other_facilitator, REPORTED) == [] and received(member, REPORTED) == []
    assert [message.to for message in mailoutbox] == [[facilitator.email]]


def test_a_report_needs_a_reason(post, aminata):
    with pytest.raises(ValidationError):
        services.content_report(reporter=aminata, reason="  ", post=post)
    assert not ContentReport.objects.exists()


def test_hiding_keeps_the_post_with_its_note_and_resolves_open_reports(post, member, facilitator, aminata):
    earlier = services.content_report(reporter=aminata, reason="Hors sujet.", post=post)
    services.report_dismiss(report=earlier, by=facilitator)
    report = services.content_report(reporter=aminata, reason="Données personnelles.", post=post)

    services.content_hide(target=post, by=facilitator, note="Contient le numéro de téléphone d'un agriculteur.")

    post = Post.objects.get(pk=post.pk)
    assert post.is_hidden and post.hidden_by == facilitator
    assert post.hidden_note == "Contient le numéro de téléphone d'un agriculteur."
    report.refresh_from_db()
    earlier.refresh_from_db()
    assert report.status == ContentReport.Status.HIDDEN and report.resolved_by == facilitator and report.resolved_at
    assert earlier.status == ContentReport.Status.DISMISSED
    with pytest.raises(ValidationError):
        services.reply_create(post=post, author=member, body="Pourquoi ?")


def test_hiding_a_reply_keeps_it_and_needs_a_note(post, member, facilitator, aminata):
    reply = services.reply_create(post=post, author=aminata, body="Spam spam spam.")
    report = services.content_report(reporter=member, reason="Publicité.", reply=reply)
    with pytest.raises(ValidationError):
        services.content_hide(target=reply, by=facilitator, note=" ")

    services.content_hide(target=reply, by=facilitator, note="Publicité.")

    reply.refresh_from_db()
    report.refresh_from_db()
    assert reply.is_hidden and reply.body == "Spam spam spam." and reply.hidden_note == "Publicité."
    assert report.status == ContentReport.Status.HIDDEN


# --- Helpful marks and accepted answers --------------------------------------------------------


def test_helpful_marks_are_counted_once_per_person_and_can_be_taken_back(post, member, facilitator, aminata):
    reply = services.reply_create(post=post, author=facilitator, body="Une grille d'observation.")

    assert services.helpful_toggle(reply=reply, user=member) is True
    assert services.helpful_toggle(reply=reply, user=aminata) is True
    reply.refresh_from_db()
    assert reply.helpful_count == 2

    assert services.helpful_toggle(reply=reply, user=member) is False
    reply.refresh_from_db()
    assert reply.helpful_count == 1


def test_nobody_marks_their_own_reply_helpful(post, facilitator):
    reply = services.reply_create(post=post, author=facilitator, body="Ma propre réponse.")
    with pytest.raises(ValidationError):
        services.helpful_toggle(reply=reply, user=facilitator)
    reply.refresh_from_db()
    assert reply.helpful_count == 0


def test_an_answer_is_accepted_only_for_a_question(community, post, member, facilitator):
    reply = services.reply_create(post=post, author=facilitator, body="Le test à la bêche.")
    services.answer_accept(post=post, reply=reply, by=member)
    assert Post.objects.get(pk=post.pk).accepted_reply == reply

    experience = services.post_create(community=community, author=member, kind=Post.Kind.EXPERIENCE, title="Un retour")
    other = services.reply_create(post=experience, author=facilitator, body="Merci.")
    with pytest.raises(ValidationError):
        services.answer_accept(post=experience, reply=other, by=member)
    with pytest.raises(ValidationError):
        services.answer_accept(post=post, reply=other, by=member)  # a reply from another conversation
    assert Post.objects.get(pk=experience.pk).accepted_reply is None


def test_people_who_left_hear_nothing_more_from_a_followed_post(community, facilitator, member):
    from communities.models import Membership, Notification
    from communities.services import membership_approve, membership_join, membership_leave
    from knowledge import services as knowledge_services
    from tests.factories import UserFactory

    leaver = UserFactory()
    membership_approve(membership=membership_join(community=community, user=leaver), by=facilitator)
    post = knowledge_services.post_create(community=community, author=member, kind="question", title="Semences ?", body="…")
    knowledge_services.reply_create(post=post, author=leaver, body="Je suis intéressé.")  # now follows
    membership_leave(membership=Membership.objects.get(user=leaver, community=community))
    knowledge_services.reply_create(post=post, author=facilitator, body="Voici une piste.")
    assert not Notification.objects.filter(recipient=leaver, kind="post_reply").exists()
    assert Notification.objects.filter(recipient=member, kind="post_reply").exists()


def test_reporting_twice_or_hidden_content_is_refused(community, facilitator, member):
    from django.core.exceptions import ValidationError

    from knowledge import services as knowledge_services

    post = knowledge_services.post_create(community=community, author=facilitator, kind="idea", title="Idée", body="…")
    knowledge_services.content_report(reporter=member, post=post, reason="Hors sujet")
    with pytest.raises(ValidationError, match="already reported"):
        knowledge_services.content_report(reporter=member, post=post, reason="Encore")
    knowledge_services.content_hide(target=post, by=facilitator, note="Hors sujet")
    with pytest.raises(ValidationError, match="already been hidden"):
        knowledge_services.content_report(reporter=member, post=post, reason="Encore")


def test_question_with_only_hidden_replies_is_unanswered_again(community, facilitator, member):
    from knowledge import services as knowledge_services
    from knowledge.models import Post

    question = knowledge_services.post_create(community=community, author=member, kind="question", title="Q", body="…")
    reply = knowledge_services.reply_create(post=question, author=facilitator, body="Spam")
    knowledge_services.content_hide(target=reply, by=facilitator, note="Publicité")
    assert Post.objects.unanswered_questions().filter(pk=question.pk).exists()
    reply.refresh_from_db()
    knowledge_services.content_unhide(target=reply, by=facilitator)
    assert not Post.objects.unanswered_questions().filter(pk=question.pk).exists()




def test_services_refuse_people_without_the_right(community, facilitator, member, outsider):
    from django.core.exceptions import ValidationError

    from knowledge import services as knowledge_services

    question = knowledge_services.post_create(community=community, author=member, kind="question", title="Q", body="…")
    reply = knowledge_services.reply_create(post=question, author=facilitator, body="Réponse")
    with pytest.raises(ValidationError):
        knowledge_services.answer_accept(post=question, reply=reply, by=outsider)
    with pytest.raises(ValidationError):
        knowledge_services.reply_update(reply=reply, by=member, body="changed by someone else")
    knowledge_services.answer_accept(post=question, reply=reply, by=member)


# --- Accepted answers, hidden content (issue 14) -----------------------------------------------

ACCEPTED, POST_HIDDEN, REPLY_HIDDEN = (
    KnowledgeNotificationKind.ANSWER_ACCEPTED,
    KnowledgeNotificationKind.POST_HIDDEN,
    KnowledgeNotificationKind.REPLY_HIDDEN,
)


def leave(person, community):
    from communities.services import membership_leave

    membership_leave(membership=community.memberships.get(user=person))


def test_accepting_an_answer_tells_its_author_once(
    post, member, aminata, mailoutbox, django_capture_on_commit_callbacks
):
    reply = services.reply_create(post=post, author=aminata, body="Le test à la bêche.")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_accept(post=post, reply=reply, by=member)
        services.answer_accept(post=post, reply=reply, by=member)  # the same answer again: nothing new

    (notification,) = received(aminata, ACCEPTED)
    assert notification.actor == member and notification.target == reply
    assert notification.url == reply.get_absolute_url()
    assert received(member, ACCEPTED) == []
    (message,) = [m for m in mailoutbox if m.to == [aminata.email]]
    assert post.title in message.subject and "Moussa Member accepted your answer" in message.body


def test_accepting_ones_own_answer_or_none_tells_no_one(post, member, facilitator, aminata):
    own = services.reply_create(post=post, author=facilitator, body="Ma réponse.")
    services.answer_accept(post=post, reply=own, by=facilitator)
    services.answer_accept(post=post, reply=None, by=member)
    assert Notification.objects.filter(kind=ACCEPTED).count() == 0


def test_an_answer_of_someone_who_left_is_accepted_silently(post, member, aminata):
    reply = services.reply_create(post=post, author=aminata, body="Le test à la bêche.")
    leave(aminata, post.community)
    services.answer_accept(post=post, reply=reply, by=member)
    assert received(aminata, ACCEPTED) == []


def test_accepted_answer_email_can_be_switched_off_the_app_still_tells(post, member, aminata, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    reply = services.reply_create(post=post, author=aminata, body="Le test à la bêche.")
    email_choices_set(user=aminata, choices={"answer_accepted": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_accept(post=post, reply=reply, by=member)
    assert len(received(aminata, ACCEPTED)) == 1
    assert [m for m in mailoutbox if m.to == [aminata.email]] == []


def test_hiding_a_post_tells_its_author_with_the_note(post, member, facilitator, aminata, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(target=post, by=facilitator, note="Contient le numéro d’un agriculteur.")

    (notification,) = received(member, POST_HIDDEN)
    assert notification.data["note"] == "Contient le numéro d’un agriculteur." and notification.actor == facilitator
    assert notification.url == post.get_absolute_url()
    assert received(facilitator, POST_HIDDEN) == [] and received(aminata, POST_HIDDEN) == []
    (message,) = mailoutbox
    assert message.to == [member.email] and "Your post was hidden in CAP Agroécologie" == message.subject
    assert "Contient le numéro d’un agriculteur." in message.body
    html = message.alternatives[0][0]
    assert "Contient le numéro d’un agriculteur." in html


def test_hiding_a_reply_tells_its_author_and_the_note_is_escaped(post, facilitator, aminata, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    reply = services.reply_create(post=post, author=aminata, body="Spam.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(target=reply, by=facilitator, note="<b>Publicité</b>")
        services.content_hide(target=reply, by=facilitator, note="Encore.")  # already hidden: told once

    (notification,) = received(aminata, REPLY_HIDDEN)
    assert notification.target == reply and notification.data["note"] == "<b>Publicité</b>"
    (message,) = mailoutbox
    assert message.subject == "Your reply was hidden in CAP Agroécologie"
    assert "<b>Publicité</b>" in message.body and "&lt;b&gt;Publicité&lt;/b&gt;" in message.alternatives[0][0]


def test_hidden_content_email_can_be_switched_off_the_app_still_tells(post, member, facilitator, mailoutbox,
                                                                      django_capture_on_commit_callbacks):
    email_choices_set(user=member, choices={"content_hidden": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(target=post, by=facilitator, note="Hors sujet.")
    assert len(received(member, POST_HIDDEN)) == 1
    assert mailoutbox == []


def test_the_notification_list_reads_the_new_kinds(client, post, member, facilitator, aminata):
    reply = services.reply_create(post=post, author=aminata, body="Le test à la bêche.")
    services.answer_accept(post=post, reply=reply, by=member)
    services.content_hide(target=reply, by=facilitator, note="Hors sujet.")
    client.force_login(aminata)
    page = client.get("/notifications/").content.decode()
    assert "Moussa Member accepted your answer to “Comment mesurer la fertilité des sols ?”." in page
    assert "A facilitator hid your reply to “Comment mesurer la fertilité des sols ?”. Their note: Hors sujet." in page


# --- Capitalization products (issue 14) ----------------------------------------------------------

CO_AUTHOR, PUBLISHED, SUBMITTED = (
    KnowledgeNotificationKind.PRODUCT_CO_AUTHOR,
    KnowledgeNotificationKind.PRODUCT_PUBLISHED,
    KnowledgeNotificationKind.PRODUCT_SUBMITTED,
)


def write_product(community, by, **fields):
    from knowledge.services import products

    return products.product_create(community=community, by=by, title="Champs-écoles à Kaolack", language="fr", **fields)


def test_new_co_authors_are_told_not_the_author(community, member, aminata, join, mailoutbox,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = write_product(community, member, co_authors=[aminata])

    (notification,) = received(aminata, CO_AUTHOR)
    assert notification.actor == member and notification.target == product
    assert notification.url == product.get_absolute_url()
    assert received(member, CO_AUTHOR) == []
    assert [m.to for m in mailoutbox] == [[aminata.email]]
    assert "You are a co-author of “Champs-écoles à Kaolack”" == mailoutbox[0].subject


def test_an_edit_tells_only_the_co_authors_it_adds(community, member, aminata, join):
    from knowledge.services import products

    binta = join("Binta Ba")
    product = write_product(community, member, co_authors=[aminata])
    everyone = [member, aminata, binta]
    products.product_update(product=product, by=aminata, base_version=product.version, co_authors=everyone)
    products.product_update(product=product, by=member, base_version=product.version + 1, co_authors=everyone)

    assert len(received(aminata, CO_AUTHOR)) == 1  # from the creation only
    (notification,) = received(binta, CO_AUTHOR)
    assert notification.actor == aminata
    assert received(member, CO_AUTHOR) == []


def test_sending_for_review_tells_the_communitys_facilitators(community, member, facilitator, aminata, join,
                                                              other_facilitator, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    from communities.services import membership_set_role
    from knowledge.services import products

    second = join("Sana Second")
    membership_set_role(membership=community.memberships.get(user=second), role="facilitator", by=facilitator)
    email_choices_set(user=second, choices={"facilitation": False})
    product = write_product(community, member, co_authors=[aminata])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        products.product_submit(product=product, by=member)

    (notification,) = received(facilitator, SUBMITTED)
    assert notification.actor == member and notification.target == product
    assert len(received(second, SUBMITTED)) == 1, "email off, still told in the app"
    assert received(aminata, SUBMITTED) == [] and received(member, SUBMITTED) == []
    assert received(other_facilitator, SUBMITTED) == []
    assert [m.to for m in mailoutbox] == [[facilitator.email]]
    assert "Moussa Member sent the capitalization product “Champs-écoles à Kaolack” for review" in mailoutbox[0].body


def test_a_facilitator_sending_their_own_product_for_review_is_not_told(community, facilitator):
    from knowledge.services import products

    products.product_submit(product=write_product(community, facilitator), by=facilitator)
    assert received(facilitator, SUBMITTED) == []


def test_publishing_tells_the_co_authors_still_in_the_community(
    community, member, facilitator, aminata, join, mailoutbox, django_capture_on_commit_callbacks
):
    from knowledge.services import products

    gone = join("Gora Gone")
    product = write_product(community, member, co_authors=[aminata, gone])
    products.product_submit(product=product, by=member)
    leave(gone, community)
    email_choices_set(user=aminata, choices={"products": False})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        products.product_publish(product=product, by=facilitator, visibility="public", licence="cc-by-4.0")

    assert [n.actor for n in received(member, PUBLISHED)] == [facilitator]
    assert len(received(aminata, PUBLISHED)) == 1, "email off, still told in the app"
    assert received(gone, PUBLISHED) == [] and received(facilitator, PUBLISHED) == []
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert mailoutbox[0].subject == "Published: Champs-écoles à Kaolack"
    assert "It is in the public library: anyone can read it." in mailoutbox[0].body


def test_product_notifications_cost_the_same_queries_for_many_co_authors(community, member, facilitator, join):
    """Recipients are fetched in one query and notified in one insert (email off, so no mail is rendered)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from knowledge.services import products

    def publish_with(count, start):
        people = [join(f"Co Author {number}") for number in range(start, start + count)]
        for person in [member, *people]:
            email_choices_set(user=person, choices={"products": False})
        product = write_product(community, member, co_authors=people)
        products.product_submit(product=product, by=member)
        with CaptureQueriesContext(connection) as context:
            products.product_publish(product=product, by=facilitator, visibility="community", licence="cc-by-4.0")
        assert Notification.objects.filter(kind=PUBLISHED, target_id=product.pk).count() == count + 1
        return len(context)

    assert publish_with(2, 0) == publish_with(12, 2)


@pytest.mark.parametrize("visibility, told", [("public", True), ("community", False)])
def test_a_public_product_reaches_the_confirmed_followers_of_a_public_community(
    community, member, facilitator, visibility, told, mailoutbox, django_capture_on_commit_callbacks
):
    from communities import services as community_services
    from knowledge.services import products

    community_services.community_update(community=community, by=facilitator, visibility="public")
    confirmed = community_services.interest_register(community=community, email="salma@example.org", language="fr")
    community_services.interest_confirm(token=community_services.interest_confirm_token(confirmed))
    community_services.interest_register(community=community, email="unconfirmed@example.org", language="en")
    product = write_product(community, member)
    products.product_submit(product=product, by=member)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        products.product_publish(product=product, by=facilitator, visibility=visibility, licence="cc-by-4.0")
    followers = [m for m in mailoutbox if m.to[0].endswith("@example.org") and "List-Unsubscribe" in m.extra_headers
                 and m.to[0] in ("salma@example.org", "unconfirmed@example.org")]
    if told:
        (news,) = followers
        assert news.to == ["salma@example.org"]
        assert news.subject.startswith("Nouveau")
        assert product.get_library_url() in news.body
    else:
        assert followers == []

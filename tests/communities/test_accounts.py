"""Sign-up, email confirmation, sign-in and the profile, through the real pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from communities.models import OutgoingEmail, User
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

GOOD_SIGNUP = {
    "display_name": "Aminata Diallo",
    "email": "aminata@example.org",
    "password1": "sunlight-over-thies-2023",
    "password2": "sunlight-over-thies-2023",
    "timezone": "Africa/Dakar",
}


def confirmation_link(mailoutbox):
    assert len(mailoutbox) == 1
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mailoutbox[0].body).group(1)


def test_signup_confirm_signin_and_edit_profile(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), GOOD_SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="aminata@example.org")
    assert user.display_name == "Aminata Diallo"
    assert user.timezone == "Africa/Dakar"
    # The confirmation went through the outgoing-mail service and was sent once.
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
    assert mailoutbox[0].to == ["aminata@example.org"]
    assert mailoutbox[0].alternatives, "the email has an HTML part"

    # Not confirmed yet: signing in leads to the "verify your email" page.
    client.logout()
    response = client.post(reverse("account_login"), {"login": "aminata@example.org", "password": GOOD_SIGNUP["password1"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    link = confirmation_link(mailoutbox)
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(reverse("account_login"), {"login": "aminata@example.org", "password": GOOD_SIGNUP["password1"]})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Welcome, Aminata Diallo" in client.get("/").content.decode()

    response = client.post(
        reverse("people:edit"),
        {
            "display_name": "Aminata Diallo",
            "organisation": "Fédération des producteurs de Thiès",
            "country": "SN",
            "timezone": "Africa/Dakar",
            "language": "fr",
            "bio": "Agronome.",
            "expertise": "agroecology, capitalization of experiences",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.organisation == "Fédération des producteurs de Thiès"
    assert user.language == "fr"
    assert sorted(user.expertise.names()) == ["agroecology", "capitalization of experiences"]
    # The person's language now applies to the whole site.
    page = client.get(reverse("people:detail", args=[user.pk])).content.decode()
    assert 'lang="fr"' in page and "Modifier votre profil" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "person@example"}, "email", "Enter a valid email address."),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "This password is too common."),
        ({"display_name": "x" * 101}, "display_name", "Ensure this value has at most 100 characters"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Select a valid choice."),
    ],
)
def test_bad_signup_says_what_is_wrong_and_saves_nothing(client, changes, field, message):
    response = client.post(reverse("account_signup"), {**GOOD_SIGNUP, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not User.objects.exists()


def test_signup_errors_come_in_the_visitors_language(client):
    client.cookies["django_language"] = "fr"
    response = client.post(reverse("account_signup"), {**GOOD_SIGNUP, "email": "not-an-email"})
    with translation.override("fr"):
        expected = gettext("Enter a valid email address.")
    assert expected.startswith("Saisissez une adresse") and expected in response.content.decode()


def test_password_reset_mail_is_sent_in_the_persons_language(client, person, mailoutbox, django_capture_on_commit_callbacks):
    person.language = "fr"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": person.email})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Réinitialisez votre mot de passe"


def test_signed_in_person_can_sign_out(client, person):
    client.login(email=person.email, password=PASSWORD)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_bounced_address_is_confirmed_again_at_the_next_sign_in(client, mailoutbox, django_capture_on_commit_callbacks):
    from communities.emails import mark_bounced
    from tests.conftest import verified
    from tests.factories import UserFactory

    user = verified(UserFactory(email="moussa@example.org"))
    assert mark_bounced(user_ids=[user.pk], addresses=[user.email]) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    # Account mail still reaches a bounced address: it is how the person proves it works again.
    client.post(confirmation_link(mailoutbox))
    user.refresh_from_db()
    assert user.email_bounced_at is None
    assert EmailAddress.objects.get(user=user).verified

"""Bulk invitations read the files people have: French Excel, LibreOffice, a pasted
spreadsheet, Arabic headers; refuse what is no list with one message; prefill the
invitee's sign-up form; warn before inviting into a full community."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.forms import InvitationForm
from communities.models import Community, Invitation, Membership, User

pytestmark = pytest.mark.django_db

PASSWORD = "sunlight-over-thies-2023"

# What French Excel writes for "CSV (séparateur : point-virgule)": Windows-1252, CRLF,
# a header in French, a cell with a semicolon quoted, an empty row left by the sheet.
FRENCH_EXCEL = (
    "Nom;Prénom;Organisation;Pays;Adresse e-mail\r\n"
    "Diallo;Aminata;Réseau Agroécologie Sénégal;Sénégal;aminata.diallo@example.org\r\n"
    'N’Guessan;Éloïse;"Coopérative « Les Épis »; Bouaké";Côte d’Ivoire;Eloise.NGuessan@example.org\r\n'
    "Müller;François;ONG Terre, Vie;Belgique;francois.muller@example.org\r\n"
    ";;;;\r\n"
    "Kaboré;Œuvre;Association Yelemani;Burkina Faso;pas-une-adresse\r\n"
).encode("cp1252")

# LibreOffice Calc, "Text CSV", UTF-8 with a byte-order mark, commas.
LIBREOFFICE = (
    "\ufeffName,Organisation,Country,Email\n"
    'Jean Habimana,"Rwanda Agriculture Board, RAB",Rwanda,jean.habimana@example.org\n'
    "Grace Uwase,Université du Rwanda,RW,grace.uwase@example.org\n"
).encode("utf-8")

ARABIC = (
    "الاسم,المؤسسة,البلد,البريد الإلكتروني\n"
    "فاطمة الزهراء بنعلي,جمعية الواحة للتنمية,المغرب,fatima.benali@example.org\n"
    "يوسف الهاشمي,وزارة الفلاحة,تونس,youssef@example.org\n"
).encode("utf-8")

# Rows copied from a spreadsheet and pasted into the box: tab separated.
PASTED_ROWS = "Nom\tCourriel\r\nAwa Traoré\tawa.traore@example.org\r\nIbrahim Keïta\tibrahim.keita@example.org\r\n"


def invite(client, community, *, files=None, **data):
    upload = {"csv_file": SimpleUploadedFile(*files)} if files else {}
    return client.post(reverse("communities:invite", args=[community.slug]), {**data, **upload})


def sent(community):
    return {i.email: (i.name, i.organisation, i.country.code) for i in community.invitations.all()}


def test_file_saved_by_french_excel_invites_everyone_with_their_details(
    client, community, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, community, files=("participants.csv", FRENCH_EXCEL, "text/csv"))
    assert response.status_code == 200
    report = [(line.line, line.text, line.outcome) for line in response.context["report"]]
    assert report == [
        (2, "aminata.diallo@example.org", "invited"),
        (3, "Eloise.NGuessan@example.org", "invited"),
        (4, "francois.muller@example.org", "invited"),
        (6, "Kaboré, Œuvre, Association Yelemani, Burkina Faso, pas-une-adresse", "malformed"),
    ]
    assert "3 invitations sent." in response.content.decode()
    assert sent(community) == {
        "aminata.diallo@example.org": ("Aminata Diallo", "Réseau Agroécologie Sénégal", "SN"),
        "eloise.nguessan@example.org": ("Éloïse N’Guessan", "Coopérative « Les Épis »; Bouaké", "CI"),
        "francois.muller@example.org": ("François Müller", "ONG Terre, Vie", "BE"),
    }
    assert len(mailoutbox) == 3


def test_file_saved_by_libreoffice_in_utf8_with_a_bom_is_read(client, community, facilitator):
    client.force_login(facilitator)
    response = invite(client, community, files=("cohorte.csv", LIBREOFFICE, "text/csv"))
    assert [line.outcome for line in response.context["report"]] == ["invited", "invited"]
    assert sent(community) == {
        "jean.habimana@example.org": ("Jean Habimana", "Rwanda Agriculture Board, RAB", "RW"),
        "grace.uwase@example.org": ("Grace Uwase", "Université du Rwanda", "RW"),
    }


def test_arabic_column_names_are_read(client, community, facilitator):
    client.force_login(facilitator)
    invite(client, community, files=("المشاركون.csv", ARABIC, "text/csv"))
    assert sent(community) == {
        "fatima.benali@example.org": ("فاطمة الزهراء بنعلي", "جمعية الواحة للتنمية", "MA"),
        "youssef@example.org": ("يوسف الهاشمي", "وزارة الفلاحة", "TN"),
    }


def test_rows_pasted_from_a_spreadsheet_are_read(client, community, facilitator):
    client.force_login(facilitator)
    response = invite(client, community, addresses=PASTED_ROWS)
    assert [(line.line, line.outcome) for line in response.context["report"]] == [(2, "invited"), (3, "invited")]
    assert sent(community) == {
        "awa.traore@example.org": ("Awa Traoré", "", ""),
        "ibrahim.keita@example.org": ("Ibrahim Keïta", "", ""),
    }


def french_rows(count):
    lines = ["Nom;Prénom;Courriel"] + [f"Nom{n};Prénom{n};p{n}@example.org" for n in range(count)]
    return "\r\n".join(lines).encode("cp1252")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "participants.xlsx",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04\x00\x00\x13\x00"
            b"\x08\x02[Content_Types].xml \xa2\x04\x02(\xa0\x00\x02",
            "This is a spreadsheet file (.xlsx, .xls or .ods), not CSV.",
        ),
        (
            "participants.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
            "This is a PDF document, not a list the platform can read.",
        ),
        ("vide.csv", b"", "This file is empty."),
        ("vide.csv", b"\xef\xbb\xbf\r\n", "This file is empty."),
        ("entete.csv", "Nom;Prénom;Courriel\r\n;;\r\n".encode("cp1252"), "This file has no addresses in it."),
        ("trop.csv", french_rows(501), "At most 500 addresses at once; this list has 501 rows."),
    ],
    ids=["xlsx", "pdf", "empty", "bom-only", "header-only", "501-rows"],
)
def test_what_is_no_list_gets_one_clear_message_and_invites_nobody(
    client, community, facilitator, mailoutbox, django_capture_on_commit_callbacks, name, content, message
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, community, addresses="awa@example.org", files=(name, content, "text/csv"))
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count(message) == 1
    assert "Nobody was invited" in page
    errors = response.context["form"].errors
    assert list(errors) == ["csv_file"] and len(errors["csv_file"]) == 1
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_500_rows_under_a_header_are_not_too_many():
    form = InvitationForm(data={}, files={"csv_file": SimpleUploadedFile("p.csv", french_rows(500))})
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["rows"]) == 500


def signup_link(mailoutbox, address):
    (message,) = [m for m in mailoutbox if m.to == [address]]
    return re.search(r"https?://[^/\s]+(/invitations/\S+/)", message.body).group(1)


def test_the_list_prefills_the_invitees_sign_up_form_which_they_can_change(
    client, community, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, community, files=("participants.csv", FRENCH_EXCEL, "text/csv"))
    client.logout()
    signup_url = client.get(signup_link(mailoutbox, "aminata.diallo@example.org")).context["signup_url"]

    page = client.get(signup_url)
    form = page.context["form"]
    assert form["display_name"].value() == "Aminata Diallo"
    assert form["organisation"].value() == "Réseau Agroécologie Sénégal"
    assert form["country"].value() == "SN"
    html = page.content.decode()
    assert 'value="Aminata Diallo"' in html
    assert re.search(r'<option value="SN"[^>]*selected', html)

    response = client.post(
        signup_url,
        {
            "display_name": "Aminata Diallo Ndiaye",
            "email": "aminata.diallo@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "organisation": "ENDA Pronat",
            "country": "ML",
            "timezone": "Africa/Dakar",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="aminata.diallo@example.org")
    assert (user.display_name, user.organisation, user.country.code) == ("Aminata Diallo Ndiaye", "ENDA Pronat", "ML")
    assert Membership.objects.get(user=user, community=community).is_active


def test_sign_up_without_an_invitation_is_not_prefilled(client):
    form = client.get(reverse("account_signup")).context["form"]
    assert form["display_name"].value() is None and form["organisation"].value() is None


def test_the_list_never_changes_an_existing_account(client, community, facilitator, person):
    before = (person.display_name, person.organisation, person.country.code)
    content = f"Nom;Prénom;Organisation;Pays;Courriel\r\nAutre;Nom;Autre organisation;France;{person.email}\r\n"
    client.force_login(facilitator)
    invite(client, community, files=("participants.csv", content.encode("cp1252"), "text/csv"))
    invitation = Invitation.objects.get(email=person.email)
    assert invitation.user == person

    client.force_login(person)
    token = re.search(r"/invitations/([^/]+)/", client.get("/").content.decode()).group(1)
    client.post(reverse("invitations:respond", args=[token]), {"decision": "accept"})
    assert Membership.objects.get(user=person, community=community).is_active
    person.refresh_from_db()
    assert (person.display_name, person.organisation, person.country.code) == before


# --- A full community --------------------------------------------------------------------------


def with_capacity(community, capacity):
    Community.objects.filter(pk=community.pk).update(capacity=capacity)


def test_inviting_beyond_the_capacity_warns_first_and_sends_once_confirmed(
    client, community, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    with_capacity(community, 2)  # the facilitator holds one place
    client.force_login(facilitator)
    typed = "awa@example.org\r\nibrahim@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, community, addresses=typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was sent yet" in page
    assert "Only 1 place is left, counting the invitations still open, and you are inviting 2 people." in page
    assert 'name="confirm_waitlist"' in page
    assert "awa@example.org\nibrahim@example.org" in page.replace("\r\n", "\n")  # nothing typed is lost
    assert not Invitation.objects.exists() and mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, community, addresses=typed, confirm_waitlist="yes")
    assert "2 invitations sent." in response.content.decode()
    assert set(sent(community)) == {"awa@example.org", "ibrahim@example.org"}
    assert len(mailoutbox) == 2


def test_a_full_community_counts_open_invitations_and_keeps_the_file(client, community, facilitator):
    with_capacity(community, 2)
    client.force_login(facilitator)
    response = invite(client, community, addresses="first@example.org")  # room for one: no warning
    assert "1 invitation sent." in response.content.decode()
    assert set(sent(community)) == {"first@example.org"}  # the last place, promised

    response = invite(client, community, files=("cohorte.csv", LIBREOFFICE, "text/csv"))
    page = response.content.decode()
    assert "This community is full (capacity: 2)" in page
    assert "The file cohorte.csv is kept" in page
    assert set(sent(community)) == {"first@example.org"}

    # The browser sends back the hidden copy of the file with the confirmation.
    kept = response.context["form"].initial
    assert re.search(r'<input type="hidden" name="file_text" value="[^"]*jean.habimana@example.org', page)
    invite(client, community, file_text=kept["file_text"], file_name=kept["file_name"], confirm_waitlist="yes")
    assert sent(community)["jean.habimana@example.org"] == ("Jean Habimana", "Rwanda Agriculture Board, RAB", "RW")
    assert len(sent(community)) == 3

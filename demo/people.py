"""Demo people for ``manage.py seed_demo``: hand-written, deterministic, invented.

The people are made up; the organisations are invented but shaped like the ones that
run communities of practice: the Eclosio climate learning communities (Benin, Burkina
Faso, Burundi, DR Congo, Guinea, Haiti, Rwanda, Senegal), the Collective Routes
community of development practitioners in Egypt, and the Mediterranean community of
practice on sustainable urban transport of the Center for Mediterranean Integration.

Practitioners are built by pairing each country's first and last names in order, each
person taking the next organisation, role and language of that country's lists. No
randomness, so every run and every machine gets the same people and the same emails.

Later seeding (communities, sessions, knowledge) builds on what ``seed_people`` returns,
and writes about these people by display name (``person_named``).
"""

import re
import unicodedata
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from communities.models import User
from communities.services import facilitators_group

# Printed by seed_demo and shared by every demo account: the command refuses to run
# unless DEBUG is on.
DEMO_PASSWORD = "demo-cop-2026"
DEMO_EMAIL_DOMAIN = "demo.cop.example"
# A fixed salt makes the demo hash the same on every run, so re-seeding rewrites no
# password and hashes only once. Acceptable only because the password is public anyway.
_DEMO_PASSWORD_SALT = "democopseed2026"

# The eight countries of the Eclosio climate learning communities.
CLIMATE_COHORT_COUNTRIES = ("BJ", "BF", "BI", "CD", "GN", "HT", "RW", "SN")
# Members of the Center for Mediterranean Integration with demo practitioners.
MEDITERRANEAN_COUNTRIES = ("EG", "MA", "TN", "LB", "JO", "FR", "GR", "IT")


def email_local_part(name):
    """"Jean-Bosco" → "jean-bosco", "El Amrani" → "el-amrani", "Élodie" → "elodie"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    organisation: str
    country: str  # ISO 3166-1 alpha-2, "" for none
    timezone: str  # IANA name
    language: str  # "en", "fr" or "ar"
    bio: str
    expertise: tuple = ()

    @property
    def display_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self):
        local = f"{email_local_part(self.first_name)}.{email_local_part(self.last_name)}"
        return f"{local}@{DEMO_EMAIL_DOMAIN}"


ADMIN = Person(
    first_name="Platform",
    last_name="Admin",
    organisation="CoP platform",
    country="",
    timezone="UTC",
    language="en",
    bio="Looks after the demo platform: accounts, communities and settings.",
)
ADMIN_EMAIL = f"admin@{DEMO_EMAIL_DOMAIN}"

FACILITATORS = (
    Person(
        "Mariam",
        "Abdelaziz",
        "Collective Routes",
        "EG",
        "Africa/Cairo",
        "ar",
        "Facilitates the Collective Routes community of practice for development "
        "practitioners in Egypt from Cairo.",
        ("facilitation", "collaborative learning", "participatory approaches"),
    ),
    Person(
        "Sophie",
        "Lambert",
        "Eclosio",
        "BE",
        "Europe/Brussels",
        "fr",
        "Facilitatrice des communautés d'apprentissage et de pratiques d'Eclosio depuis "
        "le siège à Liège, aux côtés des équipes climat d'Afrique et d'Haïti.",
        ("facilitation", "capitalization of experiences", "monitoring and evaluation"),
    ),
    Person(
        "Moussa",
        "Ndiaye",
        "Eclosio Sénégal",
        "SN",
        "Africa/Dakar",
        "fr",
        "Facilitateur de terrain des CAP climat d'Eclosio à Dakar ; a co-organisé la "
        "semaine de travail en présentiel à Thiès.",
        ("facilitation", "agroecology", "participatory approaches"),
    ),
    Person(
        "Julien",
        "Dethier",
        "Université de Liège — Faculté de psychologie, logopédie et sciences de "
        "l'éducation",
        "BE",
        "Europe/Brussels",
        "fr",
        "Chercheur en sciences de l'éducation qui accompagne la méthodologie des "
        "communautés d'apprentissage et de pratiques.",
        ("adult learning", "collaborative learning", "capitalization of experiences"),
    ),
    Person(
        "Hélène",
        "Marchetti",
        "Center for Mediterranean Integration (CMI)",
        "FR",
        "Europe/Paris",
        "en",
        "Coordinates the Mediterranean community of practice on sustainable urban "
        "transport from Marseille.",
        ("urban transport", "sustainable mobility", "knowledge sharing"),
    ),
    Person(
        "Geneviève",
        "Tremblay",
        "Centre québécois des communautés de pratique",
        "CA",
        "America/Toronto",
        "fr",
        "Facilitatrice de communautés de pratique virtuelles à Montréal : animation, "
        "outils de collaboration numérique et bilans réguliers.",
        ("facilitation", "digital collaboration", "collaborative learning"),
    ),
)

# --- Practitioners -------------------------------------------------------------------

# Methods each sector's practitioners work on, next to their organisation's themes.
SECTOR_METHODS = {
    "climate": (
        "monitoring and evaluation",
        "capitalization of experiences",
        "participatory approaches",
        "sustainability of actions",
    ),
    "development": (
        "participatory approaches",
        "monitoring and evaluation",
        "facilitation",
        "capacity building",
    ),
    "transport": (
        "participatory approaches",
        "monitoring and evaluation",
        "knowledge sharing",
    ),
}

# (English, French) job titles; the French ones are epicene on purpose.
SECTOR_ROLES = {
    "climate": (
        ("Agronomist", "Agronome"),
        ("Monitoring and evaluation officer", "Responsable suivi-évaluation"),
        ("Programme manager", "Responsable de programme"),
        ("Natural resource management specialist", "Spécialiste en gestion des ressources naturelles"),
        ("Climate focal point", "Point focal climat"),
    ),
    "development": (
        ("Community development officer", "Responsable du développement communautaire"),
        ("Programme coordinator", "Responsable de programme"),
        ("Monitoring, evaluation and learning officer", "Responsable suivi-évaluation-apprentissage"),
        ("Gender specialist", "Spécialiste genre"),
    ),
    "transport": (
        ("Transport planner", "Urbaniste spécialiste des transports"),
        ("Mobility project manager", "Responsable de projets mobilité"),
        ("Road safety specialist", "Spécialiste de la sécurité routière"),
        ("Sustainable mobility policy adviser", "Responsable des politiques de mobilité durable"),
        ("Urban mobility data analyst", "Analyste des données de mobilité urbaine"),
    ),
}

# How French bios name each area of expertise.
EXPERTISE_FR = {
    "agroecology": "l'agroécologie",
    "agroforestry": "l'agroforesterie",
    "natural resource management": "la gestion des ressources naturelles",
    "climate adaptation": "l'adaptation au changement climatique",
    "climate change mitigation": "l'atténuation du changement climatique",
    "soil and water conservation": "la conservation des eaux et des sols",
    "monitoring and evaluation": "le suivi-évaluation",
    "capitalization of experiences": "la capitalisation d'expériences",
    "participatory approaches": "les approches participatives",
    "sustainability of actions": "la durabilité des actions",
    "community development": "le développement communautaire",
    "collaborative learning": "l'apprentissage collaboratif",
    "gender and development": "le genre et le développement",
    "facilitation": "la facilitation",
    "capacity building": "le renforcement des capacités",
    "knowledge sharing": "le partage de connaissances",
    "urban transport": "le transport urbain",
    "sustainable mobility": "la mobilité durable",
    "public transport planning": "la planification des transports publics",
    "transport policy": "les politiques de transport",
    "road safety": "la sécurité routière",
    "active mobility": "les mobilités actives",
}


@dataclass(frozen=True)
class Organisation:
    name: str
    city: str
    sector: str  # a key of SECTOR_METHODS
    themes: tuple
    timezone: str = ""  # when it differs from the country's (DR Congo has two)


def _org(name, city, sector, *themes, timezone=""):
    return Organisation(name, city, sector, themes, timezone)


@dataclass(frozen=True)
class Country:
    code: str
    timezone: str
    languages: tuple  # cycled over the country's people
    first_names: tuple
    last_names: tuple  # paired with first_names in order
    organisations: tuple  # cycled over the country's people


COUNTRIES = (
    Country(
        "BJ",
        "Africa/Porto-Novo",
        ("fr",),
        ("Rodrigue", "Mariette", "Fiacre", "Bernadette"),
        ("Hounkpatin", "Adjovi", "Dossou", "Agossou"),
        (
            _org("ONG Racines Vertes", "Abomey", "climate", "agroecology", "climate adaptation"),
            _org(
                "Union communale des producteurs maraîchers de Grand-Popo",
                "Grand-Popo",
                "climate",
                "agroecology",
                "soil and water conservation",
            ),
            _org(
                "Direction départementale de l'agriculture de l'Atacora",
                "Natitingou",
                "climate",
                "natural resource management",
                "climate adaptation",
            ),
            _org(
                "Centre béninois d'appui à l'agroforesterie",
                "Parakou",
                "climate",
                "agroforestry",
                "climate change mitigation",
            ),
        ),
    ),
    Country(
        "BF",
        "Africa/Ouagadougou",
        ("fr",),
        ("Issouf", "Aminata", "Boukary", "Rasmata"),
        ("Ouédraogo", "Sawadogo", "Kaboré", "Zongo"),
        (
            _org(
                "Association Zaï pour le Sahel",
                "Ouahigouya",
                "climate",
                "soil and water conservation",
                "agroecology",
            ),
            _org(
                "Fédération des groupements de producteurs du Centre-Nord",
                "Kaya",
                "climate",
                "agroecology",
                "climate adaptation",
            ),
            _org(
                "Direction régionale de l'environnement des Hauts-Bassins",
                "Bobo-Dioulasso",
                "climate",
                "natural resource management",
                "agroforestry",
            ),
            _org(
                "Institut sahélien de recherche en agroécologie",
                "Ouagadougou",
                "climate",
                "agroecology",
                "climate change mitigation",
            ),
        ),
    ),
    Country(
        "BI",
        "Africa/Bujumbura",
        ("fr",),
        ("Jean-Bosco", "Claudine", "Déogratias", "Espérance"),
        ("Niyonzima", "Hakizimana", "Nshimirimana", "Irakoze"),
        (
            _org("Action Collines Vertes", "Gitega", "climate", "agroforestry", "soil and water conservation"),
            _org(
                "Coopérative agroforestière de Ngozi",
                "Ngozi",
                "climate",
                "agroforestry",
                "climate adaptation",
            ),
            _org(
                "Service provincial de l'environnement de Bururi",
                "Bururi",
                "climate",
                "natural resource management",
                "climate adaptation",
            ),
            _org(
                "Institut burundais d'études agronomiques appliquées",
                "Bujumbura",
                "climate",
                "agroecology",
                "natural resource management",
            ),
        ),
    ),
    Country(
        "CD",
        "Africa/Kinshasa",
        ("fr",),
        ("Patient", "Grâce", "Dieudonné", "Chantal"),
        ("Mukendi", "Bahati", "Ilunga", "Mbala"),
        (
            _org(
                "Réseau des agriculteurs périurbains de Kinshasa",
                "Kinshasa",
                "climate",
                "agroecology",
                "climate adaptation",
            ),
            _org(
                "ONG Forêts et Communautés du Kivu",
                "Bukavu",
                "climate",
                "natural resource management",
                "agroforestry",
                timezone="Africa/Lubumbashi",
            ),
            _org(
                "Coordination provinciale de l'environnement du Haut-Katanga",
                "Lubumbashi",
                "climate",
                "natural resource management",
                "climate change mitigation",
                timezone="Africa/Lubumbashi",
            ),
            _org(
                "Centre de recherche agroforestière du Kwilu",
                "Kikwit",
                "climate",
                "agroforestry",
                "climate change mitigation",
            ),
        ),
    ),
    Country(
        "GN",
        "Africa/Conakry",
        ("fr",),
        ("Mamadou", "Fatoumata", "Sékou", "Mariama"),
        ("Diallo", "Camara", "Sylla", "Bah"),
        (
            _org(
                "Union des groupements maraîchers du Fouta",
                "Labé",
                "climate",
                "agroecology",
                "soil and water conservation",
            ),
            _org("ONG Guinée Terres Vivantes", "Kindia", "climate", "agroforestry", "climate adaptation"),
            _org(
                "Direction préfectorale de l'agriculture de Kankan",
                "Kankan",
                "climate",
                "agroecology",
                "natural resource management",
            ),
            _org(
                "Centre guinéen d'études sur la mangrove",
                "Conakry",
                "climate",
                "natural resource management",
                "climate adaptation",
            ),
        ),
    ),
    Country(
        "HT",
        "America/Port-au-Prince",
        ("fr",),
        ("Wilner", "Nadège", "Jean-Robert", "Mirlande"),
        ("Joseph", "Pierre-Louis", "Desrosiers", "Saint-Fleur"),
        (
            _org(
                "Association des planteurs de café de la Grand'Anse",
                "Jérémie",
                "climate",
                "agroforestry",
                "climate adaptation",
            ),
            _org("ONG Konbit Vèt", "Hinche", "climate", "soil and water conservation", "agroecology"),
            _org(
                "Direction départementale agricole du Nord",
                "Cap-Haïtien",
                "climate",
                "natural resource management",
                "climate adaptation",
            ),
            _org(
                "Institut haïtien d'agroforesterie appliquée",
                "Port-au-Prince",
                "climate",
                "agroforestry",
                "climate change mitigation",
            ),
        ),
    ),
    Country(
        "RW",
        "Africa/Kigali",
        ("fr", "en"),
        ("Jean-Claude", "Solange", "Emmanuel", "Diane"),
        ("Habimana", "Uwimana", "Mugisha", "Mukamana"),
        (
            _org("Twubakane Farmers' Cooperative", "Musanze", "climate", "agroecology", "soil and water conservation"),
            _org("Green Hills Agroforestry Initiative", "Huye", "climate", "agroforestry", "climate change mitigation"),
            _org(
                "Nyagatare District Environment Office",
                "Nyagatare",
                "climate",
                "natural resource management",
                "climate adaptation",
            ),
            _org(
                "Rwanda Institute for Climate-Smart Agriculture",
                "Kigali",
                "climate",
                "agroecology",
                "climate adaptation",
            ),
        ),
    ),
    Country(
        "SN",
        "Africa/Dakar",
        ("fr",),
        ("Aïssatou", "Ousmane", "Khady", "Mamadou", "Seynabou"),
        ("Diop", "Sarr", "Faye", "Gueye", "Ndiaye"),
        (
            _org(
                "Fédération des maraîchers des Niayes",
                "Thiès",
                "climate",
                "agroecology",
                "soil and water conservation",
            ),
            _org("ONG Jàppo Suuf", "Kaolack", "climate", "soil and water conservation", "agroforestry"),
            _org(
                "Direction régionale du développement rural de Fatick",
                "Fatick",
                "climate",
                "natural resource management",
                "climate adaptation",
            ),
            _org(
                "Institut sénégalais d'agroécologie appliquée",
                "Dakar",
                "climate",
                "agroecology",
                "climate change mitigation",
            ),
        ),
    ),
    Country(
        "EG",
        "Africa/Cairo",
        ("ar", "en"),
        ("Ahmed", "Nourhan", "Mostafa", "Salma", "Karim", "Yasmine"),
        ("Abdelrahman", "El-Sayed", "Farouk", "Mansour", "Hegazy", "Shawky"),
        (
            _org(
                "Nile Delta Community Development Association",
                "Tanta",
                "development",
                "community development",
                "gender and development",
            ),
            _org(
                "Cairo Youth Initiatives Foundation",
                "Cairo",
                "development",
                "collaborative learning",
                "community development",
            ),
            _org(
                "Upper Egypt Rural Development Network",
                "Assiut",
                "development",
                "community development",
                "natural resource management",
            ),
            _org(
                "Greater Cairo Urban Mobility Observatory",
                "Cairo",
                "transport",
                "urban transport",
                "public transport planning",
            ),
        ),
    ),
    Country(
        "MA",
        "Africa/Casablanca",
        ("fr", "ar", "fr"),
        ("Youssef", "Ghita", "Hamza"),
        ("Benjelloun", "El Amrani", "Tazi"),
        (
            _org(
                "Agence de mobilité urbaine de Rabat-Salé",
                "Rabat",
                "transport",
                "public transport planning",
                "sustainable mobility",
            ),
            _org(
                "Direction des transports urbains de Marrakech",
                "Marrakech",
                "transport",
                "urban transport",
                "road safety",
            ),
            _org(
                "Observatoire marocain de la mobilité durable",
                "Casablanca",
                "transport",
                "sustainable mobility",
                "transport policy",
            ),
        ),
    ),
    Country(
        "TN",
        "Africa/Tunis",
        ("fr", "ar", "fr"),
        ("Mehdi", "Amira", "Skander"),
        ("Trabelsi", "Ben Salah", "Jaziri"),
        (
            _org(
                "Agence tunisienne de planification des transports urbains",
                "Tunis",
                "transport",
                "public transport planning",
                "transport policy",
            ),
            _org(
                "Service de la mobilité de la Municipalité de Sfax",
                "Sfax",
                "transport",
                "urban transport",
                "road safety",
            ),
            _org("Association Tunis à Vélo", "Tunis", "transport", "active mobility", "sustainable mobility"),
        ),
    ),
    Country(
        "LB",
        "Asia/Beirut",
        ("en", "ar", "fr"),
        ("Rami", "Maya", "Georges"),
        ("Haddad", "Khoury", "Nassar"),
        (
            _org(
                "Beirut Public Transport Users' Association",
                "Beirut",
                "transport",
                "urban transport",
                "sustainable mobility",
            ),
            _org(
                "Tripoli Municipality Urban Mobility Unit",
                "Tripoli",
                "transport",
                "public transport planning",
                "road safety",
            ),
            _org(
                "Lebanese Centre for Transport Studies",
                "Beirut",
                "transport",
                "transport policy",
                "sustainable mobility",
            ),
        ),
    ),
    Country(
        "JO",
        "Asia/Amman",
        ("ar", "en", "en"),
        ("Omar", "Dana", "Laith"),
        ("Al-Masri", "Haddadin", "Obeidat"),
        (
            _org(
                "Amman Urban Mobility Directorate",
                "Amman",
                "transport",
                "public transport planning",
                "urban transport",
            ),
            _org(
                "Jordan Sustainable Transport Forum",
                "Amman",
                "transport",
                "sustainable mobility",
                "transport policy",
            ),
            _org("Irbid Municipality Traffic Department", "Irbid", "transport", "road safety", "urban transport"),
        ),
    ),
    Country(
        "FR",
        "Europe/Paris",
        ("fr",),
        ("Camille", "Thomas", "Élodie"),
        ("Roux", "Garnier", "Fabre"),
        (
            _org(
                "Syndicat mixte des mobilités de l'aire toulonnaise",
                "Toulon",
                "transport",
                "public transport planning",
                "urban transport",
            ),
            _org(
                "Bureau d'études Mobilités Méditerranée",
                "Montpellier",
                "transport",
                "sustainable mobility",
                "transport policy",
            ),
            _org("Association Rue Partagée", "Nice", "transport", "active mobility", "road safety"),
        ),
    ),
    Country(
        "GR",
        "Europe/Athens",
        ("en",),
        ("Eleni", "Nikos", "Katerina"),
        ("Papadopoulou", "Georgiou", "Antonopoulou"),
        (
            _org(
                "Athens Metropolitan Mobility Observatory",
                "Athens",
                "transport",
                "sustainable mobility",
                "urban transport",
            ),
            _org(
                "Thessaloniki Urban Transport Planning Office",
                "Thessaloniki",
                "transport",
                "public transport planning",
                "road safety",
            ),
            _org(
                "Hellenic Institute for Sustainable Mobility",
                "Athens",
                "transport",
                "transport policy",
                "active mobility",
            ),
        ),
    ),
    Country(
        "IT",
        "Europe/Rome",
        ("en",),
        ("Giulia", "Marco", "Francesca"),
        ("Rinaldi", "Esposito", "Conti"),
        (
            _org(
                "Agenzia per la mobilità metropolitana di Napoli",
                "Naples",
                "transport",
                "public transport planning",
                "urban transport",
            ),
            _org(
                "Ufficio mobilità sostenibile del Comune di Palermo",
                "Palermo",
                "transport",
                "sustainable mobility",
                "active mobility",
            ),
            _org(
                "Istituto mediterraneo di studi sui trasporti",
                "Bari",
                "transport",
                "transport policy",
                "road safety",
            ),
        ),
    ),
)


def _expertise(org, index):
    """Two or three areas: the organisation's themes and one of its sector's methods."""
    methods = SECTOR_METHODS[org.sector]
    tags = [org.themes[index % len(org.themes)], methods[index % len(methods)]]
    if index % 3 != 1:
        tags.append(org.themes[(index + 1) % len(org.themes)])
    return tuple(dict.fromkeys(tags))  # ordered, without repeats


def _bio(role, org, language, expertise):
    role_en, role_fr = role
    first, second = expertise[:2]
    if language == "fr":
        return (
            f"{role_fr}, {org.name} ({org.city}) — travaille sur {EXPERTISE_FR[first]} "
            f"et {EXPERTISE_FR[second]}."
        )
    return f"{role_en} at {org.name} in {org.city}, working on {first} and {second}."


def _build_practitioners():
    people = []
    for country_index, country in enumerate(COUNTRIES):
        if len(country.first_names) != len(country.last_names):
            raise ValueError(f"{country.code}: first and last names must pair up.")
        for index, (first, last) in enumerate(zip(country.first_names, country.last_names)):
            org = country.organisations[index % len(country.organisations)]
            roles = SECTOR_ROLES[org.sector]
            role = roles[(index + country_index) % len(roles)]
            language = country.languages[index % len(country.languages)]
            expertise = _expertise(org, index)
            people.append(
                Person(
                    first_name=first,
                    last_name=last,
                    organisation=org.name,
                    country=country.code,
                    timezone=org.timezone or country.timezone,
                    language=language,
                    bio=_bio(role, org, language, expertise),
                    expertise=expertise,
                )
            )
    return tuple(people)


PRACTITIONERS = _build_practitioners()

ALL_EMAILS = (ADMIN_EMAIL, *(p.email for p in FACILITATORS), *(p.email for p in PRACTITIONERS))
if len(set(ALL_EMAILS)) != len(ALL_EMAILS):
    raise ValueError("Two demo people would share an email address.")

ALL_EXPERTISE = sorted({tag for person in FACILITATORS + PRACTITIONERS for tag in person.expertise})

# --- People by name ---------------------------------------------------------------------

_BY_NAME = {person.display_name: person for person in FACILITATORS + PRACTITIONERS}


def person_named(name):
    """The demo facilitator or practitioner whose display name is ``name``."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"No demo person is called {name!r}.") from None


def people_named(*names):
    return tuple(person_named(name) for name in names)


MARIAM = person_named("Mariam Abdelaziz")  # Collective Routes, Cairo
SOPHIE = person_named("Sophie Lambert")  # Eclosio headquarters, Liège
MOUSSA = person_named("Moussa Ndiaye")  # Eclosio Sénégal, Dakar
JULIEN = person_named("Julien Dethier")  # Université de Liège
HELENE = person_named("Hélène Marchetti")  # CMI, Marseille


def _save_person(person, email, hashed_password, **flags):
    user, _created = User.objects.update_or_create(
        email=email,
        defaults={
            "display_name": person.display_name,
            "organisation": person.organisation,
            "country": person.country,
            "timezone": person.timezone,
            "language": person.language,
            "bio": person.bio,
            "password": hashed_password,
            "is_active": True,
            "is_staff": flags.get("is_staff", False),
            "is_superuser": flags.get("is_superuser", False),
        },
    )
    user.expertise.set(list(person.expertise))
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_people():
    """Create or refresh the demo admin, facilitators and practitioners.

    Idempotent: people are looked up by email, tags and email addresses are set rather
    than added, and every account gets DEMO_PASSWORD back. Call inside a transaction.
    """
    # One PBKDF2 run for everyone, instead of one per person.
    hashed = make_password(DEMO_PASSWORD, salt=_DEMO_PASSWORD_SALT)
    admin = _save_person(ADMIN, ADMIN_EMAIL, hashed, is_staff=True, is_superuser=True)
    facilitators = [_save_person(p, p.email, hashed) for p in FACILITATORS]
    # The Facilitators group (a data migration) holds the right to start communities.
    facilitators_group().user_set.add(*facilitators)
    return {
        "admin": admin,
        "facilitators": facilitators,
        "practitioners": [_save_person(p, p.email, hashed) for p in PRACTITIONERS],
    }

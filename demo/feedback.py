"""Demo session feedback for ``manage.py seed_demo``: what attendees said of the closed sessions.

For each session closed with a report (``demo.products.REPORTS``), some of the people
recorded as present answer: how useful it was (1 to 5), what they learned, what they will
apply, the learning objectives and themes it strengthened; a few answer anonymously. One
session has only two answers, so its facilitator sees the small-group rule at work (the
count, nothing more).

Answers go through ``sessions.services.feedback`` as on the site; their dates are then
moved back to the hours and days after the report. Idempotent: a person who already
answered a session is skipped, so a second run adds nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from communities.models import LearningObjective
from sessions.models import Session, SessionFeedback, SessionReport
from sessions.services.feedback import feedback_give

from .communities import community_specs
from .people import person_named
from .products import REPORTS


@dataclass(frozen=True)
class AnswerSpec:
    person: object  # a Person recorded as present (not a facilitator)
    usefulness: int
    learned: str
    will_apply: str = ""
    objectives: tuple = ()  # positions (1, 2…) among the community's accepted objectives, as declared
    themes: tuple = ()  # names among the community's themes
    anonymous: bool = False


@dataclass(frozen=True)
class FeedbackSpec:
    community: str  # a key of demo.communities.community_specs
    session: str  # title of a session with a report in demo.products.REPORTS
    answers: tuple


def answer(name, usefulness, learned, will_apply="", *, objectives=(), themes=(), anonymous=False):
    return AnswerSpec(person_named(name), usefulness, learned, will_apply, objectives, themes, anonymous)


FEEDBACK = (
    FeedbackSpec(
        "cap_agroecologie",
        "Le zaï et les demi-lunes au Burkina Faso : retour d'expérience",
        (
            answer(
                "Rasmata Zongo",
                5,
                "Le zaï demande beaucoup de travail la première année : il faut le dire aux producteurs dès le départ.",
                "Organiser une visite d'échange entre deux villages avant la saison des pluies.",
                objectives=(1,),
                themes=("agroecology", "soil and water conservation"),
            ),
            answer(
                "Aïssatou Diop",
                4,
                "Les demi-lunes marchent mieux quand le groupement gère lui-même le calendrier des travaux.",
                "Proposer aux femmes de Fatick une parcelle de démonstration qu'elles gèrent.",
                objectives=(1, 3),
                themes=("soil and water conservation",),
            ),
            answer(
                "Mamadou Diallo",
                4,
                "Les photos avant/après convainquent plus que les chiffres de rendement.",
                "Photographier nos parcelles au même endroit chaque trimestre.",
                objectives=(2,),
                themes=("climate adaptation",),
                anonymous=True,
            ),
            answer(
                "Patient Mukendi",
                3,
                "Le contexte du Sahel est loin du nôtre, mais l'idée de capter l'eau de ruissellement reste utile.",
                "",
                themes=("agroecology",),
            ),
            answer(
                "Jean-Claude Habimana",
                5,
                "Dix ans de suivi, c'est ce qui rend l'expérience d'Issouf crédible auprès des services techniques.",
                "Garder une trace des essais de nos coopératives, même modestes.",
                objectives=(1, 2),
            ),
        ),
    ),
    FeedbackSpec(
        "cap_agroecologie",
        "Lancement de la CAP : nos pratiques agroécologiques et nos attentes",
        (
            # Two answers only: the facilitator sees their number, not what they say.
            answer(
                "Diane Mukamana",
                4,
                "Nous testons déjà presque tous les mêmes pratiques sans le savoir.",
                "Partager notre fiche sur le compostage avant la prochaine séance.",
                objectives=(1,),
            ),
            answer("Nadège Pierre-Louis", 3, "Les règles de la charte sont claires.", anonymous=True),
        ),
    ),
    FeedbackSpec(
        "cap_ressources_naturelles",
        "Co-développement : une convention locale pour les bas-fonds de Kankan",
        (
            answer(
                "Mariama Bah",
                5,
                "Le co-développement oblige à écouter jusqu'au bout avant de conseiller : c'est rare chez nous.",
                "Utiliser la même démarche avec notre comité de gestion de la mangrove.",
                objectives=(1,),
                themes=("natural resource management",),
            ),
            answer(
                "Boukary Kaboré",
                4,
                "Une convention locale tient quand les éleveurs ont participé à sa rédaction, pas seulement à sa validation.",
                "Inviter les éleveurs transhumants à la prochaine réunion de concertation.",
                objectives=(1, 2),
                themes=("sustainability of actions",),
                anonymous=True,
            ),
            answer(
                "Khady Faye",
                4,
                "Les maraîchères ont des règles d'accès à l'eau qu'on ne voit pas dans les textes.",
                "",
                objectives=(2,),
            ),
            answer(
                "Emmanuel Mugisha",
                2,
                "Le cas était intéressant mais le temps a manqué pour le plan d'action.",
                "Proposer de limiter les réactions à 25 minutes.",
                anonymous=True,
            ),
        ),
    ),
    FeedbackSpec(
        "cap_agroforesterie",
        "Café et banane sous ombrage : la Grand'Anse et le Rwanda / Coffee and banana under shade",
        (
            answer(
                "Solange Uwimana",
                5,
                "En Grand'Anse, les planteurs gardent les arbres d'ombrage pour le bois de chauffe : c'est un argument.",
                "Parler des usages domestiques des arbres, pas seulement du café.",
                objectives=(1, 2),
                themes=("agroforestry",),
            ),
            answer(
                "Jean-Bosco Niyonzima",
                4,
                "Le bananier protège les jeunes caféiers la première année.",
                "Essayer l'association banane-café sur deux parcelles de la coopérative.",
                objectives=(2,),
                themes=("agroforestry", "soil and water conservation"),
            ),
            answer(
                "Mirlande Saint-Fleur",
                4,
                "Nos problèmes de rouille du café ressemblent à ceux du Rwanda.",
                "Échanger nos fiches techniques avec Solange.",
                anonymous=True,
            ),
            answer(
                "Bernadette Agossou",
                3,
                "Utile, même si nous ne cultivons pas de café au Bénin.",
                "",
                themes=("climate change mitigation",),
            ),
        ),
    ),
    FeedbackSpec(
        "cap_suivi_evaluation",
        "Brainstorming : des indicateurs d'adaptation que nos équipes peuvent mesurer",
        (
            answer(
                "Rodrigue Hounkpatin",
                5,
                "Cinq indicateurs suivis vraiment valent mieux que vingt dans le cadre logique.",
                "Réduire notre liste d'indicateurs avec l'équipe terrain.",
                objectives=(1,),
                themes=("monitoring and evaluation",),
            ),
            answer(
                "Jean-Claude Habimana",
                4,
                "Le nombre de mois de soudure est un indicateur simple que les ménages comprennent.",
                "L'ajouter à notre enquête de référence.",
                objectives=(1, 3),
            ),
            answer(
                "Bernadette Agossou",
                4,
                "Les groupes cibles peuvent suivre eux-mêmes certains indicateurs.",
                "Tester un suivi par les groupements de femmes.",
                objectives=(3,),
                themes=("participatory approaches",),
                anonymous=True,
            ),
            answer("Rasmata Zongo", 3, "Beaucoup d'idées ; le tri a été trop rapide.", ""),
            answer(
                "Seynabou Ndiaye",
                5,
                "Les indicateurs de résilience peuvent rester qualitatifs.",
                "Ajouter deux questions ouvertes à nos visites de suivi.",
                objectives=(1,),
            ),
        ),
    ),
    FeedbackSpec(
        "cap_capitalisation",
        "La capitalisation d'expériences en cinq étapes",
        (
            answer(
                "Mariette Adjovi",
                5,
                "Capitaliser, ce n'est pas écrire un rapport : c'est tirer des leçons qu'un autre peut réutiliser.",
                "Choisir dès maintenant l'expérience que notre association capitalisera.",
                objectives=(1,),
                themes=("capitalization of experiences",),
            ),
            answer(
                "Aminata Sawadogo",
                4,
                "L'étape de délimitation évite de vouloir tout raconter.",
                "Limiter notre fiche à une seule question.",
                objectives=(1, 2),
                anonymous=True,
            ),
            answer(
                "Fatoumata Camara",
                4,
                "Les témoignages des bénéficiaires doivent être recueillis tôt.",
                "Prévoir les entretiens avant la fin du projet.",
                objectives=(2,),
                themes=("knowledge sharing",),
            ),
        ),
    ),
    FeedbackSpec(
        "egypt",
        "Experience sharing: how we involve communities in designing our projects",
        (
            answer(
                "Ahmed Abdelrahman",
                5,
                "Community members need to see what changed after they were consulted, or they stop coming.",
                "Report back to the villages in Minya on what we did with their input.",
                objectives=(1,),
                themes=("participatory approaches", "community development"),
            ),
            answer(
                "Yasmine Shawky",
                4,
                "Youth-led mapping gives a different picture from the elders' meetings.",
                "Try a walking map with the youth centre in Assiut.",
                objectives=(1,),
                anonymous=True,
            ),
            answer(
                "Mostafa Farouk",
                4,
                "Donors accept participatory design if the timeline shows it from the start.",
                "Add a design phase with the community to our next proposal.",
                objectives=(1, 2),
            ),
            answer(
                "Karim Hegazy",
                3,
                "Good stories; I would have liked more about what did not work.",
                "",
                themes=("collaborative learning",),
                anonymous=True,
            ),
        ),
    ),
    FeedbackSpec(
        "mediterranean_transport",
        "Integrating informal minibuses into formal public transport networks",
        (
            answer(
                "Salma Mansour",
                5,
                "Licensing worked in Tunis because drivers kept their routes and gained social insurance.",
                "Present the Tunis licensing steps to the Greater Cairo authority.",
                objectives=(1,),
                themes=("public transport planning",),
            ),
            answer(
                "Hamza Tazi",
                4,
                "Fare integration comes last: first routes, then vehicles, then tickets.",
                "Propose a pilot corridor in Casablanca before any fare reform.",
                objectives=(1,),
                themes=("urban transport", "sustainable mobility"),
            ),
            answer(
                "Youssef Benjelloun",
                4,
                "Operators' associations are the partners, not individual drivers.",
                "Meet the Rabat-Salé minibus association this month.",
                objectives=(1, 2),
                anonymous=True,
            ),
            answer(
                "Rami Haddad",
                5,
                "Users' voices changed the Beirut discussion: they want reliability first.",
                "Run a short passenger survey on two van routes.",
                themes=("urban transport",),
            ),
            answer("Omar Al-Masri", 3, "Useful, but the Amman context is different: fewer informal operators.", ""),
        ),
    ),
    FeedbackSpec(
        "mediterranean_transport",
        "Road safety around schools: what worked in our cities",
        (
            answer(
                "Laith Obeidat",
                5,
                "Raised crossings in front of schools cut speeds more than signs.",
                "Propose two raised crossings near schools in Amman.",
                objectives=(3,),
                themes=("road safety",),
            ),
            answer(
                "Eleni Papadopoulou",
                4,
                "School travel plans only work with the parents' associations.",
                "Contact the parents' federation in Athens.",
                objectives=(3,),
                anonymous=True,
            ),
            answer(
                "Camille Roux",
                4,
                "The world café format kept everyone talking, even online.",
                "Use it for our next network meeting.",
                themes=("knowledge sharing",),
            ),
            answer(
                "Giulia Rinaldi",
                5,
                "School streets closed at drop-off time are accepted once tried.",
                "Share the Milan evaluation with the group.",
                objectives=(2, 3),
                themes=("road safety",),
            ),
        ),
    ),
)


# --- Seeding ---------------------------------------------------------------------------------------


class _FeedbackSeeder:
    def __init__(self, people, communities):
        everyone = [people["admin"], *people["facilitators"], *people["practitioners"]]
        self.users = {user.email: user for user in everyone}
        self.communities = communities
        self.specs = {spec.key: spec for spec in community_specs()}
        self.now = timezone.now()
        self.created = 0
        self.sessions = []

    def user(self, person):
        try:
            return self.users[person.email]
        except KeyError:
            raise ValueError(f"{person.display_name} was not seeded by seed_people.") from None

    def choices(self, community, spec, answer):
        declared = [objective.text for objective in self.specs[spec.community].objectives if objective.accepted]
        texts = [declared[position - 1] for position in answer.objectives]
        objectives = LearningObjective.objects.filter(
            community=community, text__in=texts, status=LearningObjective.Status.ACCEPTED
        )
        return list(objectives), list(community.themes.filter(name__in=answer.themes))

    def seed(self, spec):
        community = self.communities[spec.community]
        session = community.sessions.filter(title=spec.session, status=Session.Status.DONE).first()
        report = SessionReport.objects.filter(session=session).first() if session else None
        if report is None:
            return
        self.sessions.append(session)
        answered = set(session.feedback.values_list("user_id", flat=True))
        for turn, item in enumerate(spec.answers):
            user = self.user(item.person)
            if user.pk in answered:
                continue
            objectives, themes = self.choices(community, spec, item)
            made = feedback_give(
                session=session,
                user=user,
                usefulness=item.usefulness,
                learned=item.learned,
                will_apply=item.will_apply,
                objectives=objectives,
                themes=themes,
                is_anonymous=item.anonymous,
            )
            # Answered in the hours and days after the report came out.
            at = min(report.created_at + timedelta(hours=3 + 9 * turn), self.now - timedelta(minutes=30))
            SessionFeedback.objects.filter(pk=made.pk).update(created_at=at, updated_at=at)
            self.created += 1


def seed_feedback(people, communities):
    """Create the demo answers. Call in a transaction, after ``seed_products`` (which closes the
    sessions with their reports). Returns the counts of everything seeded and what this run created."""
    seeder = _FeedbackSeeder(people, communities)
    for spec in FEEDBACK:
        seeder.seed(spec)
    answers = SessionFeedback.objects.filter(session__in=[session.pk for session in seeder.sessions])
    return {
        "answers": answers.count(),
        "anonymous": answers.filter(is_anonymous=True).count(),
        "sessions": len(seeder.sessions),
        "created": seeder.created,
    }


def summary_line(result):
    return (
        f"{result['answers']} feedback answers ({result['anonymous']} anonymous) "
        f"on {result['sessions']} closed sessions"
    )


# --- Checks on the data ----------------------------------------------------------------------------


def _check():
    """Fail at import if the answers contradict the reports and communities."""
    specs = {spec.key: spec for spec in community_specs(date(2026, 1, 1))}
    reports = {(report.community, report.session): report for report in REPORTS}
    seen = set()
    for spec in FEEDBACK:
        where = f"{spec.community}: {spec.session!r}"
        report = reports.get((spec.community, spec.session))
        if report is None or (spec.community, spec.session) in seen:
            raise ValueError(f"{where}: feedback is for a reported session, once.")
        seen.add((spec.community, spec.session))
        community = specs[spec.community]
        hosts = {community.facilitator, *community.co_facilitators}
        accepted = [objective for objective in community.objectives if objective.accepted]
        people = [item.person for item in spec.answers]
        if len(set(people)) != len(people) or not set(people) <= set(report.attendees) - hosts:
            raise ValueError(f"{where}: answers come from attendees (not facilitators), one each.")
        for item in spec.answers:
            if item.usefulness not in range(1, 6) or not set(item.themes) <= set(community.themes):
                raise ValueError(f"{where}: {item.person.display_name}: usefulness 1 to 5, the community's themes.")
            if not all(1 <= position <= len(accepted) for position in item.objectives):
                raise ValueError(f"{where}: {item.person.display_name}: objectives are positions of accepted ones.")
            if (
                len(item.learned) > SessionFeedback.TEXT_MAX_LENGTH
                or len(item.will_apply) > SessionFeedback.TEXT_MAX_LENGTH
            ):
                raise ValueError(f"{where}: {item.person.display_name}: texts of at most 2000 characters.")
    if not any(len(spec.answers) < SessionFeedback.SMALL_GROUP for spec in FEEDBACK):
        raise ValueError("One session shows the small-group rule: fewer than three answers.")


_check()

"""Demo sessions for ``manage.py seed_demo``, built on the demo people and communities.

- The programme "Climate learning communities 2026": the virtual sessions of the five
  Eclosio CAPs, then a face-to-face week in Thiès (Senegal), as in the seeds; its two
  phases hold them, and Sophie Lambert and Julien Dethier manage it.
- The monthly meetings of the Collective Routes community in Egypt, in Cairo time.
- The sessions of the CMI Mediterranean community on sustainable urban transport, in
  Marseille time, with one hybrid session at the CMI in Marseille.

Everything goes through ``sessions.services`` as a facilitator and members would do it:
scheduling (past sessions too: the service sends nothing for those), answering going /
maybe / not going, cancelling. One small co-development group fills up, so people wait
on its list; one upcoming session is cancelled after members had answered.

Times are wall-clock times in each session's own zone, in weeks counted from the current
week: ``week=-2, weekday=TUESDAY`` is the Tuesday two weeks ago. Dates are relative to
the day of the first run.

Idempotent: the programme is looked up by slug, sessions by (community, title), and only
members who have not answered yet answer. A second run adds nothing.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from sessions import services
from sessions.models import Programme, Rsvp, Session
from sessions.services import programmes
from sessions.times import to_utc

from .people import HELENE, JULIEN, MARIAM, MOUSSA, SOPHIE, person_named

VIRTUAL, IN_PERSON, HYBRID = Session.Format.VIRTUAL, Session.Format.IN_PERSON, Session.Format.HYBRID
T = Session.Technique
MEETING_ROOMS = "https://meet.example.org/"
THIES_VENUE = "Thiès, Senegal"
ANSWERS = {"g": Rsvp.Response.GOING, "m": Rsvp.Response.MAYBE, "n": Rsvp.Response.NOT_GOING}
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)


@dataclass(frozen=True)
class SessionSpec:
    title: str
    week: int  # weeks from the current one: negative in the past, positive to come
    weekday: int  # 0 = Monday
    technique: str
    guiding_question: str
    agenda: str
    format: str = VIRTUAL
    venue: str = ""
    capacity: int | None = None
    hours: tuple = ()  # ((h, m), (h, m)) when not the plan's usual hours
    zone: str = ""  # when not the plan's zone
    # Upcoming sessions only: one letter per member, in turn: g going, m maybe, n not going,
    # "." no answer. Members come in the order they joined, rotated from session to session.
    answers: str = ""
    presenter: object = None  # a Person bringing the case: answers "going" first
    cancelled: bool = False  # cancelled once the answers are in

    @property
    def is_past(self):
        return self.week < 0


@dataclass(frozen=True)
class Plan:
    """The sessions of one community."""

    community: str  # a key of demo.communities.community_specs
    zone: str  # the zone its facilitators plan in
    hours: tuple  # ((h, m), (h, m)): the usual start and end, local time
    room: str  # its video-call room: MEETING_ROOMS + room
    facilitators: tuple  # Persons, facilitators of the community; the first one schedules
    sessions: tuple
    in_programme: bool = False


def _agenda(*steps, note=""):
    """A numbered Markdown agenda, with a closing paragraph."""
    text = "\n".join(f"{number}. {step}" for number, step in enumerate(steps, 1))
    return f"{text}\n\n{note}\n" if note else f"{text}\n"


WELCOME_FR = "**Accueil et météo du jour** (10 min) : chacun·e dit en un mot dans quel état d'esprit il ou elle arrive."
CLOSING_FR = "**Ce que je retiens, ce que je teste d'ici la prochaine fois** (15 min) : tour de table."
CODEV_FR = (
    "**Exposé du cas** (15 min) par le ou la cliente, puis **questions de clarification** (15 min).",
    "**Contrat** (5 min) : le ou la cliente formule ce qu'il ou elle attend du groupe.",
    "**Réactions, suggestions, pistes** (35 min) des consultant·es ; le ou la cliente écoute et note.",
    "**Plan d'action** (15 min) : le ou la cliente dit ce qu'il ou elle retient et va essayer.",
    "**Ce que chacun·e retient pour sa propre pratique** (15 min).",
)
WELCOME_EN = "**Welcome and check-in** (10 min): one word each on how we arrive."
CLOSING_EN = "**What I take away** (10 min), and the date of the next meeting."


# --- The five CAPs ----------------------------------------------------------------------------

CAP_AGROECOLOGIE = Plan(
    community="cap_agroecologie",
    zone="Africa/Dakar",
    hours=((14, 0), (16, 0)),
    room="cap-agroecologie",
    facilitators=(MOUSSA,),
    in_programme=True,
    sessions=(
        SessionSpec(
            "Lancement de la CAP : nos pratiques agroécologiques et nos attentes",
            -6, TUESDAY, T.EXPERIENCE_SHARING,
            "Quelles pratiques agroécologiques testons-nous sur le terrain, et qu'attendons-nous de la CAP ?",
            _agenda(
                "**Tour de table** (40 min) : chacun·e présente son organisation et une pratique testée sur le "
                "terrain (zaï, compostage, associations de cultures, semences paysannes).",
                "**Les règles du jeu** (20 min) : relecture de la charte, questions.",
                "**Nos objectifs d'apprentissage** (40 min) : propositions, regroupement, choix.",
                "**Calendrier** (20 min) : une séance toutes les deux semaines jusqu'à la semaine de Thiès.",
            ),
        ),
        SessionSpec(
            "Le zaï et les demi-lunes au Burkina Faso : retour d'expérience",
            -4, TUESDAY, T.EXPERIENCE_SHARING,
            "Comment favoriser la diffusion du zaï au-delà des parcelles de démonstration ?",
            _agenda(
                WELCOME_FR,
                "**Le cas** (20 min) : Issouf Ouédraogo (Association Zaï pour le Sahel, Ouahigouya) raconte dix "
                "ans de zaï et de demi-lunes, photos à l'appui.",
                "**Questions de clarification** (20 min).",
                "**Et chez nous ?** (50 min) : en sous-groupes, ce qui freine ou favorise l'adoption dans nos "
                "zones d'intervention.",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Brainstorming : montrer les effets de l'agroécologie sur la résilience",
            -2, TUESDAY, T.BRAINSTORMING,
            "Quels indicateurs simples pour montrer les effets de l'agroécologie sur la résilience des "
            "exploitations familiales ?",
            _agenda(
                WELCOME_FR,
                "**Idées en vrac** (30 min) : tous les indicateurs possibles, sans les juger, sur le tableau partagé.",
                "**Regroupement** (30 min) : rendements, sols, revenus, diversité, autonomie.",
                "**Choix** (30 min) : les cinq indicateurs que nos équipes peuvent vraiment suivre.",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Co-développement : impliquer les organisations paysannes dans le choix des pratiques",
            2, TUESDAY, T.CO_DEVELOPMENT,
            "Comment (mieux) impliquer les organisations paysannes dans le choix des pratiques agroécologiques ?",
            _agenda(
                *CODEV_FR,
                note="Cas apporté par Rodrigue Hounkpatin (ONG Racines Vertes, Abomey). Le co-développement se "
                "fait en petit groupe : **six places** (la cliente ou le client et cinq consultant·es). Les "
                "personnes en liste d'attente auront la priorité au prochain co-développement.",
            ),
            capacity=6,
            presenter=person_named("Rodrigue Hounkpatin"),
            answers="ggmgggng.g",  # with Rodrigue, eight say they are going: two wait
        ),
        SessionSpec(
            "Préparer la semaine de Thiès : ce que la CAP Agroécologie y apportera",
            4, TUESDAY, T.BRAINSTORMING,
            "Quelles expériences de notre CAP voulons-nous synthétiser et partager à Thiès ?",
            _agenda(
                WELCOME_FR,
                "**Relire notre parcours** (30 min) : les séances, les cas, les outils testés.",
                "**Ce que nous voulons partager** (40 min) : trois expériences, et qui les présente.",
                "**Logistique du voyage** (20 min) : visas, billets, hébergement à Thiès.",
                CLOSING_FR,
            ),
            answers="gmggg.gmgn",
        ),
    ),
)

CAP_RESSOURCES_NATURELLES = Plan(
    community="cap_ressources_naturelles",
    zone="Europe/Brussels",
    hours=((15, 0), (17, 0)),
    room="cap-ressources-naturelles",
    facilitators=(SOPHIE,),
    in_programme=True,
    sessions=(
        SessionSpec(
            "Lancement : cartographier nos démarches de gestion concertée",
            -5, WEDNESDAY, T.EXPERIENCE_SHARING,
            "Quelles ressources nos projets aident-ils à gérer, et avec qui ?",
            _agenda(
                "**Tour de table** (40 min) : bas-fonds, forêts communautaires, mangroves, bassins versants : "
                "chacun·e présente la ressource et les acteurs de son projet.",
                "**Les règles du jeu** (20 min) : relecture de la charte.",
                "**Carte commune** (45 min) : qui décide, qui utilise, qui contrôle, dans chacun de nos cas.",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Les comités locaux de gestion après la fin du projet",
            -3, WEDNESDAY, T.PEER_ASSIST,
            "Qu'est-ce qui fait qu'un comité local de gestion continue à fonctionner après la fin des financements ?",
            _agenda(
                WELCOME_FR,
                "**Deux expériences** (30 min) : un comité qui tient depuis six ans, un autre qui s'est arrêté.",
                "**Assistance par les pairs** (50 min) : ce qui, dans nos propres projets, aiderait à durer.",
                "**Conditions de durabilité** (15 min) : la liste que nous complèterons au fil des séances.",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Co-développement : une convention locale pour les bas-fonds de Kankan",
            -1, WEDNESDAY, T.CO_DEVELOPMENT,
            "Comment (mieux) impliquer les parties prenantes dans l'élaboration d'une convention locale de gestion ?",
            _agenda(
                *CODEV_FR,
                note="Cas apporté par Sékou Sylla (Direction préfectorale de l'agriculture de Kankan) : "
                "éleveurs, maraîchères et chefs coutumiers autour des mêmes bas-fonds.",
            ),
        ),
        SessionSpec(
            "Restaurer les terres dégradées : vers une fiche de capitalisation",
            1, WEDNESDAY, T.WORLD_CAFE,
            "Quelles leçons tirer de nos chantiers de restauration des terres pour les partager au-delà de la CAP ?",
            _agenda(
                WELCOME_FR,
                "**World café en trois tables** (60 min) : ce qui a marché, ce qui a coûté, ce qui a duré.",
                "**Mise en commun** (20 min) : les leçons qui reviennent d'une table à l'autre.",
                "**Plan de la fiche** (15 min) : qui rédige quoi avant la semaine de Thiès.",
                CLOSING_FR,
            ),
            answers="ggmgg.gng",
        ),
    ),
)

CAP_AGROFORESTERIE = Plan(
    community="cap_agroforesterie",
    zone="Africa/Dakar",
    hours=((14, 0), (16, 0)),
    room="cap-agroforesterie",
    facilitators=(MOUSSA,),
    in_programme=True,
    sessions=(
        SessionSpec(
            "Nos essences agroforestières et leurs usages pour les ménages",
            -5, THURSDAY, T.EXPERIENCE_SHARING,
            "Quelles essences utilisons-nous, pour quels usages, et qu'en disent les ménages ?",
            _agenda(
                WELCOME_FR,
                "**Tour de table** (50 min) : chacun·e présente deux essences de son projet (bois, fruits, "
                "fourrage, fertilité).",
                "**Tableau commun** (40 min) : essences, usages, contraintes ; bilingue français-anglais.",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Café et banane sous ombrage : la Grand'Anse et le Rwanda / Coffee and banana under shade",
            -3, THURSDAY, T.EXPERIENCE_SHARING,
            "Comment favoriser la diffusion de l'agroforesterie caféière auprès des jeunes producteurs ?",
            _agenda(
                WELCOME_FR,
                "**Haïti** (20 min) : Wilner Joseph (Association des planteurs de café de la Grand'Anse).",
                "**Rwanda** (20 min, in English) : Solange Uwimana (Green Hills Agroforestry Initiative, Huye).",
                "**Discussion** (50 min) : ce qui se transpose d'un contexte à l'autre.",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Co-développement : pourquoi les arbres plantés ne survivent-ils pas ?",
            1, THURSDAY, T.CO_DEVELOPMENT,
            "Comment (mieux) impliquer les producteurs et productrices dans le suivi des arbres après la plantation ?",
            _agenda(
                *CODEV_FR,
                note="Cas apporté par Jean-Bosco Niyonzima (Action Collines Vertes, Gitega) : moins d'un arbre "
                "sur deux vivant un an après la campagne de plantation.",
            ),
            answers="gggmg.ggn",
            presenter=person_named("Jean-Bosco Niyonzima"),
        ),
        SessionSpec(
            "Estimer simplement le carbone de nos parcelles agroforestières",
            3, THURSDAY, T.TRAINING,
            "Quelle méthode simple pour estimer le carbone stocké par une parcelle agroforestière ?",
            _agenda(
                WELCOME_FR,
                "**Présentation** (30 min) : Chantal Mbala (Centre de recherche agroforestière du Kwilu) montre "
                "une méthode par mesure des diamètres et équations allométriques.",
                "**Exercice** (45 min) : chacun·e calcule à partir des données d'une de ses parcelles.",
                "**Limites et usages** (20 min) : que peut-on en dire aux bailleurs, et aux producteurs ?",
                CLOSING_FR,
            ),
            answers="gmg.gggmgg",
            presenter=person_named("Chantal Mbala"),
        ),
    ),
)

CAP_SUIVI_EVALUATION = Plan(
    community="cap_suivi_evaluation",
    zone="Europe/Brussels",
    hours=((15, 0), (17, 0)),
    room="cap-suivi-evaluation",
    facilitators=(SOPHIE, JULIEN),
    in_programme=True,
    sessions=(
        SessionSpec(
            "Retour sur la formation en ligne au suivi-évaluation",
            -4, TUESDAY, T.EXPERIENCE_SHARING,
            "Qu'avons-nous retenu de la formation au suivi-évaluation, et qu'appliquons-nous déjà ?",
            _agenda(
                WELCOME_FR,
                "**Ce que j'ai retenu** (40 min) : une notion, un outil, une question par personne.",
                "**Ce que nous faisons déjà** (40 min) : les systèmes de suivi en place dans nos organisations.",
                "**Nos besoins** (15 min) : ce sur quoi la CAP travaillera.",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Brainstorming : des indicateurs d'adaptation que nos équipes peuvent mesurer",
            -2, TUESDAY, T.BRAINSTORMING,
            "Comment mesurer l'adaptation au changement climatique avec les moyens de nos équipes ?",
            _agenda(
                WELCOME_FR,
                "**Idées en vrac** (30 min) : tous les indicateurs possibles, sans les juger.",
                "**Tri** (40 min) : mesurable, utile, abordable ? Chaque idée passe les trois filtres.",
                "**À tester** (20 min) : chacun·e choisit deux indicateurs à essayer dans son projet.",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Co-développement : impliquer les groupes cibles dans le suivi",
            2, TUESDAY, T.CO_DEVELOPMENT,
            "Comment (mieux) impliquer les groupes cibles dans le suivi et l'évaluation des projets ?",
            _agenda(
                *CODEV_FR,
                note="Cas apporté par Wilner Joseph (Association des planteurs de café de la Grand'Anse) : des "
                "fiches de suivi que les planteurs remplissent sans en voir l'utilité.",
            ),
            answers="ggg.mgggng",
            presenter=person_named("Wilner Joseph"),
        ),
    ),
)

THIES_WEEK = (
    SessionSpec(
        "Semaine de Thiès, jour 1 : restitution des cinq CAP",
        6, MONDAY, T.EXPERIENCE_SHARING,
        "Qu'avons-nous appris dans chacune des cinq CAP, et qu'ont-elles en commun ?",
        _agenda(
            "**Accueil, présentations et programme de la semaine** (9 h 00 – 10 h 30).",
            "**Restitution des CAP Agroécologie et Gestion des ressources naturelles** (11 h 00 – 12 h 30).",
            "**Restitution des CAP Agroforesterie, Suivi-évaluation et Capitalisation** (14 h 00 – 16 h 00).",
            "**Ce qui nous frappe** (16 h 00 – 17 h 00) : points communs et différences.",
            note="Quinze participant·es des cinq CAP, avec Moussa Ndiaye (Eclosio Sénégal), Sophie Lambert "
            "(Eclosio) et Julien Dethier (Université de Liège). Heures de Thiès (GMT).",
        ),
    ),
    SessionSpec(
        "Semaine de Thiès, jour 2 : synthèse transversale des expériences",
        6, TUESDAY, T.WORLD_CAFE,
        "Quelles leçons communes tirer de nos expériences en agroécologie, gestion des ressources naturelles "
        "et agroforesterie ?",
        _agenda(
            "**World café** (9 h 00 – 12 h 30) : quatre tables — implication des groupes cibles, suivi-évaluation, "
            "durabilité des actions, diffusion des pratiques.",
            "**Synthèse en plénière** (14 h 00 – 16 h 00) : les leçons qui reviennent d'une table à l'autre.",
            "**Choix des expériences à capitaliser** (16 h 00 – 17 h 00).",
        ),
    ),
    SessionSpec(
        "Semaine de Thiès, jour 3 : visite des maraîchers des Niayes",
        6, WEDNESDAY, T.OTHER,
        "Comment les maraîchers des Niayes impliquent-ils les parties prenantes dans leurs choix, et qu'en "
        "retenir pour nos projets ?",
        _agenda(
            "**Départ en bus** (8 h 30) vers les Niayes.",
            "**Visite de parcelles et échanges** (9 h 30 – 13 h 00) avec la Fédération des maraîchers des Niayes.",
            "**Débriefing à Thiès** (15 h 00 – 17 h 00) : ce que nous avons vu, ce que nous en retenons.",
        ),
    ),
    SessionSpec(
        "Semaine de Thiès, jour 4 : atelier d'écriture des fiches de capitalisation",
        6, THURSDAY, T.PEER_ASSIST,
        "Comment capitaliser nos expériences dans des fiches utiles au-delà de nos organisations ?",
        _agenda(
            "**Rappel de la démarche en cinq étapes** (9 h 00 – 9 h 45).",
            "**Écriture en binômes** (10 h 00 – 12 h 30) : quatre fiches de capitalisation.",
            "**Relecture croisée** (14 h 00 – 16 h 00) : chaque fiche lue par un binôme d'une autre CAP.",
            "**Mise au propre** (16 h 00 – 17 h 00).",
        ),
    ),
    SessionSpec(
        "Semaine de Thiès, jour 5 : plan de diffusion et clôture",
        6, FRIDAY, T.BRAINSTORMING,
        "Comment favoriser la diffusion de nos pratiques et de nos fiches de capitalisation au-delà des CAP ?",
        _agenda(
            "**Brainstorming** (9 h 00 – 10 h 30) : à qui diffuser, par quels canaux, sous quelle forme.",
            "**Plan de diffusion** (11 h 00 – 12 h 30) : une action par organisation, avec une date.",
            "**Évaluation de la semaine et du processus** (14 h 00 – 15 h 30).",
            "**Clôture** (15 h 30 – 17 h 00) : remise des attestations.",
        ),
    ),
)

CAP_CAPITALISATION = Plan(
    community="cap_capitalisation",
    zone="Europe/Brussels",
    hours=((15, 0), (17, 0)),
    room="cap-capitalisation",
    facilitators=(SOPHIE, JULIEN),
    in_programme=True,
    sessions=(
        SessionSpec(
            "La capitalisation d'expériences en cinq étapes",
            -3, THURSDAY, T.TRAINING,
            "Qu'est-ce que capitaliser une expérience, et par où commencer ?",
            _agenda(
                WELCOME_FR,
                "**Les cinq étapes** (40 min) : choisir, décrire, analyser, tirer les leçons, partager.",
                "**Exemples** (30 min) : deux fiches de capitalisation d'autres programmes, lues ensemble.",
                "**Questions** (25 min).",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Choisir et décrire nos expériences",
            -1, THURSDAY, T.EXPERIENCE_SHARING,
            "Quelle expérience de nos projets mérite d'être capitalisée, et pour qui ?",
            _agenda(
                WELCOME_FR,
                "**Une expérience chacun·e** (50 min) : trois minutes pour la présenter.",
                "**Regroupement** (30 min) : quatre expériences à capitaliser, en binômes.",
                "**Consignes pour la description** (15 min).",
                CLOSING_FR,
            ),
        ),
        SessionSpec(
            "Relecture croisée des fiches de capitalisation",
            1, THURSDAY, T.PEER_ASSIST,
            "Nos fiches sont-elles compréhensibles et utiles pour quelqu'un qui n'a pas vécu l'expérience ?",
            _agenda(
                WELCOME_FR,
                "**Lecture** (30 min) : chaque binôme lit la fiche d'un autre binôme.",
                "**Retours** (50 min) : ce qui est clair, ce qui manque, ce qui pourrait servir ailleurs.",
                "**Suite** (15 min) : versions finales pour la semaine de Thiès.",
                CLOSING_FR,
            ),
            answers="gggmggg.gn",
        ),
        SessionSpec(
            "Préparer la semaine de Thiès : programme, présentations et logistique",
            3, THURSDAY, T.OTHER,
            "Comment préparer la semaine de Thiès pour qu'elle serve à synthétiser et capitaliser nos expériences ?",
            _agenda(
                WELCOME_FR,
                "**Le programme de la semaine** (30 min), jour par jour.",
                "**Qui présente quoi** (40 min) : restitution des CAP, fiches de capitalisation.",
                "**Logistique** (20 min) : voyage, hébergement, per diem.",
                CLOSING_FR,
            ),
            answers="ggggmgggg",
        ),
        # The face-to-face week, with the fifteen participants of the seed in mind.
        *(
            SessionSpec(
                spec.title, spec.week, spec.weekday, spec.technique, spec.guiding_question, spec.agenda,
                format=IN_PERSON, venue=THIES_VENUE, capacity=15, hours=((9, 0), (17, 0)), zone="Africa/Dakar",
                answers=answers,
            )
            for spec, answers in zip(THIES_WEEK, ("ggggggggmgg", "gggggggg.gg", "ggggmggg.gg", "gggggggggg",
                                                  "ggggggnggg"))
        ),
    ),
)

CAPS = (CAP_AGROECOLOGIE, CAP_RESSOURCES_NATURELLES, CAP_AGROFORESTERIE, CAP_SUIVI_EVALUATION, CAP_CAPITALISATION)

# --- Collective Routes, Egypt ---------------------------------------------------------------

EGYPT = Plan(
    community="egypt",
    zone="Africa/Cairo",
    hours=((18, 0), (20, 0)),  # after work
    room="collective-routes-cop",
    facilitators=(MARIAM,),
    sessions=(
        SessionSpec(
            "Experience sharing: how we involve communities in designing our projects",
            -1, WEDNESDAY, T.EXPERIENCE_SHARING,
            "How do we involve communities in designing development projects, and what have we learned from it?",
            _agenda(
                WELCOME_EN,
                "**Three stories** (45 min): Ahmed (Nile Delta Community Development Association, Tanta), "
                "Karim (Upper Egypt Rural Development Network, Assiut) and Nourhan (Cairo Youth Initiatives "
                "Foundation) tell how a project was designed with, or without, the people concerned.",
                "**Discussion** (45 min): what helped, what got in the way, what we would do differently.",
                "**Our shared repertoire** (10 min): the tools and stories we add to it.",
                CLOSING_EN,
                note="The meeting is in Arabic and English. / اللقاء بالعربية والإنجليزية.",
            ),
        ),
        SessionSpec(
            "Co-development: when a community loses trust halfway through a project",
            3, WEDNESDAY, T.CO_DEVELOPMENT,
            "What can a practitioner do when the community loses trust in a project halfway through?",
            _agenda(
                WELCOME_EN,
                "**The case** (15 min), then **clarifying questions** (15 min).",
                "**What the client expects from the group** (5 min).",
                "**Reactions, ideas and suggestions** (40 min) from the consultants; the client listens.",
                "**Action plan** (15 min): what the client takes away and will try.",
                "**What each of us learns for our own practice** (15 min).",
                note="A safe space: what is shared stays in the community (rule 1 of our charter). "
                "The meeting is in Arabic and English. / اللقاء بالعربية والإنجليزية.",
            ),
            answers="ggmgngg.gm",
        ),
        SessionSpec(
            "Brainstorming: ideas we could start together",
            7, WEDNESDAY, T.BRAINSTORMING,
            "Which new ideas could we initiate, develop and implement together as a community?",
            _agenda(
                WELCOME_EN,
                "**All the ideas** (30 min): no judgement, every idea on the board.",
                "**Clusters** (25 min): grouping similar ideas.",
                "**Which ones, with whom** (40 min): each person joins the idea they want to work on.",
                CLOSING_EN,
            ),
            answers="gm.gg.m",
        ),
    ),
)

# --- CMI, sustainable urban transport in the Mediterranean ------------------------------------

MEDITERRANEAN_TRANSPORT = Plan(
    community="mediterranean_transport",
    zone="Europe/Paris",
    hours=((10, 0), (11, 30)),
    room="cmi-urban-transport",
    facilitators=(HELENE, person_named("Mehdi Trabelsi")),
    sessions=(
        SessionSpec(
            "Integrating informal minibuses into formal public transport networks",
            -10, THURSDAY, T.EXPERIENCE_SHARING,
            "How have our cities brought informal minibus operators into the formal public transport network?",
            _agenda(
                "**Welcome and introductions** (10 min).",
                "**Cairo** (10 min): Salma Mansour, Greater Cairo Urban Mobility Observatory.",
                "**Beirut** (10 min): Rami Haddad, Beirut Public Transport Users' Association.",
                "**Tunis** (10 min): Mehdi Trabelsi, Agence tunisienne de planification des transports urbains.",
                "**Discussion** (45 min): licensing, fares, drivers' incomes, what operators gained.",
                "**Next steps** (5 min).",
            ),
        ),
        SessionSpec(
            "Financing sustainable urban mobility plans once they are adopted",
            -6, THURSDAY, T.PEER_ASSIST,
            "How do we finance a sustainable urban mobility plan once it is adopted?",
            _agenda(
                "**Welcome** (5 min).",
                "**The request** (10 min): Youssef Benjelloun (Agence de mobilité urbaine de Rabat-Salé) on the "
                "plan adopted last year and its financing gap.",
                "**Peer assist** (55 min): land value capture, fuel levies, parking revenue, development banks: "
                "what members have seen work.",
                "**Summary** (20 min): the options the agency will study.",
            ),
        ),
        SessionSpec(
            "Road safety around schools: what worked in our cities",
            -2, THURSDAY, T.WORLD_CAFE,
            "Which road safety measures around schools worked in our cities, and how can we favour their spread?",
            _agenda(
                "**Welcome** (5 min).",
                "**Virtual world café** (60 min): three breakout rooms — street design, enforcement, "
                "school travel plans — with members moving every 20 minutes.",
                "**Harvest** (25 min): the measures that worked in at least two member cities.",
            ),
        ),
        SessionSpec(
            "Open data for bus routes and timetables (GTFS)",
            2, THURSDAY, T.EXPERIENCE_SHARING,
            "How can a transport authority publish its routes and timetables as open data, and who uses them?",
            _agenda(
                "**Welcome** (5 min).",
                "**Athens' experience** (20 min): Eleni Papadopoulou, Athens Metropolitan Mobility Observatory.",
                "**Where each city stands** (40 min): routes mapped, timetables, formats, licences.",
                "**Next steps** (25 min).",
            ),
            answers="ggmg.gngg",
            presenter=person_named("Eleni Papadopoulou"),
            cancelled=True,  # the speaker could not come: to be planned again
        ),
        SessionSpec(
            "Reforming a bus network: involving operators, drivers and users",
            4, THURSDAY, T.CO_DEVELOPMENT,
            "How can we better involve stakeholders — operators, drivers and users — in reforming a bus network?",
            _agenda(
                "**Welcome at the CMI and online** (15 min).",
                "**The case** (20 min): the bus network reform of Sfax, by Amira Ben Salah (Service de la "
                "mobilité de la Municipalité de Sfax).",
                "**Clarifying questions** (20 min), in the room and in the chat.",
                "**Co-development** (60 min): suggestions from members in Marseille and online.",
                "**Action plan and lessons for other cities** (35 min).",
                note="Hybrid: in the CMI meeting room in Marseille and by video call. Lunch together afterwards "
                "for those in Marseille.",
            ),
            format=HYBRID,
            venue="Marseille, France",
            hours=((9, 30), (12, 0)),
            answers="gggmgg.ggm",
            presenter=person_named("Amira Ben Salah"),
        ),
        SessionSpec(
            "Mobility data for planning: what we collect and what we use",
            8, THURSDAY, T.BRAINSTORMING,
            "Which mobility data do we collect, and which ones actually inform our planning decisions?",
            _agenda(
                "**Welcome** (5 min).",
                "**Brainstorming** (40 min): every data source we have — counts, surveys, ticketing, GPS, phones.",
                "**Sorting** (30 min): used in decisions, collected but unused, missing.",
                "**Next steps** (15 min): a shared inventory for the knowledge platform.",
            ),
            answers="gm.gg.",
        ),
    ),
)

PLANS = (*CAPS, EGYPT, MEDITERRANEAN_TRANSPORT)

# --- The programme ------------------------------------------------------------------------------

PROGRAMME_NAME = "Climate learning communities 2026: virtual sessions and a week in Thiès"
PROGRAMME_MANAGERS = (SOPHIE, JULIEN)  # the first one creates it
VIRTUAL_PHASE = "Virtual sessions"
THIES_PHASE = "Face-to-face week in Thiès"
PROGRAMME_SLUG = slugify(PROGRAMME_NAME, allow_unicode=True)
PROGRAMME_DESCRIPTION = """\
A collective learning process of Eclosio, with the University of Liège, to improve the impact
and visibility of climate change mitigation and adaptation projects. Professionals from
**Benin, Burkina Faso, Burundi, DR Congo, Guinea, Haiti, Rwanda and Senegal** work in five
learning and practice communities (CAP), around what their organisations asked to strengthen:

- **methods**: monitoring and evaluation, capitalisation of experiences, sustainability of
  actions, and a greater involvement of target groups;
- **themes**: agroecology, natural resource management and agroforestry.

## Two parts

1. **Virtual sessions.** Each CAP meets online every two weeks for two hours. A session starts
   from a case brought by a member and tries out a collective intelligence tool:
   co-development, brainstorming, world café, peer assist.
2. **A week in Thiès (Senegal).** Fifteen participants from the five CAPs meet face to face
   for five days to reflect on, synthesise, capitalise on and disseminate the experiences
   discussed in the virtual CAPs, with a field visit to the market gardeners of the Niayes.

## Pourquoi une CAP ?

Bien que travaillant dans des contextes différents, nous nous posons tou·tes des questions
comme « comment (mieux) impliquer les parties prenantes ? » ou « comment favoriser la
diffusion de telle ou telle pratique ? ». Une communauté d'apprentissage et de pratiques
permet, au cours de séances virtuelles et présentielles, de partager ces points communs et de
s'appuyer les un·es sur les autres pour améliorer ses pratiques, dans un endroit sûr où
chacun·e peut donner son avis, poser des questions sensibles ou parler de ses erreurs.

Le travail d'une CAP doit bénéficier aux personnes et au groupe, mais aussi présenter une
plus-value pour les organisations et au-delà : les fiches de capitalisation produites à Thiès
seront partagées avec toutes et tous.
"""


# --- Seeding ----------------------------------------------------------------------------------


def wall_clock(day, hour_minute, zone):
    """Aware UTC for a wall-clock time; an hour later if the clocks jump over it or repeat it."""
    local = datetime.combine(day, time(*hour_minute))
    try:
        return to_utc(local, zone)
    except ValidationError:
        return to_utc(local + timedelta(hours=1), zone)


def _day(spec, zone):
    """The spec's weekday in its week, counted from the current week in ``zone``."""
    today = timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(zone)).date()
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=spec.week, days=spec.weekday)


def in_thies_week(spec):
    return spec.format == IN_PERSON and spec.venue == THIES_VENUE


def phase_days():
    """{phase name: (first day, last day)} of the programme's sessions, in their own zones."""
    days = {VIRTUAL_PHASE: [], THIES_PHASE: []}
    for plan in CAPS:
        for spec in plan.sessions:
            days[THIES_PHASE if in_thies_week(spec) else VIRTUAL_PHASE].append(_day(spec, spec.zone or plan.zone))
    return {name: (min(found), max(found)) for name, found in days.items()}


class _SessionSeeder:
    def __init__(self, people, communities):
        everyone = [people["admin"], *people["facilitators"], *people["practitioners"]]
        self.users = {user.email: user for user in everyone}
        self.admin = people["admin"]
        self.communities = communities
        self.sessions = []
        self.phases = {}

    def user(self, person):
        try:
            return self.users[person.email]
        except KeyError:
            raise ValueError(f"{person.display_name} was not seeded by seed_people.") from None

    def programme(self):
        """The programme, its communities (added by the platform admin), managers and phases."""
        creator = self.user(PROGRAMME_MANAGERS[0])
        programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first() or programmes.programme_create(
            by=creator, name=PROGRAMME_NAME, description=PROGRAMME_DESCRIPTION
        )
        attached = set(programme.communities.values_list("pk", flat=True))
        for plan in CAPS:
            community = self.communities[plan.community]
            if community.pk not in attached:
                programmes.programme_community_add(programme=programme, community=community, by=self.admin)
        managers = set(programme.managers.values_list("pk", flat=True))
        for person in PROGRAMME_MANAGERS:
            if self.user(person).pk not in managers:
                programmes.programme_manager_add(programme=programme, user=self.user(person), by=self.admin)
        for order, (name, (first, last)) in enumerate(phase_days().items(), 1):
            self.phases[name] = programme.phases.filter(name=name).first() or programmes.phase_create(
                programme=programme, by=creator, name=name, order=order, starts_on=first, ends_on=last
            )
        return programme

    def phase(self, spec):
        return self.phases[THIES_PHASE if in_thies_week(spec) else VIRTUAL_PHASE]

    def schedule(self, plan, spec, community, programme):
        zone = spec.zone or plan.zone
        start, end = spec.hours or plan.hours
        day = _day(spec, zone)
        online = spec.format in (VIRTUAL, HYBRID)
        facilitators = [self.user(person) for person in plan.facilitators]
        return services.session_schedule(
            community=community,
            by=facilitators[0],
            facilitators=facilitators,
            title=spec.title,
            guiding_question=spec.guiding_question,
            agenda=spec.agenda,
            format=spec.format,
            technique=spec.technique,
            starts_at=wall_clock(day, start, zone),
            ends_at=wall_clock(day, end, zone),
            timezone=zone,
            video_link=MEETING_ROOMS + plan.room if online else "",
            venue=spec.venue,
            capacity=spec.capacity,
            programme=programme if plan.in_programme else None,
            phase=self.phase(spec) if plan.in_programme else None,
        )

    def answer(self, session, spec, turn):
        """Members who have not answered yet answer, unless the session is closed to answers."""
        if not spec.answers or session.is_cancelled or session.has_started:
            return
        presenter = self.user(spec.presenter) if spec.presenter else None
        hosts = {*session.facilitators.values_list("pk", flat=True), presenter and presenter.pk}
        members = [
            m.user
            for m in session.community.memberships.active().select_related("user").order_by("pk")
            if m.user_id not in hosts
        ]
        shift = (3 * turn) % len(members) if members else 0
        answers = [(user, ANSWERS.get(letter)) for user, letter in zip(members[shift:] + members[:shift], spec.answers)]
        if presenter:
            answers.insert(0, (presenter, Rsvp.Response.GOING))
        answered = set(session.rsvps.values_list("user_id", flat=True))
        for user, response in answers:
            if response and user.pk not in answered:
                services.rsvp_set(session=session, user=user, response=response)

    def seed(self, plan, programme, turn):
        community = self.communities[plan.community]
        for spec in plan.sessions:
            session = Session.objects.filter(community=community, title=spec.title).first()
            if session is None:
                session = self.schedule(plan, spec, community, programme)
            elif session.programme_id and session.phase_id is None and not session.is_cancelled:
                # Seeded before programmes had phases: placed in its phase, nobody is told.
                session = services.session_update(
                    session=session, by=self.user(plan.facilitators[0]), phase=self.phase(spec)
                )
            self.answer(session, spec, turn)
            if spec.cancelled and not session.is_cancelled:
                session = services.session_cancel(session=session, by=self.user(plan.facilitators[0]))
            self.sessions.append(session)
            turn += 1
        return turn


def seed_sessions(people, communities):
    """Create (or find) the demo programme, sessions and answers. Call in a transaction.

    ``people`` is what ``demo.people.seed_people`` returns, ``communities`` what
    ``demo.communities.seed_communities`` returns. Returns the programme, the sessions and
    their counts (all the seeded sessions, whether this run created them or not).
    """
    seeder = _SessionSeeder(people, communities)
    programme = seeder.programme()
    turn = 0
    for plan in PLANS:
        turn = seeder.seed(plan, programme, turn)
    return summary(programme, seeder.sessions)


def summary(programme, sessions):
    now = timezone.now()
    seeded = Session.objects.filter(pk__in=[session.pk for session in sessions])
    live = seeded.exclude(status=Session.Status.CANCELLED)
    rsvps = Rsvp.objects.filter(session__in=seeded).aggregate(
        total=Count("pk"), waitlisted=Count("pk", filter=Q(is_waitlisted=True))
    )
    return {
        "programme": programme,
        "sessions": sessions,
        "upcoming": live.filter(ends_at__gte=now).count(),
        "past": live.filter(ends_at__lt=now).count(),
        "cancelled": seeded.filter(status=Session.Status.CANCELLED).count(),
        "rsvps": rsvps["total"],
        "waitlisted": rsvps["waitlisted"],
    }


def _check_plans():
    """Fail at import if the data contradict themselves."""
    for plan in PLANS:
        titles = [spec.title for spec in plan.sessions]
        if len(set(titles)) != len(titles):
            raise ValueError(f"{plan.community}: two sessions share a title.")
        for spec in plan.sessions:
            if spec.week == 0:
                raise ValueError(f"{spec.title}: this week's session would be past or upcoming by the day.")
            if spec.is_past and (spec.answers or spec.cancelled):
                raise ValueError(f"{spec.title}: a past session takes no answers and is not cancelled.")
            if set(spec.answers) - {*ANSWERS, "."}:
                raise ValueError(f"{spec.title}: answers are g, m, n or '.'.")
            if spec.format in (IN_PERSON, HYBRID) and not spec.venue:
                raise ValueError(f"{spec.title}: say where it takes place.")
            if not 0 <= spec.weekday <= 6 or len(spec.title) > 200 or len(spec.guiding_question) > 300:
                raise ValueError(f"{spec.title}: check the weekday, title and guiding question.")


_check_plans()

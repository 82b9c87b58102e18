"""Demo communities for ``manage.py seed_demo``, built on the people of ``demo.people``.

Eight communities shaped like the ones in the seeds: the Collective Routes community of
development practitioners in Egypt, the five Eclosio climate learning and practice
communities (CAP), the CMI Mediterranean community on sustainable urban transport, and
a forming Arabic-named community on participatory evaluation.

Everything goes through ``communities.services``, as a facilitator and members would do
it on the site: creating, opening, asking to join, approving, inviting, accepting,
naming co-facilitators, proposing objectives, following a forming community.

Idempotent: communities are looked up by name, memberships by (person, community),
invitations are sent only to addresses without a pending one, objectives by (community,
text) and expressions of interest by (community, address). A second run changes nothing.
Dates are relative to the day of the first run.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from communities import services
from communities.models import Community, Interest, Invitation, LearningObjective, Membership

from .people import (
    DEMO_EMAIL_DOMAIN,
    FACILITATORS,
    HELENE,
    JULIEN,
    MARIAM,
    MOUSSA,
    SOPHIE,
    people_named,
    person_named,
)


def guest_email(n):
    return f"guest{n}@{DEMO_EMAIL_DOMAIN}"


def follower_email(n):
    return f"follower{n}@{DEMO_EMAIL_DOMAIN}"


@dataclass(frozen=True)
class Objective:
    text: str
    accepted: bool = True  # accepted by the facilitator who wrote it
    proposed_by: object = None  # a Person; a proposal still waiting for a decision


@dataclass(frozen=True)
class CommunitySpec:
    key: str
    facilitator: object  # the Person who creates the community
    fields: dict  # passed to community_create (with themes)
    themes: tuple
    members: tuple = ()  # active members, in the order they join
    co_facilitators: tuple = ()  # members made facilitators
    waitlisted: tuple = ()  # approved once the community is full
    requests: tuple = ()  # asked to join, not yet decided
    invitations: tuple = ()  # pending invitations (addresses)
    interests: tuple = ()  # (address, language) following the community while it forms
    objectives: tuple = ()
    opens: bool = False  # created forming, then opened once its followers are in
    full: bool = False  # capacity = its active members, so later approvals wait

    @property
    def name(self):
        return self.fields["name"]


def _countries(people):
    """Where the practitioners come from (facilitators and researchers from Europe aside)."""
    return sorted({person.country for person in people if person.country and person not in FACILITATORS})


# --- Texts ------------------------------------------------------------------------------

EGYPT_DESCRIPTION = """\
The development field in Egypt has grown over the last four decades, and faster since
January 2011: more institutions, actors, projects and activities. Yet development
practitioners still lack **spaces to reflect** and networks to share experience.

Collective Routes hosts this community of practice so that practitioners learn from each
other, reflect on their practice and develop their capacities, and so that the general
knowledge and practice of development in Egypt moves forward.

## What we want

- A **collective learning space** where practitioners learn from each other and reflect on
  their practice.
- A **support network** where people can freely share their fears and questions and ask
  for support.
- A **brainstorming space** where new ideas are started, developed and carried out
  together.

## How we work

Collaborative learning is both the means and the end: the members lead their learning,
set the objectives and work together to reach them. Over the meetings we build a shared
repertoire of resources: experiences, stories, tools and ways of addressing recurring
problems.

Organisations or self-organised groups that want this learning experience for their own
team can ask for it from the platform's home page.

---

مجتمع ممارسة للعاملين في مجال التنمية في مصر: مساحة للتعلّم الجماعي والتفكير في
ممارساتنا وتبادل الدعم والأفكار.
"""

EGYPT_CHARTER = """\
## Rules of the game

1. **Confidentiality.** What is shared in our meetings stays here. We never quote a person
   or an organisation outside the community without their agreement.
2. **Benevolence.** We listen first and question practices, never people. Every context
   is different and every experience counts.
3. **The right to make mistakes.** Failures and doubts are welcome: they teach as much as
   successes. Nobody is judged for what did not work.
4. **Speaking time.** The facilitator makes sure everyone can speak; we keep our turns
   short and leave room for quieter members. Arabic and English are both welcome.
5. **Sharing outputs.** Tools, notes and stories we produce together are shared with all
   members, and beyond the community once the people concerned agree.
6. **Commitment.** We come to the monthly meeting, and say so in advance when we cannot.

## قواعد اللعبة

- **السرّية:** ما يُقال في لقاءاتنا يبقى بيننا.
- **حسن النية:** نناقش الممارسات لا الأشخاص.
- **الحق في الخطأ:** الأخطاء مصدر للتعلّم.
- **وقت الكلام:** لكل عضو فرصة للتعبير، بالعربية أو بالإنجليزية.
- **مشاركة النتائج:** ما ننتجه معًا متاح لجميع الأعضاء.
"""

CAP_INTRO = """\
Une communauté d'apprentissage et de pratiques (CAP) du processus d'apprentissage
collectif d'Eclosio sur les projets d'atténuation et d'adaptation au changement
climatique, avec des professionnel·les du Bénin, du Burkina Faso, du Burundi, de la RD
Congo, de Guinée, d'Haïti, du Rwanda et du Sénégal.

"""

CAP_OUTRO = """

## Comment nous travaillons

Idéalement composée d'une dizaine de personnes, la CAP se réunit en ligne toutes les deux
semaines pendant deux heures. Chaque séance part d'un cas apporté par un·e membre, puis
teste un outil d'intelligence collective (co-développement, brainstorming, analyse de
pratiques). Les facilitateurs et facilitatrices d'Eclosio animent les séances ; l'équipe
de l'Université de Liège accompagne la méthodologie.

Le processus se termine par une semaine de travail en présentiel à Thiès (Sénégal) pour
synthétiser, capitaliser et diffuser les expériences des CAP.
"""


def cap_charter(rhythm_note):
    return f"""\
## Règles du jeu

1. **Confidentialité.** Ce qui se dit dans la CAP reste dans la CAP. On ne cite ni une
   personne ni une organisation à l'extérieur sans son accord.
2. **Bienveillance.** On questionne les pratiques, jamais les personnes. Chacun·e peut
   donner son avis et poser des questions, même sensibles.
3. **Droit à l'erreur.** Les erreurs et les échecs sont aussi riches d'apprentissage que
   les réussites : on les partage sans crainte d'être jugé·e.
4. **Temps de parole.** Le facilitateur ou la facilitatrice veille à ce que chacun·e
   s'exprime ; les tours de table sont courts. Si la connexion est mauvaise, on peut
   intervenir par écrit dans la discussion.
5. **Partage des productions.** Les fiches, outils et comptes rendus produits ensemble
   sont partagés avec tous les membres, puis diffusés au-delà de la CAP après accord des
   personnes concernées, en citant leurs auteur·es.
6. **Engagement.** {rhythm_note}
"""


CMI_DESCRIPTION = """\
The Center for Mediterranean Integration (CMI) is a multi-partner platform where
development agencies, governments, local authorities and civil society from around the
Mediterranean exchange knowledge, discuss public policies and look for solutions to the
region's shared challenges.

This community of practice builds on the networks, knowledge products and capacity
building of the **CMI Sustainable Urban Transport programme**, running since 2010. It
brings together technical and administrative staff of transport authorities and
municipalities, and experts of partner organisations, to share experiences, good
practice and knowledge products continuously.

## Topics

- Reforming bus networks and integrating informal transport
- Sustainable urban mobility plans and their financing
- Road safety and active mobility (walking, cycling)
- Mobility data for planning

We meet by videoconference every month: frequent exchanges at a fraction of the cost of
conferences. Sessions are held in English; members may speak French or Arabic, and
summaries are shared in the three languages.

Membership is by invitation of the CMI and its partners.
"""

CMI_CHARTER = """\
## Rules of the game

1. **Confidentiality.** Draft policies, figures and documents shared by administrations
   stay within the community unless their owners publish them.
2. **Benevolence.** We compare contexts, not countries: every city works under its own
   constraints, and we discuss practices with respect.
3. **The right to make mistakes.** Projects that stalled are as instructive as flagship
   ones. Say what did not work: it saves the next city time.
4. **Speaking time.** The facilitators give the floor in turn and keep presentations to
   ten minutes, leaving half of each session for discussion.
5. **Sharing outputs.** Session summaries and knowledge products are shared with all
   members and, once validated, published on the CMI knowledge platform.
6. **Languages.** Speak the language you are most at ease in; ask for a summary whenever
   you need one.
"""

EVALUATION_DESCRIPTION = """\
مجتمع ممارسة ناشئ للعاملين في مجال التنمية في مصر والأردن، يهتمّ **بالتقييم التشاركي**:
كيف نُشرك المجتمعات المحلية، والنساء والشباب بشكل خاص، في تقييم المشاريع التي تعنيهم؟

## ما نريده

- التعرّف على أدوات التقييم التشاركي وتجربتها في مشاريعنا.
- تبادل التجارب الناجحة والصعوبات التي نواجهها.
- إنتاج مراجع عملية باللغة العربية.

## كيف سنعمل

لقاء شهري عبر الإنترنت، يبدأ بحالة يعرضها أحد الأعضاء، ثم نقاش جماعي. سيفتح المجتمع
أبوابه عند اكتمال مجموعة من نحو عشرة أشخاص؛ سجّل بريدك الإلكتروني لتصلك الأخبار.

---

A forming community of practice on participatory evaluation for development
practitioners in Egypt and Jordan. Working languages: Arabic and English.
"""

EVALUATION_CHARTER = """\
## قواعد اللعبة

1. **السرّية:** ما يُشارَك في لقاءاتنا يبقى داخل المجتمع، ولا نذكر شخصًا أو مؤسسة خارجه
   دون موافقتهما.
2. **حسن النية:** نناقش الممارسات لا الأشخاص، ونحترم اختلاف السياقات.
3. **الحق في الخطأ:** التجارب التي لم تنجح مصدر غنيّ للتعلّم، ولا أحد يُحاسَب عليها هنا.
4. **وقت الكلام:** يحرص الميسّر على أن يتكلّم الجميع، وتكون المداخلات قصيرة.
5. **مشاركة النتائج:** الأدوات والملخّصات التي ننتجها معًا متاحة لجميع الأعضاء، وتُنشر
   خارج المجتمع بعد موافقة أصحابها.
"""


# --- The communities ------------------------------------------------------------------------


def _cap_dates(today, index):
    """The five CAPs started about two months ago, a week apart, for 28 weeks each."""
    start = today - timedelta(days=63 + today.weekday()) + timedelta(weeks=index)
    return start, start + timedelta(weeks=28)


def _cap(key, index, today, facilitator, name, tagline, themes, about, members, *, languages="fr",
         rhythm, objectives, **extra):
    start, end = _cap_dates(today, index)
    everyone = members + extra.get("waitlisted", ()) + extra.get("requests", ())
    return CommunitySpec(
        key=key,
        facilitator=facilitator,
        fields={
            "name": name,
            "tagline": tagline,
            "description": CAP_INTRO + about + CAP_OUTRO,
            "charter": cap_charter(rhythm),
            "working_languages": languages,
            "countries": _countries(everyone),
            "region": "Afrique de l'Ouest, Afrique centrale, Afrique de l'Est et Haïti",
            "host_organisations": "Eclosio, avec l'Université de Liège",
            "visibility": Community.Visibility.PRIVATE,
            "join_policy": Community.JoinPolicy.REQUEST,
            "ideal_size": 10,
            "status": Community.Status.ACTIVE,
            "start_date": start,
            "end_date": end,
        },
        themes=themes,
        members=members,
        objectives=objectives,
        **extra,
    )


def community_specs(today=None):
    today = today or timezone.localdate()
    return (
        CommunitySpec(
            key="egypt",
            facilitator=MARIAM,
            fields={
                "name": "Development practitioners Egypt",
                "tagline": "Development practitioners in Egypt learning from each other and "
                "reflecting on their practice.",
                "description": EGYPT_DESCRIPTION,
                "charter": EGYPT_CHARTER,
                "working_languages": "en,ar",
                "countries": ["EG"],
                "region": "Egypt and the Mediterranean",
                "host_organisations": "Collective Routes",
                "visibility": Community.Visibility.PUBLIC,
                "join_policy": Community.JoinPolicy.REQUEST,
                "ideal_size": 12,
                "status": Community.Status.FORMING,  # opened by community_update below
                "start_date": today - timedelta(days=21),
            },
            themes=("collaborative learning", "community development", "participatory approaches",
                    "monitoring and evaluation"),
            interests=((follower_email(4), "en"), (follower_email(5), "ar")),
            opens=True,
            members=people_named(
                "Ahmed Abdelrahman", "Nourhan El-Sayed", "Mostafa Farouk", "Karim Hegazy",
                "Yasmine Shawky", "Salma Mansour", "Dana Haddadin", "Amira Ben Salah",
                "Maya Khoury", "Ghita El Amrani",
            ),
            requests=people_named("Omar Al-Masri", "Skander Jaziri"),
            objectives=(
                Objective("Reflect together on how we involve communities in designing development projects"),
                Objective("Build a shared repertoire of tools and stories for monitoring, evaluation and learning"),
                Objective("Create a support network where practitioners share their fears and questions about their work"),
                Objective(
                    "Run a peer-coaching session on gender-sensitive programming",
                    accepted=False,
                    proposed_by=person_named("Nourhan El-Sayed"),
                ),
            ),
        ),
        _cap(
            "cap_agroecologie", 0, today, MOUSSA,
            "CAP Agroécologie",
            "Partager nos pratiques agroécologiques face au changement climatique, du champ à "
            "l'organisation paysanne.",
            ("agroecology", "climate adaptation", "soil and water conservation"),
            "## Notre question\n\nComment accompagner la transition agroécologique des exploitations "
            "familiales, et comment en montrer les effets sur leur résilience face au climat ? Zaï, "
            "compostage, associations de cultures, semences paysannes : chacun·e apporte ce qu'il ou "
            "elle a testé sur le terrain.",
            people_named(
                "Rodrigue Hounkpatin", "Issouf Ouédraogo", "Rasmata Zongo", "Espérance Irakoze",
                "Patient Mukendi", "Mamadou Diallo", "Sékou Sylla", "Nadège Pierre-Louis",
                "Jean-Claude Habimana", "Diane Mukamana", "Aïssatou Diop",
            ),
            languages="fr,en",
            full=True,
            waitlisted=people_named("Seynabou Ndiaye"),
            rhythm="On participe à au moins deux séances sur trois et on prévient en cas d'absence. "
            "La CAP est complète : une place libérée revient à la première personne en liste d'attente.",
            objectives=(
                Objective("Documenter trois pratiques agroécologiques d'adaptation (zaï, compostage, "
                          "associations de cultures) testées par les membres"),
                Objective("Construire ensemble une grille d'analyse des effets de l'agroécologie sur la "
                          "résilience des exploitations familiales"),
                Objective("Échanger sur nos démarches pour impliquer les organisations paysannes dans le "
                          "choix des pratiques"),
                Objective(
                    "Organiser une visite d'échange virtuelle entre les maraîchers des Niayes et ceux de "
                    "Grand-Popo",
                    accepted=False,
                    proposed_by=person_named("Aïssatou Diop"),
                ),
            ),
        ),
        _cap(
            "cap_ressources_naturelles", 1, today, SOPHIE,
            "CAP Gestion des ressources naturelles",
            "Gérer l'eau, les sols et les forêts avec les communautés locales, et que cela dure "
            "après le projet.",
            ("natural resource management", "climate adaptation", "sustainability of actions"),
            "## Notre question\n\nComment organiser une gestion concertée des ressources naturelles "
            "(bas-fonds, forêts communautaires, mangroves, bassins versants) qui survive à la fin des "
            "financements ? Nous comparons nos démarches de concertation et les règles que se donnent "
            "les comités locaux.",
            people_named(
                "Fiacre Dossou", "Boukary Kaboré", "Déogratias Nshimirimana", "Espérance Irakoze",
                "Dieudonné Ilunga", "Sékou Sylla", "Mariama Bah", "Jean-Robert Desrosiers",
                "Emmanuel Mugisha", "Khady Faye",
            ),
            requests=people_named("Aminata Sawadogo", "Diane Mukamana"),
            rhythm="On participe à au moins deux séances sur trois et on prévient en cas d'absence.",
            objectives=(
                Objective("Comparer nos démarches de concertation pour la gestion communautaire des "
                          "ressources naturelles"),
                Objective("Identifier les conditions de durabilité des comités locaux de gestion après la "
                          "fin des projets"),
                Objective("Produire une fiche de capitalisation sur la restauration des terres dégradées"),
                Objective(
                    "Partager des outils simples de cartographie participative des ressources",
                    accepted=False,
                    proposed_by=person_named("Khady Faye"),
                ),
            ),
        ),
        _cap(
            "cap_agroforesterie", 2, today, MOUSSA,
            "CAP Agroforesterie",
            "Des arbres dans les champs : partager nos réussites et nos difficultés en agroforesterie.",
            ("agroforestry", "climate change mitigation", "soil and water conservation"),
            "## Notre question\n\nQuelles essences, quels itinéraires et quels appuis pour que les "
            "producteurs et productrices adoptent durablement l'agroforesterie, des collines du "
            "Burundi aux caféières de la Grand'Anse ? Les membres anglophones du Rwanda participent en "
            "anglais ; les comptes rendus sont bilingues.",
            people_named(
                "Bernadette Agossou", "Boukary Kaboré", "Jean-Bosco Niyonzima", "Claudine Hakizimana",
                "Grâce Bahati", "Chantal Mbala", "Wilner Joseph", "Mirlande Saint-Fleur",
                "Solange Uwimana", "Ousmane Sarr",
            ),
            languages="fr,en",
            rhythm="On participe à au moins deux séances sur trois et on prévient en cas d'absence.",
            objectives=(
                Objective("Comparer les essences agroforestières utilisées par les membres et leurs usages "
                          "pour les ménages"),
                Objective("Analyser les conditions d'adoption de l'agroforesterie par les producteurs et "
                          "productrices"),
                Objective("Estimer simplement le carbone stocké par nos parcelles agroforestières"),
                Objective(
                    "Share lessons from coffee and banana agroforestry between Rwanda and Haiti",
                    accepted=False,
                    proposed_by=person_named("Solange Uwimana"),
                ),
            ),
        ),
        _cap(
            "cap_suivi_evaluation", 3, today, SOPHIE,
            "CAP Suivi-évaluation",
            "Construire des systèmes de suivi-évaluation utiles aux équipes et aux communautés, pas "
            "seulement aux bailleurs.",
            ("monitoring and evaluation", "participatory approaches", "climate adaptation"),
            "## Notre question\n\nComment mettre en place, avec peu de moyens, un système de "
            "suivi-évaluation qui mesure vraiment l'adaptation au changement climatique et qui implique "
            "les groupes cibles ? La CAP s'appuie sur la formation en ligne au suivi-évaluation suivie "
            "par les participant·es.",
            people_named(
                "Julien Dethier", "Rodrigue Hounkpatin", "Issouf Ouédraogo", "Jean-Bosco Niyonzima",
                "Patient Mukendi", "Mamadou Diallo", "Wilner Joseph", "Jean-Claude Habimana",
                "Aïssatou Diop", "Seynabou Ndiaye", "Bernadette Agossou", "Rasmata Zongo",
            ),
            co_facilitators=(JULIEN,),
            rhythm="On participe à au moins deux séances sur trois ; entre deux séances, chacun·e teste "
            "un outil dans son organisation et en rend compte.",
            objectives=(
                Objective("Définir des indicateurs d'adaptation au changement climatique mesurables par nos "
                          "équipes"),
                Objective("Tester un outil de collecte de données mobile adapté aux zones à faible connexion"),
                Objective("Impliquer davantage les groupes cibles dans le suivi et l'évaluation des projets"),
                Objective("Mettre en place un système de suivi-évaluation dans chaque organisation membre "
                          "d'ici la fin de la CAP"),
                Objective(
                    "Partager nos modèles de rapports de suivi destinés aux bailleurs",
                    accepted=False,
                    proposed_by=person_named("Patient Mukendi"),
                ),
            ),
        ),
        _cap(
            "cap_capitalisation", 4, today, SOPHIE,
            "CAP Capitalisation d'expériences",
            "Tirer les leçons de nos projets climat et les partager au-delà de nos organisations.",
            ("capitalization of experiences", "knowledge sharing", "climate adaptation"),
            "## Notre question\n\nComment transformer l'expérience vécue dans nos projets en "
            "connaissances partageables ? Chaque membre choisit une expérience, la décrit, l'analyse "
            "avec le groupe et en tire une fiche de capitalisation, présentée lors de la semaine à Thiès.",
            people_named(
                "Julien Dethier", "Mariette Adjovi", "Aminata Sawadogo", "Claudine Hakizimana",
                "Grâce Bahati", "Fatoumata Camara", "Nadège Pierre-Louis", "Solange Uwimana",
                "Ousmane Sarr", "Mariama Bah", "Chantal Mbala", "Mamadou Gueye",
            ),
            co_facilitators=(JULIEN,),
            rhythm="On participe à au moins deux séances sur trois et on relit la fiche d'un·e autre "
            "membre avant chaque séance de validation.",
            objectives=(
                Objective("Maîtriser une démarche de capitalisation d'expériences en cinq étapes"),
                Objective("Produire quatre fiches de capitalisation à partir des projets des membres"),
                Objective("Préparer la restitution des expériences lors de la semaine de travail en "
                          "présentiel à Thiès"),
                Objective(
                    "Réaliser une courte vidéo de capitalisation avec les producteurs et productrices",
                    accepted=False,
                    proposed_by=person_named("Fatoumata Camara"),
                ),
            ),
        ),
        CommunitySpec(
            key="mediterranean_transport",
            facilitator=HELENE,
            fields={
                "name": "Sustainable urban transport in the Mediterranean",
                "tagline": "Transport authorities and experts around the Mediterranean sharing what works "
                "for sustainable urban mobility.",
                "description": CMI_DESCRIPTION,
                "charter": CMI_CHARTER,
                "working_languages": "en,fr,ar",
                "countries": ["EG", "FR", "GR", "IT", "JO", "LB", "MA", "TN", "PS"],
                "region": "Mediterranean",
                "host_organisations": "Center for Mediterranean Integration (CMI), Marseille",
                "visibility": Community.Visibility.PUBLIC,
                "join_policy": Community.JoinPolicy.INVITATION,
                "ideal_size": 12,
                "status": Community.Status.ACTIVE,
                "start_date": today - timedelta(days=180),
            },
            themes=("urban transport", "sustainable mobility", "public transport planning", "road safety",
                    "knowledge sharing"),
            members=people_named(
                "Mehdi Trabelsi", "Salma Mansour", "Youssef Benjelloun", "Hamza Tazi", "Amira Ben Salah",
                "Rami Haddad", "Omar Al-Masri", "Laith Obeidat", "Camille Roux", "Eleni Papadopoulou",
                "Giulia Rinaldi", "Francesca Conti",
            ),
            co_facilitators=people_named("Mehdi Trabelsi"),
            invitations=(guest_email(1), guest_email(2), person_named("Nikos Georgiou").email),
            objectives=(
                Objective("Compare how member cities integrate informal minibuses into formal public "
                          "transport networks"),
                Objective("Build a shared library of sustainable urban mobility plans and their lessons"),
                Objective("Identify road safety measures around schools that worked in at least two member "
                          "cities"),
                Objective(
                    "Exchange on open data for bus routes and timetables (GTFS)",
                    accepted=False,
                    proposed_by=person_named("Rami Haddad"),
                ),
            ),
        ),
        CommunitySpec(
            key="participatory_evaluation",
            facilitator=MARIAM,
            fields={
                "name": "مجتمع ممارسة التقييم التشاركي",
                "tagline": "ممارسون من مصر والأردن يتعلّمون معًا كيف يُشركون المجتمعات في تقييم المشاريع.",
                "description": EVALUATION_DESCRIPTION,
                "charter": EVALUATION_CHARTER,
                "working_languages": "ar,en",
                "countries": ["EG", "JO"],
                "region": "مصر والأردن",
                "host_organisations": "Collective Routes",
                "visibility": Community.Visibility.PUBLIC,
                "join_policy": Community.JoinPolicy.OPEN,
                "ideal_size": 10,
                "status": Community.Status.FORMING,
                "start_date": today + timedelta(days=42),
            },
            themes=("monitoring and evaluation", "participatory approaches", "community development"),
            members=people_named("Mostafa Farouk", "Ahmed Abdelrahman", "Omar Al-Masri"),
            co_facilitators=people_named("Mostafa Farouk"),
            interests=((follower_email(1), "ar"), (follower_email(2), "en"), (follower_email(3), "ar")),
            objectives=(
                Objective("التعرّف على أدوات التقييم التشاركي وتجربتها في مشاريعنا"),
                Objective("تبادل الخبرات حول إشراك النساء والشباب في تقييم المشاريع"),
                Objective("إعداد دليل عملي مختصر باللغة العربية للتقييم التشاركي"),
                Objective(
                    "تنظيم جلسة حول أسلوب «التغيير الأكثر أهمية» في التقييم",
                    accepted=False,
                    proposed_by=person_named("Ahmed Abdelrahman"),
                ),
            ),
        ),
    )


# --- Seeding ----------------------------------------------------------------------------------

REQUEST_MESSAGES = {
    "fr": "Bonjour, je travaille à {org} et je souhaite partager mes expériences de terrain et "
    "apprendre des autres membres.",
    "en": "Hello, I work at {org} and would like to share my experience and learn from the other members.",
    "ar": "مرحبًا، أعمل في {org} وأودّ أن أشارك تجربتي وأتعلّم من الأعضاء الآخرين.",
}
WELCOME_MESSAGES = {
    "fr": "Bienvenue dans la CAP ! Rendez-vous à la prochaine séance.",
    "en": "Welcome to the community! See you at the next meeting.",
    "ar": "أهلًا بك في المجتمع! نلقاك في اللقاء القادم.",
}


class _Seeder:
    def __init__(self, people):
        everyone = [people["admin"], *people["facilitators"], *people["practitioners"]]
        self.users = {user.email: user for user in everyone}

    def user(self, person):
        try:
            return self.users[person.email]
        except KeyError:
            raise ValueError(f"{person.display_name} was not seeded by seed_people.") from None

    def community(self, spec):
        community = Community.objects.filter(name__iexact=spec.name).first()
        if community is None:
            fields = dict(spec.fields)
            if spec.full:
                fields["capacity"] = 1 + len(spec.members)  # the facilitator and the members
            community = services.community_create(
                by=self.user(spec.facilitator), themes=spec.themes, **fields
            )
        return community

    def follow(self, community, spec):
        if community.status != Community.Status.FORMING:
            return  # people follow a community only while it forms
        for email, language in spec.interests:
            if not Interest.objects.filter(community=community, email__iexact=email).exists():
                interest = services.interest_register(community=community, email=email, language=language)
                # The demo followers clicked the link of their confirmation e-mail.
                services.interest_confirm(token=services.interest_confirm_token(interest))

    def open(self, community, spec):
        if spec.opens and community.status == Community.Status.FORMING:
            services.community_update(
                community=community, by=self.user(spec.facilitator), status=Community.Status.ACTIVE
            )

    def join(self, community, spec, person, *, approve=True):
        """Bring one person in the way the community admits people; None if already there."""
        user = self.user(person)
        if Membership.objects.filter(user=user, community=community).exists():
            return None
        facilitator = self.user(spec.facilitator)
        if community.join_policy == Community.JoinPolicy.INVITATION:
            invitation = self._pending_invitation(community, user.email)
            if invitation is None:
                services.invitations_send(community=community, by=facilitator, text=user.email)
                invitation = self._pending_invitation(community, user.email)
            return services.invitation_accept(invitation=invitation, user=user)
        message = REQUEST_MESSAGES[user.language].format(org=user.organisation)
        membership = services.membership_join(community=community, user=user, message=message)
        if approve and membership.status == Membership.Status.REQUESTED:
            membership = services.membership_approve(
                membership=membership, by=facilitator, message=WELCOME_MESSAGES[facilitator.language]
            )
        return membership

    @staticmethod
    def _pending_invitation(community, email):
        return community.invitations.filter(
            email__iexact=email, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
        ).first()

    def memberships(self, community, spec):
        for person in spec.members + spec.waitlisted:
            self.join(community, spec, person)
        for person in spec.requests:
            self.join(community, spec, person, approve=False)
        for person in spec.co_facilitators:
            membership = Membership.objects.get(user=self.user(person), community=community)
            if membership.is_active and membership.role != Membership.Role.FACILITATOR:
                services.membership_set_role(
                    membership=membership, role=Membership.Role.FACILITATOR, by=self.user(spec.facilitator)
                )

    def invite(self, community, spec):
        missing = [email for email in spec.invitations if self._pending_invitation(community, email) is None]
        if missing:
            services.invitations_send(community=community, by=self.user(spec.facilitator), text="\n".join(missing))

    def objectives(self, community, spec):
        for objective in spec.objectives:
            if LearningObjective.objects.filter(community=community, text=objective.text).exists():
                continue
            by = spec.facilitator if objective.accepted else objective.proposed_by
            services.objective_propose(
                community=community, by=self.user(by), text=objective.text, accept=objective.accepted
            )

    def seed(self, spec):
        community = self.community(spec)
        self.follow(community, spec)
        self.open(community, spec)
        self.memberships(community, spec)
        self.invite(community, spec)
        self.objectives(community, spec)
        community.refresh_from_db()
        return community


def seed_communities(people, today=None):
    """Create (or find) the demo communities; returns them by key. Call in a transaction.

    ``people`` is what ``demo.people.seed_people`` returns.
    """
    seeder = _Seeder(people)
    return {spec.key: seeder.seed(spec) for spec in community_specs(today)}


def _check_specs():
    """Fail at import if the data contradict themselves (a typo in a name fails earlier)."""
    for spec in community_specs(date(2026, 1, 1)):
        joined = spec.members + spec.waitlisted + spec.requests
        if len(set(joined)) != len(joined) or spec.facilitator in joined:
            raise ValueError(f"{spec.name}: someone would join twice.")
        if not set(spec.co_facilitators) <= set(spec.members):
            raise ValueError(f"{spec.name}: co-facilitators must be members.")
        if spec.waitlisted and not spec.full:
            raise ValueError(f"{spec.name}: only a full community has a waiting list.")
        if spec.interests and spec.fields["status"] != Community.Status.FORMING:
            raise ValueError(f"{spec.name}: only a forming community has followers.")


_check_specs()

"""Demo value-creation stories for ``manage.py seed_demo``: in each seeded community, a few
members tell how taking part created value for them, along the cycles of Wenger, Trayner
and de Laat (immediate, potential, applied, realized, transformative), linked to the past
sessions, posts and capitalization products of their community that helped. The
facilitators feature one story per community on its home.

The stories follow the seeds and the demo's own conversations: a soil-health grid taken
from the agroecology CAP to gardens in Jérémie, the Kankan lowland agreement reused near
Les Cayes, coffee under shade in the Grand'Anse, one monitoring system for three donors in
Benin, capitalisation before a project closes in Grand-Popo, a monitoring framework
rewritten with its field team in Cairo, Casablanca's busway lessons applied in Tunis,
school streets in Irbid, participatory evaluation in Arabic.

Everything goes through ``knowledge.services.stories`` as members and facilitators would
do it on the site; then the dates are moved back, so the stories read like the last weeks
of the community. Idempotent: a story is looked up by (community, title), and featured
only if it is not yet. A second run adds nothing.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone

from knowledge.models import CapitalizationProduct, Language, Post, ValueCycle, ValueStory
from knowledge.services import stories as services

from .communities import community_specs
from .knowledge import POSTS
from .people import person_named
from .products import PRODUCTS
from .sessions import PLANS

IMMEDIATE, POTENTIAL, APPLIED, REALIZED, TRANSFORMATIVE = (
    ValueCycle.IMMEDIATE, ValueCycle.POTENTIAL, ValueCycle.APPLIED, ValueCycle.REALIZED, ValueCycle.TRANSFORMATIVE
)
EN, FR, AR = Language.ENGLISH, Language.FRENCH, Language.ARABIC
STORIES_PER_COMMUNITY = (2, 4)


@dataclass(frozen=True)
class StorySpec:
    community: str  # a key of demo.communities.community_specs
    author: object  # a Person
    title: str
    cycle: str
    language: str
    days_ago: float  # told that long before the first run (after the sessions it cites)
    body: str
    sessions: tuple = ()  # titles of past sessions of the same community
    posts: tuple = ()  # titles of posts of the same community
    products: tuple = ()  # titles of products of the same community
    featured: bool = False  # the community's facilitator features it on the home


def story(community, author, title, cycle, *, language, days_ago, body, **links):
    return StorySpec(
        community=community, author=person_named(author), title=title, cycle=cycle, language=language,
        days_ago=days_ago, body=body, **links,
    )


STORIES = (
    # --- CAP Agroécologie ---
    story(
        "cap_agroecologie", "Nadège Pierre-Louis",
        "Une grille de santé des sols pour nos jardins de Jérémie", APPLIED, language=FR, days_ago=6,
        body="Ma question sur les indicateurs de santé des sols a reçu des réponses très concrètes : le test à la "
        "bêche, le comptage des vers de terre, la couleur de la terre. Après la séance sur la résilience, j'ai "
        "adapté la grille avec les animatrices de Konbit Vèt. Nous l'utilisons maintenant dans 18 jardins autour "
        "de Jérémie, deux fois par an, et les productrices la remplissent elles-mêmes.",
        sessions=("Brainstorming : montrer les effets de l'agroécologie sur la résilience",),
        posts=("Quels indicateurs simples pour suivre la santé des sols avec les producteurs ?",),
        featured=True,
    ),
    story(
        "cap_agroecologie", "Patient Mukendi",
        "Des réponses en deux jours quand le fumier manquait", IMMEDIATE, language=FR, days_ago=11,
        body="Le fumier était devenu trop cher pour nos maraîchers de Kinshasa. En deux jours, trois membres "
        "m'ont répondu avec ce qu'ils font : compost de déchets de marché, achats groupés, bokashi. Cela m'a "
        "redonné de l'élan au moment où le groupe voulait abandonner le compost.",
        posts=("Comment favoriser la diffusion du compostage quand le fumier devient rare et cher ?",),
    ),
    story(
        "cap_agroecologie", "Rasmata Zongo",
        "Quatorze femmes gardent les terres qu'elles ont restaurées", REALIZED, language=FR, days_ago=4,
        body="Pendant la séance sur le zaï, nous avons parlé des femmes qui restaurent des terres empruntées et "
        "les perdent ensuite. J'ai partagé notre modèle de convention de prêt validée par le conseil villageois, "
        "et nous l'avons amélioré avec les remarques des autres membres. Cette saison, quatorze femmes de Titao "
        "ont signé une convention de cinq ans : aucune n'a perdu sa parcelle.",
        sessions=("Le zaï et les demi-lunes au Burkina Faso : retour d'expérience",),
        products=("Le zaï et les demi-lunes dans le Yatenga : dix ans de diffusion de paysan à paysan",),
    ),
    # --- CAP Gestion des ressources naturelles ---
    story(
        "cap_ressources_naturelles", "Jean-Robert Desrosiers",
        "La convention de Kankan reprise pour un bassin versant près des Cayes", APPLIED, language=FR, days_ago=5,
        body="La séance de co-développement sur les bas-fonds de Kankan m'a donné une démarche que je cherchais "
        "depuis longtemps : faire écrire les règles par les usagers eux-mêmes, éleveurs compris. Nous l'avons "
        "reprise avec la direction départementale pour un petit bassin versant près des Cayes. Les premières "
        "règles sur les passages du bétail ont été adoptées en assemblée le mois dernier.",
        sessions=("Co-développement : une convention locale pour les bas-fonds de Kankan",),
        posts=("Convention locale des bas-fonds de Kankan : ce que le co-développement a changé",),
        featured=True,
    ),
    story(
        "cap_ressources_naturelles", "Mariama Bah",
        "Des contacts et des idées pour le comité de la mangrove", POTENTIAL, language=FR, days_ago=9,
        body="Je n'ai pas encore changé notre comité, mais je repars avec beaucoup : le contact de Khady Faye "
        "pour la cartographie participative, des exemples de réunions courtes à des heures qui conviennent aux "
        "femmes, et des statuts de comités du Burkina et du Burundi que je vais proposer à notre équipe.",
        sessions=("Les comités locaux de gestion après la fin du projet",),
        posts=("Comment (mieux) impliquer les femmes de la mangrove dans le comité de gestion sans les surcharger ?",),
    ),
    story(
        "cap_ressources_naturelles", "Emmanuel Mugisha",
        "Notre district budgète désormais les comités après les projets", TRANSFORMATIVE, language=FR, days_ago=3,
        body="La question de savoir qui paie le fonctionnement des comités après la fin d'un projet a changé "
        "notre façon de voir la réussite : un comité qui s'arrête avec le financement n'est pas un succès. Le "
        "bureau de l'environnement de Nyagatare a inscrit une ligne pour les comités de bassin dans son budget "
        "annuel, et nous demandons désormais un plan de continuité dès la conception des projets.",
        posts=("Qui paie le fonctionnement d'un comité local de gestion après la fin du projet ?",),
    ),
    # --- CAP Agroforesterie ---
    story(
        "cap_agroforesterie", "Mirlande Saint-Fleur",
        "Des caféières sous ombrage dans nos parcelles d'essai", APPLIED, language=FR, days_ago=7,
        body="La séance sur le café et la banane sous ombrage, avec les membres du Rwanda, m'a convaincue "
        "d'essayer l'association café-bananier-Inga dans nos parcelles d'essai de l'institut. Nous avons planté "
        "deux hectares avec six familles de planteurs, en suivant l'itinéraire que Wilner Joseph a décrit.",
        sessions=("Café et banane sous ombrage : la Grand'Anse et le Rwanda / Coffee and banana under shade",),
        posts=("Relancer les caféières de la Grand'Anse sous ombrage après l'ouragan Matthew",),
        featured=True,
    ),
    story(
        "cap_agroforesterie", "Solange Uwimana",
        "Knowing Gitega's yields also fell first reassured our farmers", IMMEDIATE, language=EN, days_ago=12,
        body="When yields fell on our new radical terraces in Huye, some farmers wanted to give up. Reading that "
        "the terraces of Gitega went through the same dip, and climbed back in the third season, gave me the "
        "words and the figures to reassure them at the next meeting.",
        posts=("Terrasses progressives et haies de Calliandra sur les collines de Gitega",
               "Radical terraces in Huye: yields fell before they rose"),
    ),
    story(
        "cap_agroforesterie", "Chantal Mbala",
        "Une méthode simple pour estimer le carbone de nos parcelles", POTENTIAL, language=FR, days_ago=2,
        body="La discussion sur les essences et l'idée d'une feuille de calcul commune m'ont donné une méthode "
        "que je peux utiliser : des équations allométriques simples par essence, et un protocole de mesure des "
        "diamètres que nos techniciens du Kwilu peuvent suivre. Nous l'essaierons à la prochaine saison sèche.",
        sessions=("Nos essences agroforestières et leurs usages pour les ménages",),
        posts=("Une feuille de calcul commune pour estimer le carbone de nos parcelles",),
    ),
    # --- CAP Suivi-évaluation ---
    story(
        "cap_suivi_evaluation", "Rodrigue Hounkpatin",
        "Un seul rapport pour trois bailleurs : quinze jours gagnés par trimestre", REALIZED, language=FR,
        days_ago=4,
        body="En partageant notre base d'indicateurs commune, j'ai reçu des conseils pour la simplifier encore : "
        "regrouper les indicateurs proches, une seule collecte par trimestre. Nos trois bailleurs ont accepté le "
        "même format. L'équipe de Racines Vertes passe désormais cinq jours sur les rapports de suivi chaque "
        "trimestre, au lieu de vingt.",
        posts=("Un seul système de suivi pour trois bailleurs : notre base d'indicateurs commune",),
        products=("Un seul système de suivi pour trois bailleurs : une base d'indicateurs commune",),
        featured=True,
    ),
    story(
        "cap_suivi_evaluation", "Wilner Joseph",
        "La collecte mobile hors connexion dans les mornes de la Grand'Anse", APPLIED, language=FR, days_ago=8,
        body="Le retour de Patient Mukendi sur KoboToolbox m'a décidé : nous collectons maintenant les données de "
        "suivi des caféières sur téléphone, hors connexion, et nous envoyons les fiches en rentrant au bureau. "
        "Fini les fiches papier perdues sous la pluie.",
        sessions=("Retour sur la formation en ligne au suivi-évaluation",),
        posts=("Collecte mobile avec KoboToolbox chez les maraîchers périurbains de Kinshasa",),
    ),
    story(
        "cap_suivi_evaluation", "Seynabou Ndiaye",
        "Des indicateurs d'adaptation que je n'avais pas", POTENTIAL, language=FR, days_ago=10,
        body="À la fédération, nous n'avions que des indicateurs de production. Le brainstorming sur les "
        "indicateurs et le modèle de plan de suivi-évaluation m'ont donné une liste d'indicateurs d'adaptation adaptés au "
        "maraîchage, que je vais proposer à la fédération pour notre prochain projet.",
        sessions=("Brainstorming : des indicateurs d'adaptation que nos équipes peuvent mesurer",),
        posts=("Modèle de plan de suivi-évaluation : indicateurs, sources, fréquences et usages",),
    ),
    # --- CAP Capitalisation d'expériences ---
    story(
        "cap_capitalisation", "Mariette Adjovi",
        "Nous capitalisons désormais chaque projet avant sa clôture", TRANSFORMATIVE, language=FR, days_ago=5,
        body="Écrire notre première fiche sur le maraîchage sur sable, avec la démarche en cinq étapes, a changé "
        "notre façon de travailler : l'union communale prévoit maintenant un temps de capitalisation avec les "
        "producteurs dans chaque projet, avant la clôture, et non plus un rapport final que personne ne lit.",
        sessions=("La capitalisation d'expériences en cinq étapes",),
        products=("Le maraîchage sur sable à Grand-Popo : notre première fiche de capitalisation",),
        featured=True,
    ),
    story(
        "cap_capitalisation", "Mamadou Gueye",
        "Oser parler de nos échecs", IMMEDIATE, language=FR, days_ago=9,
        body="Ma question sur l'anonymisation des échecs a ouvert une vraie discussion. Lire que d'autres "
        "organisations hésitent aussi, et comment elles s'y prennent, m'a soulagé : je ne suis pas seul à porter "
        "cette question dans mon institut.",
        posts=("Faut-il anonymiser les échecs dans une fiche de capitalisation ?",),
    ),
    story(
        "cap_capitalisation", "Ousmane Sarr",
        "Le guide en cinq étapes pour notre rapport de fin de projet", APPLIED, language=FR, days_ago=3,
        body="Pour la fin de notre projet de restauration des sols, j'ai suivi le guide méthodologique au lieu de "
        "notre plan de rapport habituel. Les équipes de terrain ont décrit l'expérience avant de l'analyser, et "
        "le rapport est devenu une fiche que nos partenaires lisent vraiment.",
        sessions=("Choisir et décrire nos expériences",),
        posts=("Guide méthodologique : capitaliser une expérience en cinq étapes",),
    ),
    # --- Development practitioners Egypt ---
    story(
        "egypt", "Yasmine Shawky",
        "We rewrote our monitoring framework with the field team", APPLIED, language=EN, days_ago=6,
        body="After sharing the framework our donor loved and our team hated, members suggested we build it again "
        "with the facilitators who collect the data. We did, in two workshops: fewer indicators, forms in Arabic, "
        "and a monthly meeting where the team looks at the numbers together. The donor accepted the new version.",
        sessions=("Experience sharing: how we involve communities in designing our projects",),
        posts=("A monitoring framework our donor loved and our team hated",),
        featured=True,
    ),
    story(
        "egypt", "Karim Hegazy",
        "لم أعد وحدي أمام إجراءات الموافقات", IMMEDIATE, language=AR, days_ago=10,
        body="عندما قرأت سؤال نورهان عن إشراك أصحاب المصلحة مع كل هذه الموافقات الرسمية، شعرت أنني لست وحدي. "
        "الردود أعطتني أفكارًا عملية: نبدأ بالأنشطة التي لا تحتاج إلى موافقة، ونُشرك المسؤولين المحليين من البداية.",
        posts=("How can we better involve stakeholders when every activity needs an official approval?",),
    ),
    story(
        "egypt", "Ahmed Abdelrahman",
        "Villagers chose where the water taps went, and they use them", REALIZED, language=EN, days_ago=3,
        body="The experience-sharing session pushed us to let the villagers of our Gharbia project decide where "
        "the drinking-water taps would go. Six months later every tap is in use and the village committee "
        "collects the maintenance fee itself; in our earlier project, a third of the taps were abandoned.",
        sessions=("Experience sharing: how we involve communities in designing our projects",),
        posts=("إشراك أهالي القرية في تصميم مشروع مياه الشرب: تجربة من محافظة الغربية",),
        products=("تصميم مشروع مياه الشرب مع أهالي القرية في محافظة الغربية",),
    ),
    # --- Sustainable urban transport in the Mediterranean ---
    story(
        "mediterranean_transport", "Mehdi Trabelsi",
        "Casablanca's first year saved Tunis a redesign of its bus lanes", REALIZED, language=EN, days_ago=5,
        body="Hamza Tazi's account of the busway's first year, and the sheet he wrote with Youssef Benjelloun, "
        "showed us what to fix before opening: protected lanes at intersections, and enforcement from day one. "
        "We changed the Greater Tunis design before tendering, instead of rebuilding the lanes afterwards.",
        posts=("Casablanca's busway lines: lessons from the first year of operation",),
        products=("Casablanca's busway: lessons from the first year of operation",),
        featured=True,
    ),
    story(
        "mediterranean_transport", "Laith Obeidat",
        "Two school streets in Irbid this term", APPLIED, language=EN, days_ago=8,
        body="The road safety session gave me examples from three member cities and, above all, how they got "
        "parents on board. We started with two schools: the street closes for thirty minutes at the start and "
        "the end of the day, with parent volunteers at each end.",
        sessions=("Road safety around schools: what worked in our cities",),
        posts=("How did you get parents on board for school street closures?",),
    ),
    story(
        "mediterranean_transport", "Youssef Benjelloun",
        "A list of funding sources for our mobility plan", POTENTIAL, language=EN, days_ago=12,
        body="The session on financing gave me a list of revenue sources that member cities actually used: "
        "parking revenue, a transport levy on employers, land value capture around stations. We will present "
        "them to the agency's board when the plan is revised.",
        sessions=("Financing sustainable urban mobility plans once they are adopted",),
        posts=("Which revenue sources actually financed your urban mobility plan?",),
    ),
    # --- مجتمع ممارسة التقييم التشاركي ---
    story(
        "participatory_evaluation", "Ahmed Abdelrahman",
        "لوحة متابعة التوصيات في قريتنا", APPLIED, language=AR, days_ago=2,
        body="سألت كيف نتعامل مع توقّعات المشاركين عندما لا نستطيع تنفيذ توصياتهم، ونصحتني مريم بالعودة إلى الناس "
        "دائمًا. علّقنا في مقرّ الجمعية لوحة بسيطة فيها كل توصية وما تمّ بشأنها، ونعرضها في لقاء عام كل ثلاثة أشهر.",
        posts=("كيف نتعامل مع توقّعات المشاركين عندما لا نستطيع تنفيذ توصياتهم؟",),
        featured=True,
    ),
    story(
        "participatory_evaluation", "Omar Al-Masri",
        "أدوات لتقييم خدمة الحافلات مع الشباب", POTENTIAL, language=AR, days_ago=1,
        body="حصلت على قائمة أدوات مجانية للتقييم التشاركي، منها بطاقة الأداء المجتمعية التي سنجرّبها لتقييم خطوط "
        "الحافلات الجديدة في عمّان مع الطلاب والطالبات.",
        posts=("Participatory evaluation toolkit: free guides in English and Arabic",
               "كيف نُشرك الشباب في تقييم خدمة الحافلات في عمّان؟"),
    ),
)


# --- Seeding ----------------------------------------------------------------------------------

AFTER_SESSION = timedelta(hours=6)  # a story citing a session comes this long after it, at the earliest


class _StorySeeder:
    def __init__(self, people, communities):
        everyone = [people["admin"], *people["facilitators"], *people["practitioners"]]
        self.users = {user.email: user for user in everyone}
        self.communities = communities
        self.specs = {spec.key: spec for spec in community_specs()}
        self.now = timezone.now()
        self.created = Counter()

    def user(self, person):
        try:
            return self.users[person.email]
        except KeyError:
            raise ValueError(f"{person.display_name} was not seeded by seed_people.") from None

    def seed(self, spec):
        community = self.communities[spec.community]
        found = ValueStory.objects.filter(community=community, title=spec.title).first()
        if found is None:
            sessions = list(community.sessions.filter(title__in=spec.sessions, starts_at__lt=self.now))
            found = services.story_create(
                community=community, author=self.user(spec.author), title=spec.title, body=spec.body,
                cycle=spec.cycle, language=spec.language, sessions=sessions,
                posts=list(Post.objects.filter(community=community, title__in=spec.posts)),
                products=list(CapitalizationProduct.objects.filter(community=community, title__in=spec.products)),
            )
            at = self.now - timedelta(days=spec.days_ago)
            if sessions:
                at = max(at, max(session.ends_at for session in sessions) + AFTER_SESSION)
            ValueStory.objects.filter(pk=found.pk).update(created_at=min(at, self.now - timedelta(hours=1)))
            found.refresh_from_db()
            self.created["stories"] += 1
        if spec.featured and not found.is_featured and not found.is_hidden:
            facilitator = self.user(self.specs[spec.community].facilitator)
            found = services.story_feature(story=found, by=facilitator, featured=True)
            featured_at = min(found.created_at + timedelta(days=1), self.now - timedelta(minutes=30))
            ValueStory.objects.filter(pk=found.pk).update(featured_at=featured_at)
            self.created["featured"] += 1
        return found


def seed_stories(people, communities):
    """Create (or find) the demo value-creation stories and feature one per community. Call
    in a transaction, after ``seed_knowledge`` and ``seed_products`` (stories cite posts and
    products). Returns the counts of everything seeded and what this run created."""
    seeder = _StorySeeder(people, communities)
    stories = [seeder.seed(spec) for spec in STORIES]
    return summary(stories, created=dict(seeder.created))


def summary(stories, created=None):
    seeded = ValueStory.objects.filter(pk__in=[story.pk for story in stories])
    by_cycle = dict(seeded.values_list("cycle").annotate(n=Count("pk")).order_by())
    return {
        "stories": seeded.count(),
        "cycles": {cycle: by_cycle.get(cycle, 0) for cycle in ValueCycle.values},
        "featured": seeded.filter(is_featured=True).count(),
        "communities": seeded.values("community").distinct().count(),
        "created": created or {},
    }


def summary_line(result):
    cycles = ", ".join(f"{count} {cycle}" for cycle, count in result["cycles"].items())
    return (
        f"{result['stories']} value-creation stories ({cycles}) in {result['communities']} communities, "
        f"{result['featured']} featured on their community's home"
    )


# --- Checks on the data ------------------------------------------------------------------------


def _check():
    """Fail at import if the data contradict the communities, sessions, posts and products."""
    specs = {spec.key: spec for spec in community_specs(date(2026, 1, 1))}
    past = {plan.community: {s.title for s in plan.sessions if s.is_past and not s.cancelled} for plan in PLANS}
    posts = {(post.community, post.title) for post in POSTS}
    products = {(product.community, product.title) for product in PRODUCTS}
    seen = set()
    for spec in STORIES:
        where = f"{spec.community}: {spec.title}"
        members = {specs[spec.community].facilitator, *specs[spec.community].members}
        if (spec.community, spec.title) in seen or len(spec.title) > 200:
            raise ValueError(f"{where}: titles are unique in a community and at most 200 characters.")
        seen.add((spec.community, spec.title))
        if spec.author not in members:
            raise ValueError(f"{where}: {spec.author.display_name} is not an active member.")
        if spec.cycle not in ValueCycle.values or spec.language not in (EN, FR, AR) or not spec.body:
            raise ValueError(f"{where}: check the cycle, the language and the text.")
        if not set(spec.sessions) <= past.get(spec.community, set()):
            raise ValueError(f"{where}: sessions are past sessions of the same community.")
        if not all((spec.community, title) in posts for title in spec.posts):
            raise ValueError(f"{where}: posts are demo posts of the same community.")
        if not all((spec.community, title) in products for title in spec.products):
            raise ValueError(f"{where}: products are demo products of the same community.")
        if not (spec.sessions or spec.posts or spec.products):
            raise ValueError(f"{where}: a story names what helped.")
        if not 0 < spec.days_ago < 60:
            raise ValueError(f"{where}: days_ago is in the last two months.")
    for key in specs:
        told = [spec for spec in STORIES if spec.community == key]
        low, high = STORIES_PER_COMMUNITY
        if not low <= len(told) <= high or len({spec.cycle for spec in told}) < 2:
            raise ValueError(f"{key}: {low} to {high} stories, of at least two cycles.")
        if sum(spec.featured for spec in told) != 1:
            raise ValueError(f"{key}: one featured story.")
    if set(ValueCycle.values) != {spec.cycle for spec in STORIES}:
        raise ValueError("Every cycle has at least one story.")


_check()

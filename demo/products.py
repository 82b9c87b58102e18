"""Demo capitalization for ``manage.py seed_demo``: session reports and capitalization products.

Facilitators close one or two past sessions of their community with a report (who came,
key points, lessons, decisions), in the community's language. Then, in every seeded
community, members write up the experiences they shared as capitalization sheets: one
published in the public library under CC BY 4.0 by a facilitator, one sent for review.
The sheets draw on the demo posts (the zaï around Ouahigouya, field schools in the
Niayes, terraces in Gitega, the Casablanca busway, youth initiatives in Cairo…) and cite
them, and the session report when there is one.

Everything goes through ``sessions.services.reports`` and ``knowledge.services.products`` as on the site;
the notifications are what the site would make (seed_demo keeps the emails back). Dates
are then moved back, so reports follow their session and products read like the last
weeks' work.

Idempotent: a report is written only for a session that has none, a product is looked up
by (community, title). A second run adds nothing.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from knowledge.models import CapitalizationProduct, Language, Licence, Post
from knowledge.services.products import product_create, product_publish, product_submit
from sessions.models import Session, SessionReport
from sessions.services.reports import report_save

from .communities import community_specs
from .knowledge import POSTS, allowed_themes
from .people import person_named
from .sessions import PLANS

EN, FR, AR = Language.ENGLISH, Language.FRENCH, Language.ARABIC
PUBLISHED, IN_REVIEW = CapitalizationProduct.Status.PUBLISHED, CapitalizationProduct.Status.IN_REVIEW
REPORT_AFTER = timedelta(hours=20)  # a report comes this long after its session ends


def _lines(*items):
    return "\n".join(f"- {item}" for item in items)


@dataclass(frozen=True)
class ReportSpec:
    community: str  # a key of demo.communities.community_specs
    session: str  # title of a past session of the community
    attendees: tuple  # Persons, active members
    key_points: str
    lessons: str
    decisions: str


@dataclass(frozen=True)
class ProductSpec:
    community: str
    status: str  # PUBLISHED or IN_REVIEW
    authors: tuple  # Persons, active members; the first one drafts and submits it
    title: str
    language: str
    countries: str
    themes: tuple
    summary: str
    context: str
    actors: str
    process: str
    results: str
    lessons: str
    recommendations: str
    replication: str
    posts: tuple = ()  # titles of posts of the same community
    report: str = ""  # title of a session of the same community with a ReportSpec
    days_ago: int = 12


def report(community, session, attendees, *, key_points, lessons, decisions):
    return ReportSpec(
        community=community, session=session, attendees=tuple(person_named(name) for name in attendees),
        key_points=_lines(*key_points), lessons=_lines(*lessons), decisions=_lines(*decisions),
    )


def product(community, status, authors, title, **fields):
    return ProductSpec(
        community=community, status=status, authors=tuple(person_named(name) for name in authors), title=title,
        **fields,
    )


# --- Session reports ---------------------------------------------------------------------------

REPORTS = (
    report(
        "cap_agroecologie", "Le zaï et les demi-lunes au Burkina Faso : retour d'expérience",
        ("Issouf Ouédraogo", "Rasmata Zongo", "Aïssatou Diop", "Mamadou Diallo", "Sékou Sylla",
         "Patient Mukendi", "Jean-Claude Habimana"),
        key_points=(
            "Issouf Ouédraogo a présenté dix ans d'accompagnement du zaï et des demi-lunes dans 40 villages "
            "du Yatenga : environ 1 800 ha restaurés.",
            "Les rendements de sorgho passent de 300-400 kg/ha à 800 kg/ha les bonnes années ; l'écart est "
            "le plus net les années sèches.",
            "Les visites de paysan à paysan au moment de la récolte ont davantage fait diffuser la technique "
            "que les parcelles de démonstration.",
            "Le zaï mécanisé (dent tirée par un âne) a attiré les jeunes hommes.",
        ),
        lessons=(
            "Sans sécurisation foncière, les femmes qui restaurent des terres empruntées risquent de se les "
            "voir reprendre.",
            "La fumure organique reste le facteur limitant, comme pour le compost dans les Niayes.",
        ),
        decisions=(
            "Rasmata Zongo partage le modèle de convention de prêt de terre validée par le conseil villageois.",
            "Issouf Ouédraogo et Aïssatou Diop rédigent une fiche de capitalisation sur le zaï pour la "
            "bibliothèque.",
            "Prochaine séance : un brainstorming sur la façon de montrer les effets sur la résilience.",
        ),
    ),
    report(
        "cap_agroecologie", "Lancement de la CAP : nos pratiques agroécologiques et nos attentes",
        ("Aïssatou Diop", "Issouf Ouédraogo", "Rodrigue Hounkpatin", "Diane Mukamana", "Nadège Pierre-Louis",
         "Espérance Irakoze"),
        key_points=(
            "Tour de table : maraîchage dans les Niayes, zaï au Yatenga, push-pull au Rwanda, jardins "
            "créoles en Haïti.",
            "Attentes principales : documenter ce qui marche, comparer les coûts, mieux impliquer les femmes.",
        ),
        lessons=(
            "Nos pratiques se ressemblent plus que nos contextes : la matière organique revient partout.",
        ),
        decisions=(
            "Une séance par mois en ligne, la semaine de Thiès en présentiel.",
            "Chaque pays partage une expérience écrite avant la fin du trimestre.",
        ),
    ),
    report(
        "cap_ressources_naturelles", "Co-développement : une convention locale pour les bas-fonds de Kankan",
        ("Sékou Sylla", "Mariama Bah", "Boukary Kaboré", "Khady Faye", "Emmanuel Mugisha",
         "Déogratias Nshimirimana"),
        key_points=(
            "Sékou Sylla a exposé le conflit entre riziculteurs et éleveurs dans les bas-fonds de Kankan.",
            "Le groupe a proposé de négocier un calendrier d'accès aux bas-fonds et des couloirs de passage, "
            "plutôt qu'une interdiction.",
            "La convention doit être reconnue par la commune pour tenir après le projet.",
        ),
        lessons=(
            "Une convention écrite par le projet n'est pas appropriée ; il faut que les usagers la négocient.",
            "Les femmes qui exploitent le maraîchage de contre-saison doivent être à la table.",
        ),
        decisions=(
            "Sékou Sylla teste l'approche avec deux villages et revient dans trois mois.",
            "Déogratias Nshimirimana lance un répertoire commun des conventions locales.",
        ),
    ),
    report(
        "cap_agroforesterie",
        "Café et banane sous ombrage : la Grand'Anse et le Rwanda / Coffee and banana under shade",
        ("Wilner Joseph", "Solange Uwimana", "Jean-Bosco Niyonzima", "Mirlande Saint-Fleur", "Grâce Bahati",
         "Bernadette Agossou"),
        key_points=(
            "Wilner Joseph a présenté la relance des caféières de la Grand'Anse sous ombrage après l'ouragan "
            "Matthew.",
            "Solange Uwimana a comparé avec les bananeraies associées au café à Huye.",
            "L'ombrage réduit les rendements de café les premières années mais stabilise la qualité.",
        ),
        lessons=(
            "Les producteurs acceptent l'ombrage quand les arbres rapportent vite (fruitiers, bananiers).",
            "Les pépinières villageoises sont plus durables que les distributions de plants.",
        ),
        decisions=(
            "Bernadette Agossou complète le catalogue des essences avec les arbres d'ombrage cités.",
            "Une fiche de capitalisation sur les terrasses et les haies de Gitega sera rédigée.",
        ),
    ),
    report(
        "cap_suivi_evaluation", "Brainstorming : des indicateurs d'adaptation que nos équipes peuvent mesurer",
        ("Julien Dethier", "Rodrigue Hounkpatin", "Jean-Claude Habimana", "Bernadette Agossou", "Rasmata Zongo",
         "Mamadou Diallo", "Seynabou Ndiaye"),
        key_points=(
            "Une trentaine d'idées d'indicateurs, regroupées en trois familles : pratiques adoptées, "
            "sécurité alimentaire, capacité à faire face aux chocs.",
            "Les indicateurs retenus doivent pouvoir être collectés par les équipes de terrain sans enquête "
            "de ménages.",
            "Les récits du changement le plus significatif complètent bien les chiffres.",
        ),
        lessons=(
            "Un indicateur que personne n'utilise pour décider ne vaut pas le coût de sa collecte.",
            "Mieux vaut cinq indicateurs partagés par tous les projets que trente propres à chacun.",
        ),
        decisions=(
            "Rasmata Zongo prépare la bibliothèque commune des fiches d'indicateurs.",
            "Rodrigue Hounkpatin partage la structure de sa base d'indicateurs commune à trois bailleurs.",
        ),
    ),
    report(
        "cap_capitalisation", "La capitalisation d'expériences en cinq étapes",
        ("Julien Dethier", "Mariette Adjovi", "Aminata Sawadogo", "Fatoumata Camara", "Grâce Bahati",
         "Mamadou Gueye"),
        key_points=(
            "Les cinq étapes : choisir l'expérience, la décrire, l'analyser, en tirer des leçons, les partager.",
            "Mariette Adjovi a présenté sa première fiche sur le maraîchage sur sable à Grand-Popo.",
            "Aminata Sawadogo a montré comment relire la fiche avec les producteurs à Kaya.",
        ),
        lessons=(
            "Une fiche se lit quand elle est courte et qu'elle dit aussi ce qui n'a pas marché.",
            "Relire avec les personnes concernées change le contenu, pas seulement la forme.",
        ),
        decisions=(
            "Chaque CAP publie au moins une fiche dans la bibliothèque avant la semaine de Thiès.",
            "Grâce Bahati diffuse le modèle de fiche commun aux cinq CAP.",
        ),
    ),
    report(
        "egypt", "Experience sharing: how we involve communities in designing our projects",
        ("Nourhan El-Sayed", "Ahmed Abdelrahman", "Yasmine Shawky", "Mostafa Farouk", "Karim Hegazy",
         "Dana Haddadin"),
        key_points=(
            "Ahmed Abdelrahman shared how villagers in Gharbia helped design a drinking water project.",
            "Nourhan El-Sayed described hosting youth initiatives in Cairo since 2011 and the growing "
            "paperwork.",
            "Several members find that official approvals limit how far communities can shape a project.",
        ),
        lessons=(
            "Involving people early costs time but avoids infrastructure nobody maintains.",
            "Be honest about what cannot change (budget, approvals) before asking for ideas.",
        ),
        decisions=(
            "Nourhan El-Sayed and Karim Hegazy write up the youth initiatives experience as a "
            "capitalization product.",
            "Next session: an evening of failure stories.",
        ),
    ),
    report(
        "mediterranean_transport", "Integrating informal minibuses into formal public transport networks",
        ("Mehdi Trabelsi", "Salma Mansour", "Hamza Tazi", "Youssef Benjelloun", "Amira Ben Salah", "Rami Haddad",
         "Omar Al-Masri"),
        key_points=(
            "Salma Mansour presented the mapping of Greater Cairo's microbus routes with operators and drivers.",
            "Hamza Tazi compared with Casablanca, where grands taxis were partly reorganised around the busway.",
            "Operators accept reform when their income is protected during the transition.",
        ),
        lessons=(
            "Map first, reform second: you cannot integrate routes nobody has documented.",
            "Drivers and owners are stakeholders, not obstacles; negotiate with their associations early.",
        ),
        decisions=(
            "Eleni Papadopoulou shares the GTFS checklist so mapped routes can be published as open data.",
            "Hélène Marchetti drafts a knowledge note on integrating informal transport.",
        ),
    ),
    report(
        "mediterranean_transport", "Road safety around schools: what worked in our cities",
        ("Laith Obeidat", "Amira Ben Salah", "Eleni Papadopoulou", "Camille Roux", "Giulia Rinaldi",
         "Francesca Conti"),
        key_points=(
            "School street closures in Paris and Bologna, raised crossings in Tunis, and drop-off zones in Amman.",
            "Temporary closures with planters and volunteers are cheap tests before permanent works.",
        ),
        lessons=(
            "Parents come on board once they see fewer cars at the gate, not before.",
            "Measure speeds and traffic before and after, or the debate stays about opinions.",
        ),
        decisions=(
            "Laith Obeidat tries a one-month school street in Amman with two schools.",
            "Members share their before-and-after counting forms in the community.",
        ),
    ),
)


# --- Capitalization products -------------------------------------------------------------------

PRODUCTS = (
    # CAP Agroécologie
    product(
        "cap_agroecologie", PUBLISHED, ("Issouf Ouédraogo", "Aïssatou Diop", "Rasmata Zongo"),
        "Le zaï et les demi-lunes dans le Yatenga : dix ans de diffusion de paysan à paysan",
        language=FR, countries="BF", days_ago=18,
        themes=("soil and water conservation", "agroecology", "climate adaptation"),
        posts=("Zaï et demi-lunes autour de Ouahigouya : ce qui a vraiment fait la diffusion",),
        report="Le zaï et les demi-lunes au Burkina Faso : retour d'expérience",
        summary="Autour de Ouahigouya, le zaï et les demi-lunes ont restauré environ 1 800 ha de terres "
        "encroûtées dans 40 villages. La diffusion est venue des visites entre paysans et de la réduction de "
        "la pénibilité, plus que des démonstrations.",
        context="Dans le Yatenga, au nord du Burkina Faso, les « zipellé » (sols encroûtés) laissent ruisseler "
        "l'eau de pluie. Les pluies sont courtes et irrégulières ; les rendements de sorgho tombent sous "
        "400 kg/ha. Le zaï et les demi-lunes sont des techniques anciennes, relancées depuis les années 1980.",
        actors="Une association paysanne locale (animation, suivi), les groupements villageois, des "
        "producteurs et productrices pionniers qui reçoivent les visites, les chefs de terre et les "
        "propriétaires, le service technique de l'agriculture.",
        process="Visites de paysan à paysan chaque année au moment de la récolte ; introduction d'une dent "
        "tirée par un âne ou des bœufs (zaï mécanisé) ; groupes d'entraide pour creuser les poquets en "
        "saison sèche ; fosses fumières pour la fumure organique ; discussions sur le foncier avec les chefs "
        "de terre à partir de la sixième année.",
        results="Environ 1 800 ha en zaï ou en demi-lunes. Sorgho : de 300-400 kg/ha à 800 kg/ha et plus les "
        "bonnes années, avec l'écart le plus net les années sèches. Les jeunes hommes se sont mis au zaï "
        "mécanisé. Dans plusieurs villages, des femmes ont perdu des terres empruntées une fois restaurées.",
        lessons=_lines(
            "Les visites au moment de la récolte convainquent plus que les parcelles de démonstration.",
            "Réduire la pénibilité compte autant que montrer les rendements.",
            "Sans sécurisation foncière, les emprunteuses n'ont pas intérêt à investir.",
            "Zaï sans fumier, peu de résultat : la matière organique est le facteur limitant.",
        ),
        recommendations=_lines(
            "Négocier des conventions de prêt écrites, validées par le conseil villageois, avant les travaux.",
            "Associer zaï et fosses fumières dès la première année.",
            "Financer le transport des visites plutôt que des parcelles de démonstration.",
        ),
        replication="Zones sahéliennes et soudano-sahéliennes aux sols encroûtés (400 à 800 mm de pluie), "
        "avec de la main-d'œuvre en saison sèche, un accès à du fumier et des autorités coutumières prêtes à "
        "discuter du prêt de terre.",
    ),
    product(
        "cap_agroecologie", IN_REVIEW, ("Aïssatou Diop", "Moussa Ndiaye", "Mamadou Diallo"),
        "Champs-écoles paysans en maraîchage agroécologique dans les Niayes",
        language=FR, countries="SN,GN", days_ago=9,
        themes=("agroecology", "participatory approaches", "climate adaptation"),
        posts=(
            "Champs-écoles paysans dans les Niayes : trois saisons entre maraîchères et maraîchers",
            "Guide de l'animateur de champ-école paysan (version simplifiée)",
        ),
        report="Lancement de la CAP : nos pratiques agroécologiques et nos attentes",
        summary="De 2021 à 2023, douze champs-écoles paysans autour de Thiès ont comparé conduite habituelle "
        "et pratiques agroécologiques sur une même parcelle. Les traitements pesticides ont été divisés par "
        "deux sans perte durable de rendement ; trois groupes continuent sans le projet.",
        context="Les Niayes fournissent une grande partie des légumes du Sénégal. Les maraîchers font face à la "
        "baisse de la nappe, à la salinisation de puits et à un usage élevé de pesticides, souvent sans "
        "protection. Les démonstrations attiraient du monde mais changeaient peu les pratiques.",
        actors="La fédération de maraîchers (organisation), 12 groupes de 20 à 25 producteurs et productrices "
        "dont la moitié de femmes, des relais paysans formés pendant deux semaines, un technicien en visite "
        "mensuelle.",
        process="Une parcelle par groupe, coupée en deux : moitié habituelle, moitié agroécologique (compost, "
        "paillage, extrait de neem, association oignon-carotte, rotation avec le niébé). Une séance par "
        "semaine pendant tout le cycle : observation en petits groupes, dessin, discussion, décision de "
        "traiter ou non. Fiches d'observation illustrées pour les relais qui ne lisent pas.",
        results="Neuf groupes sur douze ont suivi le cycle complet. Traitements pesticides divisés par deux ; "
        "rendements d'oignon comparables, chou en baisse la première saison puis rattrapé. Trois groupes se "
        "réunissent encore et vendent ensemble au marché de Thiès.",
        lessons=_lines(
            "La parcelle de comparaison convainc plus que le discours.",
            "Caler les séances sur le calendrier des femmes (marchés, corvées d'eau) change la participation.",
            "Le compost devient cher quand tout le monde en veut : prévoir la matière organique dès le départ.",
        ),
        recommendations=_lines(
            "Laisser les groupes choisir leurs relais avec des critères posés ensemble.",
            "Prévoir un petit appui régulier aux relais (transport, reconnaissance).",
            "Organiser des fosses à compost communes par groupe.",
        ),
        replication="Zones maraîchères périurbaines avec des groupes déjà constitués, un accès à l'eau toute "
        "l'année et un technicien disponible une fois par mois.",
    ),
    # CAP Gestion des ressources naturelles
    product(
        "cap_ressources_naturelles", PUBLISHED, ("Boukary Kaboré", "Emmanuel Mugisha", "Khady Faye"),
        "La régénération naturelle assistée dans les Hauts-Bassins : reverdir les champs sans planter",
        language=FR, countries="BF", days_ago=20,
        themes=("natural resource management", "climate adaptation", "sustainability of actions"),
        posts=(
            "Régénération naturelle assistée dans les Hauts-Bassins : reverdir les champs sans planter",
            "Fiches techniques : régénération naturelle assistée et cartographie participative",
        ),
        summary="Plutôt que de planter des arbres qui meurent à la première saison sèche, des producteurs des "
        "Hauts-Bassins protègent et taillent les rejets qui repoussent dans leurs champs. Les comités "
        "villageois ont fixé leurs propres règles de coupe.",
        context="Dans les Hauts-Bassins, les campagnes de plantation ont un taux de survie faible. Pourtant, "
        "les souches et les racines de karité, de néré et de balanites sont vivantes dans les champs et "
        "rejettent chaque année, avant d'être coupées au labour.",
        actors="Producteurs et productrices volontaires, comités villageois de gestion, service forestier "
        "(reconnaissance des règles), l'association d'appui (formation, suivi).",
        process="Repérage des rejets avec les producteurs ; choix de 3 à 5 tiges par souche à garder et "
        "marquage ; taille régulière ; règles de coupe et sanctions adoptées en assemblée villageoise ; "
        "concours du plus beau champ ; suivi par comptage annuel.",
        results="Densité d'arbres multipliée par trois en quatre ans sur les champs suivis, sans achat de "
        "plants. Bois de chauffe tiré des tailles pour les ménages. Les règles tiennent là où le service "
        "forestier les a reconnues.",
        lessons=_lines(
            "Protéger ce qui pousse coûte moins que planter et réussit mieux.",
            "Les droits sur les arbres doivent être clairs, sinon personne ne protège.",
            "Le concours a plus motivé que les formations.",
        ),
        recommendations=_lines(
            "Faire reconnaître les règles locales par la commune et le service forestier.",
            "Impliquer ceux qui labourent (jeunes, traction animale) dans le repérage des rejets.",
        ),
        replication="Parcs agroforestiers où les souches sont encore vivantes ; code forestier permettant aux "
        "producteurs d'exploiter les arbres de leurs champs.",
    ),
    product(
        "cap_ressources_naturelles", IN_REVIEW, ("Sékou Sylla", "Mariama Bah", "Déogratias Nshimirimana"),
        "Une convention locale pour partager les bas-fonds de Kankan entre riziculteurs et éleveurs",
        language=FR, countries="GN", days_ago=7,
        themes=("natural resource management", "participatory approaches", "sustainability of actions"),
        posts=("Convention locale des bas-fonds de Kankan : ce que le co-développement a changé",),
        report="Co-développement : une convention locale pour les bas-fonds de Kankan",
        summary="Après une séance de co-développement dans la CAP, deux villages de Kankan ont négocié un "
        "calendrier d'accès aux bas-fonds et des couloirs de passage du bétail, reconnus par la commune.",
        context="Dans la région de Kankan, les bas-fonds servent au riz en saison des pluies, au maraîchage "
        "des femmes en contre-saison et au pâturage en saison sèche. Les dégâts du bétail provoquaient des "
        "conflits répétés.",
        actors="Riziculteurs, groupements de maraîchères, éleveurs transhumants et sédentaires, chefs de "
        "village, commune, l'ONG d'appui (facilitation).",
        process="Diagnostic des usages par saison ; rencontres séparées puis communes ; carte des couloirs "
        "tracée sur le terrain ; calendrier écrit d'accès et barème d'amendes ; signature devant la commune ; "
        "comité mixte chargé du suivi.",
        results="Une saison sans conflit grave dans les deux villages ; les maraîchères ont obtenu une "
        "parcelle clôturée protégée. Le comité mixte se réunit, mais le paiement des amendes reste inégal.",
        lessons=_lines(
            "Une convention rédigée par le projet n'est pas appropriée : elle doit être négociée.",
            "Les femmes doivent être à la table dès le diagnostic, pas seulement à la signature.",
        ),
        recommendations=_lines(
            "Faire reconnaître la convention par la commune pour qu'elle survive au projet.",
            "Prévoir le financement du comité mixte (cotisations, part des amendes).",
        ),
        replication="Bas-fonds à usages multiples avec des autorités coutumières et communales disposées à "
        "reconnaître une règle locale écrite.",
    ),
    # CAP Agroforesterie
    product(
        "cap_agroforesterie", PUBLISHED, ("Jean-Bosco Niyonzima", "Claudine Hakizimana", "Solange Uwimana"),
        "Terrasses progressives et haies de Calliandra sur les collines de Gitega",
        language=FR, countries="BI,RW", days_ago=19,
        themes=("agroforestry", "soil and water conservation", "climate adaptation"),
        posts=(
            "Terrasses progressives et haies de Calliandra sur les collines de Gitega",
            "Radical terraces in Huye: yields fell before they rose",
        ),
        report="Café et banane sous ombrage : la Grand'Anse et le Rwanda / Coffee and banana under shade",
        summary="Sur les collines de Gitega, des haies de Calliandra plantées en courbes de niveau forment "
        "peu à peu des terrasses, sans terrassement coûteux. Elles réduisent l'érosion et nourrissent le "
        "bétail ; la comparaison avec les terrasses radicales de Huye éclaire les choix.",
        context="Au Burundi, les collines densément peuplées perdent leur sol à chaque saison des pluies. Les "
        "terrasses radicales sont efficaces mais coûtent cher et font baisser les rendements les premières "
        "années, comme on l'a vu à Huye.",
        actors="Ménages agricoles, groupes de solidarité collinaires, pépiniéristes villageois, moniteurs "
        "agricoles communaux, l'ONG d'appui.",
        process="Traçage des courbes de niveau avec un niveau en A ; pépinières villageoises de Calliandra et "
        "de Setaria ; plantation en haies serrées ; taille régulière pour le fourrage et le paillage ; "
        "visites croisées avec les producteurs de Huye.",
        results="Des talus de 30 à 60 cm se forment en trois ans ; le ruissellement visible diminue nettement. "
        "Les ménages avec bétail utilisent le fourrage ; ceux sans bétail taillent moins et les haies "
        "s'éclaircissent.",
        lessons=_lines(
            "La terrasse progressive est accessible à des ménages qui ne peuvent pas payer de main-d'œuvre.",
            "L'intérêt pour la haie dépend du bétail : il faut d'autres usages pour les ménages sans animaux.",
            "Les pépinières villageoises durent plus longtemps que les distributions de plants.",
        ),
        recommendations=_lines(
            "Proposer des essences à usages variés (fourrage, tuteurs, bois) selon les ménages.",
            "Coupler avec du petit élevage pour les ménages sans bétail.",
        ),
        replication="Collines à pente moyenne (10 à 35 %) avec des pluies suffisantes pour les haies et des "
        "moniteurs pour le traçage des courbes.",
    ),
    product(
        "cap_agroforesterie", IN_REVIEW, ("Wilner Joseph", "Mirlande Saint-Fleur", "Bernadette Agossou"),
        "Relancer les caféières sous ombrage dans la Grand'Anse après l'ouragan Matthew",
        language=FR, countries="HT", days_ago=6,
        themes=("agroforestry", "climate adaptation", "climate change mitigation"),
        posts=("Relancer les caféières de la Grand'Anse sous ombrage après l'ouragan Matthew",),
        report="Café et banane sous ombrage : la Grand'Anse et le Rwanda / Coffee and banana under shade",
        summary="Après l'ouragan Matthew (2016), des coopératives de la Grand'Anse ont replanté le café sous "
        "un ombrage d'arbres fruitiers et de bananiers, pour diversifier les revenus et protéger les "
        "parcelles des prochains cyclones.",
        context="L'ouragan Matthew a détruit la plupart des caféières et des arbres de la Grand'Anse. Les "
        "producteurs voulaient des revenus rapides, et beaucoup envisageaient d'abandonner le café.",
        actors="Coopératives caféières, producteurs et productrices, pépiniéristes, l'institut national du "
        "café, l'ONG d'appui.",
        process="Pépinières de café résistant à la rouille et d'arbres d'ombrage (avocatier, arbre à pain, "
        "Inga) ; plantation associée avec bananiers en ombrage temporaire ; formation à la taille ; vente "
        "groupée par les coopératives.",
        results="Environ 600 parcelles replantées ; les bananiers et les fruitiers ont rapporté dès la "
        "deuxième année, le café à partir de la troisième. Rendements de café plus faibles qu'en plein "
        "soleil mais qualité plus régulière.",
        lessons=_lines(
            "L'ombrage est accepté quand il rapporte vite (bananes, fruits).",
            "Des variétés résistantes à la rouille sont une condition, pas une option.",
        ),
        recommendations=_lines(
            "Prévoir des revenus de transition pendant les trois premières années.",
            "Renforcer les coopératives pour la vente groupée avant la première récolte.",
        ),
        replication="Zones de montagne humides exposées aux cyclones, avec des coopératives actives et un "
        "accès à des plants résistants.",
    ),
    # CAP Suivi-évaluation
    product(
        "cap_suivi_evaluation", PUBLISHED, ("Jean-Claude Habimana", "Rasmata Zongo", "Mamadou Diallo"),
        "Suivre l'adaptation par les récits : le changement le plus significatif à Musanze",
        language=FR, countries="RW,BF,GN", days_ago=17,
        themes=("monitoring and evaluation", "participatory approaches", "climate adaptation"),
        posts=(
            "Suivre l'adaptation par les récits : la méthode du changement le plus significatif à Musanze",
            "Comment mesurer l'adaptation au changement climatique sans enquête de ménages coûteuse ?",
        ),
        report="Brainstorming : des indicateurs d'adaptation que nos équipes peuvent mesurer",
        summary="À Musanze, une équipe a complété ses indicateurs par la méthode du changement le plus "
        "significatif : des récits collectés auprès des ménages, sélectionnés en comités, qui montrent "
        "comment les pratiques changent face aux aléas.",
        context="Les indicateurs du cadre logique ne disaient pas comment les ménages s'adaptaient aux pluies "
        "irrégulières ; les enquêtes de ménages étaient trop coûteuses pour être répétées.",
        actors="Équipe de terrain, comités de producteurs, responsable suivi-évaluation, le bailleur "
        "(lecteur des récits sélectionnés).",
        process="Question ouverte posée chaque semestre : « Quel est le changement le plus important dans "
        "votre façon de cultiver depuis un an ? » ; collecte par les agents ; sélection en comités de "
        "producteurs puis en équipe, avec les raisons du choix ; retour aux villages.",
        results="Environ 120 récits par semestre ; des changements imprévus (entraide pour le paillage, "
        "changement de dates de semis) sont apparus, que les indicateurs ne captaient pas. Le bailleur cite "
        "les récits dans ses rapports.",
        lessons=_lines(
            "Les récits révèlent des effets imprévus que les indicateurs ne voient pas.",
            "Les raisons du choix d'un récit sont aussi instructives que le récit.",
            "Sans retour aux villages, la collecte s'essouffle.",
        ),
        recommendations=_lines(
            "Associer la méthode à quelques indicateurs simples plutôt que la substituer.",
            "Former les agents à l'écoute, pas seulement à la saisie.",
        ),
        replication="Projets avec une équipe de terrain stable, des comités villageois actifs et un bailleur "
        "ouvert aux données qualitatives.",
    ),
    product(
        "cap_suivi_evaluation", IN_REVIEW, ("Rodrigue Hounkpatin", "Patient Mukendi", "Bernadette Agossou"),
        "Un seul système de suivi pour trois bailleurs : une base d'indicateurs commune",
        language=FR, countries="BJ,CD", days_ago=5,
        themes=("monitoring and evaluation", "digital collaboration", "sustainability of actions"),
        posts=(
            "Un seul système de suivi pour trois bailleurs : notre base d'indicateurs commune",
            "Collecte mobile avec KoboToolbox chez les maraîchers périurbains de Kinshasa",
        ),
        summary="Une organisation béninoise financée par trois bailleurs a remplacé trois systèmes de suivi "
        "par une base d'indicateurs commune, alimentée par une collecte mobile, dont chaque rapport est une "
        "vue.",
        context="Chaque bailleur demandait ses indicateurs, ses formulaires et son calendrier ; l'équipe "
        "passait plus de temps à rapporter qu'à suivre, avec des chiffres qui ne concordaient pas.",
        actors="Responsable suivi-évaluation, animateurs de terrain, direction, les trois bailleurs, un "
        "consultant informatique ponctuel.",
        process="Inventaire des indicateurs des trois cadres ; regroupement en un socle commun et des "
        "indicateurs spécifiques ; formulaires KoboToolbox uniques ; tableau croisé par bailleur ; accord "
        "écrit des bailleurs sur les définitions.",
        results="De 74 à 31 indicateurs collectés ; un seul passage par village et par trimestre ; rapports "
        "produits en deux jours au lieu de deux semaines. Un bailleur garde un indicateur hors du socle.",
        lessons=_lines(
            "Les bailleurs acceptent un socle commun quand on leur montre la correspondance des définitions.",
            "La collecte mobile n'aide que si les formulaires sont courts.",
        ),
        recommendations=_lines(
            "Négocier le socle au début d'un financement, pas au milieu.",
            "Documenter chaque indicateur dans une fiche (définition, source, fréquence, usage).",
        ),
        replication="Organisations avec plusieurs bailleurs sur les mêmes zones, un responsable suivi-"
        "évaluation et une connexion suffisante pour synchroniser les données.",
    ),
    # CAP Capitalisation
    product(
        "cap_capitalisation", PUBLISHED, ("Mariette Adjovi", "Fatoumata Camara", "Grâce Bahati"),
        "Le maraîchage sur sable à Grand-Popo : notre première fiche de capitalisation",
        language=FR, countries="BJ", days_ago=21,
        themes=("capitalization of experiences", "knowledge sharing", "climate adaptation"),
        posts=("Notre première fiche de capitalisation : le maraîchage sur sable à Grand-Popo",),
        report="La capitalisation d'expériences en cinq étapes",
        summary="Sur le cordon littoral de Grand-Popo, des maraîchers cultivent sur sable avec des apports de "
        "matière organique et un arrosage économe. Cette fiche retrace l'expérience et la façon dont nous "
        "l'avons capitalisée.",
        context="Le cordon sableux de Grand-Popo est menacé par l'érosion côtière et la salinité. Le "
        "maraîchage y fait vivre de nombreux ménages, mais les sols sont pauvres et l'eau douce limitée.",
        actors="Maraîchers et maraîchères, groupement de producteurs, l'équipe de l'ONG (animation, "
        "capitalisation), la mairie.",
        process="Apports de fiente et de compost, planches surélevées, arrosage au goutte-à-goutte gravitaire "
        "sur une partie des planches. Capitalisation en cinq étapes : choix de l'expérience, entretiens, "
        "atelier d'analyse, rédaction, relecture avec les producteurs.",
        results="Une fiche de quatre pages relue par les producteurs, diffusée dans la CAP et aux radios "
        "locales. Le goutte-à-goutte réduit la corvée d'arrosage, mais son coût limite l'adoption.",
        lessons=_lines(
            "Une fiche courte qui dit aussi ce qui n'a pas marché est plus lue.",
            "La relecture par les producteurs a corrigé des chiffres et ajouté des conseils pratiques.",
        ),
        recommendations=_lines(
            "Prévoir le temps de la relecture dès le calendrier de capitalisation.",
            "Diffuser par la radio et les groupements, pas seulement en PDF.",
        ),
        replication="Zones littorales sableuses avec un accès à la matière organique ; la démarche de "
        "capitalisation convient à toute équipe qui peut y consacrer une semaine.",
    ),
    product(
        "cap_capitalisation", IN_REVIEW, ("Aminata Sawadogo", "Solange Uwimana", "Nadège Pierre-Louis"),
        "Capitaliser avec les producteurs : ateliers de relecture et vidéos paysannes",
        language=FR, countries="BF,RW,HT", days_ago=4,
        themes=("capitalization of experiences", "participatory approaches", "knowledge sharing"),
        posts=(
            "Capitaliser avec les producteurs, pas sur eux : un atelier de relecture à Kaya",
            "Capitalisation on video: farmers in Huye filmed their own agroforestry story",
        ),
        summary="À Kaya, les producteurs ont relu et corrigé la fiche qui parlait d'eux ; à Huye, ils ont "
        "filmé eux-mêmes leur histoire agroforestière. Deux façons de capitaliser avec les personnes "
        "concernées plutôt que sur elles.",
        context="Nos fiches étaient écrites par les équipes, à partir d'entretiens, et les producteurs ne s'y "
        "reconnaissaient pas toujours. Beaucoup ne lisent pas le français.",
        actors="Producteurs et productrices de Kaya et de Huye, animateurs, une vidéaste pour la formation, "
        "les responsables de capitalisation.",
        process="Kaya : lecture à voix haute de la fiche en mooré, corrections en atelier, validation des "
        "citations. Huye : formation de deux jours au tournage sur téléphone, storyboard dessiné, montage "
        "avec l'équipe, projection au village.",
        results="Fiche de Kaya modifiée sur les coûts et le rôle des femmes ; trois vidéos de cinq minutes à "
        "Huye, vues dans d'autres coopératives. Le travail prend deux à trois fois plus de temps.",
        lessons=_lines(
            "La relecture change le contenu, pas seulement la forme.",
            "La vidéo atteint ceux qui ne lisent pas, mais elle demande un montage accompagné.",
        ),
        recommendations=_lines(
            "Budgéter le temps et les déplacements de la relecture.",
            "Demander le consentement écrit ou enregistré pour les images et les citations.",
        ),
        replication="Équipes disposant de téléphones récents et d'un animateur parlant la langue locale ; "
        "accord des personnes filmées.",
    ),
    # Egypt
    product(
        "egypt", PUBLISHED, ("Nourhan El-Sayed", "Karim Hegazy", "Yasmine Shawky"),
        "Hosting youth initiatives in Cairo after 2011: a capitalization sheet",
        language=EN, countries="EG", days_ago=16,
        themes=("community development", "collaborative learning", "participatory approaches"),
        posts=("Hosting youth initiatives in Cairo after 2011: from enthusiasm to paperwork",),
        report="Experience sharing: how we involve communities in designing our projects",
        summary="After 2011, a Cairo development organisation hosted dozens of informal youth initiatives, "
        "giving them a legal umbrella, a room and small grants. The sheet traces what lasted when "
        "registration and approval rules tightened.",
        context="In 2011-2012 many youth groups formed in Cairo neighbourhoods: clean-ups, tutoring, "
        "awareness campaigns. Most had no legal status and could not receive funds. From 2014, approvals for "
        "activities and funding became longer and stricter.",
        actors="The host organisation (legal umbrella, accounting, coaching), youth initiatives, "
        "neighbourhood committees, small donors, the ministry in charge of NGOs.",
        process="Hosting agreement with each initiative; shared office and meeting room; small grants with "
        "simplified reporting; monthly peer meetings; later, support to register as associations or to "
        "join existing ones.",
        results="About 40 initiatives hosted over six years; a dozen registered as associations, others "
        "stopped when their founders left or when approvals became too slow. The peer meetings built a "
        "lasting network of young practitioners.",
        lessons=_lines(
            "A legal umbrella buys time, but initiatives need a path to their own status.",
            "Paperwork kills enthusiasm unless someone carries it for the group.",
            "The network outlives many of the initiatives.",
        ),
        recommendations=_lines(
            "Plan for the exit: registration, merging, or closing well.",
            "Keep reporting for small grants light and in Arabic.",
        ),
        replication="Cities with many informal groups and an established organisation able to take the "
        "legal and financial responsibility.",
    ),
    product(
        "egypt", IN_REVIEW, ("Ahmed Abdelrahman", "Mostafa Farouk", "Salma Mansour"),
        "تصميم مشروع مياه الشرب مع أهالي القرية في محافظة الغربية",
        language=AR, countries="EG", days_ago=6,
        themes=("community development", "participatory approaches", "sustainability of actions"),
        posts=("إشراك أهالي القرية في تصميم مشروع مياه الشرب: تجربة من محافظة الغربية",),
        report="Experience sharing: how we involve communities in designing our projects",
        summary="شارك أهالي قرية في محافظة الغربية في تصميم مشروع لتوصيل مياه الشرب: اختيار مواقع الحنفيات، "
        "وتحديد رسوم الصيانة، وتشكيل لجنة لإدارة المشروع.",
        context="كانت القرية تعاني من انقطاع المياه وتلوّثها، وكانت مشروعات سابقة قد توقفت لأن أحدًا لم يتولَّ "
        "صيانتها.",
        actors="أهالي القرية، ولجنة المياه المنتخبة، والجمعية الأهلية، وشركة مياه الشرب، والوحدة المحلية.",
        process="اجتماعات منفصلة مع النساء والرجال والشباب؛ خريطة للقرية رسمها الأهالي؛ اتفاق مكتوب على "
        "الرسوم الشهرية؛ تدريب لجنة المياه على المحاسبة والصيانة البسيطة.",
        results="تعمل الشبكة منذ ثلاث سنوات، وتغطي الرسوم أغلب تكاليف الصيانة. شاركت النساء في تحديد مواقع "
        "الحنفيات، لكن تمثيلهن في اللجنة بقي محدودًا.",
        lessons=_lines(
            "إشراك الأهالي مبكرًا يستغرق وقتًا لكنه يضمن الصيانة.",
            "يجب توضيح ما لا يمكن تغييره (الميزانية والموافقات) قبل طلب الأفكار.",
        ),
        recommendations=_lines(
            "عقد اجتماعات منفصلة للنساء في أوقات مناسبة لهن.",
            "الاتفاق على الرسوم كتابةً قبل بدء الأعمال.",
        ),
        replication="قرى لديها جمعية أهلية نشطة، وتعاون من شركة المياه والوحدة المحلية.",
    ),
    # Mediterranean transport
    product(
        "mediterranean_transport", PUBLISHED, ("Hamza Tazi", "Youssef Benjelloun", "Mehdi Trabelsi"),
        "Casablanca's busway: lessons from the first year of operation",
        language=EN, countries="MA,TN", days_ago=15,
        themes=("urban transport", "public transport planning", "sustainable mobility"),
        posts=(
            "Casablanca's busway lines: lessons from the first year of operation",
            "Greater Tunis: reorganising bus lines around the new suburban rail lines",
        ),
        report="Integrating informal minibuses into formal public transport networks",
        summary="Casablanca opened two bus rapid transit (busway) lines alongside its tramway. The first year "
        "showed strong ridership, but also the cost of weak enforcement of the dedicated lanes and of "
        "unreformed feeder services.",
        context="Casablanca's tramway network covered only part of the city; the busway lines were built "
        "faster and cheaper to extend the mass transit network to dense eastern and southern districts "
        "served by grands taxis and old buses.",
        actors="The city's transport authority, the tram and busway operator, the bus concessionaire, grands "
        "taxi associations, the police, residents and shopkeepers along the corridors.",
        process="Dedicated central lanes with level boarding stations; integrated fare with the tramway; "
        "reorganisation of some bus lines as feeders; consultation with grands taxi associations on "
        "overlapping routes; monitoring of speeds and ridership.",
        results="Ridership close to forecasts within a year; commercial speed well above regular buses "
        "where the lanes are respected, much lower at unenforced intersections. Grands taxis kept "
        "competing on parts of the corridors.",
        lessons=_lines(
            "Lane enforcement decides whether a busway is rapid.",
            "Feeder reform must be ready on opening day, not planned afterwards.",
            "Informal operators need a negotiated place in the new network.",
        ),
        recommendations=_lines(
            "Budget automated enforcement and signal priority with the infrastructure.",
            "Publish routes and timetables as open data from the start.",
        ),
        replication="Large cities with wide arterial roads, a transport authority able to coordinate "
        "operators, and political support for taking road space from cars.",
    ),
    product(
        "mediterranean_transport", IN_REVIEW, ("Salma Mansour", "Rami Haddad", "Eleni Papadopoulou"),
        "Mapping Greater Cairo's microbus routes with drivers and operators",
        language=EN, countries="EG,LB,GR", days_ago=5,
        themes=("urban transport", "public transport planning", "knowledge sharing"),
        posts=(
            "Mapping Greater Cairo's microbus routes before trying to reform them",
            "Checklist: publishing your routes and timetables as GTFS open data",
        ),
        report="Integrating informal minibuses into formal public transport networks",
        summary="Before any reform of Cairo's microbuses, a team mapped their routes with GPS and drivers' "
        "help, and published them as open data. The map became a shared basis for talks with operators.",
        context="Microbuses carry a large share of trips in Greater Cairo, on routes that appear on no "
        "official map. Planners could not integrate a network they did not know.",
        actors="Researchers and volunteers with smartphones, microbus drivers and route owners, their "
        "associations, the transport authority, open data and mapping communities.",
        process="Riding every route with GPS tracking apps; interviews with drivers at terminals on fares and "
        "frequencies; validation workshops with drivers; conversion into GTFS; release under an open "
        "licence; comparison with Beirut's van routes.",
        results="Several hundred routes mapped and published; journey planners and researchers reuse the "
        "data. The authority uses the map in planning studies, though no formal reform has followed yet.",
        lessons=_lines(
            "Drivers share information when they see what it is for and get the map back.",
            "Open data multiplies the uses of a one-off mapping effort.",
        ),
        recommendations=_lines(
            "Plan for updating the data; informal routes change quickly.",
            "Involve the transport authority from the start so the data are recognised.",
        ),
        replication="Cities with large informal transport, smartphone coverage and volunteers or students "
        "available for a few months.",
    ),
    # Participatory evaluation
    product(
        "participatory_evaluation", PUBLISHED, ("Mostafa Farouk", "Ahmed Abdelrahman"),
        "أسلوب «التغيير الأكثر أهمية» مع النساء في قرى أسيوط",
        language=AR, countries="EG", days_ago=14,
        themes=("monitoring and evaluation", "participatory approaches", "gender and development"),
        posts=("تجربة أسلوب «التغيير الأكثر أهمية» مع نساء في قرى أسيوط",),
        summary="استخدم فريق التقييم أسلوب «التغيير الأكثر أهمية» لجمع قصص النساء المشاركات في مجموعات "
        "الادّخار في قرى أسيوط، واختيار أهمها معهن.",
        context="كانت مؤشرات المشروع تقيس عدد المجموعات وحجم المدّخرات، ولا تقول شيئًا عمّا تغيّر في حياة "
        "النساء وقراراتهن داخل الأسرة.",
        actors="النساء المشاركات، وميسّرات المجموعات، وفريق التقييم في الجمعية، والجهة المانحة.",
        process="سؤال مفتوح عن أهم تغيير خلال العام؛ جمع القصص شفهيًا وتسجيلها؛ جلسات اختيار في كل قرية "
        "ثم على مستوى المشروع مع شرح أسباب الاختيار؛ عرض النتائج على المشاركات.",
        results="جُمعت أكثر من ستين قصة؛ ظهرت تغييرات غير متوقعة مثل مشاركة النساء في قرارات تعليم "
        "البنات. استخدم المانح القصص في تقريره السنوي.",
        lessons=_lines(
            "القصص تكشف تغييرات لا تراها المؤشرات.",
            "أسباب اختيار القصة مهمة بقدر القصة نفسها.",
        ),
        recommendations=_lines(
            "تدريب الميسّرات على الإصغاء وعدم توجيه الإجابات.",
            "الحصول على موافقة النساء قبل نشر أي قصة.",
        ),
        replication="مشروعات لديها ميسّرات محليات موثوقات، ووقت كافٍ لجلسات الاختيار.",
    ),
    product(
        "participatory_evaluation", IN_REVIEW, ("Ahmed Abdelrahman", "Omar Al-Masri", "Mostafa Farouk"),
        "الخرائط التشاركية في تقييم مشروع للشباب في طنطا",
        language=AR, countries="EG,JO", days_ago=4,
        themes=("monitoring and evaluation", "participatory approaches", "community development"),
        posts=("الخرائط التشاركية في تقييم مشروع للشباب في طنطا",),
        summary="رسم الشباب المشاركون في مشروع في طنطا خرائط لأحيائهم قبل المشروع وبعده، لتقييم ما تغيّر في "
        "الأماكن التي يرتادونها والخدمات التي يستخدمونها.",
        context="أراد المشروع تقييم أثره على مشاركة الشباب في الحياة العامة، لكن الاستبيانات لم تكن تجذب "
        "الشباب ولا تعبّر عن تجاربهم.",
        actors="الشباب المشاركون، والمنسقون، وفريق التقييم، ومراكز الشباب في الأحياء.",
        process="ورش رسم جماعية للخرائط؛ تحديد الأماكن الآمنة وغير الآمنة والخدمات؛ مقارنة الخرائط بعد عام؛ "
        "نقاش جماعي حول أسباب التغيير؛ تجربة مماثلة في عمّان حول خدمة الحافلات.",
        results="أظهرت الخرائط زيادة استخدام مراكز الشباب وظهور أماكن جديدة للقاء، كما كشفت مخاوف الفتيات من "
        "بعض الطرق. توقّع المشاركون تنفيذ توصيات لم يكن المشروع قادرًا عليها.",
        lessons=_lines(
            "الخرائط تفتح نقاشًا لا تفتحه الاستبيانات.",
            "يجب التعامل بوضوح مع توقعات المشاركين منذ البداية.",
        ),
        recommendations=_lines(
            "تنظيم ورش منفصلة للفتيات عند الحاجة.",
            "إشراك الجهات المحلية لتتمكن من الاستجابة للتوصيات.",
        ),
        replication="مدن متوسطة لديها مراكز شباب نشطة وفريق قادر على تيسير ورش جماعية.",
    ),
)


# --- Seeding -----------------------------------------------------------------------------------


class _CapitalizationSeeder:
    def __init__(self, people, communities):
        everyone = [people["admin"], *people["facilitators"], *people["practitioners"]]
        self.users = {user.email: user for user in everyone}
        self.communities = communities
        self.specs = {spec.key: spec for spec in community_specs()}
        self.now = timezone.now()
        self.created = Counter()
        self.reports = {}  # (community key, session title) -> SessionReport

    def user(self, person):
        try:
            return self.users[person.email]
        except KeyError:
            raise ValueError(f"{person.display_name} was not seeded by seed_people.") from None

    def facilitator(self, key):
        return self.user(self.specs[key].facilitator)

    def report(self, spec):
        community = self.communities[spec.community]
        session = community.sessions.filter(title=spec.session, starts_at__lt=self.now).exclude(
            status=Session.Status.CANCELLED
        ).first()
        if session is None:
            return None
        existing = SessionReport.objects.filter(session=session).first()
        if existing is not None:
            return existing
        made = report_save(
            session=session, by=self.facilitator(spec.community),
            attendee_ids=[self.user(person).pk for person in spec.attendees],
            key_points=spec.key_points, lessons=spec.lessons, decisions=spec.decisions,
        )
        at = min(session.ends_at + REPORT_AFTER, self.now - timedelta(hours=1))
        SessionReport.objects.filter(pk=made.pk).update(created_at=at, updated_at=at)
        self.created["reports"] += 1
        return made

    def product(self, spec):
        community = self.communities[spec.community]
        found = CapitalizationProduct.objects.filter(community=community, title=spec.title).first()
        if found is not None:
            return found
        first, *others = [self.user(person) for person in spec.authors]
        sources = Post.objects.filter(community=community, title__in=spec.posts)
        report = self.reports.get((spec.community, spec.report))
        made = product_create(
            community=community, by=first, co_authors=others, source_posts=list(sources),
            source_reports=[report] if report else [], themes=spec.themes,
            title=spec.title, summary=spec.summary, context=spec.context, actors=spec.actors,
            process=spec.process, results=spec.results, lessons=spec.lessons,
            recommendations=spec.recommendations, replication=spec.replication,
            language=spec.language, countries=spec.countries,
        )
        made = product_submit(product=made, by=first)
        if spec.status == PUBLISHED:
            made = product_publish(
                product=made, by=self.facilitator(spec.community),
                visibility=CapitalizationProduct.Visibility.PUBLIC, licence=Licence.CC_BY,
            )
        # Drafted some weeks ago, sent for review (and published) a few days later.
        created = self.now - timedelta(days=spec.days_ago)
        updated = min(created + timedelta(days=spec.days_ago // 2 or 1), self.now - timedelta(hours=2))
        dates = {"created_at": created, "updated_at": updated}
        if spec.status == PUBLISHED:
            dates["published_at"] = updated
        CapitalizationProduct.objects.filter(pk=made.pk).update(**dates)
        self.created["products"] += 1
        return made


def seed_products(people, communities):
    """Create (or find) the demo session reports and capitalization products. Call in a
    transaction, after ``seed_sessions`` and ``seed_knowledge`` (products cite posts and
    reports). Returns the counts of everything seeded and what this run created.
    """
    seeder = _CapitalizationSeeder(people, communities)
    for spec in REPORTS:
        made = seeder.report(spec)
        if made is not None:
            seeder.reports[(spec.community, spec.session)] = made
    products = [seeder.product(spec) for spec in PRODUCTS]
    return summary(list(seeder.reports.values()), products, created=dict(seeder.created))


def summary(reports, products, created=None):
    seeded = CapitalizationProduct.objects.filter(pk__in=[p.pk for p in products])
    return {
        "reports": len(reports),
        "products": seeded.count(),
        "published": seeded.in_library().count(),
        "in_review": seeded.filter(status=IN_REVIEW).count(),
        "communities": seeded.values("community").distinct().count(),
        "created": created or {},
    }


def summary_line(result):
    return (
        f"{result['reports']} session reports, {result['products']} capitalization products "
        f"({result['published']} published in the library, {result['in_review']} in review) "
        f"in {result['communities']} communities"
    )


# --- Checks on the data ------------------------------------------------------------------------


def _check():
    """Fail at import if the data contradict the communities, sessions and posts."""
    specs = {spec.key: spec for spec in community_specs(date(2026, 1, 1))}
    past = {plan.community: {s.title for s in plan.sessions if s.is_past and not s.cancelled} for plan in PLANS}
    posts = {(post.community, post.title) for post in POSTS}
    themes = allowed_themes(specs.values())
    reported = set()
    for spec in REPORTS:
        members = {specs[spec.community].facilitator, *specs[spec.community].members}
        if spec.session not in past.get(spec.community, ()) or (spec.community, spec.session) in reported:
            raise ValueError(f"{spec.community}: {spec.session!r} is no past session, or is reported twice.")
        reported.add((spec.community, spec.session))
        if not set(spec.attendees) <= members:
            raise ValueError(f"{spec.community}: {spec.session!r}: attendees must be active members.")
    seen = set()
    for spec in PRODUCTS:
        where = f"{spec.community}: {spec.title}"
        members = {specs[spec.community].facilitator, *specs[spec.community].members}
        if (spec.community, spec.title) in seen or len(spec.title) > 200:
            raise ValueError(f"{where}: titles are unique in a community and at most 200 characters.")
        seen.add((spec.community, spec.title))
        if not 2 <= len(set(spec.authors)) == len(spec.authors) <= 3 or not set(spec.authors) <= members:
            raise ValueError(f"{where}: two or three co-authors, all active members.")
        if not set(spec.themes) <= themes or spec.language not in (EN, FR, AR) or not spec.countries:
            raise ValueError(f"{where}: check the themes (known tags only), language and countries.")
        if not all(getattr(spec, name) for name in CapitalizationProduct.TEXT_FIELDS):
            raise ValueError(f"{where}: a sheet fills in every field.")
        if not spec.posts or not all((spec.community, title) in posts for title in spec.posts):
            raise ValueError(f"{where}: sources are posts of the same community.")
        if spec.report and (spec.community, spec.report) not in reported:
            raise ValueError(f"{where}: {spec.report!r} has no report.")
    for key in specs:
        statuses = Counter(spec.status for spec in PRODUCTS if spec.community == key)
        if not statuses[PUBLISHED] or not statuses[IN_REVIEW]:
            raise ValueError(f"{key}: one published and one in-review product at least.")


_check()

"""Demo knowledge exchange for ``manage.py seed_demo``: posts, replies, helpful marks.

In each seeded community, members share experiences (with the structured fields filled
in: context, what was done, what happened, lessons), ask for support, propose ideas and
point to resources, in the community's language: French in the Eclosio CAPs (a few
posts in English from Rwandan members), English around the Mediterranean and in Egypt
(with some Arabic posts), Arabic in the participatory evaluation community. The stories
follow the seeds: agroecology field schools in Senegal, assisted natural regeneration in
Burkina Faso, terraces in Rwanda and Burundi, monitoring and evaluation systems for
donors, capitalisation sheets, participatory mapping, Cairo development organisations
after 2011, bus reform and BRT in Tunis, Casablanca and Cairo, parking in Beirut.

Co-members reply, sometimes to each other (one level of threading), @mention each other
by display name, mark replies helpful; authors accept an answer to some questions and a
few questions wait for their first reply. A few posts come from a past session of their
community.

Everything goes through ``knowledge.services`` as members would do it on the site, so
follows and notifications are what the site would make (seed_demo keeps the emails back).
Then the dates are moved back, so the exchange reads like the last weeks of the
community rather than one minute of seeding: a post ``days_ago`` days before the first
run (after its session, if it has one), its replies hours later.

Idempotent: posts are looked up by (community, title), replies by (post, author, body);
helpful marks and accepted answers are only added when missing. A second run adds nothing.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Sum
from django.utils import timezone

from knowledge import services
from knowledge.models import HelpfulMark, Language, Post, Reply

from .communities import community_specs
from .people import ALL_EXPERTISE, person_named
from .sessions import PLANS

EXPERIENCE, QUESTION, IDEA, RESOURCE = (
    Post.Kind.EXPERIENCE, Post.Kind.QUESTION, Post.Kind.IDEA, Post.Kind.RESOURCE
)
EN, FR, AR = Language.ENGLISH, Language.FRENCH, Language.ARABIC
RESOURCE_SITE = "https://example.org/"
# How many of each kind every community gets, as asked of the demo.
KIND_RANGES = {EXPERIENCE: (2, 4), QUESTION: (1, 3), IDEA: (1, 2), RESOURCE: (1, 2)}


@dataclass(frozen=True)
class ReplySpec:
    author: object  # a Person
    body: str
    key: str = ""  # a name other replies of the post use as parent
    parent: str = ""  # key of a top-level reply of the same post
    quote: str = ""
    helpful: tuple = ()  # Persons who mark it helpful
    accepted: bool = False  # the post's author accepts it as the answer


@dataclass(frozen=True)
class PostSpec:
    community: str  # a key of demo.communities.community_specs
    kind: str
    author: object  # a Person
    title: str
    language: str
    themes: tuple
    days_ago: float  # posted that long before the first run (after its session, if any)
    body: str = ""
    context: str = ""
    what_was_done: str = ""
    what_happened: str = ""
    lessons: str = ""
    resource_url: str = ""
    session: str = ""  # title of a past session of the same community
    replies: tuple = ()


def R(author, body, *, key="", parent="", quote="", helpful=(), accepted=False):
    """A reply by the demo person called ``author`` (a display name)."""
    return ReplySpec(
        author=person_named(author), body=body.strip(), key=key, parent=parent, quote=quote,
        helpful=tuple(person_named(name) for name in helpful), accepted=accepted,
    )


def _lines(*items):
    return "\n".join(f"- {item}" for item in items)


def experience(community, author, title, *, done, happened, lessons, **fields):
    return PostSpec(
        community=community, kind=EXPERIENCE, author=person_named(author), title=title,
        what_was_done=done, what_happened=happened, lessons=_lines(*lessons), **fields,
    )


def question(community, author, title, **fields):
    return PostSpec(community=community, kind=QUESTION, author=person_named(author), title=title, **fields)


def idea(community, author, title, **fields):
    return PostSpec(community=community, kind=IDEA, author=person_named(author), title=title, **fields)


def resource(community, author, title, *, url, **fields):
    return PostSpec(
        community=community, kind=RESOURCE, author=person_named(author), title=title, resource_url=url, **fields
    )


# --- CAP Agroécologie -------------------------------------------------------------------------

CAP_AGROECOLOGIE = (
    experience(
        "cap_agroecologie", "Aïssatou Diop",
        "Champs-écoles paysans dans les Niayes : trois saisons entre maraîchères et maraîchers",
        language=FR, themes=("agroecology", "participatory approaches", "climate adaptation"), days_ago=26,
        body="Comment nous avons remplacé les démonstrations par des champs-écoles paysans pour le maraîchage "
        "agroécologique, et ce que les producteurs et productrices en ont fait après le projet.",
        context="La zone des Niayes, entre Dakar et Saint-Louis, fournit une grande partie des légumes du "
        "Sénégal. Autour de Thiès, les maraîchers de notre fédération font face à la baisse de la nappe, à la "
        "salinisation de certains puits et à un usage très élevé de pesticides sur le chou et l'oignon, souvent "
        "sans protection. Nos démonstrations attiraient du monde, mais peu de producteurs changeaient ensuite "
        "leurs pratiques.",
        done="De 2021 à 2023, nous avons animé 12 champs-écoles paysans (CEP) de 20 à 25 personnes, dont la "
        "moitié de femmes. Chaque groupe suivait une parcelle coupée en deux : une moitié conduite comme "
        "d'habitude, l'autre en pratiques agroécologiques (compost, paillage, extrait de neem, association "
        "oignon-carotte, rotation avec le niébé). Une séance par semaine pendant tout le cycle : observation "
        "de la parcelle en petits groupes, dessin, discussion, décision de traiter ou non. Les séances étaient "
        "animées par des producteurs et productrices relais formés pendant deux semaines, avec la visite "
        "mensuelle d'un technicien.",
        happened="Neuf groupes sur douze ont suivi le cycle complet. Sur les moitiés agroécologiques, le "
        "nombre de traitements pesticides a été divisé par deux en moyenne ; les rendements d'oignon sont "
        "restés comparables, ceux du chou ont baissé la première saison puis rattrapé la deuxième. Les femmes "
        "ont été plus assidues que les hommes, à condition d'éviter les jours de marché. Le principal frein a "
        "été le compost : le fumier est devenu cher quand tout le monde en a voulu. Deux ans après, trois "
        "groupes se réunissent encore sans appui du projet et vendent ensemble au marché de Thiès.",
        lessons=(
            "Une parcelle de comparaison convainc plus que n'importe quel discours : les gens voient et "
            "décident eux-mêmes.",
            "Caler le calendrier des séances sur celui des femmes (marchés, corvées d'eau) change la "
            "participation.",
            "Prévoir dès le départ d'où viendra la matière organique, sinon la pratique s'arrête avec le projet.",
            "Les relais ont besoin d'un petit appui (transport, reconnaissance) et d'un suivi régulier, pas "
            "seulement d'une formation au début.",
        ),
        replies=(
            R("Mamadou Diallo", "Merci @Aïssatou Diop, c'est très proche de ce que nous vivons dans le Fouta. "
              "Comment avez-vous choisi les producteurs et productrices relais ? Chez nous, les groupements ont "
              "désigné les plus instruits, qui n'étaient pas forcément les plus respectés.",
              key="relais", helpful=("Sékou Sylla",)),
            R("Aïssatou Diop", "Nous avons laissé chaque groupe choisir, avec deux critères posés ensemble : "
              "cultiver soi-même une parcelle dans la zone, et être disponible le jour de la séance. Résultat : "
              "beaucoup de femmes, et des relais qui ne savaient pas tous lire. Nous avons adapté les fiches "
              "d'observation avec des dessins.",
              parent="relais", helpful=("Mamadou Diallo", "Moussa Ndiaye")),
            R("Jean-Claude Habimana", "À Musanze, nous avons eu le même problème de compost. Ce qui a aidé : "
              "des fosses communes par groupe, avec un tour de rôle pour l'arrosage, et les résidus de pomme de "
              "terre. Ça ne remplace pas le fumier, mais ça réduit la dépendance."),
            R("Moussa Ndiaye", "Je propose qu'on reprenne ce cas à Thiès : la visite des maraîchers des Niayes "
              "est prévue le mercredi de la semaine en présentiel. @Aïssatou Diop, est-ce que les trois groupes "
              "qui continuent accepteraient de nous recevoir ?", key="visite"),
            R("Aïssatou Diop", "Oui, le groupe de Fandène est d'accord, à condition que la visite se fasse le "
              "matin, avant la chaleur.", parent="visite"),
        ),
    ),
    experience(
        "cap_agroecologie", "Issouf Ouédraogo",
        "Zaï et demi-lunes autour de Ouahigouya : ce qui a vraiment fait la diffusion",
        language=FR, themes=("soil and water conservation", "agroecology", "climate adaptation"), days_ago=26,
        session="Le zaï et les demi-lunes au Burkina Faso : retour d'expérience",
        body="La synthèse de ma présentation à la séance sur le zaï, complétée avec les questions posées ce "
        "jour-là. Les photos sont dans le compte rendu de la séance.",
        context="Dans le Yatenga, au nord du Burkina Faso, beaucoup de champs sont encroûtés (les « zipellé ») "
        "et l'eau de pluie ruisselle sans s'infiltrer. Le zaï (des poquets creusés en saison sèche et garnis "
        "de fumure organique) et les demi-lunes sont des techniques anciennes, relancées dans la région depuis "
        "les années 1980. Notre association les accompagne depuis dix ans dans 40 villages.",
        done="Plutôt que des parcelles de démonstration, nous avons misé sur les visites de paysan à paysan : "
        "chaque année, des producteurs qui pratiquent le zaï reçoivent ceux d'autres villages au moment de la "
        "récolte. Nous avons aussi introduit le zaï mécanisé (une dent tirée par un âne ou des bœufs) pour "
        "réduire le temps de travail, très élevé à la main, et soutenu des groupes d'entraide pour creuser les "
        "poquets.",
        happened="Environ 1 800 hectares sont aujourd'hui travaillés en zaï ou en demi-lunes. Les rendements "
        "de sorgho passent de 300-400 kg/ha à 800 kg/ha et plus les bonnes années, et la différence est "
        "surtout nette les années sèches. Le zaï mécanisé a fait venir les jeunes hommes. Une mauvaise "
        "surprise : dans plusieurs villages, des femmes qui avaient restauré des terres empruntées se les "
        "sont vu reprendre par les propriétaires une fois la terre redevenue fertile.",
        lessons=(
            "La diffusion passe par les visites entre paysans, au moment où l'on voit la récolte.",
            "Réduire la pénibilité (outils, entraide) compte autant que montrer les rendements.",
            "Sans sécurisation foncière, ceux et surtout celles qui empruntent la terre n'ont pas intérêt à "
            "investir : il faut en parler dès le début avec les chefs de terre et les propriétaires.",
            "La fumure organique reste le facteur limitant : zaï sans fumier, peu de résultat.",
        ),
        replies=(
            R("Rasmata Zongo", "Le point sur le foncier est essentiel. À l'Institut, nous avons documenté des "
              "conventions de prêt écrites entre prêteurs et emprunteuses, validées par le conseil villageois, "
              "qui garantissent au moins cinq ans d'usage. Ça ne règle pas tout, mais c'est un début. Je peux "
              "partager le modèle.",
              key="foncier",
              quote="des femmes qui avaient restauré des terres empruntées se les sont vu reprendre",
              helpful=("Issouf Ouédraogo", "Espérance Irakoze", "Sékou Sylla")),
            R("Issouf Ouédraogo", "Oui @Rasmata Zongo, partage-le s'il te plaît ! Nous n'avons que des accords "
              "oraux, et ils ne tiennent pas quand il y a un héritage.", parent="foncier"),
            R("Rodrigue Hounkpatin", "Dans l'Atacora, le zaï est peu connu mais les sols se ressemblent. "
              "Combien coûte la dent pour le zaï mécanisé, et qui la fabrique ?", key="dent"),
            R("Issouf Ouédraogo", "Des forgerons de Ouahigouya la fabriquent ; compte environ 25 000 FCFA, sans "
              "l'animal. On peut organiser un appel avec l'un d'eux si ça intéresse d'autres membres.",
              parent="dent", helpful=("Rodrigue Hounkpatin",)),
        ),
    ),
    experience(
        "cap_agroecologie", "Diane Mukamana",
        "Push-pull against fall armyworm: two seasons with maize cooperatives in Bugesera",
        language=EN, themes=("agroecology", "climate adaptation"), days_ago=12,
        body="We tried push-pull (maize intercropped with desmodium, bordered by Brachiaria grass) with farmer "
        "cooperatives in a dry district of Rwanda. Sharing in English; happy to answer in French too.",
        context="Since the fall armyworm reached Rwanda in 2017, maize farmers in Bugesera, one of the driest "
        "districts of the country, have sprayed more and more pesticide, often with poor equipment and little "
        "effect. Rainfall is increasingly erratic, and farmers are looking for practices that protect both "
        "their yields and their soils.",
        done="With two cooperatives, we set up 40 push-pull plots of 0.1 ha next to ordinary maize plots. "
        "Desmodium between the maize rows repels the moth (push) and Brachiaria around the plot attracts it "
        "(pull). Farmers were trained during three field days, received desmodium seed and vines, and counted "
        "damaged plants every two weeks with our field officers.",
        happened="Damaged plants were roughly halved on push-pull plots in both seasons, and most farmers "
        "stopped spraying on those plots. Yields were higher in the second season, once the desmodium was "
        "established. Desmodium seed was hard to find and expensive, and some farmers pulled it out as a weed. "
        "Farmers who keep cows valued Brachiaria and desmodium as fodder: they are the ones who extended the "
        "practice on their own.",
        lessons=(
            "Seed supply for the companion plants must be solved before scaling up, for example by multiplying "
            "vines locally.",
            "The fodder value convinced more farmers than the pest control itself.",
            "Counting damaged plants with farmers made the results theirs, not ours.",
            "Plan for at least two seasons: the first one rarely shows the full effect.",
        ),
        replies=(
            R("Patient Mukendi", "Très intéressant, @Diane Mukamana. À Kinshasa, la chenille légionnaire est "
              "arrivée la même année. Est-ce que les producteurs qui n'ont pas de bétail ont aussi continué ?",
              key="betail"),
            R("Diane Mukamana", "Fewer of them, honestly. Some sell the Brachiaria as fodder to neighbours, "
              "which gives them a reason to keep it. Others went back to spraying when the project stopped "
              "supplying seed.", parent="betail", helpful=("Patient Mukendi",)),
            R("Espérance Irakoze", "Au Burundi, notre institut a testé le desmodium en station, mais pas encore "
              "chez les producteurs. Je serais preneuse de vos fiches de comptage des plants attaqués.",
              helpful=("Diane Mukamana",)),
        ),
    ),
    question(
        "cap_agroecologie", "Patient Mukendi",
        "Comment favoriser la diffusion du compostage quand le fumier devient rare et cher ?",
        language=FR, themes=("agroecology", "soil and water conservation"), days_ago=18,
        body="Dans la périphérie de Kinshasa, nos maraîchers ont adopté le compost… trop bien : le fumier de "
        "porc et de volaille, qu'on trouvait gratuitement il y a trois ans, se vend maintenant au sac, et les "
        "plus pauvres abandonnent le compost. Comment faites-vous pour que la pratique se diffuse sans créer "
        "une pénurie ? Quelles alternatives avez-vous testées ?",
        replies=(
            R("Issouf Ouédraogo", "Chez nous, le compost en fosse avec les résidus de récolte (tiges de sorgho, "
              "feuilles), de la cendre et un peu de fumier seulement pour démarrer marche bien. Il faut de "
              "l'eau : on creuse les fosses près des points d'eau et on partage l'arrosage entre voisins. Avec "
              "deux fosses par famille, on produit assez pour un demi-hectare de zaï.",
              key="fosses", accepted=True, helpful=("Patient Mukendi", "Aïssatou Diop", "Mamadou Diallo")),
            R("Aïssatou Diop", "Dans les Niayes, certaines maraîchères passent des contrats de fumure avec des "
              "éleveurs : les troupeaux parquent sur les parcelles en saison sèche en échange des résidus et de "
              "l'accès à l'eau. Ça demande de la négociation, mais le fumier ne coûte rien.",
              helpful=("Patient Mukendi",)),
            R("Rodrigue Hounkpatin", "Autre piste : les engrais verts. Le mucuna ou le pois d'Angole en jachère "
              "courte remplacent une partie du compost. Au Bénin, les producteurs les adoptent mieux quand la "
              "plante sert aussi (les graines de pois d'Angole se mangent et se vendent)."),
            R("Patient Mukendi", "Merci @Issouf Ouédraogo, nous allons essayer les fosses avec deux groupements "
              "avant la prochaine saison. Je vous dirai ce que ça donne.", parent="fosses"),
        ),
    ),
    question(
        "cap_agroecologie", "Nadège Pierre-Louis",
        "Quels indicateurs simples pour suivre la santé des sols avec les producteurs ?",
        language=FR, themes=("agroecology", "soil and water conservation"), days_ago=6,
        session="Brainstorming : montrer les effets de l'agroécologie sur la résilience",
        body="Après le brainstorming de la dernière séance, je cherche des indicateurs de santé des sols que les "
        "producteurs de Hinche peuvent observer eux-mêmes, sans laboratoire : test à la bêche, infiltration, "
        "vers de terre… Lesquels avez-vous déjà utilisés, et comment les avez-vous notés ?",
        replies=(
            R("Jean-Claude Habimana", "Le test à la bêche marche bien : on creuse, on regarde la structure, les "
              "racines, la couleur, l'odeur, et on note de 1 à 5 avec les producteurs. On le refait au même "
              "endroit chaque année.", helpful=("Nadège Pierre-Louis",)),
            R("Moussa Ndiaye", "Le test d'infiltration avec une boîte de conserve sans fond est aussi très "
              "parlant : on chronomètre le temps qu'il faut à un litre d'eau pour s'infiltrer. @Mamadou Diallo "
              "l'a utilisé dans le Fouta, je crois ?", key="infiltration"),
            R("Mamadou Diallo", "Oui, avec des boîtes de tomate concentrée ! Les producteurs ont vu la "
              "différence entre parcelle paillée et non paillée en quelques minutes. Le plus dur est de le "
              "refaire aux mêmes dates.", parent="infiltration", helpful=("Nadège Pierre-Louis",)),
        ),
    ),
    idea(
        "cap_agroecologie", "Aïssatou Diop",
        "Une visite d'échange virtuelle entre les maraîchers des Niayes et ceux de Grand-Popo",
        language=FR, themes=("agroecology", "knowledge sharing"), days_ago=9,
        body="Les maraîchers des Niayes et ceux de Grand-Popo cultivent tous sur sols sableux, près de la mer, "
        "avec des problèmes d'eau et de sel. Je propose une visite d'échange virtuelle : chaque groupe filme "
        "ses parcelles au téléphone, puis une heure d'appel vidéo entre producteurs, avec traduction "
        "wolof-français-fon par les animateurs. Qui serait partant pour l'organiser avec moi ?",
        replies=(
            R("Rodrigue Hounkpatin", "Partant ! Je connais bien l'Union communale des producteurs maraîchers de "
              "Grand-Popo ; Mariette Adjovi, qui y travaille, est dans la CAP Capitalisation. Je lui en parle "
              "cette semaine."),
            R("Moussa Ndiaye", "Bonne idée. Attention à la connexion côté producteurs : prévoyons un lieu avec "
              "un bon réseau et une séance courte. On peut en faire un point de la séance de préparation de "
              "Thiès.", helpful=("Aïssatou Diop",)),
        ),
    ),
    resource(
        "cap_agroecologie", "Moussa Ndiaye",
        "Guide de l'animateur de champ-école paysan (version simplifiée)",
        url=RESOURCE_SITE + "ressources/guide-animateur-champ-ecole-paysan.pdf",
        language=FR, themes=("agroecology", "participatory approaches"), days_ago=30,
        body="Un guide de 40 pages pour animer un champ-école paysan : préparation avec le groupement, déroulé "
        "d'une séance type, observation de la parcelle, fiches illustrées. Nous l'avons utilisé avec les "
        "relais de la Fédération des maraîchers des Niayes ; il se lit bien même par des animateurs peu "
        "habitués à l'écrit.",
        replies=(
            R("Rasmata Zongo", "Merci Moussa. Existe-t-il une version en mooré ou en dioula ? Sinon, nous "
              "pourrions traduire les fiches d'observation pour nos groupements."),
        ),
    ),
)


# --- CAP Gestion des ressources naturelles ----------------------------------------------------

CAP_RESSOURCES_NATURELLES = (
    experience(
        "cap_ressources_naturelles", "Boukary Kaboré",
        "Régénération naturelle assistée dans les Hauts-Bassins : reverdir les champs sans planter",
        language=FR, themes=("natural resource management", "agroforestry", "sustainability of actions"),
        days_ago=30,
        body="Cinq ans de régénération naturelle assistée (RNA) avec 620 producteurs dans 14 villages : moins "
        "cher que le reboisement, mais tout se joue dans les règles sur les arbres.",
        context="Dans la région des Hauts-Bassins, au Burkina Faso, les défrichements pour le coton et les "
        "céréales ont fait disparaître une bonne partie des arbres des champs. Les campagnes de reboisement "
        "successives avaient de faibles taux de survie. Pourtant, les souches de karité, de néré, de "
        "Piliostigma ou de Combretum rejettent d'elles-mêmes si on les laisse pousser.",
        done="De 2019 à 2023, notre direction régionale a accompagné la RNA : au moment du défrichement, les "
        "producteurs choisissent et marquent les meilleurs rejets, les protègent et les élaguent pour qu'ils "
        "montent. Des producteurs pionniers ont formé les autres sur leurs propres champs, et un concours "
        "annuel du meilleur champ RNA récompensait les familles. Nous avons négocié des règles de pâture avec "
        "les éleveurs et, avec le service des Eaux et Forêts, une attestation qui reconnaît aux producteurs le "
        "droit d'exploiter le bois des arbres qu'ils ont régénérés.",
        happened="Sur les champs suivis, la densité est passée en moyenne de 8 à près de 40 arbres par "
        "hectare. Les femmes ont apprécié le bois de chauffe des élagages et les fruits du karité. Les feux de "
        "brousse et le bétail ont détruit une partie des jeunes arbres là où les éleveurs n'avaient pas été "
        "associés. En 2022, année sèche, certaines familles ont coupé des arbres pour vendre le bois : sans "
        "l'attestation, elles l'auraient fait en cachette.",
        lessons=(
            "La RNA coûte peu d'argent, mais beaucoup de temps d'animation et de négociation.",
            "Tant que les producteurs craignent que l'arbre appartienne à l'État, ils ne le protègent pas : "
            "clarifier les droits sur l'arbre passe avant tout le reste.",
            "Associer les éleveurs dès le départ évite de voir les efforts broutés.",
            "Un comptage simple des arbres (par placette, chaque année) suffit pour montrer l'évolution aux "
            "producteurs comme aux bailleurs.",
        ),
        replies=(
            R("Fiacre Dossou", "Très parlant. Comment avez-vous obtenu l'attestation des Eaux et Forêts ? Dans "
              "l'Atacora, les agents verbalisent encore les producteurs qui coupent un karité, même quand ils "
              "l'ont protégé eux-mêmes.", key="attestation", helpful=("Déogratias Nshimirimana",)),
            R("Boukary Kaboré", "Il a fallu deux ans. Le plus efficace a été d'inviter le chef de cantonnement "
              "forestier au concours : quand il a vu les champs, il a accepté de signer une note de service. "
              "Je peux te mettre en contact avec lui.", parent="attestation", helpful=("Fiacre Dossou",)),
            R("Khady Faye", "Au Sénégal aussi, le code forestier a longtemps découragé les producteurs. "
              "@Boukary Kaboré, partagerais-tu la grille du concours ? Ce genre de reconnaissance publique "
              "pourrait marcher dans le bassin arachidier."),
            R("Sophie Lambert", "Ce cas illustre bien ce que nous disions à la séance sur les comités locaux : "
              "les règles comptent autant que les techniques. Je le note pour la fiche de capitalisation sur "
              "la restauration des terres."),
        ),
    ),
    experience(
        "cap_ressources_naturelles", "Sékou Sylla",
        "Convention locale des bas-fonds de Kankan : ce que le co-développement a changé",
        language=FR, themes=("natural resource management", "participatory approaches"), days_ago=4,
        session="Co-développement : une convention locale pour les bas-fonds de Kankan",
        body="Un premier retour après notre séance de co-développement, où j'étais le client.",
        context="Autour de Kankan, trois bas-fonds sont utilisés par des riziculteurs en saison des pluies, des "
        "maraîchères en contre-saison et des éleveurs qui y font boire et paître leurs animaux en saison "
        "sèche. Les conflits se multipliaient : animaux dans les jardins, diguettes abîmées, plaintes à la "
        "sous-préfecture. La direction préfectorale voulait une convention locale de gestion, mais les "
        "premières réunions tournaient court.",
        done="Suivant les pistes du groupe, nous avons arrêté les grandes assemblées pour commencer par des "
        "rencontres séparées avec chaque groupe d'usagers (maraîchères, riziculteurs, éleveurs, chefs "
        "coutumiers), en leur demandant ce qu'ils voulaient voir dans les règles. Puis nous avons dessiné la "
        "carte du bas-fond avec des représentants de tous les groupes, et proposé un calendrier d'accès et "
        "deux couloirs de passage pour les animaux.",
        happened="Dans deux bas-fonds sur trois, un projet de convention a été adopté en assemblée et transmis "
        "à la commune pour validation ; les maraîchères ont obtenu deux sièges au comité de gestion. Dans le "
        "troisième, un conflit foncier entre deux familles fondatrices bloque tout : la convention attendra. "
        "Les rencontres séparées ont pris trois semaines de plus que prévu.",
        lessons=(
            "Rencontrer chaque groupe séparément avant de les réunir permet aux moins écoutés (les femmes, les "
            "éleveurs) de dire ce qu'ils ne diraient pas en assemblée.",
            "La carte dessinée ensemble crée un langage commun : on discute d'un endroit, plus d'une accusation.",
            "Une convention ne règle pas un conflit foncier : il faut le reconnaître et le traiter à part.",
            "Le co-développement m'a surtout aidé à voir que je voulais aller trop vite.",
        ),
        replies=(
            R("Mariama Bah", "Bravo pour les deux sièges ! Comment les maraîchères ont-elles été désignées ?",
              key="sieges"),
            R("Sékou Sylla", "Par leurs groupements, après une discussion entre elles. Nous avions insisté pour "
              "qu'elles choisissent elles-mêmes, et non le chef de village.", parent="sieges"),
            R("Dieudonné Ilunga", "Merci pour ce retour honnête sur le troisième bas-fond. Dans le "
              "Haut-Katanga, nous avons appris à ne pas forcer : une convention signée sous pression n'est "
              "jamais appliquée.", helpful=("Sékou Sylla", "Sophie Lambert")),
        ),
    ),
    experience(
        "cap_ressources_naturelles", "Khady Faye",
        "Cartographie participative des terres salées dans le delta du Saloum",
        language=FR, themes=("natural resource management", "participatory approaches", "climate adaptation"),
        days_ago=16,
        body="Comment des cartes dessinées au sol par les habitants de six villages sont devenues la base du "
        "plan de lutte contre la salinisation de la commune.",
        context="Dans la région de Fatick, l'avancée des tannes (terres salées et stériles) fait reculer les "
        "rizières et les jardins. Des études techniques existaient, mais les villageois ne s'y reconnaissaient "
        "pas, et les digues anti-sel construites par des projets précédents avaient été mal placées.",
        done="Dans six villages, nous avons animé des séances de cartographie participative : d'abord au sol, "
        "avec des bâtons, des cailloux et des feuilles, par groupes séparés (femmes riziculteures, hommes, "
        "jeunes), puis sur papier. Chaque carte montrait les rizières perdues depuis vingt ans, les chemins de "
        "l'eau salée et les endroits où les anciens proposaient des ouvrages. Un technicien a ensuite relevé "
        "les points au GPS et reporté les cartes dans QGIS pour les présenter à la commune.",
        happened="Les cartes des femmes étaient les plus précises sur les rizières, qu'elles cultivent. Les "
        "trois cartes d'un même village ne concordaient pas toujours : les discussions sur les différences ont "
        "été les moments les plus riches. La commune a retenu quatre emplacements de digues proposés par les "
        "villageois dans son plan d'investissement ; deux sont construites, avec la main-d'œuvre locale. Les "
        "cartes papier sont affichées dans les cases de santé et servent encore.",
        lessons=(
            "Cartographier séparément par groupe fait apparaître des savoirs (et des désaccords) qu'une carte "
            "unique efface.",
            "Le passage au GPS et au SIG donne du poids aux cartes face aux services techniques, à condition "
            "de rendre les cartes aux villages.",
            "Prévoir du temps pour discuter des différences entre cartes : c'est là que se construit l'accord.",
            "Les anciens savent où l'eau passait : leur mémoire complète utilement les études hydrologiques.",
        ),
        replies=(
            R("Jean-Robert Desrosiers", "Superbe ! Dans le Nord d'Haïti, nous voudrions faire pareil pour les "
              "ravines. Quel matériel faut-il, au minimum, pour la partie GPS ?", key="gps"),
            R("Khady Faye", "Un téléphone avec une application gratuite de relevé de points suffit, plus un "
              "ordinateur avec QGIS pour la mise au propre. Le plus important, c'est la personne qui fait le "
              "lien entre la carte au sol et les relevés.", parent="gps", helpful=("Jean-Robert Desrosiers",)),
            R("Emmanuel Mugisha", "Nous avons fait une cartographie du même type autour des marais de "
              "Nyagatare. Je confirme : les cartes des femmes et celles des hommes racontaient deux histoires "
              "différentes de l'eau.", helpful=("Khady Faye",)),
        ),
    ),
    question(
        "cap_ressources_naturelles", "Mariama Bah",
        "Comment (mieux) impliquer les femmes de la mangrove dans le comité de gestion sans les surcharger ?",
        language=FR, themes=("natural resource management", "participatory approaches"), days_ago=22,
        body="Sur nos sites de mangrove autour de Conakry, les femmes qui récoltent les huîtres et produisent le "
        "sel solaire sont les premières concernées par les règles de coupe et de récolte. Elles sont invitées "
        "au comité de gestion, mais viennent peu : réunions longues, éloignées, souvent pendant les marées de "
        "récolte. Comment les impliquer vraiment, sans leur ajouter une charge de plus ?",
        replies=(
            R("Déogratias Nshimirimana", "Nous avons eu le même problème au bord du lac Tanganyika. Tenir la "
              "réunion là où elles travaillent, et à l'heure où elles y sont, a changé beaucoup de choses."),
            R("Sophie Lambert", "Quelques pistes entendues dans nos séances :\n\n"
              "1. **Caler le calendrier du comité sur celui des marées**, et non l'inverse ; des réunions "
              "courtes, avec un seul sujet à décider.\n"
              "2. **Une réunion des femmes avant chaque comité**, pour qu'elles arrivent avec une position "
              "commune portée par une ou deux déléguées.\n"
              "3. **Rendre visible ce que le comité leur apporte** (par exemple une règle qui protège leurs "
              "zones de récolte) : on vient quand on voit que ça change quelque chose.\n\n"
              "@Khady Faye, tu avais une expérience proche avec les transformatrices de Fatick ?",
              key="calendrier", accepted=True, helpful=("Mariama Bah", "Khady Faye", "Espérance Irakoze")),
            R("Khady Faye", "Oui : les transformatrices ont fini par demander elles-mêmes une place au comité "
              "quand il a fallu décider de la fermeture de la récolte des huîtres. Avant, elles ne voyaient pas "
              "l'enjeu.", parent="calendrier"),
            R("Mariama Bah", "Merci à toutes et à tous. Nous allons tester la réunion préalable des femmes le "
              "mois prochain, au débarcadère.", parent="calendrier"),
        ),
    ),
    question(
        "cap_ressources_naturelles", "Emmanuel Mugisha",
        "Qui paie le fonctionnement d'un comité local de gestion après la fin du projet ?",
        language=FR, themes=("sustainability of actions", "natural resource management"), days_ago=3,
        body="Le comité de gestion des marais que nous appuyons à Nyagatare fonctionne bien, mais tout son "
        "fonctionnement (réunions, patrouilles, cahiers) est payé par le projet, qui se termine dans huit mois. "
        "Avez-vous des exemples de comités qui se financent eux-mêmes : cotisations, amendes, prélèvement sur "
        "les récoltes, appui de la commune ?",
        replies=(
            R("Dieudonné Ilunga", "Sur un de nos sites, le comité prélève une petite part sur chaque sac de "
              "charbon de bois autorisé. C'est discuté, mais ça paie les patrouilles. La clé a été un cahier de "
              "comptes lu en assemblée chaque trimestre."),
        ),
    ),
    idea(
        "cap_ressources_naturelles", "Déogratias Nshimirimana",
        "Un répertoire commun des conventions locales de nos projets",
        language=FR, themes=("natural resource management", "sustainability of actions"), days_ago=11,
        body="Nous avons presque tous, dans nos projets, des conventions locales, des règlements de comités ou "
        "des accords de pâture. Et si nous les rassemblions dans un répertoire commun, avec pour chacune une "
        "courte fiche : ressource concernée, qui l'a élaborée, comment elle est appliquée, ce qui a marché ? "
        "Ce serait une base pour la fiche de capitalisation sur la restauration des terres, et utile au-delà "
        "de la CAP.",
        replies=(
            R("Sophie Lambert", "Excellente idée. Je peux créer un dossier partagé et un modèle de fiche d'une "
              "page. Qui commence ? @Sékou Sylla, la convention des bas-fonds de Kankan ferait un très bon "
              "premier exemple.", key="modele", helpful=("Déogratias Nshimirimana",)),
            R("Sékou Sylla", "Volontiers, dès que la commune l'aura validée.", parent="modele"),
        ),
    ),
    resource(
        "cap_ressources_naturelles", "Sophie Lambert",
        "Fiches techniques : régénération naturelle assistée et cartographie participative",
        url=RESOURCE_SITE + "ressources/fiches-rna-cartographie-participative",
        language=FR, themes=("natural resource management", "participatory approaches"), days_ago=14,
        body="Deux fiches de quatre pages, rédigées par des équipes de terrain, pour préparer nos prochaines "
        "séances : l'une sur les étapes de la RNA (choix des rejets, élagage, protection, suivi), l'autre sur "
        "l'animation d'une cartographie participative (matériel, consignes, restitution). Elles complètent "
        "bien les expériences de @Boukary Kaboré et de @Khady Faye.",
    ),
)


# --- CAP Agroforesterie -------------------------------------------------------------------------

CAP_AGROFORESTERIE = (
    experience(
        "cap_agroforesterie", "Jean-Bosco Niyonzima",
        "Terrasses progressives et haies de Calliandra sur les collines de Gitega",
        language=FR, themes=("soil and water conservation", "agroforestry", "sustainability of actions"),
        days_ago=25,
        body="Pourquoi nous avons préféré les terrasses progressives aux terrasses radicales, et comment les "
        "haies agroforestières ont fait la différence… jusqu'à la fin des paiements.",
        context="Sur les collines de la province de Gitega, au Burundi, les pentes dépassent souvent 30 %. "
        "Chaque saison des pluies emporte la terre des champs de haricot et de maïs. Les terrasses radicales, "
        "promues par plusieurs programmes, demandent énormément de travail et mettent à nu un sous-sol peu "
        "fertile.",
        done="De 2020 à 2023, sur trois collines, nous avons accompagné 450 ménages dans l'aménagement de "
        "terrasses progressives : des fossés anti-érosifs suivant les courbes de niveau, stabilisés par des "
        "haies de Calliandra et de Setaria. La terre s'accumule derrière les haies et les terrasses se forment "
        "d'elles-mêmes en quelques années. Le creusement des fossés était rémunéré en travaux à haute intensité "
        "de main-d'œuvre (argent contre travail).",
        happened="Environ 300 hectares ont été aménagés. Dès la deuxième saison, les ravines se sont arrêtées "
        "sur les parcelles aménagées, et les haies ont fourni du fourrage pour les chèvres et des tuteurs pour "
        "le haricot volubile. Mais l'entretien des fossés a chuté dès la fin des paiements : beaucoup de "
        "ménages considéraient qu'il s'agissait d'un travail « pour le projet ». Les collines où un groupe "
        "d'entraide existait déjà ont continué l'entretien.",
        lessons=(
            "Les terrasses progressives coûtent bien moins que les terrasses radicales et n'exposent pas le "
            "sous-sol.",
            "Les haies ont été adoptées pour le fourrage et les tuteurs bien plus que contre l'érosion : partir "
            "des usages des ménages.",
            "Payer l'aménagement crée l'attente d'être payé pour l'entretien : prévoir dès le départ le passage "
            "à l'entraide.",
            "S'appuyer sur les groupes d'entraide existants plutôt que d'en créer de nouveaux.",
        ),
        replies=(
            R("Claudine Hakizimana", "Même constat à Ngozi avec l'argent contre travail. Avez-vous essayé de "
              "payer seulement la première année, puis en nature (plants, semences) ?", key="himo"),
            R("Jean-Bosco Niyonzima", "Sur une colline, oui : des plants fruitiers en échange de l'entretien. "
              "Ça a mieux marché que l'argent, surtout avec les avocatiers.",
              parent="himo", helpful=("Claudine Hakizimana", "Moussa Ndiaye")),
            R("Solange Uwimana", "In Huye we see the same with radical terraces: once public works payments "
              "stop, maintenance depends on whether farmers see a yield gain. @Jean-Bosco Niyonzima, did you "
              "measure yields on the progressive terraces?", key="yields"),
            R("Jean-Bosco Niyonzima", "Pas de façon rigoureuse, seulement les estimations des ménages : +20 à "
              "30 % sur le haricot la troisième saison. C'est un point faible de notre suivi, j'en parlerai dans "
              "la CAP Suivi-évaluation.", parent="yields"),
        ),
    ),
    experience(
        "cap_agroforesterie", "Solange Uwimana",
        "Radical terraces in Huye: yields fell before they rose",
        language=EN, themes=("soil and water conservation", "agroforestry", "climate adaptation"), days_ago=14,
        body="What we learned supporting farmers on newly built radical terraces, and why we now plant trees "
        "on the terrace edges from day one.",
        context="Rwanda has built radical (bench) terraces on many steep hillsides through public works "
        "programmes. In Huye district, the farmers we work with received terraces on slopes of 25 to 40 %. "
        "Cutting the benches exposes infertile subsoil, and the first harvests are often poor.",
        done="Since 2021, Green Hills has worked with 12 farmer groups on newly terraced land. We supplied "
        "lime and organised compost making to restore fertility, planted Grevillea and Alnus on the terrace "
        "edges, and fodder grasses on the risers to hold them. Farmers kept simple records of their bean and "
        "maize harvests, plot by plot.",
        happened="In the first two seasons, yields on the new terraces were lower than before terracing on "
        "about half of the plots, and some farmers talked of abandoning them. Where lime and compost were "
        "applied, yields recovered by the third season and then exceeded the old level. The trees on the "
        "edges grew well; fodder grass on the risers was adopted quickly because it feeds the cows many "
        "families received through the national one-cow programme.",
        lessons=(
            "Tell farmers honestly that yields may drop at first, and plan the fertility inputs before the "
            "terraces are cut.",
            "Trees and grasses on the edges and risers pay back early (fodder, stakes, firewood) while the soil "
            "recovers.",
            "Farmers' own harvest records convinced the district more than our reports.",
            "Terracing without fertility support can discourage the very practice it promotes.",
        ),
        replies=(
            R("Chantal Mbala", "Merci Solange. Au Kwilu, nous utilisons aussi le Grevillea en bordure. "
              "Avez-vous des mesures de croissance des arbres ? Ce serait utile pour notre exercice sur le "
              "carbone.", key="growth"),
            R("Solange Uwimana", "Yes, we measured the diameters of 200 Grevillea last year. I will bring the "
              "data to the carbon session, and I can answer in French too, slowly!",
              parent="growth", helpful=("Chantal Mbala",)),
            R("Boukary Kaboré", "Très utile pour nous, même si nos pentes sont loin de celles du Rwanda : dire "
              "franchement aux producteurs que le rendement peut d'abord baisser, c'est rare dans nos projets.",
              helpful=("Solange Uwimana",)),
        ),
    ),
    experience(
        "cap_agroforesterie", "Wilner Joseph",
        "Relancer les caféières de la Grand'Anse sous ombrage après l'ouragan Matthew",
        language=FR, themes=("agroforestry", "climate adaptation"), days_ago=19,
        session="Café et banane sous ombrage : la Grand'Anse et le Rwanda / Coffee and banana under shade",
        body="Le résumé de ma présentation à la séance sur le café et la banane sous ombrage, avec les réponses "
        "aux questions que nous n'avions pas eu le temps de traiter.",
        context="En octobre 2016, l'ouragan Matthew a détruit une grande partie des caféiers et des arbres "
        "d'ombrage de la Grand'Anse, en Haïti. Beaucoup de planteurs se sont tournés vers des cultures "
        "vivrières à cycle court ou vers le charbon de bois. Notre association regroupe environ 900 planteurs "
        "autour de Jérémie.",
        done="Nous avons distribué des plants de variétés tolérantes à la rouille, produits dans des pépinières "
        "de groupements, et accompagné la replantation sous un ombrage diversifié : bananiers la première "
        "année, puis fruitiers (arbre véritable, avocatier, agrumes) et légumineuses (Inga, Gliricidia). Les "
        "planteurs associaient des cultures vivrières entre les jeunes caféiers en attendant la première "
        "récolte.",
        happened="Environ 60 % des caféiers plantés étaient vivants au bout de trois ans ; les pertes viennent "
        "surtout de la sécheresse et des chèvres. Les bananiers et l'arbre véritable ont nourri les familles "
        "avant la première récolte de café. Le prix payé aux planteurs reste trop faible pour attirer les "
        "jeunes, qui préfèrent partir en ville : sans valorisation du café, l'agroforesterie ne suffit pas.",
        lessons=(
            "Un ombrage diversifié donne de la nourriture et des revenus pendant les années sans récolte de "
            "café : c'est ce qui a fait tenir les familles.",
            "Les pépinières de groupements produisent des plants mieux adaptés et moins chers que les achats "
            "extérieurs.",
            "Protéger les jeunes plants des animaux doit être prévu (haies, accords sur la divagation).",
            "La diffusion auprès des jeunes passe par le prix du café et la transformation, pas seulement par "
            "la technique.",
        ),
        replies=(
            R("Mirlande Saint-Fleur", "Wilner, à l'Institut nous suivons des parcelles semblables dans le "
              "Sud-Est. Le problème des chèvres est partout : les accords sur la divagation ont-ils tenu ?",
              key="chevres"),
            R("Wilner Joseph", "Dans les sections communales où le CASEC s'est impliqué, oui. Ailleurs, ce sont "
              "les haies vives de Gliricidia qui protègent le mieux.", parent="chevres"),
            R("Ousmane Sarr", "La question des jeunes me parle : à Kaolack aussi, les jeunes ne restent que si "
              "l'arbre rapporte vite. La transformation sur place (torréfaction, vente locale) a-t-elle été "
              "essayée ?"),
        ),
    ),
    question(
        "cap_agroforesterie", "Grâce Bahati",
        "Quelles essences proposer quand les producteurs veulent des revenus rapides ?",
        language=FR, themes=("agroforestry", "climate change mitigation"), days_ago=17,
        body="Au Sud-Kivu, les ménages avec qui nous travaillons ont très peu de terre et veulent des revenus "
        "dès la première ou la deuxième année. Les essences que nous proposions (Maesopsis, Grevillea) ne les "
        "intéressent pas. Quelles essences, ou quelles combinaisons, avez-vous vu adoptées dans ce genre de "
        "situation ?",
        replies=(
            R("Bernadette Agossou", "Chez nous, ce qui marche est une combinaison à trois étages : une plante "
              "de revenu rapide (papayer, bananier, ananas en bordure), un fruitier à moyen terme (avocatier, "
              "manguier greffé) et une légumineuse taillée régulièrement (Gliricidia, Leucaena) qui donne aussi "
              "du fourrage et des tuteurs. Le greffage est décisif : un manguier greffé produit en trois ou "
              "quatre ans au lieu de huit.",
              key="combinaison", accepted=True, helpful=("Grâce Bahati", "Claudine Hakizimana")),
            R("Chantal Mbala", "Au Kwilu, l'Acacia auriculiformis se vend en bois de chauffe et en charbon au "
              "bout de quatre ou cinq ans. Ce n'est pas rapide, mais c'est une épargne sur pied que les ménages "
              "comprennent bien."),
            R("Grâce Bahati", "Merci @Bernadette Agossou, le greffage est une vraie piste : nous n'avons aucun "
              "greffeur dans nos villages. Avez-vous formé des producteurs à greffer eux-mêmes ?",
              parent="combinaison"),
            R("Bernadette Agossou", "Oui, deux par village, et ils vendent maintenant des plants greffés aux "
              "autres. C'est devenu une petite activité de revenu en soi.", parent="combinaison"),
        ),
    ),
    question(
        "cap_agroforesterie", "Claudine Hakizimana",
        "Comment favoriser la diffusion des haies fourragères chez les ménages sans bétail ?",
        language=FR, themes=("agroforestry", "soil and water conservation"), days_ago=2,
        body="Nos haies de Calliandra et de Tripsacum sont adoptées par les ménages qui ont des chèvres ou une "
        "vache. Les autres, souvent les plus pauvres, n'y voient pas d'intérêt, alors que leurs parcelles sont "
        "les plus érodées. Comment les convaincre ? Avez-vous des exemples de vente ou d'échange de fourrage "
        "entre voisins ?",
    ),
    idea(
        "cap_agroforesterie", "Chantal Mbala",
        "Une feuille de calcul commune pour estimer le carbone de nos parcelles",
        language=FR, themes=("climate change mitigation", "agroforestry"), days_ago=8,
        body="Avant la séance sur le carbone, je propose de préparer une feuille de calcul commune : chacun·e "
        "y saisit les diamètres et les hauteurs mesurés sur une parcelle, la feuille applique les équations "
        "allométriques adaptées à chaque essence, et nous comparons nos résultats. Nous aurions ainsi la même "
        "méthode dans les cinq pays, et des chiffres à présenter à Thiès.",
        replies=(
            R("Moussa Ndiaye", "Très bien, @Chantal Mbala. Prévoyons une colonne pour les essences sans "
              "équation connue : on utilisera une équation générale et on le signalera."),
            R("Mirlande Saint-Fleur", "Je peux tester la feuille sur nos parcelles de café avant la séance.",
              helpful=("Chantal Mbala",)),
        ),
    ),
    resource(
        "cap_agroforesterie", "Bernadette Agossou",
        "Catalogue des essences agroforestières d'Afrique de l'Ouest et du Centre",
        url=RESOURCE_SITE + "ressources/catalogue-essences-agroforestieres",
        language=FR, themes=("agroforestry",), days_ago=28,
        body="Un catalogue de 80 essences avec, pour chacune : zones écologiques, usages (bois, fruits, "
        "fourrage, fertilité), mode de multiplication, vitesse de croissance et compatibilité avec les "
        "cultures. Il nous a servi à préparer le tableau commun de la séance sur nos essences.",
        replies=(
            R("Jean-Bosco Niyonzima", "Merci, je cherchais justement comment multiplier le Markhamia."),
        ),
    ),
)


# --- CAP Suivi-évaluation -------------------------------------------------------------------------

CAP_SUIVI_EVALUATION = (
    experience(
        "cap_suivi_evaluation", "Rodrigue Hounkpatin",
        "Un seul système de suivi pour trois bailleurs : notre base d'indicateurs commune",
        language=FR, themes=("monitoring and evaluation",), days_ago=29,
        body="Comment notre ONG est passée de trois systèmes de suivi parallèles à une base d'indicateurs "
        "unique, et ce que nous avons dû négocier avec les bailleurs.",
        context="En 2021, ONG Racines Vertes gérait trois projets d'agroécologie financés par trois bailleurs, "
        "chacun avec son cadre logique, ses indicateurs, ses formats de rapport et son calendrier. Les "
        "animateurs remplissaient trois séries de fiches pour les mêmes producteurs ; le responsable du "
        "suivi-évaluation passait l'essentiel de son temps à compiler des rapports, et personne n'utilisait "
        "les données pour piloter.",
        done="Nous avons d'abord listé tous les indicateurs demandés (87 au total), puis les données de base "
        "qui permettent de les calculer. Nous avons construit une base unique : des formulaires KoboToolbox "
        "pour la collecte, un classeur partagé pour les calculs, et une table de correspondance entre nos "
        "indicateurs internes et ceux de chaque bailleur. Nous avons négocié avec deux bailleurs l'alignement "
        "des dates de rapport et l'acceptation d'annexes dans notre format.",
        happened="Le nombre de fiches remplies par les animateurs a été divisé par trois, et le temps de "
        "préparation des rapports par deux. Un bailleur a accepté notre format, un autre a seulement décalé "
        "ses dates, le troisième a refusé tout changement. Pour la première fois, l'équipe a discuté des "
        "données en réunion mensuelle : nous avons ainsi repéré un village où l'adoption des pratiques "
        "chutait. En revanche, nous collectons encore trop de données que personne n'analyse.",
        lessons=(
            "Partir des besoins de pilotage de l'équipe, puis montrer aux bailleurs comment leurs indicateurs "
            "en découlent.",
            "Une table de correspondance évite de refaire le système à chaque nouveau projet.",
            "Négocier le format des rapports dès la signature de la convention, pas à mi-parcours.",
            "Chaque donnée collectée doit avoir un usage connu ; sinon, on arrête de la collecter.",
        ),
        replies=(
            R("Wilner Joseph", "La table de correspondance est une très bonne idée. Accepterais-tu de partager "
              "le modèle ? Nous avons deux bailleurs et déjà le même problème.", key="table"),
            R("Rodrigue Hounkpatin", "Avec plaisir, je l'ajoute aux ressources de la CAP cette semaine, sans les "
              "données.", parent="table", helpful=("Wilner Joseph",)),
            R("Julien Dethier", "Ce qui me frappe, c'est le moment où l'équipe a commencé à discuter des données "
              "en réunion mensuelle : c'est là que le suivi devient un outil d'apprentissage, pas seulement de "
              "redevabilité. Qu'est-ce qui a rendu ces discussions possibles ?",
              key="reunion", helpful=("Rodrigue Hounkpatin", "Sophie Lambert")),
            R("Rodrigue Hounkpatin", "Des graphiques très simples, une page par village, et une règle : chaque "
              "réunion commence par une question posée par un animateur, pas par le coordinateur.",
              parent="reunion", helpful=("Julien Dethier",)),
        ),
    ),
    experience(
        "cap_suivi_evaluation", "Patient Mukendi",
        "Collecte mobile avec KoboToolbox chez les maraîchers périurbains de Kinshasa",
        language=FR, themes=("monitoring and evaluation", "participatory approaches"), days_ago=21,
        session="Retour sur la formation en ligne au suivi-évaluation",
        body="Ce que nous avons appris en passant du papier aux téléphones pour suivre 600 maraîchers, dans des "
        "zones où le réseau est capricieux. Un exemple évoqué lors de notre retour sur la formation.",
        context="Notre réseau appuie environ 600 maraîchers répartis sur huit sites autour de Kinshasa. Le "
        "suivi se faisait sur papier : des fiches remplies par les animateurs, saisies des semaines plus tard "
        "au bureau, avec beaucoup d'erreurs et de pertes. Les producteurs ne recevaient jamais de retour sur "
        "les données collectées.",
        done="Nous avons conçu des formulaires KoboToolbox courts (moins de 25 questions), utilisables hors "
        "connexion sur des téléphones Android d'entrée de gamme, avec des listes de choix en lingala et en "
        "français. Les animateurs synchronisent en fin de journée, au bureau ou là où le réseau passe. Nous les "
        "avons formés en deux jours, puis testé les formulaires pendant un mois sur deux sites avant d'étendre.",
        happened="Les données arrivent en quelques jours au lieu de plusieurs semaines, et les erreurs de "
        "saisie ont presque disparu grâce aux contrôles dans le formulaire. Deux téléphones ont été volés et un "
        "autre abîmé par la pluie la première saison. Surtout, les producteurs se méfiaient des questions sur "
        "leurs revenus : ils ont commencé à répondre franchement quand nous avons organisé chaque mois une "
        "restitution par site (prix moyens sur les marchés, rendements comparés).",
        lessons=(
            "Des formulaires courts et testés sur le terrain valent mieux que des formulaires complets.",
            "La technologie ne règle pas la confiance : rendre les données aux producteurs, c'est ce qui a "
            "amélioré leur qualité.",
            "Prévoir le remplacement des téléphones et des housses étanches dans le budget.",
            "Un test limité avant l'extension évite de multiplier les erreurs de conception.",
        ),
        replies=(
            R("Mamadou Diallo", "La restitution mensuelle est une excellente idée. Sous quelle forme : "
              "affiches, réunion, messages audio ?", key="forme"),
            R("Patient Mukendi", "Une réunion de 30 minutes sur le site, avec une affiche dessinée à la main. "
              "Nous testons aussi des messages vocaux sur WhatsApp pour les prix.", parent="forme"),
            R("Seynabou Ndiaye", "Dans les Niayes, nous voulons passer à la collecte mobile l'année prochaine. "
              "Merci pour le conseil du test limité : nous allions tout lancer d'un coup.",
              helpful=("Patient Mukendi",)),
        ),
    ),
    experience(
        "cap_suivi_evaluation", "Jean-Claude Habimana",
        "Suivre l'adaptation par les récits : la méthode du changement le plus significatif à Musanze",
        language=FR, themes=("monitoring and evaluation", "participatory approaches", "climate adaptation"),
        days_ago=10,
        body="Nos indicateurs chiffrés ne disaient rien de ce qui changeait vraiment pour les ménages. Nous "
        "avons essayé de recueillir des récits de changement.",
        context="Notre coopérative suit 1 200 ménages dans un projet d'adaptation au changement climatique "
        "(semences tolérantes, compost, gestion de l'eau). Le cadre logique comptait des hectares, des "
        "personnes formées et des rendements, mais ne permettait pas de comprendre comment les ménages "
        "faisaient face aux pluies irrégulières, ni ce qu'ils jugeaient important.",
        done="Nous avons testé la méthode du changement le plus significatif (Most Significant Change) : les "
        "animateurs ont recueilli 64 récits avec une seule question (« Quel est le changement le plus "
        "important pour votre ménage depuis deux ans, et pourquoi ? »). Les récits ont été lus et sélectionnés "
        "en trois étapes : par les groupes de producteurs, par le conseil de la coopérative, puis avec le "
        "bailleur, chaque niveau expliquant son choix.",
        happened="Les récits ont fait apparaître des changements que nous ne suivions pas : moins de disputes "
        "autour de l'eau, l'épargne des femmes dans les groupes, la location de terres redevenues fertiles. "
        "Les discussions de sélection ont été les moments les plus riches ; le bailleur a demandé à y "
        "participer de nouveau. La méthode prend du temps : trois mois pour un cycle complet, et les "
        "animateurs ont eu du mal à ne pas orienter les récits.",
        lessons=(
            "Les récits complètent les indicateurs chiffrés sans les remplacer : ils disent pourquoi les "
            "chiffres bougent.",
            "La sélection à plusieurs niveaux est le cœur de la méthode : c'est là que l'organisation apprend.",
            "Former les animateurs à écouter sans orienter demande plus d'une journée.",
            "Annoncer clairement au bailleur que l'on cherche aussi les changements négatifs.",
        ),
        replies=(
            R("Sophie Lambert", "Merci Jean-Claude, c'est exactement ce qui manquait aux indicateurs du "
              "brainstorming. Des changements négatifs sont-ils apparus dans les récits ?", key="negatif"),
            R("Jean-Claude Habimana", "Oui, quelques-uns : deux ménages ont perdu des terres louées quand les "
              "propriétaires ont vu qu'elles étaient redevenues fertiles. Nous ne l'aurions jamais vu "
              "autrement.", parent="negatif", helpful=("Sophie Lambert",)),
            R("Aïssatou Diop", "C'est la même chose que ce que racontait @Issouf Ouédraogo à propos du zaï dans "
              "la CAP Agroécologie. Ça mériterait une fiche de capitalisation à part.",
              helpful=("Jean-Claude Habimana", "Issouf Ouédraogo")),
        ),
    ),
    question(
        "cap_suivi_evaluation", "Bernadette Agossou",
        "Comment mesurer l'adaptation au changement climatique sans enquête de ménages coûteuse ?",
        language=FR, themes=("monitoring and evaluation", "climate adaptation"), days_ago=12,
        session="Brainstorming : des indicateurs d'adaptation que nos équipes peuvent mesurer",
        body="Suite au brainstorming sur les indicateurs d'adaptation : nos bailleurs demandent de « démontrer "
        "la résilience » des ménages, mais une enquête de ménages avec un échantillon représentatif coûte plus "
        "que tout notre budget de suivi-évaluation. Quelles méthodes légères avez-vous utilisées, qui restent "
        "crédibles ?",
        replies=(
            R("Issouf Ouédraogo", "Nous suivons un petit panel de 30 ménages, les mêmes chaque année, avec un "
              "questionnaire court sur la durée de la soudure et les stratégies de crise (vente de bétail, "
              "exode). Ce n'est pas représentatif, mais les tendances sont parlantes."),
            R("Julien Dethier", "Trois pistes qui se combinent bien :\n\n"
              "1. **Un panel léger**, comme celui d'Issouf, suivi dans la durée : la comparaison dans le temps "
              "compte plus que la taille de l'échantillon.\n"
              "2. **Des indicateurs d'auto-évaluation** : les ménages notent eux-mêmes, en groupe et sur une "
              "échelle simple, leur capacité à faire face à une mauvaise saison.\n"
              "3. **Des récits de changement** (voir l'expérience de @Jean-Claude Habimana) pour expliquer les "
              "chiffres.\n\n"
              "Ce qui rend l'ensemble crédible pour un bailleur, c'est d'expliquer clairement la méthode et ses "
              "limites.",
              key="combiner", accepted=True,
              helpful=("Bernadette Agossou", "Rasmata Zongo", "Rodrigue Hounkpatin")),
            R("Bernadette Agossou", "Merci, c'est très clair. Nous allons proposer cette combinaison au bailleur "
              "lors de la revue à mi-parcours.", parent="combiner"),
            R("Rasmata Zongo", "Pour le point 2, nous avons une grille de notation en cinq niveaux testée au "
              "Burkina. Je la partage dans les ressources.", parent="combiner"),
        ),
    ),
    question(
        "cap_suivi_evaluation", "Mamadou Diallo",
        "Comment (mieux) impliquer les groupes cibles dans le suivi sans en faire des enquêteurs bénévoles ?",
        language=FR, themes=("monitoring and evaluation", "participatory approaches"), days_ago=4,
        body="On nous demande d'impliquer les producteurs dans le suivi des projets. En pratique, nous leur "
        "faisons remplir des cahiers qui nous servent à nous, sans qu'ils en tirent quoi que ce soit, et "
        "l'intérêt retombe vite. Comment faites-vous pour que le suivi serve aussi aux groupes cibles ?",
        replies=(
            R("Wilner Joseph", "C'est exactement le cas que j'apporterai au co-développement : nos planteurs "
              "remplissent des fiches sans en voir l'utilité. Je lirai vos réponses avec attention !"),
            R("Seynabou Ndiaye", "Une piste : choisir avec eux deux ou trois indicateurs qui les intéressent "
              "(prix de vente, dépenses en semences) et leur rendre les résultats à chaque réunion. Le reste, "
              "c'est à nous de le collecter.", helpful=("Mamadou Diallo",)),
        ),
    ),
    idea(
        "cap_suivi_evaluation", "Rasmata Zongo",
        "Une bibliothèque partagée d'indicateurs d'adaptation, avec leurs fiches de calcul",
        language=FR, themes=("monitoring and evaluation", "climate adaptation"), days_ago=7,
        body="Chaque organisation de la CAP a ses indicateurs d'adaptation, souvent sans définition précise. Je "
        "propose une bibliothèque commune : pour chaque indicateur, une fiche d'une page (définition, méthode "
        "de collecte, fréquence, coût approximatif, limites, exemple de résultat). Nous pourrions partir des "
        "indicateurs retenus au brainstorming et la présenter à Thiès.",
        replies=(
            R("Rodrigue Hounkpatin", "Je contribue avec nos indicateurs d'adoption des pratiques. Faut-il une "
              "fiche par indicateur même quand plusieurs organisations utilisent le même ?", key="doublons"),
            R("Sophie Lambert", "Une seule fiche par indicateur, avec les variantes de chaque organisation en "
              "annexe : ce sont justement les différences qui sont intéressantes.",
              parent="doublons", helpful=("Rasmata Zongo", "Rodrigue Hounkpatin")),
        ),
    ),
    resource(
        "cap_suivi_evaluation", "Julien Dethier",
        "Modèle de plan de suivi-évaluation : indicateurs, sources, fréquences et usages",
        url=RESOURCE_SITE + "ressources/modele-plan-suivi-evaluation.xlsx",
        language=FR, themes=("monitoring and evaluation",), days_ago=26,
        body="Le modèle présenté pendant la formation en ligne : une matrice qui relie chaque indicateur à sa "
        "définition, sa source, sa fréquence de collecte, la personne responsable et l'usage prévu de "
        "l'information. La dernière colonne (« qui utilisera cette donnée, pour quelle décision ? ») est la "
        "plus importante.",
        replies=(
            R("Issouf Ouédraogo", "La dernière colonne nous a fait supprimer un tiers de nos indicateurs. "
              "Merci Julien !", helpful=("Julien Dethier",)),
        ),
    ),
)


# --- CAP Capitalisation d'expériences ---------------------------------------------------------

CAP_CAPITALISATION = (
    experience(
        "cap_capitalisation", "Mariette Adjovi",
        "Notre première fiche de capitalisation : le maraîchage sur sable à Grand-Popo",
        language=FR, themes=("capitalization of experiences", "knowledge sharing", "soil and water conservation"),
        days_ago=18, session="La capitalisation d'expériences en cinq étapes",
        body="De 14 pages que personne ne lisait à 4 pages et un enregistrement audio : le parcours de notre "
        "première fiche de capitalisation.",
        context="Depuis une dizaine d'années, les maraîchers de Grand-Popo, au Bénin, cultivent sur le cordon "
        "sableux du littoral avec des techniques qu'ils ont mises au point eux-mêmes : planches surélevées, "
        "apports massifs de matière organique, irrigation à partir de puits busés. Notre union voulait partager "
        "cette expérience avec d'autres zones côtières, mais rien n'était écrit.",
        done="Après la séance sur les cinq étapes, nous avons choisi une question précise (« comment cultiver "
        "sur le sable sans dépendre toujours plus des intrants ? »), interrogé 12 producteurs et productrices "
        "et deux techniciens, et rédigé une première version. Relue par deux membres de la CAP, elle faisait "
        "14 pages et racontait l'histoire du projet plutôt que celle des producteurs. Nous l'avons réécrite "
        "autour de leurs choix, avec des photos et des chiffres clés, puis enregistrée en fon et en mina pour "
        "les groupements.",
        happened="La version finale fait quatre pages. Elle a été présentée à l'assemblée de l'union, qui l'a "
        "corrigée sur deux points (le prix de la fiente de volaille avait changé). L'enregistrement audio "
        "circule sur les téléphones des maraîchers, bien plus que la fiche écrite. Une ONG de Ouidah nous a "
        "demandé d'organiser une visite.",
        lessons=(
            "Une question de capitalisation précise évite de raconter tout le projet.",
            "Écrire à partir des choix des producteurs, pas des activités du projet.",
            "Faire relire par quelqu'un qui n'a pas vécu l'expérience révèle tout ce qui reste implicite.",
            "Le format doit suivre le public : l'audio en langues locales a touché bien plus de producteurs "
            "que l'écrit.",
        ),
        replies=(
            R("Nadège Pierre-Louis", "Bravo Mariette ! L'idée de l'audio est excellente. Combien de temps a "
              "pris l'enregistrement, et avec quel matériel ?", key="audio"),
            R("Mariette Adjovi", "Une demi-journée avec un téléphone et un petit micro-cravate. Le plus long a "
              "été la traduction, faite par deux animatrices avec les producteurs.", parent="audio",
              helpful=("Nadège Pierre-Louis",)),
            R("Julien Dethier", "Ce passage de l'histoire du projet à celle des choix des producteurs est "
              "exactement ce qui distingue une capitalisation d'un rapport d'activités. Je garde cet exemple "
              "pour la relecture croisée, si tu es d'accord @Mariette Adjovi.",
              key="exemple", helpful=("Mariette Adjovi", "Sophie Lambert", "Fatoumata Camara")),
            R("Mariette Adjovi", "Bien sûr, avec plaisir !", parent="exemple"),
        ),
    ),
    experience(
        "cap_capitalisation", "Aminata Sawadogo",
        "Capitaliser avec les producteurs, pas sur eux : un atelier de relecture à Kaya",
        language=FR, themes=("capitalization of experiences", "participatory approaches", "climate adaptation"),
        days_ago=11,
        body="Nous avons fait relire notre fiche sur les banques de céréales par celles et ceux qui les gèrent. "
        "Ils n'étaient pas d'accord avec nous.",
        context="Notre fédération, dans le Centre-Nord du Burkina Faso, appuie 18 banques de céréales "
        "villageoises créées pour limiter la spéculation pendant la soudure. Dans une région marquée par "
        "l'insécurité et l'arrivée de personnes déplacées, nous voulions tirer les leçons de dix ans de "
        "fonctionnement. La première version de la fiche avait été écrite par l'équipe technique.",
        done="Nous avons organisé un atelier de relecture d'une journée avec les gestionnaires de huit banques, "
        "dont cinq femmes. La fiche a été lue à voix haute en mooré, paragraphe par paragraphe ; chaque "
        "affirmation pouvait être confirmée, corrigée ou contestée. Une animatrice notait les désaccords sans "
        "chercher à trancher.",
        happened="Les gestionnaires ont contesté notre conclusion principale : pour l'équipe, une banque "
        "« fonctionnait » quand son stock était reconstitué ; pour eux, elle fonctionnait quand les plus "
        "pauvres pouvaient acheter à crédit, ce qui met justement le stock en danger. La fiche finale présente "
        "les deux points de vue. L'atelier a aussi fait remonter l'arrivée des déplacés, que la première "
        "version ignorait.",
        lessons=(
            "Faire relire par les personnes concernées n'est pas une formalité : elles peuvent changer la "
            "conclusion.",
            "Garder les désaccords visibles dans la fiche la rend plus utile, pas moins.",
            "La lecture à voix haute en langue locale permet à celles et ceux qui ne lisent pas le français de "
            "participer.",
            "Prévoir le temps de réécrire après l'atelier.",
        ),
        replies=(
            R("Claudine Hakizimana", "Le désaccord sur ce que veut dire « fonctionner » est passionnant. "
              "Comment l'avez-vous présenté dans la fiche, concrètement ?", key="desaccord"),
            R("Aminata Sawadogo", "Dans un encadré « Deux façons de juger une banque de céréales », avec une "
              "citation d'une gestionnaire et une de notre coordinateur.", parent="desaccord",
              helpful=("Claudine Hakizimana",)),
            R("Sophie Lambert", "Merci @Aminata Sawadogo pour ce récit : un bel exemple de la différence entre "
              "faire valider une fiche et la construire ensemble. Pouvons-nous le reprendre à Thiès, le jour de "
              "l'atelier d'écriture ?", helpful=("Aminata Sawadogo", "Claudine Hakizimana")),
        ),
    ),
    experience(
        "cap_capitalisation", "Solange Uwimana",
        "Capitalisation on video: farmers in Huye filmed their own agroforestry story",
        language=EN, themes=("capitalization of experiences", "knowledge sharing", "agroforestry"), days_ago=6,
        body="Written in English, but the video has Kinyarwanda, French and English subtitles. A contribution "
        "to Fatoumata's proposal of capitalisation videos.",
        context="Green Hills Agroforestry Initiative had documented its work in Huye through reports written "
        "for donors. Farmers never read them, and other cooperatives interested in our approach could not use "
        "them. Fatoumata's proposal of a capitalisation video made us try a different format.",
        done="We trained six farmers, women and men, to film with their own smartphones over two days: "
        "framing, sound, short interviews. They chose the story themselves (how they decided which trees to "
        "plant on their terrace edges) and filmed over three weeks. We then edited a seven-minute video with "
        "them on a laptop, and added subtitles.",
        happened="The video was shown at the district agricultural show and shared in the WhatsApp groups of "
        "cooperatives; two cooperatives asked to visit. The farmers' choice of story surprised us: they spoke "
        "about family discussions and neighbours' advice far more than about our training. Editing took much "
        "longer than expected, and the sound was poor in windy places.",
        lessons=(
            "Let the people concerned choose the story: it shows what mattered to them.",
            "Budget time for editing, and a simple external microphone.",
            "A short video travels further than a report, but it needs a written page alongside for the "
            "details.",
            "Filming is itself a moment of reflection for the farmers.",
        ),
        replies=(
            R("Fatoumata Camara", "Merci Solange, c'est exactement ce que j'imaginais ! Pourrions-nous voir la "
              "vidéo à la prochaine séance ? @Sophie Lambert, ce serait possible ?",
              key="video", helpful=("Solange Uwimana",)),
            R("Sophie Lambert", "Oui, prenons dix minutes au début de la relecture croisée.", parent="video"),
            R("Ousmane Sarr", "Super travail. Quel logiciel avez-vous utilisé pour le montage ? Nous aimerions "
              "essayer avec nos groupements à Kaolack.", key="montage"),
            R("Solange Uwimana", "A free, open-source editor: easy to learn in a day. Happy to show you online "
              "before the session.", parent="montage", helpful=("Ousmane Sarr",)),
        ),
    ),
    question(
        "cap_capitalisation", "Fatoumata Camara",
        "Comment favoriser la diffusion de nos fiches de capitalisation au-delà de nos organisations ?",
        language=FR, themes=("capitalization of experiences", "knowledge sharing"), days_ago=15,
        body="Nous allons produire quatre fiches de capitalisation d'ici la semaine de Thiès. J'ai peur "
        "qu'elles finissent, comme souvent, dans un dossier partagé que personne n'ouvre. Comment avez-vous "
        "fait circuler vos produits de capitalisation auprès des autres organisations, des services "
        "techniques, des producteurs eux-mêmes ?",
        replies=(
            R("Mamadou Gueye", "À l'Institut, nos fiches sont lues quand elles sont présentées en personne : une "
              "restitution dans un cadre de concertation régional touche plus de monde qu'un envoi par courriel."),
            R("Julien Dethier", "Une règle simple : **décider du public avant d'écrire**, et choisir les canaux "
              "en conséquence.\n\n"
              "- Pour les **producteurs** : audio et vidéo en langues locales, restitution dans les groupements "
              "(voir l'expérience de @Mariette Adjovi).\n"
              "- Pour les **services techniques et les autres ONG** : une présentation courte dans les cadres de "
              "concertation existants, la fiche en appui.\n"
              "- Pour les **bailleurs et le réseau** : une version résumée, publiée là où ils la liront.\n\n"
              "Et prévoir qui porte la diffusion après Thiès : sans une personne désignée, elle s'arrête.",
              key="public", accepted=True, helpful=("Fatoumata Camara", "Mariama Bah", "Grâce Bahati")),
            R("Fatoumata Camara", "Merci Julien. Nous allons ajouter une ligne « public et canaux » au modèle de "
              "fiche.", parent="public"),
            R("Mariama Bah", "Pensons aussi aux radios communautaires : en Guinée, une émission de quinze "
              "minutes sur une fiche a fait venir des producteurs d'autres préfectures.",
              helpful=("Fatoumata Camara",)),
        ),
    ),
    question(
        "cap_capitalisation", "Mamadou Gueye",
        "Faut-il anonymiser les échecs dans une fiche de capitalisation ?",
        language=FR, themes=("capitalization of experiences",), days_ago=1,
        body="Dans notre fiche, une partie importante concerne un essai de compostage qui a échoué à cause de "
        "choix de notre propre équipe, et un partenaire local qui n'a pas tenu ses engagements. Si nous les "
        "nommons, la fiche sera plus honnête, mais nous risquons de froisser des partenaires. Comment "
        "faites-vous pour parler des échecs sans mettre en difficulté les personnes ou les organisations ?",
    ),
    idea(
        "cap_capitalisation", "Grâce Bahati",
        "Un modèle de fiche commun aux cinq CAP pour la semaine de Thiès",
        language=FR, themes=("capitalization of experiences", "knowledge sharing"), days_ago=9,
        body="Pour que les fiches produites dans les cinq CAP puissent être lues ensemble à Thiès, je propose un "
        "modèle commun : la question de capitalisation, le contexte en cinq lignes, ce qui a été fait, ce qui "
        "s'est passé, les leçons, et un encadré « pour aller plus loin » avec les contacts. Deux à quatre pages "
        "au plus, avec une photo par page.",
        replies=(
            R("Chantal Mbala", "D'accord, en ajoutant une ligne « public visé », comme Julien l'a suggéré dans "
              "la discussion sur la diffusion."),
            R("Julien Dethier", "Très bonne idée. Attention à ne pas trop normaliser : gardons un espace libre "
              "pour ce qui fait la singularité de chaque expérience.", helpful=("Grâce Bahati",)),
        ),
    ),
    resource(
        "cap_capitalisation", "Sophie Lambert",
        "Guide méthodologique : capitaliser une expérience en cinq étapes",
        url=RESOURCE_SITE + "ressources/guide-capitalisation-cinq-etapes.pdf",
        language=FR, themes=("capitalization of experiences",), days_ago=23,
        body="Le guide qui a servi de base à la formation en ligne sur la capitalisation : choisir l'expérience "
        "et la question, décrire, analyser, tirer les leçons, partager. Avec des exemples de fiches et une "
        "grille de relecture que nous utiliserons lors de la relecture croisée.",
        replies=(
            R("Nadège Pierre-Louis", "Merci Sophie. La grille de relecture m'a beaucoup aidée à reprendre notre "
              "première version."),
        ),
    ),
)


# --- Development practitioners Egypt ----------------------------------------------------------------

EGYPT = (
    experience(
        "egypt", "Nourhan El-Sayed",
        "Hosting youth initiatives in Cairo after 2011: from enthusiasm to paperwork",
        language=EN, themes=("community development", "collaborative learning"), days_ago=17,
        body="How our foundation went from supporting dozens of informal youth initiatives after the revolution "
        "to a handful of registered ones, and what we would keep from that time.",
        context="After January 2011, hundreds of youth initiatives appeared in Cairo: neighbourhood clean-ups, "
        "literacy classes, tutoring, street art, local committees. Most were informal groups of volunteers. "
        "From 2013 the space for civil society narrowed, and the NGO laws of 2017 and 2019 tightened "
        "registration, reporting and the approval of foreign funding. Cairo Youth Initiatives Foundation was "
        "created in 2012 to support these groups.",
        done="We hosted initiatives under our legal umbrella: we managed their small grants, bookkeeping and "
        "reporting, and offered a shared space, training in project management and mentoring by experienced "
        "practitioners. From 2017 we helped the strongest initiatives either register as associations or "
        "become long-term programmes of the foundation.",
        happened="Of the 34 initiatives we supported between 2012 and 2016, about a third are still active, "
        "five as registered associations. Approval of foreign grants sometimes took eight months, which killed "
        "time-bound projects. The initiatives that lasted were those whose founders found jobs nearby and "
        "kept volunteering, not those with the biggest grants. Many volunteers from that period now work in "
        "development organisations, and several are members of this community.",
        lessons=(
            "Invest in people and their networks rather than in projects: the people stayed when the projects "
            "ended.",
            "Plan for administrative delays from the start, and keep a small unrestricted reserve.",
            "Document every activity carefully: it protected us in audits.",
            "Informality was a strength for starting and a weakness for lasting; help groups choose their "
            "status consciously.",
        ),
        replies=(
            R("Yasmine Shawky", "I was one of those volunteers in 2012! The mentoring by older practitioners is "
              "what I remember most. We should bring that back in this community.", key="mentoring"),
            R("Mariam Abdelaziz", "Agreed, and it fits one of our objectives. @Nourhan El-Sayed, would you tell "
              "this story at the brainstorming session?", parent="mentoring"),
            R("Karim Hegazy", "The point about unrestricted reserves is so true. In Tanta we lost a whole season "
              "because a grant approval came after the planting period.",
              helpful=("Nourhan El-Sayed", "Mariam Abdelaziz")),
            R("Nourhan El-Sayed", "Happy to, Mariam.", parent="mentoring"),
        ),
    ),
    experience(
        "egypt", "Ahmed Abdelrahman",
        "إشراك أهالي القرية في تصميم مشروع مياه الشرب: تجربة من محافظة الغربية",
        language=AR, themes=("community development", "participatory approaches"), days_ago=6,
        session="Experience sharing: how we involve communities in designing our projects",
        body="ملخّص القصة التي عرضتُها في لقاء تبادل الخبرات حول إشراك المجتمعات في تصميم المشاريع، مع ما أضافه "
        "الزملاء من أسئلة.",
        context="في إحدى قرى مركز طنطا بمحافظة الغربية، كانت أسر كثيرة تعتمد على طلمبات مياه جوفية ملوّثة، وحصلت "
        "الجمعية على تمويل لمدّ وصلات مياه الشرب إلى المنازل الأكثر احتياجًا. أعدّ التصميم الأول مهندس الجهة "
        "المانحة مع المجلس المحلي، دون الرجوع إلى الأهالي.",
        done="قرّرنا تأجيل التنفيذ شهرًا لتنظيم جلسات استماع: جلسات منفصلة للنساء في بيت إحدى الرائدات الريفيات، "
        "وأخرى للرجال في المضيفة، وجولة في الشوارع مع مجموعة من الشباب لرسم خريطة للبيوت ومصادر المياه. ثم "
        "شكّلنا لجنة من الأهالي، نصفها من النساء، لمراجعة معايير اختيار الأسر المستفيدة.",
        happened="تغيّر التصميم في نقطتين أساسيتين: نُقلت أماكن الحنفيات العمومية بناءً على اقتراح النساء، وأُضيفت "
        "أسر لم تكن مسجّلة لأنها تسكن في بيوت بالإيجار. تأخّر المشروع شهرين واعترض المجلس المحلي في البداية، "
        "لكن الأهالي ساهموا في أعمال الحفر، ولم تقع خلافات على قائمة المستفيدين كما حدث في مشاريع سابقة.",
        lessons=(
            "الاستماع إلى النساء في مكان يشعرن فيه بالراحة يغيّر التصميم فعلًا، لا شكله فقط.",
            "الخريطة التي يرسمها الأهالي تكشف من لا تراه السجلّات الرسمية.",
            "يجب التفاوض مع الجهة المانحة والمجلس المحلي على وقت للمشاركة قبل بدء المشروع، لا في منتصفه.",
            "لجنة الأهالي تحتاج إلى قواعد مكتوبة وواضحة لاختيار المستفيدين.",
        ),
        replies=(
            R("Mostafa Farouk", "تجربة مهمة يا أحمد. كيف أقنعتم الجهة المانحة بتأجيل التنفيذ شهرًا؟", key="donor"),
            R("Ahmed Abdelrahman", "عرضنا عليهم تكلفة الخلافات التي وقعت في مشروع سابق، واقترحنا أن تكون الجلسات "
              "جزءًا من خطة العمل المعدّلة. وافقوا بشرط تقرير مكتوب عن نتائج الجلسات.", parent="donor",
              helpful=("Mostafa Farouk",)),
            R("Nourhan El-Sayed", "Thank you Ahmed. Tenants missing from the official lists is something we saw "
              "in Cairo too. Would you share the selection criteria the committee wrote?",
              helpful=("Ahmed Abdelrahman", "Mariam Abdelaziz")),
            R("Mariam Abdelaziz", "@Ahmed Abdelrahman، هل يمكن أن نضيف معايير الاختيار إلى مكتبة الأدوات "
              "المشتركة للمجتمع؟"),
        ),
    ),
    experience(
        "egypt", "Yasmine Shawky",
        "A monitoring framework our donor loved and our team hated",
        language=EN, themes=("monitoring and evaluation", "collaborative learning"), days_ago=13,
        body="How we rebuilt the M&E system of a youth employability programme so that it served the team as "
        "well as the donor.",
        context="In 2021 our foundation ran a youth employability programme in three Cairo districts, funded by "
        "a European donor. The results framework had 42 indicators, quarterly reports and a detailed "
        "participant database. Facilitators spent one day a week filling in forms; the data went to the donor "
        "and never came back to them.",
        done="At the mid-term review we proposed a two-layer system: a small set of donor indicators, reported "
        "as agreed, and a learning layer owned by the team, with five questions reviewed in a monthly "
        "reflection meeting (who drops out and why, which employers call back…). We simplified the forms, "
        "moved them to tablets, and added short exit calls with participants who left the programme.",
        happened="The donor accepted, as long as the contractual indicators were still reported. The monthly "
        "meetings revealed that young women dropped out when trainings ended after dark, and the schedules "
        "were changed. Reporting time fell by about a third. But the learning layer depended on one "
        "enthusiastic coordinator: when she left, the meetings stopped for four months.",
        lessons=(
            "Separate what you report from what you learn from, and protect time for the second.",
            "Bring the data back to the people who collect it, quickly and visually.",
            "Exit calls with those who leave are often the most useful data.",
            "A practice that depends on one person is not yet a system: write it into job descriptions.",
        ),
        replies=(
            R("Dana Haddadin", "We had the same 42-indicator feeling in Amman! How did you convince the donor at "
              "the mid-term review?", key="convince"),
            R("Yasmine Shawky", "We showed one real decision the learning layer would have changed, with "
              "numbers. And we invited the donor's programme officer to one of our reflection meetings.",
              parent="convince", helpful=("Dana Haddadin", "Nourhan El-Sayed")),
            R("Mostafa Farouk", "The last lesson is so important. In Assiut, our best practices disappeared "
              "every time a coordinator left.", helpful=("Yasmine Shawky",)),
        ),
    ),
    question(
        "egypt", "Nourhan El-Sayed",
        "How can we better involve stakeholders when every activity needs an official approval?",
        language=EN, themes=("participatory approaches", "community development"), days_ago=10,
        body="Our projects need approvals for almost every activity with the public. By the time they arrive, "
        "the participatory process we planned with local stakeholders has lost its momentum, and people think "
        "we were not serious. How do you keep local stakeholders involved through these delays? Any tricks "
        "for planning around approvals?",
        replies=(
            R("Karim Hegazy", "What worked for us in Tanta: treat the local officials themselves as stakeholders "
              "from the start. Invite the village council and the social solidarity directorate to the first "
              "meeting, not only to the approval: they then push the file. And start with activities that need "
              "no approval (home visits, small listening sessions) so people see something moving.",
              key="officials", accepted=True,
              helpful=("Nourhan El-Sayed", "Yasmine Shawky", "Ahmed Abdelrahman")),
            R("Mariam Abdelaziz", "Also: be honest with people about the delays. Communities accept waiting if "
              "they know why and are kept informed, for example through a WhatsApp group run by local "
              "volunteers."),
            R("Nourhan El-Sayed", "Inviting the directorate to the first meeting: we never thought of it as "
              "involvement. We will try it in our next project in Ain Shams. Thanks @Karim Hegazy.",
              parent="officials"),
        ),
    ),
    question(
        "egypt", "Mostafa Farouk",
        "كيف نشجّع انتشار مجموعات الادّخار بين النساء في قرى الصعيد؟",
        language=AR, themes=("community development", "gender and development"), days_ago=5,
        body="أسّسنا مع الشبكة عشر مجموعات ادّخار وإقراض للنساء في قرى مركز أسيوط، وهي تعمل جيدًا منذ عامين. لكن "
        "المجموعات لا تنتشر إلى قرى أخرى إلا إذا تدخّلنا نحن. كيف نشجّع النساء أنفسهن على نقل التجربة إلى "
        "جاراتهن وقريباتهن في القرى المجاورة؟ هل لديكم تجارب مع الميسّرات المجتمعيات؟",
        replies=(
            R("Ahmed Abdelrahman", "جرّبنا في الغربية أن تتولّى عضوات من المجموعات الأولى تأسيس مجموعات جديدة مقابل "
              "مبلغ رمزي تدفعه المجموعة الجديدة. نجح ذلك في أربع قرى، لكن الجودة اختلفت كثيرًا من قرية إلى أخرى.",
              helpful=("Mostafa Farouk",)),
            R("Mariam Abdelaziz", "@Mostafa Farouk، أقترح أن نخصّص جزءًا من جلسة العصف الذهني القادمة لهذا السؤال."),
        ),
    ),
    idea(
        "egypt", "Mariam Abdelaziz",
        "An evening of failure stories for development practitioners",
        language=EN, themes=("collaborative learning", "facilitation"), days_ago=4,
        body="Our charter says failures teach as much as successes, so let's make room for them. I propose a "
        "quarterly online evening where three members each tell, in ten minutes, the story of something that "
        "did not work: what happened, what they learned, what they would do differently. No slides, no "
        "judgement, and what is said stays in the community. We could start after the brainstorming session.",
        replies=(
            R("Yasmine Shawky", "Yes! I volunteer for the first evening, with the story of the M&E system that "
              "depended on one person."),
            R("Ahmed Abdelrahman", "فكرة رائعة. أقترح أن تكون الأمسية بالعربية والإنجليزية، وأن نسمح بالمشاركة دون "
              "كاميرا لمن يريد.", helpful=("Mariam Abdelaziz",)),
        ),
    ),
    resource(
        "egypt", "Mariam Abdelaziz",
        "Facilitator's guide to experience-sharing sessions (Arabic and English)",
        url=RESOURCE_SITE + "collective-routes/experience-sharing-guide",
        language=EN, themes=("facilitation", "collaborative learning"), days_ago=19,
        body="The guide we use to prepare our monthly meetings: how to help a member tell an experience in "
        "fifteen minutes, questions that open reflection rather than judgement, and how to harvest lessons "
        "into our shared repertoire. Bilingual, Arabic and English. Comments and additions are welcome.",
        replies=(
            R("Karim Hegazy", "شكرًا يا مريم، استخدمتُ أسئلة التأمّل في اجتماع فريقنا الأسبوع الماضي وكانت مفيدة "
              "جدًا."),
        ),
    ),
)


# --- Sustainable urban transport in the Mediterranean --------------------------------------------

MEDITERRANEAN_TRANSPORT = (
    experience(
        "mediterranean_transport", "Hamza Tazi",
        "Casablanca's busway lines: lessons from the first year of operation",
        language=EN, themes=("urban transport", "public transport planning", "sustainable mobility"),
        days_ago=35,
        body="A summary of the observatory's first-year review of the busway (BRT) lines, for the members who "
        "asked about it.",
        context="Casablanca has built a tram network since 2012 and added bus rapid transit lines, the "
        "busways, to bring mass transit to dense districts the tram does not reach. The busways run in "
        "dedicated central lanes with level boarding and off-board ticketing, next to a bus network run under "
        "a separate concession and a large fleet of shared taxis.",
        done="The observatory followed the first year of operation: boarding counts at stations, commercial "
        "speed from vehicle tracking, a survey of 1,500 passengers, and interviews with shared-taxi drivers "
        "on the corridors. Results were discussed every quarter with the transport authority and the "
        "operators.",
        happened="Commercial speed was close to target where the lanes were physically separated, and dropped "
        "sharply at roundabouts without signal priority and where cars used the lanes. Ridership grew more "
        "slowly than forecast on one line, mainly because the feeder bus routes were not reorganised at "
        "opening. Shared-taxi drivers lost passengers on the corridors, and some moved informally to feeder "
        "routes. Passengers rated frequency and comfort highly, but complained about ticketing with the tram.",
        lessons=(
            "Signal priority and separation at intersections matter more than the vehicles.",
            "Reorganise feeder routes before opening, not after.",
            "Plan what happens to shared-taxi and minibus operators on the corridor: they will adapt anyway, "
            "better with you than against you.",
            "Fare and ticket integration is part of the project, not a later add-on.",
        ),
        replies=(
            R("Salma Mansour", "Very useful, Hamza. On the shared taxis: was there any formal discussion with "
              "their unions before opening? In Cairo, that is the first question our authorities ask.",
              key="taxi"),
            R("Hamza Tazi", "Only late, a few months before opening. The authority now plans to involve them "
              "from the design stage of the next lines.", parent="taxi"),
            R("Mehdi Trabelsi", "The feeder lesson matches our experience in Tunis exactly. We should compare "
              "our feeder plans in a session.", helpful=("Hamza Tazi", "Hélène Marchetti")),
            R("Giulia Rinaldi", "How did you collect the boarding counts: manual counts or automatic passenger "
              "counters?", key="counts"),
            R("Hamza Tazi", "Manual counts on sample days, calibrated with ticket validations. Automatic "
              "counters come with the new vehicles.", parent="counts", helpful=("Giulia Rinaldi",)),
        ),
    ),
    experience(
        "mediterranean_transport", "Salma Mansour",
        "Mapping Greater Cairo's microbus routes before trying to reform them",
        language=EN, themes=("urban transport", "public transport planning", "knowledge sharing"), days_ago=68,
        session="Integrating informal minibuses into formal public transport networks",
        body="My notes from the session on informal minibuses, with a longer account of how the observatory "
        "mapped the routes.",
        context="In Greater Cairo, privately operated microbuses carry a large share of public transport trips, "
        "on routes that exist in no official database. Planners and bus reform projects were working with "
        "maps of the formal bus network only, which covers a minority of actual trips.",
        done="With a university team and volunteers, the observatory rode and recorded microbus routes with "
        "GPS-enabled phones, noted the informal terminals and fares, and interviewed drivers and route "
        "supervisors. The data were cleaned and published as a network map and as an open dataset in the GTFS "
        "format, which authorities and app developers could use.",
        happened="Several hundred routes were mapped, showing corridors where microbuses and formal buses "
        "compete head-on and districts served only by microbuses. The map was used in planning discussions "
        "for new bus corridors, and drivers' associations appreciated being recognised as part of the "
        "network. Keeping the data up to date proved hard: routes change often and volunteer mapping does not "
        "last.",
        lessons=(
            "You cannot reform what you cannot see: mapping informal services comes first.",
            "Involving drivers in the mapping builds trust for later negotiations.",
            "Plan data maintenance with an institution, not as a one-off effort.",
            "Open data multiplies uses the original team would not have imagined.",
        ),
        replies=(
            R("Rami Haddad", "In Beirut we did a similar mapping with our association's volunteers. Same "
              "problem: the map is out of date within two years. @Salma Mansour, did any authority agree to "
              "take over the maintenance?", key="maintenance"),
            R("Salma Mansour", "Not formally yet. We are discussing with the regulator a light update process "
              "based on reports from drivers.", parent="maintenance"),
            R("Omar Al-Masri", "In Amman, operators now have to share GPS data as a licence condition. It is not "
              "popular, but it solves the maintenance problem.", helpful=("Salma Mansour", "Rami Haddad")),
        ),
    ),
    experience(
        "mediterranean_transport", "Rami Haddad",
        "Parking policy in Beirut: the meters were the easy part",
        language=EN, themes=("transport policy", "sustainable mobility", "urban transport"), days_ago=40,
        session="Financing sustainable urban mobility plans once they are adopted",
        body="Parking revenue came up in our session on financing mobility plans. Here is a users' "
        "association's view of on-street parking in Beirut.",
        context="In Beirut, cars park on most streets and often on pavements, and private valet services "
        "occupy public space in front of restaurants. Pay parking meters were introduced in parts of the city "
        "to manage demand and raise revenue, with the stated aim of supporting public transport and walking.",
        done="Our association surveyed occupancy and turnover on 40 streets with and without meters, counted "
        "cars parked on pavements, and collected what was publicly known about meter revenue. We presented "
        "the results to municipal council members and published a short policy note calling for enforcement, "
        "transparency on revenue, and rules for valet parking.",
        happened="On metered streets, turnover improved where enforcement was regular, but in many areas "
        "meters were out of order or ignored, and cars simply moved onto the pavements. Revenue figures were "
        "not published, which fed distrust. The municipality welcomed the survey, but the economic crisis that "
        "began in 2019 stalled most follow-up. Valet parking remains largely unregulated.",
        lessons=(
            "Parking policy is about enforcement and governance more than technology.",
            "Publishing how parking revenue is used builds acceptance for charging.",
            "Pavements must be protected physically, or metering just pushes cars onto them.",
            "A users' association can bring evidence the authorities lack, but needs a partner inside the "
            "administration to move forward.",
        ),
        replies=(
            R("Camille Roux", "In France, on-street parking charges and fines were decentralised in 2018, which "
              "gave cities a strong incentive to enforce. Transparency on how the revenue is spent is still "
              "uneven though.", key="revenue"),
            R("Rami Haddad", "Thanks Camille, we would love to read more about that reform: it is exactly the "
              "argument we make to our municipality.", parent="revenue"),
            R("Youssef Benjelloun", "Your point on pavements resonates in Rabat-Salé: protecting them with "
              "bollards was the most visible change for pedestrians in our plan.", helpful=("Rami Haddad",)),
        ),
    ),
    experience(
        "mediterranean_transport", "Mehdi Trabelsi",
        "Greater Tunis: reorganising bus lines around the new suburban rail lines",
        language=EN, themes=("public transport planning", "urban transport"), days_ago=22,
        body="How the agency redesigned feeder bus lines for the new suburban rail (RFR) lines, and why the "
        "louage operators were the hardest part.",
        context="Greater Tunis is opening a suburban rail network, the RFR, to connect outlying districts with "
        "the centre. These districts were served by long, overcrowded bus lines of the public operator, by "
        "shared taxis (louages) and by informal minibuses. Without reorganisation, buses and trains would "
        "compete on the same corridors.",
        done="The agency modelled the bus network around the first RFR stations: long radial lines cut back to "
        "the stations, new feeder lines into the neighbourhoods, and bus-rail interchanges. We held workshops "
        "with the bus operator, the municipalities and, after a first blocked attempt, representatives of "
        "louage drivers. A combined bus-rail ticket was proposed for one corridor.",
        happened="The first feeder lines started with the opening of the first RFR line. Rail ridership was "
        "below forecast in the first months, partly because the feeder lines and the combined ticket came "
        "late. Louage drivers first opposed the cut-back of lines near stations, then negotiated access to the "
        "station forecourts. The operator's fleet shortage limited frequencies on the new feeders.",
        lessons=(
            "Plan the bus network and the fares with the rail line, as one project.",
            "Involve shared-taxi operators early, as stakeholders with legitimate interests, not as obstacles.",
            "Feeder lines need the fleet to run them at good frequencies; otherwise people stay on the direct, "
            "slower lines.",
            "Station forecourts are where modes negotiate: design them for it.",
        ),
        replies=(
            R("Amira Ben Salah", "In Sfax we face the same question with louages in our bus network reform. "
              "@Mehdi Trabelsi, who represented the drivers in your workshops: the union or the operators' "
              "chamber?", key="louages"),
            R("Mehdi Trabelsi", "Both, after a first meeting with only the chamber failed: the drivers wanted "
              "their own voice. Let's talk about it before your co-development session.", parent="louages",
              helpful=("Amira Ben Salah", "Hélène Marchetti")),
        ),
    ),
    question(
        "mediterranean_transport", "Youssef Benjelloun",
        "Which revenue sources actually financed your urban mobility plan?",
        language=EN, themes=("transport policy", "sustainable mobility"), days_ago=30,
        body="Following our peer assist: Rabat-Salé adopted its sustainable urban mobility plan last year, and "
        "most of its public transport measures are not yet financed. Beyond state transfers and development "
        "bank loans, which local revenue sources really worked in your cities (parking, fuel levies, employer "
        "contributions, land value capture)? And what made them politically acceptable?",
        replies=(
            R("Camille Roux", "In France, the backbone is the *versement mobilité*: a contribution paid by "
              "employers with eleven or more staff, based on payroll and set by the local mobility authority. "
              "It funds a large part of public transport operations. It was accepted because it was earmarked "
              "for transport from the start, and because employers benefit directly from their staff's access. "
              "It would need a national law in Morocco, but the principle of an earmarked local contribution is "
              "worth studying.",
              key="versement", accepted=True,
              helpful=("Youssef Benjelloun", "Hélène Marchetti", "Francesca Conti")),
            R("Rami Haddad", "Parking revenue, in theory: see my post on Beirut. Without transparency on its "
              "use, it will not be accepted."),
            R("Francesca Conti", "Land value capture around new stations has worked in a few Italian cities, "
              "mostly through development agreements rather than taxes. It needs strong planning capacity in "
              "the municipality."),
            R("Youssef Benjelloun", "Thank you Camille, this is very helpful. The earmarking argument is exactly "
              "what our council needs to hear.", parent="versement"),
        ),
    ),
    question(
        "mediterranean_transport", "Laith Obeidat",
        "How did you get parents on board for school street closures?",
        language=EN, themes=("road safety", "active mobility"), days_ago=12,
        session="Road safety around schools: what worked in our cities",
        body="After the world café on road safety around schools, we want to pilot a school street in Irbid: "
        "closing the street to cars at drop-off and pick-up times. Parents who drive their children are our "
        "biggest worry. How did you involve them, and what did you offer in exchange?",
        replies=(
            R("Eleni Papadopoulou", "In Athens we started with a one-week trial during European Mobility Week, "
              "with children drawing on the closed street. Parents who saw it were much more positive than "
              "those who only heard about it.", key="trial", helpful=("Laith Obeidat", "Giulia Rinaldi")),
            R("Francesca Conti", "Offer a drop-off point 200 metres away, and walking buses led by volunteer "
              "parents. The problem then becomes finding volunteers."),
            R("Laith Obeidat", "A trial week is a good idea: we can do it before deciding anything permanent.",
              parent="trial"),
        ),
    ),
    question(
        "mediterranean_transport", "Giulia Rinaldi",
        "Has anyone evaluated automated enforcement of bus lanes?",
        language=EN, themes=("public transport planning", "urban transport"), days_ago=2,
        body="Naples is considering cameras to enforce the bus lanes on two congested corridors. Before we go "
        "further: has a member city evaluated automated bus lane enforcement? Effect on bus speeds, violations "
        "over time, public acceptance, data protection issues: even partial results would help.",
    ),
    idea(
        "mediterranean_transport", "Francesca Conti",
        "Peer reviews of each other's mobility plans",
        language=EN, themes=("knowledge sharing", "sustainable mobility"), days_ago=16,
        body="Many of our cities are drafting or revising sustainable urban mobility plans. What if each plan in "
        "preparation were reviewed by two members from other cities, in a structured way: a one-hour call on "
        "the diagnosis, the measures and the financing, then a short written note? It would cost little, help "
        "the authors, and feed the shared library of plans in our objectives.",
        replies=(
            R("Hélène Marchetti", "Great idea, Francesca. The CMI can pair reviewers and keep the notes in the "
              "community library. Who would like to volunteer their plan first?", key="pairing"),
            R("Youssef Benjelloun", "Rabat-Salé volunteers, for the financing chapter!", parent="pairing",
              helpful=("Francesca Conti",)),
        ),
    ),
    resource(
        "mediterranean_transport", "Hélène Marchetti",
        "Knowledge note: integrating informal transport, lessons from six Mediterranean cities",
        url=RESOURCE_SITE + "cmi/knowledge-notes/integrating-informal-transport",
        language=EN, themes=("urban transport", "public transport planning", "knowledge sharing"), days_ago=45,
        body="The CMI knowledge note prepared after our session on informal minibuses, with the cases of Cairo, "
        "Beirut, Tunis and three other cities: licensing and route franchising, fare integration, fleet "
        "renewal, drivers' incomes, and what each city would do differently. Members' comments are in the "
        "annex.",
        replies=(
            R("Omar Al-Masri", "Thank you Hélène. We shared the note with our directorate's planning team; the "
              "section on route franchising was the most discussed."),
        ),
    ),
    resource(
        "mediterranean_transport", "Eleni Papadopoulou",
        "Checklist: publishing your routes and timetables as GTFS open data",
        url=RESOURCE_SITE + "cmi/gtfs-open-data-checklist",
        language=EN, themes=("public transport planning", "knowledge sharing"), days_ago=3,
        body="Since our session on open data had to be cancelled, here is the checklist I was going to present: "
        "which data you need (stops, routes, trips, timetables, fares), the usual errors, validation tools, "
        "open licences, and how to keep the feed up to date once it is published. Questions welcome here "
        "until we find a new date.",
        replies=(
            R("Laith Obeidat", "Very timely, thanks Eleni. Irbid's routes are only on paper; the section on "
              "where to start is exactly what we need.", helpful=("Eleni Papadopoulou",)),
        ),
    ),
)


# --- مجتمع ممارسة التقييم التشاركي (participatory evaluation) ------------------------------------

PARTICIPATORY_EVALUATION = (
    experience(
        "participatory_evaluation", "Mostafa Farouk",
        "تجربة أسلوب «التغيير الأكثر أهمية» مع نساء في قرى أسيوط",
        language=AR, themes=("monitoring and evaluation", "participatory approaches", "gender and development"),
        days_ago=9,
        body="كيف استخدمنا قصص التغيير التي ترويها النساء أنفسهن في تقييم مشروع للتمكين الاقتصادي، وما الذي "
        "تعلّمناه.",
        context="نفّذت الشبكة مشروعًا للتمكين الاقتصادي لنحو ٣٠٠ امرأة في خمس قرى بمركز أسيوط: مجموعات ادّخار، "
        "وتدريب على المشروعات الصغيرة، وجلسات توعية. كان إطار التقييم الذي طلبته الجهة المانحة يقيس عدد "
        "المتدرّبات ومتوسط الدخل فقط، ولم يكن يعكس ما تقوله النساء عن حياتهن.",
        done="جرّبنا أسلوب «التغيير الأكثر أهمية»: جمعت ميسّرات من القرى نفسها ٤٥ قصة بسؤال واحد: «ما أهم تغيير "
        "حدث في حياتك منذ بداية المشروع، ولماذا؟». ثم اختارت مجموعات النساء في كل قرية القصص الأهم في رأيهن، "
        "وبعدها ناقش فريق الشبكة اختياراتهن، وأخيرًا شارك ممثل الجهة المانحة في جلسة الاختيار النهائية.",
        happened="ظهرت تغييرات لم نكن نقيسها: مشاركة النساء في قرارات الأسرة، وثقتهن في الحديث أمام الآخرين، "
        "وأيضًا أعباء جديدة لأن بعض الأزواج توقّفوا عن المساهمة في مصروف البيت. كانت جلسات الاختيار في القرى "
        "أغنى أوقات العملية. لكن الدورة استغرقت أربعة أشهر، وواجهت الميسّرات صعوبة في الاستماع دون توجيه القصص.",
        lessons=(
            "القصص لا تغني عن الأرقام، لكنها تشرحها.",
            "اختيار القصص على عدة مستويات هو قلب الأسلوب: هناك يتعلّم الجميع.",
            "تدريب الميسّرات على الإصغاء دون توجيه يحتاج إلى أكثر من يوم واحد.",
            "من المهم البحث عن التغييرات السلبية أيضًا، وإخبار الجهة المانحة بذلك مسبقًا.",
        ),
        replies=(
            R("Ahmed Abdelrahman", "شكرًا يا مصطفى. موضوع الأعباء الجديدة على النساء مهم جدًا. كيف تعاملتم معه بعد "
              "أن ظهر في القصص؟", key="burden"),
            R("Mostafa Farouk", "نظّمنا جلسات حوار مع الأزواج في قريتين، وأضفنا سؤالًا عن توزيع المصروف إلى أدوات "
              "المتابعة. ما زلنا نتعلّم.", parent="burden", helpful=("Ahmed Abdelrahman",)),
            R("Mariam Abdelaziz", "هذه التجربة تصلح أن تكون أول فصل في الدليل العملي الذي نريد إعداده. "
              "@Mostafa Farouk، هل توافق على عرضها في أول لقاء للمجتمع؟",
              helpful=("Mostafa Farouk", "Ahmed Abdelrahman")),
        ),
    ),
    experience(
        "participatory_evaluation", "Ahmed Abdelrahman",
        "الخرائط التشاركية في تقييم مشروع للشباب في طنطا",
        language=AR, themes=("participatory approaches", "monitoring and evaluation", "community development"),
        days_ago=6,
        body="استخدمنا رسم الخرائط مع الشباب لتقييم مراكز الأنشطة التي أنشأها المشروع في الأحياء.",
        context="أنشأ مشروع للجمعية أربعة مراكز أنشطة للشباب في أحياء مختلفة من طنطا. في نهاية المشروع أردنا أن "
        "نعرف من يستفيد فعلًا من المراكز ومن لا يصل إليها، دون الاكتفاء بسجلّات الحضور.",
        done="نظّمنا ورشًا لرسم الخرائط مع مجموعات من الشباب، الفتيات والشبان كلٌّ على حدة: رسم كل فريق حيّه، "
        "وحدّد الأماكن التي يشعر فيها بالأمان، والطرق التي يسلكها، ومواقع المراكز. ثم ناقشنا الخرائط معًا "
        "وقارنّاها بسجلّات الحضور.",
        happened="أظهرت خرائط الفتيات أن الطريق إلى مركزين يمرّ بشوارع لا يشعرن فيها بالأمان مساءً، وهو ما يفسّر "
        "قلّة حضورهن. وأظهرت خرائط الشبان أن المقاهي تنافس المراكز. غيّرت الجمعية مواعيد أنشطة الفتيات، واتفقت "
        "مع متطوّعين على مرافقة جماعية. تضمّن التقرير النهائي الخرائط، وطلبت الجهة المانحة استخدام الأسلوب في "
        "مشروع آخر.",
        lessons=(
            "الخرائط تكشف أسباب الأرقام التي لا تفسّرها السجلّات.",
            "الفصل بين الفتيات والشبان في الورش ضروري ليقول كل طرف ما لديه.",
            "يجب أن تؤدي نتائج التقييم التشاركي إلى تغيير ملموس، وإلا فقد المشاركون الثقة.",
            "الخرائط المرسومة باليد مقبولة في التقارير إذا شرحنا المنهج بوضوح.",
        ),
        replies=(
            R("Omar Al-Masri", "تجربة ملهمة. في عمّان نفكّر في استخدام الخرائط مع الشباب لتقييم مواقف الحافلات. "
              "هل رسمتم الخرائط على ورق كبير أم على الهاتف؟", key="paper"),
            R("Ahmed Abdelrahman", "على ورق كبير وبأقلام ملوّنة. استخدمنا الهاتف بعد ذلك لتصوير الخرائط فقط.",
              parent="paper"),
        ),
    ),
    question(
        "participatory_evaluation", "Ahmed Abdelrahman",
        "كيف نتعامل مع توقّعات المشاركين عندما لا نستطيع تنفيذ توصياتهم؟",
        language=AR, themes=("participatory approaches", "monitoring and evaluation"), days_ago=4,
        body="في التقييم التشاركي نطلب من الأهالي أن يقولوا رأيهم وأن يقترحوا تحسينات. لكن كثيرًا من التوصيات "
        "خارج قدرتنا أو خارج ميزانية المشروع، فيشعر الناس بخيبة أمل ويقولون: «سألتمونا ولم يتغيّر شيء». كيف "
        "تتعاملون مع هذا؟",
        replies=(
            R("Mariam Abdelaziz", "ثلاثة أمور ساعدتنا:\n\n"
              "1. **أن نوضّح من البداية** ما الذي يمكن أن يتغيّر وما الذي لا يمكن، وما حدود قرارنا.\n"
              "2. **أن نعود إلى الناس** بعد التقييم لنقول لهم ماذا فعلنا بكل توصية: ما نُفّذ، وما لم يُنفّذ "
              "ولماذا.\n"
              "3. **أن نوجّه التوصيات الأخرى** إلى الجهات المعنية (المجلس المحلي، المديرية) ونُشرك الأهالي في "
              "إيصالها.\n\n"
              "العودة إلى الناس هي الأهم: الثقة تضيع عندما لا نعود.",
              key="return", accepted=True, helpful=("Ahmed Abdelrahman", "Mostafa Farouk")),
            R("Mostafa Farouk", "أوافق يا مريم. نحن نعرض النتائج في لقاء عام بالقرية، ونعلّق لوحة بسيطة فيها "
              "التوصيات وما تمّ بشأن كل منها."),
            R("Ahmed Abdelrahman", "شكرًا، سنجرّب لوحة المتابعة في مشروعنا القادم.", parent="return"),
        ),
    ),
    question(
        "participatory_evaluation", "Omar Al-Masri",
        "كيف نُشرك الشباب في تقييم خدمة الحافلات في عمّان؟",
        language=AR, themes=("participatory approaches", "urban transport"), days_ago=1,
        body="نريد في مديرية التنقّل الحضري أن نقيّم خطوط الحافلات الجديدة مع مستخدميها، وخاصة الشباب والطالبات "
        "الذين يستخدمونها يوميًا. الاستبيانات التقليدية تعطي نسب رضا عالية لا تفيدنا كثيرًا. ما الأساليب "
        "التشاركية التي تنصحون بها لتقييم خدمة عامة كهذه؟",
    ),
    idea(
        "participatory_evaluation", "Mariam Abdelaziz",
        "دليل عملي مختصر للتقييم التشاركي باللغة العربية",
        language=AR, themes=("participatory approaches", "monitoring and evaluation", "knowledge sharing"),
        days_ago=3,
        body="معظم المراجع الجيدة عن التقييم التشاركي بالإنجليزية. أقترح أن نكتب معًا دليلًا عمليًا مختصرًا "
        "بالعربية: فصل لكل أداة (التغيير الأكثر أهمية، الخرائط التشاركية، مجموعات النقاش، لوحات المتابعة)، مع "
        "مثال حقيقي من تجارب الأعضاء ونصائح عملية. يمكن أن يكون هذا أول إنتاج مشترك للمجتمع عند انطلاقه.",
        replies=(
            R("Mostafa Farouk", "أتطوّع لكتابة فصل «التغيير الأكثر أهمية».", helpful=("Mariam Abdelaziz",)),
            R("Omar Al-Masri", "وأستطيع المساهمة بفصل عن تقييم الخدمات العامة مع مستخدميها، بعد أن أجرّب ذلك في "
              "عمّان."),
        ),
    ),
    resource(
        "participatory_evaluation", "Mariam Abdelaziz",
        "Participatory evaluation toolkit: free guides in English and Arabic",
        url=RESOURCE_SITE + "participatory-evaluation/toolkit",
        language=EN, themes=("participatory approaches", "monitoring and evaluation"), days_ago=8,
        body="A short annotated list of free guides on participatory evaluation that members found useful: "
        "Most Significant Change, participatory mapping, outcome harvesting, community scorecards. Where an "
        "Arabic translation exists, it is linked. Please add the ones you use.",
        replies=(
            R("Ahmed Abdelrahman", "Thank you Mariam. The community scorecard guide is exactly what we needed "
              "for our health unit project."),
        ),
    ),
)


POSTS = (
    *CAP_AGROECOLOGIE,
    *CAP_RESSOURCES_NATURELLES,
    *CAP_AGROFORESTERIE,
    *CAP_SUIVI_EVALUATION,
    *CAP_CAPITALISATION,
    *EGYPT,
    *MEDITERRANEAN_TRANSPORT,
    *PARTICIPATORY_EVALUATION,
)


# --- Seeding ----------------------------------------------------------------------------------

REPLY_SPACING = timedelta(hours=9)  # between the replies of one post
FIRST_REPLY_AFTER = timedelta(hours=3)
AFTER_SESSION = timedelta(hours=4)  # a post from a session comes this long after its end, at the earliest


class _KnowledgeSeeder:
    def __init__(self, people, communities):
        everyone = [people["admin"], *people["facilitators"], *people["practitioners"]]
        self.users = {user.email: user for user in everyone}
        self.communities = communities
        self.now = timezone.now()
        self.created = Counter()

    def user(self, person):
        try:
            return self.users[person.email]
        except KeyError:
            raise ValueError(f"{person.display_name} was not seeded by seed_people.") from None

    def past_session(self, community, title):
        if not title:
            return None
        return community.sessions.filter(starts_at__lt=self.now, title=title).first()

    def posted_at(self, spec, session):
        at = self.now - timedelta(days=spec.days_ago)
        if session is not None:
            at = max(at, session.ends_at + AFTER_SESSION)
        return min(at, self.now - timedelta(hours=1))

    def post(self, spec):
        community = self.communities[spec.community]
        post = Post.objects.filter(community=community, title=spec.title).first()
        if post is not None:
            return post
        session = self.past_session(community, spec.session)
        post = services.post_create(
            community=community,
            author=self.user(spec.author),
            kind=spec.kind,
            title=spec.title,
            body=spec.body,
            context=spec.context,
            what_was_done=spec.what_was_done,
            what_happened=spec.what_happened,
            lessons=spec.lessons,
            resource_url=spec.resource_url,
            language=spec.language,
            themes=spec.themes,
            session=session,
        )
        at = self.posted_at(spec, session)
        Post.objects.filter(pk=post.pk).update(created_at=at, last_activity_at=at)
        post.refresh_from_db()
        self.created["posts"] += 1
        return post

    def replies(self, post, spec):
        """The conversation of one post: replies, helpful marks, the accepted answer."""
        made = {}
        backdated = False
        count = len(spec.replies)
        for index, reply_spec in enumerate(spec.replies):
            author = self.user(reply_spec.author)
            reply = Reply.objects.filter(post=post, author=author, body=reply_spec.body).first()
            if reply is None:
                reply = services.reply_create(
                    post=post, author=author, body=reply_spec.body,
                    parent=made.get(reply_spec.parent), quote=reply_spec.quote,
                )
                # Hours after the post, in order, and never in the future.
                at = min(
                    post.created_at + FIRST_REPLY_AFTER + index * REPLY_SPACING,
                    self.now - timedelta(minutes=10 * (count - index)),
                )
                Reply.objects.filter(pk=reply.pk).update(created_at=at)
                backdated = True
                self.created["replies"] += 1
            if reply_spec.key:
                made[reply_spec.key] = reply
            for person in reply_spec.helpful:
                marker = self.user(person)
                if not HelpfulMark.objects.filter(reply=reply, user=marker).exists():
                    services.helpful_toggle(reply=reply, user=marker)
            if reply_spec.accepted and post.accepted_reply_id is None:
                post = services.answer_accept(post=post, reply=reply, by=post.author)
        if backdated:
            latest = post.replies.order_by("-created_at").values_list("created_at", flat=True).first()
            Post.objects.filter(pk=post.pk).update(last_activity_at=max(post.created_at, latest))

    def seed(self, spec):
        post = self.post(spec)
        self.replies(post, spec)
        return post


def seed_knowledge(people, communities):
    """Create (or find) the demo posts and their conversations. Call in a transaction.

    ``people`` is what ``demo.people.seed_people`` returns, ``communities`` what
    ``demo.communities.seed_communities`` returns; seed the sessions first, so that posts
    can come from them. Returns the counts of everything seeded (whether this run created
    it or not), and what this run created.
    """
    seeder = _KnowledgeSeeder(people, communities)
    posts = [seeder.seed(spec) for spec in POSTS]
    return summary(posts, created=dict(seeder.created))


def summary(posts, created=None):
    seeded = Post.objects.filter(pk__in=[post.pk for post in posts])
    by_kind = dict(seeded.values_list("kind").annotate(n=Count("pk")).order_by())
    replies = Reply.objects.filter(post__in=seeded)
    return {
        "posts": seeded.count(),
        "kinds": {kind: by_kind.get(kind, 0) for kind in Post.Kind.values},
        "languages": dict(seeded.values_list("language").annotate(n=Count("pk")).order_by()),
        "communities": seeded.values("community").distinct().count(),
        "replies": replies.count(),
        "threaded": replies.filter(parent__isnull=False).count(),
        "accepted": seeded.filter(accepted_reply__isnull=False).count(),
        "unanswered": seeded.filter(kind=QUESTION, reply_count=0).count(),
        "helpful": replies.aggregate(n=Sum("helpful_count"))["n"] or 0,
        "from_sessions": seeded.filter(session__isnull=False).count(),
        "created": created or {},
    }


def summary_line(result):
    kinds = result["kinds"]
    return (
        f"{result['posts']} posts ({kinds[EXPERIENCE]} experiences, {kinds[QUESTION]} questions, "
        f"{kinds[IDEA]} ideas, {kinds[RESOURCE]} resources) in {result['communities']} communities, "
        f"{result['replies']} replies ({result['threaded']} threaded), {result['accepted']} accepted answers, "
        f"{result['unanswered']} questions awaiting a reply, {result['helpful']} helpful marks"
    )


# --- Checks on the data ------------------------------------------------------------------------


def allowed_themes(specs=None):
    """The demo's tags: the people's expertise and the communities' themes (no new tags)."""
    specs = specs or community_specs(date(2026, 1, 1))
    return set(ALL_EXPERTISE) | {theme for spec in specs for theme in spec.themes}


def _mentions(text, members):
    """The members written as @Display Name in ``text``; raises for an @ naming nobody."""
    found = []
    start = text.find("@")
    while start != -1:
        rest = text[start + 1:]
        person = next((p for p in sorted(members, key=lambda p: -len(p.display_name))
                       if rest.startswith(p.display_name)), None)
        if person is None:
            raise ValueError(f"@{rest[:30]}… names no active member of the community.")
        found.append(person)
        start = text.find("@", start + 1)
    return found


def _check_posts():
    """Fail at import if the data contradict themselves or the communities and sessions."""
    specs = {spec.key: spec for spec in community_specs(date(2026, 1, 1))}
    past_sessions = {
        plan.community: {session.title for session in plan.sessions if session.is_past} for plan in PLANS
    }
    themes = allowed_themes(specs.values())
    seen = set()
    for post in POSTS:
        where = f"{post.community}: {post.title}"
        community = specs[post.community]
        members = {community.facilitator, *community.members}  # the active members
        if (post.community, post.title) in seen or len(post.title) > 200:
            raise ValueError(f"{where}: titles are unique in a community and at most 200 characters.")
        seen.add((post.community, post.title))
        if post.author not in members:
            raise ValueError(f"{where}: {post.author.display_name} is not an active member.")
        if post.language not in (EN, FR, AR) or not post.themes or not set(post.themes) <= themes:
            raise ValueError(f"{where}: check the language and the themes (known tags only).")
        if post.kind == EXPERIENCE and not all(
            (post.context, post.what_was_done, post.what_happened, post.lessons)
        ):
            raise ValueError(f"{where}: an experience fills in its four structured fields.")
        if (post.kind == RESOURCE) != bool(post.resource_url.startswith(RESOURCE_SITE)):
            raise ValueError(f"{where}: resources, and only they, link to {RESOURCE_SITE}.")
        if post.session and post.session not in past_sessions.get(post.community, ()):
            raise ValueError(f"{where}: {post.session!r} is no past session of the community.")
        if not 0 < post.days_ago < 120:
            raise ValueError(f"{where}: days_ago is in the last four months.")
        _mentions(" ".join((post.title, post.body, post.context, post.what_was_done, post.what_happened,
                            post.lessons)), members)
        top_level, keys = set(), set()
        for reply in post.replies:
            if reply.author not in members or not set(reply.helpful) <= members:
                raise ValueError(f"{where}: replies and helpful marks come from active members.")
            if reply.author in reply.helpful or len(set(reply.helpful)) != len(reply.helpful):
                raise ValueError(f"{where}: nobody marks their own reply, or one reply twice, helpful.")
            if reply.parent and reply.parent not in top_level:
                raise ValueError(f"{where}: a reply answers an earlier top-level reply ({reply.parent}).")
            if reply.key:
                if reply.key in keys:
                    raise ValueError(f"{where}: two replies are called {reply.key!r}.")
                keys.add(reply.key)
                if not reply.parent:
                    top_level.add(reply.key)
            if reply.accepted and (post.kind != QUESTION or reply.author == post.author):
                raise ValueError(f"{where}: only a question accepts an answer, and not its author's own.")
            _mentions(reply.body, members)
        if sum(reply.accepted for reply in post.replies) > 1:
            raise ValueError(f"{where}: one accepted answer at most.")
        bodies = [(reply.author, reply.body) for reply in post.replies]
        if len(set(bodies)) != len(bodies):
            raise ValueError(f"{where}: a reply is looked up by its author and text: make them unique.")
    for key in specs:
        kinds = Counter(post.kind for post in POSTS if post.community == key)
        for kind, (low, high) in KIND_RANGES.items():
            if not low <= kinds[kind] <= high:
                raise ValueError(f"{key}: {kinds[kind]} posts of kind {kind}, expected {low} to {high}.")
    questions = [post for post in POSTS if post.kind == QUESTION]
    if not any(not post.replies for post in questions) or not any(
        reply.accepted for post in questions for reply in post.replies
    ):
        raise ValueError("Some questions wait for a reply, and some have an accepted answer.")


_check_posts()

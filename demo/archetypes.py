"""Demo archetypes: four syntheses of the demo descriptions, with real research behind them.

`seed_archetypes` writes the two archetypes DOMAIN.md §7 names (Verkoop huurwoningen; Sloop en
nieuwbouw in aandachtswijken) and two more for kinds of intervention the demo monitors (the
caretaker, early help with rent arrears; the last one still a draft). Each links the demo
descriptions of its type (demo/interventions.py) by their number, some as exemplary; the
caretaker also links related kinds of beheer as variants, so that three descriptions with
shared monitoring (demo/monitoring.py) give it real figures.

The references are publications we checked: authors, year, title, publisher and address as
published. Where a detail could not be checked (a DOI, a subtitle, a design) it is left empty.
The theme sessions in the ingredients' notes are demo sessions. Deterministic and safe to repeat:
an archetype is known by its slug, and one that exists is left alone.
"""

import datetime
from dataclasses import dataclass

import reversion
from django.db import transaction

from archetypes import choices
from archetypes.models import ActiveIngredient, Archetype, ArchetypeIntervention, Reference
from demo import accounts as cast
from demo import interventions as descriptions
from interventions.choices import EvidenceLevel
from interventions.models import Intervention, InterventionType
from monitoring.models import MonitoringPlan
from wwidw.models import User

Design = choices.Design
Direction = choices.Direction
Role = choices.ExampleRole
Strength = choices.Strength
Support = choices.Support


@dataclass(frozen=True)
class Publication:
    """A publication as it was published; design is how we classify its research."""

    authors: str
    year: int | None
    title: str
    publisher: str
    url: str = ""
    doi: str = ""
    design: str = ""


@dataclass(frozen=True)
class Citation:
    """A publication as one archetype reads it: its finding for this kind of intervention."""

    key: str
    publication: Publication
    finding: str
    direction: str = ""
    strength: str = ""


@dataclass(frozen=True)
class Ingredient:
    name: str
    description: str
    support: str
    is_essential: bool = False
    session_note: str = ""
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    """A demo description (its number in demo.interventions.plans()) as a practice example."""

    number: int
    role: str = Role.TYPICAL
    is_exemplary: bool = False
    remark: str = ""


@dataclass(frozen=True)
class Synthesis:
    slug: str
    title: str
    type: str
    status: str
    published_at: datetime.datetime | None
    summary: str
    problem: str
    for_whom: str
    mechanism: str
    variants: str
    preconditions: str
    risks: str
    evidence_summary: str
    verdict: str
    evidence_level: int
    lessons: str
    knowledge_gaps: str
    citations: tuple[Citation, ...]
    ingredients: tuple[Ingredient, ...]
    examples: tuple[Example, ...]


def _moment(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=datetime.UTC)


# The publications, checked against the publishers' and libraries' pages.

RIGO_SALES = Publication(
    authors="RIGO Research en Advies",
    # The publisher's page gives no date: cited without a year ("z.d.").
    year=None,
    title="Betere leefbaarheid bij verkoop van huurwoningen",
    publisher="RIGO Research en Advies",
    url="https://www.rigo.nl/betere-leefbaarheid-bij-verkoop-van-huurwoningen/",
    design=Design.COST_BENEFIT,
)
SCP_2013 = Publication(
    authors="Permentier, M., Kullberg, J., & Van Noije, L.",
    year=2013,
    title="Werk aan de wijk",
    publisher="Sociaal en Cultureel Planbureau",
    design=Design.QUASI_EXPERIMENT,
)
SCP_2007 = Publication(
    authors="Wittebrood, K., & Van Dijk, T.",
    year=2007,
    title="Aandacht voor de wijk: Effecten van herstructurering op de leefbaarheid en veiligheid",
    publisher="Sociaal en Cultureel Planbureau",
)
SIDE_EFFECTS_2012 = Publication(
    authors="Posthumus, H., Kleinhans, R., & Bolt, G.",
    year=2012,
    title=(
        "Bijwerkingen van herstructureringsoperaties: Verhuizingen, waterbedeffecten en "
        "veranderingen in de woningvoorraad"
    ),
    publisher="Eburon",
    url="https://eburon.nl/product/bijwerkingen_van_herstructureringsoperaties/",
    design=Design.CASE_STUDY,
)
CARETAKERS_1991 = Publication(
    authors="NRC Handelsblad",
    year=1991,
    title="Studie: invloed huismeester positief",
    publisher="NRC Handelsblad",
    url="https://www.nrc.nl/nieuws/1991/06/13/studie-invloed-huismeester-positief-6970320-a232774",
    design=Design.BEFORE_AFTER,
)
CARETAKERS_1993 = Publication(
    authors="Hesseling, R. B. P.",
    year=1993,
    title="Huismeesters: Een stand-van-zakenonderzoek",
    publisher="Wetenschappelijk Onderzoek- en Documentatiecentrum (WODC)",
)
EVICTIONS_REVIEW = Publication(
    authors="Holl, M., Van den Dries, L., & Wolf, J. R. L. M.",
    year=2016,
    title="Interventions to prevent tenant evictions: A systematic review",
    publisher="Health & Social Care in the Community, 24(5), 532–546",
    doi="10.1111/hsc.12257",
    design=Design.LITERATURE,
)
EVICTION_PREDICTORS = Publication(
    authors=(
        "Edwards, M. H., Van den Dries, L., Te Grotenhuis, M., Stenberg, S.-Å., & "
        "Wolf, J. R. L. M."
    ),
    year=2021,
    title="Dutch tenants at risk of eviction: Identifying predictors of eviction orders",
    publisher="PLoS ONE, 16(7), e0254489",
    doi="10.1371/journal.pone.0254489",
)
EVICTIONS_GUIDE = Publication(
    authors="Stichting Eropaf!",
    year=2013,
    title="Handreiking Voorkomen huisuitzettingen",
    publisher="Stichting Eropaf!",
)


SALES = Synthesis(
    slug="verkoop-huurwoningen",
    title="Verkoop huurwoningen",
    type="Verkoop huurwoningen",
    status=choices.Status.PUBLISHED,
    published_at=_moment(2025, 10, 6),
    summary=(
        "De corporatie verkoopt bij mutatie een deel van haar huurwoningen in een buurt met "
        "een eenzijdige woningvoorraad, vaak met korting of een terugkoopregeling, aan "
        "starters en zittende huurders. Zo ontstaat een gemengdere eigendomsverhouding, die de "
        "leefbaarheid moet verbeteren."
    ),
    problem=(
        "In buurten met vrijwel alleen goedkope huurwoningen vertrekken bewoners van wie het "
        "inkomen stijgt: er is geen woning om naar door te stromen. De concentratie van lage "
        "inkomens neemt toe, en daarmee de druk op de leefbaarheid."
    ),
    for_whom=(
        "Starters en zittende huurders met een middeninkomen die in de buurt willen blijven. "
        "Minder geschikt waar de vraag naar betaalbare huur groot is: elke verkochte woning "
        "is er een minder voor woningzoekenden met een laag inkomen."
    ),
    mechanism=(
        "Als een wezenlijk deel van de huurwoningen in een buurt wordt verkocht (indicatief "
        "2,5 %), dan verandert de bevolkingssamenstelling ten opzichte van niet verkopen, "
        "omdat kopers vaker een hoger inkomen hebben en langer blijven (MKBA van RIGO).\n"
        "Als de samenstelling verandert, dan verbetert de leefbaarheid, omdat eigenaren meer "
        "in hun woning en buurt investeren (aannemelijk, maar niet eenduidig aangetoond).\n"
        "Als de verkoop beperkt blijft tot enkele woningen, dan is er geen meetbaar effect "
        "(SCP: gunstige effecten eerder door herstructurering dan door verkoop)."
    ),
    variants=(
        "Verkoop met korting en terugkoopregeling aan starters; verkoop aan zittende huurders; "
        "klushuizen, waarbij kopers een opknapper zelf renoveren."
    ),
    preconditions=(
        "Genoeg woningen in één buurt om de samenstelling te veranderen; afspraken met de "
        "gemeente over de kernvoorraad; een VvE-beheer dat gemengd bezit aankan. Niet doen "
        "waar de wachttijd voor sociale huur al lang is."
    ),
    risks=(
        "Verkoop zonder schaal levert versnipperd bezit op zonder effect op de buurt. Gemengde "
        "complexen maken onderhoud en besluiten in de VvE lastiger. Verkochte woningen kunnen "
        "in de particuliere verhuur terechtkomen."
    ),
    evidence_summary=(
        "De MKBA van RIGO vond dat de leefbaarheid in buurten waar verkocht is over het "
        "algemeen toenam, mits een wezenlijk deel van de huurwoningen werd verkocht; het "
        "effect verschilt sterk per buurt. Het SCP toetste de verkoop van sociale huurwoningen "
        "in de aandachtswijken afzonderlijk en schrijft de gunstige effecten op leefbaarheid en "
        "veiligheid eerder toe aan herstructurering. Het bewijs is dus gemengd."
    ),
    verdict=choices.Verdict.UNCLEAR,
    evidence_level=EvidenceLevel.THEORETICAL,
    lessons=(
        "Kies buurten waar genoeg te verkopen is en verkoop daar geconcentreerd. Houd bij wie "
        "er koopt en wie er vertrekt, anders is na afloop niet te zeggen wat de verkoop deed."
    ),
    knowledge_gaps=(
        "Vanaf welk aandeel verkochte woningen het effect optreedt, en hoe lang het duurt. Wat "
        "verkoop doet voor de woningzoekenden die de woningen niet meer kunnen huren."
    ),
    citations=(
        Citation(
            "rigo",
            RIGO_SALES,
            "MKBA in opdracht van Ymere en Woonbron: in buurten waar huurwoningen zijn "
            "verkocht, nam de leefbaarheid over het algemeen toe, mits een wezenlijk deel "
            "werd verkocht (indicatief 2,5 % van de huurwoningen). Het effect loopt vooral via "
            "een andere bevolkingssamenstelling en verschilt sterk per buurt.",
            Direction.POSITIVE,
            Strength.MODERATE,
        ),
        Citation(
            "scp2013",
            SCP_2013,
            "Quasi-experimentele evaluatie van het krachtwijkenbeleid in veertig "
            "aandachtswijken, met de verkoop van sociale huurwoningen als afzonderlijk getoetste "
            "interventie. Gunstige effecten op leefbaarheid en veiligheid blijken eerder het "
            "gevolg van herstructurering.",
            Direction.NONE,
            Strength.MODERATE,
        ),
    ),
    ingredients=(
        Ingredient(
            "Schaal in één buurt",
            "Verkoop geconcentreerd, tot een wezenlijk deel van de huurwoningen van de buurt "
            "(indicatief 2,5 %), niet verspreid over de hele stad.",
            Support.BOTH,
            is_essential=True,
            session_note="Themabijeenkomst Verkoop en leefbaarheid, maart 2025",
            citations=("rigo",),
        ),
        Ingredient(
            "Voorrang voor buurtbewoners",
            "Zittende huurders en starters uit de buurt kopen eerst, zodat wie wil blijven kan "
            "doorstromen.",
            Support.PRACTICE,
            session_note="Themabijeenkomst Verkoop en leefbaarheid, maart 2025",
        ),
        Ingredient(
            "Terugkoopregeling",
            "De corporatie koopt terug bij verkoop binnen een vaste termijn, zodat de woning "
            "niet in de belegging verdwijnt.",
            Support.PRACTICE,
        ),
        Ingredient(
            "Meten voor en na",
            "Een nulmeting van samenstelling en leefbaarheid per buurt, en dezelfde meting "
            "na drie jaar, met buurten zonder verkoop als vergelijking.",
            Support.RESEARCH,
            citations=("scp2013",),
        ),
    ),
    examples=(
        Example(
            2,
            is_exemplary=True,
            remark="Zet vooraf een voormeting uit; een goed begin voor een vergelijking.",
        ),
        Example(
            56,
            is_exemplary=True,
            remark="Deelt de monitoring: kosten en opbrengsten van de verkoop zijn te volgen.",
        ),
        Example(29, remark="Gestopt; de lessen over te weinig verkochte woningen tellen mee."),
        Example(
            30,
            role=Role.VARIANT,
            remark="Klushuizen: verkoop van opknappers, met een renovatieplicht voor kopers.",
        ),
    ),
)

RESTRUCTURING = Synthesis(
    slug="sloop-en-nieuwbouw-in-aandachtswijken",
    title="Sloop en nieuwbouw in aandachtswijken",
    type="Sloop en nieuwbouw (herstructurering)",
    status=choices.Status.PUBLISHED,
    published_at=_moment(2025, 10, 20),
    summary=(
        "Verouderde sociale huurwoningen in een aandachtswijk worden gesloopt en vervangen "
        "door een mix van sociale huur, middenhuur en koop. Zittende huurders krijgen een "
        "sociaal plan, voorrang en begeleiding bij de verhuizing."
    ),
    problem=(
        "Kleine, slecht geïsoleerde naoorlogse woningen, een eenzijdige woningvoorraad en een "
        "concentratie van lage inkomens; renovatie is technisch of financieel niet zinvol."
    ),
    for_whom=(
        "Wijken waar de woningvoorraad zelf het probleem is. Voor de zittende huurders is het "
        "ingrijpend: ouderen en huishoudens met een sterk netwerk in de buurt hebben de meeste "
        "begeleiding nodig."
    ),
    mechanism=(
        "Als de woningvoorraad gevarieerder wordt, dan kunnen bewoners met een stijgend "
        "inkomen in de wijk blijven, omdat er een woning is voor de volgende stap "
        "(aannemelijk; SCP 2007 en 2013).\n"
        "Als de samenstelling van de wijk verandert, dan verbeteren leefbaarheid en "
        "veiligheid, omdat er minder concentratie van problemen is (gunstige effecten "
        "gevonden door het SCP).\n"
        "Als gedwongen verhuizers goed worden begeleid, dan verplaatsen de problemen zich "
        "nauwelijks naar andere wijken, omdat de omstandigheden voor waterbedeffecten zelden "
        "samenkomen (Posthumus, Kleinhans en Bolt)."
    ),
    variants=(
        "Gefaseerde sloop in tranches; sloop met terugkeergarantie; vervangende nieuwbouw "
        "met alleen sociale huur; renovatie als alternatief waar de casco's goed zijn."
    ),
    preconditions=(
        "Een sociaal plan met vergoeding, voorrang en begeleiding; een meerjarige afspraak met "
        "de gemeente over de openbare ruimte; geen sloop zonder vervangende woningen voor wie "
        "wil terugkeren."
    ),
    risks=(
        "Onzekerheid en stress bij zittende huurders tijdens de lange voorbereiding. "
        "Verplaatsing van problemen naar ontvangstwijken, vooral bij een grote instroom van "
        "urgenten in één buurt. Minder betaalbare woningen als de nieuwbouw duurder is."
    ),
    evidence_summary=(
        "Het SCP vond in 2007 gunstige effecten van herstructurering op leefbaarheid en "
        "veiligheid, en in de quasi-experimentele evaluatie van 2013 bleken de gunstige "
        "effecten in de aandachtswijken eerder het gevolg van herstructurering dan van ander "
        "beleid. De bijwerkingen vallen mee: waterbedeffecten zijn beperkt, met aanwijzingen "
        "in één Rotterdamse wijk, en de meeste gedwongen verhuizers gaan er in woning op "
        "vooruit."
    ),
    verdict=choices.Verdict.PROBABLY_WORKS,
    evidence_level=EvidenceLevel.GOOD_INDICATIONS,
    lessons=(
        "Begin vroeg met huisbezoeken: onzekerheid is voor bewoners het zwaarst. Spreid "
        "herhuisvesting over meerdere buurten en volg de ontvangstwijken."
    ),
    knowledge_gaps=(
        "De effecten op lange termijn voor wie vertrok en niet terugkeerde. Wat herstructurering "
        "kost en oplevert per woning, over de hele levensduur."
    ),
    citations=(
        Citation(
            "scp2007",
            SCP_2007,
            "Onderzoek naar de effecten van herstructurering op leefbaarheid en veiligheid "
            "in Nederlandse wijken: herstructurering gaat samen met een verbetering van "
            "leefbaarheid en veiligheid.",
            Direction.POSITIVE,
            Strength.MODERATE,
        ),
        Citation(
            "scp2013",
            SCP_2013,
            "Quasi-experimentele evaluatie van het krachtwijkenbeleid: gunstige effecten op "
            "leefbaarheid en veiligheid blijken eerder het gevolg van herstructurering.",
            Direction.POSITIVE,
            Strength.MODERATE,
        ),
        Citation(
            "bijwerkingen",
            SIDE_EFFECTS_2012,
            "Waterbedeffecten blijven beperkt: een grote instroom van herhuisvestingsurgenten, "
            "grote verschillen met de zittende bevolking en weinig tolerantie komen zelden "
            "samen; alleen in één Rotterdamse wijk waren er aanwijzingen. De meeste gedwongen "
            "verhuizers zijn tevredener met hun nieuwe woning.",
            Direction.MIXED,
            Strength.MODERATE,
        ),
    ),
    ingredients=(
        Ingredient(
            "Sociaal plan",
            "Heldere afspraken over vergoeding, voorrang en begeleiding, vóór het besluit "
            "bekend is.",
            Support.PRACTICE,
            is_essential=True,
            session_note="Themabijeenkomst Herstructurering, november 2024",
        ),
        Ingredient(
            "Terugkeer voor wie wil blijven",
            "Een nieuwe woning in de wijk voor huurders die willen terugkeren, zodat de "
            "binding met de buurt niet verloren gaat.",
            Support.PRACTICE,
            session_note="Themabijeenkomst Herstructurering, november 2024",
        ),
        Ingredient(
            "Gemengde woningvoorraad",
            "Sociale huur, middenhuur en koop in één plan, zodat bewoners in de wijk een "
            "wooncarrière kunnen maken.",
            Support.BOTH,
            is_essential=True,
            citations=("scp2007", "scp2013"),
        ),
        Ingredient(
            "Herhuisvesting gespreid",
            "Gedwongen verhuizers niet in één ontvangstbuurt samenbrengen, en die buurten volgen.",
            Support.RESEARCH,
            citations=("bijwerkingen",),
        ),
        Ingredient(
            "Wooncoach per huishouden",
            "Een vast aanspreekpunt dat elke huurder thuis bezoekt en bij de verhuizing helpt.",
            Support.PRACTICE,
        ),
    ),
    examples=(
        Example(
            28,
            is_exemplary=True,
            remark="Deelt de monitoring van de hele herstructurering, investering en beheer.",
        ),
        Example(1, remark="Afgerond, met een bewonersenquête na de oplevering."),
        Example(55),
    ),
)

CARETAKER = Synthesis(
    slug="huismeester-complexbeheerder",
    title="Huismeester in het complex",
    type="Huismeester / complexbeheerder",
    status=choices.Status.PUBLISHED,
    published_at=_moment(2025, 11, 3),
    summary=(
        "Een vaste huismeester is elke werkdag in een complex: houdt portieken en entrees "
        "schoon en heel, spreekt bewoners aan op afval en overlast en zet zorgen achter de "
        "voordeur door naar het wijkteam."
    ),
    problem=(
        "Vervuilde portieken, vernielingen en overlast in complexen met veel wisseling van "
        "bewoners, die elkaar nauwelijks kennen en meldingen hebben opgegeven."
    ),
    for_whom=(
        "Huurders van portiek- en galerijflats en hoogbouw. Werkt het best in complexen van "
        "een overzichtelijke omvang; minder in buurten met vooral eengezinswoningen, waar "
        "wijkbeheer op straat meer past."
    ),
    mechanism=(
        "Als een huismeester dagelijks in het complex is, dan worden vervuiling en overlast "
        "eerder gezien en aangepakt, omdat er een aanspreekpunt en toezicht is (voor- en "
        "nameting in 31 complexen: minder vernieling, vervuiling en bekladding).\n"
        "Als overlast snel wordt aangepakt, dan stijgt de woontevredenheid en daalt het "
        "vertrek, omdat bewoners merken dat melden zin heeft (praktijkervaring; twee derde van "
        "de bewoners woonde prettiger).\n"
        "Als de huismeester zorgen doorzet, dan worden huurachterstand en verwaarlozing eerder "
        "opgepakt, omdat de huismeester achter de voordeur komt (praktijkervaring)."
    ),
    variants=(
        "Een huismeester per complex of per cluster; een buurtbeheerbedrijf met bewoners uit de "
        "buurt; sociaal beheer door een team; toezicht op straat door straatcoaches."
    ),
    preconditions=(
        "Een vaste persoon voor meerdere jaren, met mandaat voor kleine reparaties en korte "
        "lijnen naar woonconsulent en wijkteam. Financiering die niet per jaar wankelt."
    ),
    risks=(
        "Wisseling van huismeesters breekt het opgebouwde vertrouwen. Een huismeester die te "
        "veel complexen heeft, wordt een schoonmaker zonder tijd voor bewoners."
    ),
    evidence_summary=(
        "De evaluatie van de huismeesters die vanaf 1988 met een stimuleringsregeling werden "
        "aangesteld, vond binnen een jaar in de meeste van 31 complexen minder vernieling, "
        "vervuiling en bekladding, en in de helft minder overlast; de aanbeveling was een "
        "huismeester een beperkt aantal woningen te geven. Het vervolgonderzoek van het WODC "
        "beschrijft hoe het die huismeesters en complexen daarna verging. Recente effectstudies "
        "ontbreken; de praktijk van de partners wijst dezelfde kant op."
    ),
    verdict=choices.Verdict.PROBABLY_WORKS,
    evidence_level=EvidenceLevel.FIRST_INDICATIONS,
    lessons=(
        "Kies iemand die bewoners aanspreekt zonder belerend te zijn. Houd het aantal woningen "
        "per huismeester beperkt, en registreer herstel en meldingen vanaf de eerste dag."
    ),
    knowledge_gaps=(
        "Effectonderzoek van na 2000 met een vergelijkingsgroep. Wat de huismeester oplevert "
        "voor zorg en huurincasso, naast schoon en heel."
    ),
    citations=(
        Citation(
            "nrc1991",
            CARETAKERS_1991,
            "Verslag van de evaluatie door het ministerie van Justitie, de Nationale Woningraad "
            "en het NCIV in 31 complexen met bijna 3.000 bewoners: binnen een jaar in de meeste "
            "complexen minder vernieling, vervuiling en bekladding, in de helft minder overlast; "
            "twee derde van de bewoners woont prettiger. Advies: een beperkt aantal woningen per "
            "huismeester.",
            Direction.POSITIVE,
            Strength.WEAK,
        ),
        Citation(
            "wodc1993",
            CARETAKERS_1993,
            "Stand van zaken van de ongeveer 150 huismeesters die sinds 1988 met de tijdelijke "
            "stimuleringsregeling in naoorlogse complexen werden aangesteld, na de eerdere "
            "evaluatie van WODC, Nationale Woningraad en NCIV.",
        ),
    ),
    ingredients=(
        Ingredient(
            "Vast gezicht",
            "Dezelfde persoon, elke werkdag, zodat bewoners hem of haar kennen en aanspreken.",
            Support.PRACTICE,
            is_essential=True,
            session_note="Themabijeenkomst Beheer in het complex, januari 2025",
        ),
        Ingredient(
            "Beperkt aantal woningen",
            "Genoeg tijd per complex om bewoners te spreken, niet alleen om schoon te maken.",
            Support.BOTH,
            is_essential=True,
            citations=("nrc1991",),
        ),
        Ingredient(
            "Mandaat en korte lijnen",
            "De huismeester laat kleine reparaties direct doen en zet zorgen binnen een dag door "
            "naar woonconsulent of wijkteam.",
            Support.PRACTICE,
            session_note="Themabijeenkomst Beheer in het complex, januari 2025",
        ),
        Ingredient(
            "Snel herstel",
            "Vernielingen en vervuiling worden dezelfde week hersteld, zodat verloedering geen "
            "kans krijgt.",
            Support.BOTH,
            citations=("nrc1991", "wodc1993"),
        ),
    ),
    examples=(
        Example(
            0,
            is_exemplary=True,
            remark="Het rekenvoorbeeld van de monitor: kosten en maatschappelijke opbrengst "
            "van één jaar huismeester, gedeeld met alle partners.",
        ),
        Example(54, remark="Met een SROI-evaluatie opgezet."),
        Example(27),
        Example(
            36,
            role=Role.VARIANT,
            is_exemplary=True,
            remark="Bewoners uit de buurt doen het beheer zelf; deelt de monitoring.",
        ),
        Example(10, role=Role.VARIANT, remark="Sociaal beheer door een team in galerijflats."),
        Example(
            44,
            role=Role.DIFFERENT,
            remark="Toezicht op straat in plaats van in het complex; deelt de monitoring.",
        ),
    ),
)

RENT_ARREARS = Synthesis(
    slug="vroeg-eropaf-huurachterstand",
    title="Vroeg erop af bij huurachterstand",
    type="Vroeg Eropaf / huurachterstand",
    status=choices.Status.CONCEPT,
    published_at=None,
    summary=(
        "Bij een huurachterstand van één of twee maanden meldt de corporatie de huurder bij "
        "de gemeente, en een schuldhulpverlener gaat op huisbezoek. De incasso wacht zolang "
        "er een oplossing komt."
    ),
    problem=(
        "Huurachterstand is vaak het eerste zichtbare teken van bredere geldzorgen. Wie te "
        "laat hulp krijgt, loopt het risico op een ontruiming, met hoge kosten voor huurder, "
        "corporatie en gemeente."
    ),
    for_whom=(
        "Huurders met een beginnende achterstand, ook als zij zelf geen hulp zoeken. Minder "
        "voor wie al een ontruimingsvonnis heeft: dan is intensievere hulp nodig."
    ),
    mechanism=(
        "Als de corporatie een achterstand vroeg meldt, dan komt de hulp bij een kleine "
        "schuld, omdat de hoogte van de achterstand de kans op een ontruimingsvonnis sterk "
        "bepaalt (Edwards e.a.).\n"
        "Als een hulpverlener op huisbezoek gaat, dan worden ook huurders bereikt die zelf "
        "niet om hulp vragen, omdat schaamte en stress mensen stil houden (praktijkervaring).\n"
        "Als de incasso wacht op de hulp, dan loopt de schuld niet op door kosten, omdat "
        "deurwaarder en rechter buiten beeld blijven (praktijkervaring)."
    ),
    variants=(
        "Melding na één of na twee maanden; huisbezoek door de gemeente, het maatschappelijk "
        "werk of de corporatie zelf; gecombineerd met achter-de-voordeurbezoeken."
    ),
    preconditions=(
        "Afspraken over het delen van gegevens tussen corporatie en gemeente; "
        "schuldhulpverleners die binnen een week op bezoek kunnen."
    ),
    risks=(
        "Huurders die het bezoek als bemoeienis ervaren. Een melding zonder capaciteit voor "
        "huisbezoeken wekt verwachtingen die niemand waarmaakt."
    ),
    evidence_summary=(
        "Een systematische review vond weinig gepubliceerde interventies en geen dwingend "
        "bewijs, wel aanwijzingen dat schuld- en juridische hulp werken. Nederlands onderzoek "
        "laat zien dat de hoogte van de achterstand de kans op een ontruimingsvonnis sterk "
        "voorspelt, wat pleit voor vroeg ingrijpen. De Handreiking van Eropaf! ordent de "
        "mogelijke interventies per fase."
    ),
    verdict=choices.Verdict.PROBABLY_WORKS,
    evidence_level=EvidenceLevel.THEORETICAL,
    lessons=(
        "Spreek vooraf af wie binnen welke termijn op bezoek gaat. Registreer de afloop per "
        "melding, anders blijft onbekend hoeveel ontruimingen zijn voorkomen."
    ),
    knowledge_gaps=(
        "Effectonderzoek met een vergelijkingsgroep in Nederland. Voor wie het huisbezoek niet "
        "werkt, en wat dan wel."
    ),
    citations=(
        Citation(
            "review",
            EVICTIONS_REVIEW,
            "Systematisch literatuuronderzoek: zeven publicaties met acht interventies; geen "
            "dwingend bewijs, wel aanwijzingen dat schuldhulp en juridische hulp ontruimingen "
            "voorkomen.",
            Direction.MIXED,
            Strength.WEAK,
        ),
        Citation(
            "predictors",
            EVICTION_PREDICTORS,
            "Bij 344 huurders met een achterstand in vijf Nederlandse steden voorspelde de "
            "hoogte van de achterstand sterk of zij een ontruimingsvonnis kregen; "
            "alleenstaanden en huurders die al gedagvaard waren liepen meer risico.",
        ),
        Citation(
            "handreiking",
            EVICTIONS_GUIDE,
            "Praktijkmodel van de ontruimingszeef: van beginnende betalingsproblemen tot "
            "ontruiming in fasen, met in elke fase mogelijke interventies.",
        ),
    ),
    ingredients=(
        Ingredient(
            "Vroege melding",
            "De corporatie meldt een achterstand na één of twee maanden, niet pas bij de "
            "deurwaarder.",
            Support.BOTH,
            is_essential=True,
            citations=("predictors", "handreiking"),
        ),
        Ingredient(
            "Huisbezoek",
            "Een hulpverlener gaat langs in plaats van een brief te sturen.",
            Support.PRACTICE,
            is_essential=True,
            session_note="Themabijeenkomst Geldzorgen en wonen, mei 2025",
        ),
        Ingredient(
            "Incasso op pauze",
            "De incasso wacht zolang er aan een oplossing wordt gewerkt, zodat er geen kosten "
            "bijkomen.",
            Support.PRACTICE,
            session_note="Themabijeenkomst Geldzorgen en wonen, mei 2025",
        ),
        Ingredient(
            "Schuldhulp achter de huur",
            "Het gesprek gaat over alle schulden, niet alleen over de huur.",
            Support.RESEARCH,
            citations=("review",),
        ),
    ),
    examples=(
        Example(48, is_exemplary=True, remark="Deelt de monitoring van de meldingen."),
        Example(21),
        Example(
            19, role=Role.VARIANT, remark="Achter-de-voordeurbezoeken die ook geldzorgen vinden."
        ),
    ),
)

SYNTHESES = [SALES, RESTRUCTURING, CARETAKER, RENT_ARREARS]


def store_demo_figures() -> int:
    """Keep the key figures of the demo monitoring plans that were created without them
    (demo/monitoring.py writes the rows in bulk); archetype figures aggregate them."""
    titles = {plan.title for plan in descriptions.plans()}
    plans = MonitoringPlan.objects.filter(
        total_cost__isnull=True, intervention__title__in=titles
    ).with_details()
    stored = 0
    for plan in plans:
        plan.store_figures()
        stored += 1
    return stored


def _descriptions(numbers: set[int]) -> dict[int, Intervention]:
    """The demo descriptions with these numbers that exist, by number."""
    wanted = {
        (plan.title, plan.organisation): plan.number
        for plan in descriptions.plans()
        if plan.number in numbers
    }
    found = Intervention.objects.filter(title__in={title for title, _ in wanted}).select_related(
        "organisation"
    )
    return {
        wanted[key]: item
        for item in found
        if (key := (item.title, item.organisation.slug)) in wanted
    }


def _create(
    synthesis: Synthesis,
    kind: InterventionType,
    examples: dict[int, Intervention],
    curator: User | None,
) -> Archetype:
    archetype = Archetype.objects.create(
        title=synthesis.title,
        slug=synthesis.slug,
        intervention_type=kind,
        status=synthesis.status,
        published_at=synthesis.published_at,
        summary=synthesis.summary,
        problem=synthesis.problem,
        for_whom=synthesis.for_whom,
        mechanism=synthesis.mechanism,
        variants=synthesis.variants,
        preconditions=synthesis.preconditions,
        risks=synthesis.risks,
        evidence_summary=synthesis.evidence_summary,
        verdict=synthesis.verdict,
        evidence_level=synthesis.evidence_level,
        lessons=synthesis.lessons,
        knowledge_gaps=synthesis.knowledge_gaps,
    )
    archetype.themes.add(kind.theme)
    if curator is not None:
        archetype.curators.add(curator)
    references = {
        citation.key: _reference(archetype, citation) for citation in synthesis.citations
    }
    for position, item in enumerate(synthesis.ingredients, start=1):
        ingredient = ActiveIngredient.objects.create(
            archetype=archetype,
            position=position,
            name=item.name,
            description=item.description,
            is_essential=item.is_essential,
            support=item.support,
            session_note=item.session_note,
        )
        ingredient.references.add(*(references[key] for key in item.citations))
    ArchetypeIntervention.objects.bulk_create(
        ArchetypeIntervention(
            archetype=archetype,
            intervention=examples[example.number],
            role=example.role,
            is_exemplary=example.is_exemplary,
            remark=example.remark,
        )
        for example in synthesis.examples
        if example.number in examples
    )
    return archetype


def _reference(archetype: Archetype, citation: Citation) -> Reference:
    publication = citation.publication
    return Reference.objects.create(
        archetype=archetype,
        authors=publication.authors,
        year=publication.year,
        title=publication.title,
        publisher=publication.publisher,
        doi=publication.doi,
        url=publication.url,
        design=publication.design,
        finding=citation.finding,
        direction=citation.direction,
        strength=citation.strength,
    )


@transaction.atomic
def seed_archetypes() -> int:
    """Create the demo archetypes that do not exist yet; return how many were created."""
    store_demo_figures()
    existing = set(Archetype.objects.values_list("slug", flat=True))
    kinds = {item.name: item for item in InterventionType.objects.select_related("theme")}
    numbers = {example.number for item in SYNTHESES for example in item.examples}
    examples = _descriptions(numbers)
    curator = User.objects.filter(email__iexact=cast.PROGRAMME_STAFF_EMAIL).first()
    created = 0
    for synthesis in SYNTHESES:
        if synthesis.slug in existing or synthesis.type not in kinds:
            continue
        with reversion.create_revision(atomic=False):
            _create(synthesis, kinds[synthesis.type], examples, curator)
            if curator is not None:
                reversion.set_user(curator)
            reversion.set_comment("Demo-archetype aangemaakt")
        created += 1
    return created

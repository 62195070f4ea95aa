"""Demo descriptions: fictional practice of the demo partners in real neighbourhoods.

Every kind of intervention of the format is written out once as a `Practice`; `seed_descriptions`
places those practices with the demo partners in the krachtwijken of DOMAIN.md §9, saves each one
as a few versions by different colleagues, and publishes, shares or archives part of them.
Deterministic and safe to repeat: a description is known by its title and organisation.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import reversion
from django.db import transaction
from reversion.models import Revision, Version

from demo import accounts as cast
from interventions import choices, services
from interventions.models import (
    ActiveIngredient,
    Activity,
    Effect,
    IntendedEffect,
    Intervention,
    InterventionType,
    Partner,
    TargetGroup,
    TheoryStep,
)
from wwidw.models import Organisation, User

DESCRIPTION_COUNT = 64

# The neighbourhoods each demo partner works in (DOMAIN.md §9), with the CBS code of the town.
PLACES = {
    "maasoever": ("Rotterdam", "GM0599", ["Oude Westen", "Crooswijk", "Pendrecht", "Vreewijk"]),
    "amstelkring": ("Amsterdam", "GM0363", ["Bos en Lommer", "Westelijke Tuinsteden", "Bijlmer"]),
    "hofstad-woonkracht": ("Den Haag", "GM0518", ["Schilderswijk", "Transvaal", "Moerwijk"]),
    "domstad-woongoed": ("Utrecht", "GM0344", ["Kanaleneiland", "Overvecht", "Ondiep"]),
    "rijnpoort-wonen": ("Arnhem", "GM0202", ["Klarendal", "Presikhaaf", "Malburgen"]),
    "dommeldal": ("Eindhoven", "GM0772", ["Woensel-West", "Doornakkers"]),
    "woonwierde": ("Groningen", "GM0014", ["Korrewegwijk", "De Hoogte"]),
    "zaanoever-wonen": ("Zaanstad", "GM0479", ["Poelenburg"]),
    "waalhuis": ("Nijmegen", "GM0268", ["Hatert"]),
    "friese-poort": ("Leeuwarden", "GM0080", ["Heechterp-Schieringen"]),
    "twentse-woonkring": ("Enschede", "GM0153", ["Velve-Lindenhof"]),
    "ijsselhof": ("Deventer", "GM0150", ["Rivierenwijk"]),
    "merwedestad": ("Dordrecht", "GM0505", ["Wielwijk", "Crabbehof"]),
    "gemeente-schiedam": ("Schiedam", "GM0606", ["Nieuwland"]),
    "gemeente-heerlen": ("Heerlen", "GM0917", ["Meezenbroek"]),
    "buurtkracht-maastricht": ("Maastricht", "GM0935", ["Noordoost"]),
    "kenniscentrum-wijkaanpak": ("Alkmaar", "GM0361", ["Overdie"]),
}


@dataclass(frozen=True)
class Practice:
    """One kind of intervention as the demo partners carry it out; texts may name {wijk}."""

    type: str
    title: str
    summary: str
    keywords: str
    occasion: str
    problem: str
    goal: str
    approach: str
    steps: tuple[tuple[str, str, str], ...]
    ingredients: tuple[tuple[str, str], ...]
    activities: tuple[tuple[str, str, str, str], ...]
    partners: tuple[tuple[str, str, str], ...]
    effects: tuple[tuple[str, str], ...]
    groups: tuple[str, ...]
    cost: tuple[int, int]
    results: str
    lessons: str


PRACTICES = [
    Practice(
        type="Huismeester / complexbeheerder",
        title="Huismeester in de portiekflats van {wijk}",
        summary=(
            "Een vaste huismeester is elke werkdag in de portiekflats van {wijk}. Hij of zij "
            "houdt de portieken schoon, spreekt bewoners aan op afval en geluid en signaleert "
            "zorgen achter de voordeur bij het wijkteam."
        ),
        keywords="huismeester, portiek, schoonmaak, sociale controle",
        occasion="Veel klachten over vervuilde portieken, grofvuil en overlast in {wijk}.",
        problem=(
            "In de portiekflats van {wijk} wonen veel huishoudens kort. De portieken zijn vuil, "
            "bewoners kennen elkaar nauwelijks en melden overlast niet meer omdat er toch niets "
            "gebeurt. De mutatiegraad ligt boven de twaalf procent."
        ),
        goal="Schone, veilige portieken en huurders die zich thuis voelen in hun complex.",
        approach=(
            "De huismeester loopt dagelijks een vaste ronde, houdt spreekuur in de "
            "bewonersruimte en pakt kleine reparaties direct op. Overlast en zorgen worden "
            "binnen een dag doorgezet naar de woonconsulent of het sociaal wijkteam."
        ),
        steps=(
            (
                "de huismeester dagelijks in de portieken is",
                "worden overlast en vervuiling eerder gesignaleerd",
                "er een aanspreekpunt en sociale controle is",
            ),
            (
                "overlast snel wordt aangepakt",
                "stijgt de woontevredenheid en daalt het aantal vertrekkers",
                "bewoners merken dat melden zin heeft",
            ),
        ),
        ingredients=(
            ("Vast gezicht", "Dezelfde persoon, elke dag, zodat bewoners hem of haar kennen."),
            ("Korte lijnen", "De huismeester kan direct een reparatie of het wijkteam inzetten."),
        ),
        activities=(
            (
                "Dagelijkse ronde",
                "Portieken, bergingen en entrees nalopen.",
                "Huismeester",
                "Dagelijks",
            ),
            ("Spreekuur", "Inloop in de bewonersruimte.", "Huismeester", "Wekelijks"),
        ),
        partners=(("Sociaal wijkteam", "signaleerder", "Neemt zorgsignalen over."),),
        effects=(
            ("LB.01", "schoonheidsscore portieken"),
            ("WO.03", "rapportcijfer woontevredenheid"),
        ),
        groups=("Huurders van een complex",),
        cost=(60_000, 80_000),
        results="Het aantal meldingen over vervuiling daalde in twee jaar met een derde.",
        lessons="Kies iemand die bewoners aanspreekt zonder te belerend te zijn.",
    ),
    Practice(
        type="Sloop en nieuwbouw (herstructurering)",
        title="Herstructurering van de naoorlogse blokken in {wijk}",
        summary=(
            "Vier verouderde galerijflats in {wijk} maken plaats voor een mix van sociale huur, "
            "middenhuur en koopwoningen. Zittende huurders krijgen voorrang en een wooncoach "
            "bij de verhuizing."
        ),
        keywords="herstructurering, sloop, nieuwbouw, woningmix, terugkeer",
        occasion="Funderingsproblemen en hoge onderhoudskosten maakten renovatie onrendabel.",
        problem=(
            "De galerijflats uit 1958 hebben kleine woningen met slechte isolatie. De buurt "
            "kent een eenzijdige woningvoorraad en een hoge concentratie lage inkomens."
        ),
        goal="Een gevarieerde woningvoorraad en een buurt waar bewoners een wooncarrière maken.",
        approach=(
            "Gefaseerde sloop in drie tranches, een sociaal plan met verhuisvergoeding en "
            "terugkeergarantie, en een klankbordgroep die meepraat over het stedenbouwkundig plan."
        ),
        steps=(
            (
                "de woningvoorraad gevarieerder wordt",
                "kunnen bewoners met een stijgend inkomen in de buurt blijven",
                "er passende woningen voor elke stap beschikbaar zijn",
            ),
            (
                "meer middeninkomens in de buurt wonen",
                "neemt de sociale samenhang en het draagvlak voor voorzieningen toe",
                "er meer bewoners zijn die zich voor de buurt inzetten",
            ),
        ),
        ingredients=(
            ("Sociaal plan", "Heldere afspraken over vergoeding, voorrang en begeleiding."),
            ("Terugkeergarantie", "Huurders die willen blijven, krijgen een nieuwe woning."),
        ),
        activities=(
            (
                "Klankbordgroep",
                "Bewoners praten mee over het plan.",
                "Projectleider",
                "Maandelijks",
            ),
            (
                "Huisbezoeken",
                "Elke huurder krijgt een persoonlijk gesprek.",
                "Wooncoach",
                "Eenmalig",
            ),
        ),
        partners=(("Gemeente", "financier", "Draagt bij aan de openbare ruimte."),),
        effects=(("WO.02", "aandeel middenhuur en koop"), ("IM.02", "vertrek middeninkomens")),
        groups=("Huurders van een complex", "Nieuwe bewoners / woningzoekenden"),
        cost=(150_000 * 40, 250_000 * 40),
        results=(
            "Twee van de drie tranches zijn opgeleverd; 62 procent van de huurders keerde terug."
        ),
        lessons="Begin vroeg met huisbezoeken: onzekerheid is voor bewoners het zwaarst.",
    ),
    Practice(
        type="Verkoop huurwoningen",
        title="Verkoop van huurwoningen aan starters in {wijk}",
        summary=(
            "Bij mutatie verkoopt de corporatie eengezinswoningen in {wijk} met korting aan "
            "starters, met een terugkoopregeling. Doel is een gemengdere eigendomsverhouding."
        ),
        keywords="verkoop, koopgarant, starters, eigendom",
        occasion="Ruim negentig procent van de woningen in de buurt is sociale huur.",
        problem=(
            "Huishoudens die meer gaan verdienen vertrekken uit {wijk}, omdat er geen "
            "koopwoningen zijn. De buurt verliest daardoor actieve bewoners."
        ),
        goal="Meer eigenaar-bewoners en binding van middeninkomens aan de buurt.",
        approach=(
            "Vrijkomende woningen worden na een opknapbeurt aangeboden aan starters met een "
            "band met de buurt. Een VvE-beheerder begeleidt de gemengde complexen."
        ),
        steps=(
            (
                "minstens 2,5 procent van de huurwoningen in een buurt wordt verkocht",
                "verbetert de leefbaarheid in een deel van de buurten",
                "eigenaar-bewoners langer blijven en meer investeren in hun omgeving",
            ),
        ),
        ingredients=(
            ("Voorrang voor buurtbewoners", "Wie al in de buurt woont, gaat voor."),
            ("Goed VvE-beheer", "Gemengde complexen vragen een actieve VvE."),
        ),
        activities=(
            ("Verkoopgesprekken", "Uitleg over koopvoorwaarden.", "Verkoopadviseur", "Per woning"),
        ),
        partners=(("Makelaar", "uitvoerder", "Verzorgt de verkoop."),),
        effects=(
            ("WO.02", "aandeel koopwoningen"),
            ("IM.02", "verhuisgeneigdheid middeninkomens"),
        ),
        groups=("Nieuwe bewoners / woningzoekenden", "Eigenaar-bewoners en VvE's"),
        cost=(40_000, 120_000),
        results="In vier jaar werden 48 woningen verkocht; de Leefbaarometer-score steeg licht.",
        lessons="Zonder goed VvE-beheer ontstaan in gemengde complexen snel nieuwe problemen.",
    ),
    Practice(
        type="Klushuizen",
        title="Klushuizen aan de oude linten van {wijk}",
        summary=(
            "Verpauperde vooroorlogse panden in {wijk} worden casco verkocht aan kopers die ze "
            "zelf opknappen en er minstens vijf jaar wonen."
        ),
        keywords="klushuis, casco, zelfwerkzaamheid, particuliere investering",
        occasion="Een rij dichtgetimmerde panden trok vandalisme en drugsoverlast aan.",
        problem="Leegstaande, slecht onderhouden panden bepalen het straatbeeld en het imago.",
        goal="Opgeknapte panden, nieuwe betrokken bewoners en een beter imago van de straat.",
        approach=(
            "De corporatie koopt en sloopt binnenwanden, de gemeente versoepelt de procedures en "
            "een bouwkundig adviseur begeleidt de kopers."
        ),
        steps=(
            (
                "kopers hun eigen pand opknappen",
                "voelen zij zich eigenaar van de straat",
                "zij tijd en geld in hun woning en omgeving hebben gestoken",
            ),
        ),
        ingredients=(("Bouwbegeleiding", "Een vast aanspreekpunt voor bouwtechnische vragen."),),
        activities=(
            ("Kijkdagen", "Geïnteresseerden bekijken de panden.", "Projectleider", "Per tranche"),
            (
                "Bouwspreekuur",
                "Advies over constructie en vergunning.",
                "Adviseur",
                "Tweewekelijks",
            ),
        ),
        partners=(("Gemeente", "adviseur", "Snelle vergunningverlening."),),
        effects=(("WO.01", "staat van onderhoud"), ("IM.01", "imago straat")),
        groups=("Nieuwe bewoners / woningzoekenden",),
        cost=(500_000, 3_000_000),
        results="Alle zestien panden zijn verkocht en bewoond.",
        lessons=(
            "Reken op een lange voorbereiding: de eerste kopers hebben veel begeleiding nodig."
        ),
    ),
    Practice(
        type="Renovatie en verduurzaming",
        title="Renovatie en verduurzaming met bewoners in {wijk}",
        summary=(
            "Driehonderd eengezinswoningen in {wijk} krijgen isolatie, een warmtepomp en nieuwe "
            "keukens, met bewoners als mede-opdrachtgever."
        ),
        keywords="renovatie, isolatie, energiearmoede, woonlasten",
        occasion="Hoge energierekeningen en vochtklachten in de jaren-vijftigwoningen.",
        problem="Veel huishoudens in {wijk} leven in energiearmoede en hebben last van schimmel.",
        goal="Lagere woonlasten en gezonde, comfortabele woningen.",
        approach=(
            "Een bewonerscommissie beslist mee over het pakket. Renovatie gebeurt in bewoonde "
            "staat met een vaste bewonersbegeleider en een logeerwoning."
        ),
        steps=(
            (
                "woningen goed geïsoleerd zijn",
                "dalen de energielasten van huurders",
                "er minder warmte verloren gaat",
            ),
            (
                "bewoners meebeslissen over het pakket",
                "stemmen meer huurders in met de renovatie",
                "zij zien dat hun wensen zijn meegenomen",
            ),
        ),
        ingredients=(("Bewonersbegeleider", "Eén contactpersoon tijdens de hele renovatie."),),
        activities=(
            ("Proefwoning", "Bewoners bekijken het pakket.", "Aannemer", "Eenmalig"),
            ("Energiecoaching", "Uitleg over de warmtepomp.", "Energiecoach", "Per huishouden"),
        ),
        partners=(("Aannemer", "uitvoerder", "Voert de renovatie uit."),),
        effects=(("WO.06", "energielasten per huishouden"), ("WO.01", "energielabel")),
        groups=("Huurders van een complex",),
        cost=(900_000, 2_500_000),
        results="De woningen gingen van label E naar A; het gasverbruik halveerde.",
        lessons="Een proefwoning overtuigt meer dan een brochure.",
    ),
    Practice(
        type="Woningtoewijzing op basis van inzet voor de buurt",
        title="Voorrang voor wie zich inzet voor {wijk}",
        summary=(
            "Een deel van de vrijkomende woningen in {wijk} gaat naar woningzoekenden die zich "
            "verbinden aan een buurtcontract: twintig uur per jaar vrijwilligerswerk in de buurt."
        ),
        keywords="buurtcontract, toewijzing, vrijwilligers, inzet",
        occasion="Bewonersorganisaties vonden te weinig vrijwilligers.",
        problem="Een kleine groep actieve bewoners draagt alles; zij raken overbelast.",
        goal="Meer bewoners die zich actief inzetten voor de buurt.",
        approach=(
            "Kandidaten schrijven een korte motivatie en maken afspraken met de "
            "buurtcoördinator. Na een jaar volgt een evaluatiegesprek."
        ),
        steps=(
            (
                "nieuwe bewoners zich vooraf verbinden aan inzet",
                "groeit het aantal vrijwilligers",
                "de drempel om mee te doen lager is als het vanzelfsprekend is",
            ),
        ),
        ingredients=(("Buurtcontract", "Een concrete, haalbare afspraak over inzet."),),
        activities=(
            (
                "Intakegesprek",
                "Kennismaking met de buurtcoördinator.",
                "Buurtcoördinator",
                "Per kandidaat",
            ),
        ),
        partners=(("Bewonersorganisatie", "uitvoerder", "Koppelt nieuwe bewoners aan klussen."),),
        effects=(("SC.02", "aantal actieve vrijwilligers"),),
        groups=("Nieuwe bewoners / woningzoekenden", "Actieve bewoners en vrijwilligers"),
        cost=(20_000, 45_000),
        results="Van de 35 nieuwe huishoudens is na een jaar 80 procent nog actief.",
        lessons="Houd de afspraak klein en concreet; grote beloftes worden niet nagekomen.",
    ),
    Practice(
        type="Selectieve woningtoewijzing",
        title="Selectieve toewijzing in de hoogbouw van {wijk}",
        summary=(
            "Met een Rotterdamwet-aanwijzing en een leefbaarheidstoets wijst de corporatie in "
            "drie flats van {wijk} woningen toe met "
            "aandacht voor de samenstelling van het complex."
        ),
        keywords="toewijzing, Rotterdamwet, leefbaarheidstoets, complexsamenstelling",
        occasion="Een stapeling van kwetsbare huishoudens in dezelfde flats.",
        problem="In drie flats wonen veel huishoudens met zware problematiek bij elkaar.",
        goal="Een evenwichtiger bewonerssamenstelling en minder overlast.",
        approach="Een toewijzingscommissie weegt kandidaten en zorgt voor begeleiding waar nodig.",
        steps=(
            (
                "kwetsbare huishoudens meer verspreid wonen",
                "neemt de overlast per complex af",
                "buren meer draagkracht hebben",
            ),
        ),
        ingredients=(("Zorgvuldige afweging", "Per woning een onderbouwd besluit."),),
        activities=(
            ("Toewijzingsoverleg", "Bespreking van kandidaten.", "Woonconsulent", "Wekelijks"),
        ),
        partners=(("Gemeente", "trekker", "Vraagt de aanwijzing aan."),),
        effects=(("VE.01", "overlastmeldingen"),),
        groups=("Nieuwe bewoners / woningzoekenden",),
        cost=(30_000, 70_000),
        results="Het aantal overlastmeldingen daalde, maar verplaatste zich deels naar elders.",
        lessons="Let op waterbedeffecten: meet ook in de omliggende buurten.",
    ),
    Practice(
        type="Wooncoach / doorstroming senioren",
        title="Wooncoach voor senioren in {wijk}",
        summary=(
            "Een wooncoach helpt ouderen in te grote eengezinswoningen in {wijk} bij de stap "
            "naar een gelijkvloerse woning, zodat gezinnen een plek vinden."
        ),
        keywords="doorstroming, senioren, wooncoach, verhuizen",
        occasion=(
            "Lange wachttijden voor gezinswoningen, terwijl ouderen alleen in grote huizen wonen."
        ),
        problem="Ouderen willen wel verhuizen, maar zien op tegen het regelwerk en de kosten.",
        goal="Ouderen wonen passend en langer zelfstandig; gezinswoningen komen vrij.",
        approach="De wooncoach bezoekt ouderen thuis en regelt de verhuizing van begin tot eind.",
        steps=(
            (
                "een vertrouwd persoon de verhuizing regelt",
                "durven meer ouderen de stap te zetten",
                "de zorgen over geld en gedoe worden weggenomen",
            ),
        ),
        ingredients=(("Ontzorgen", "De coach neemt het regelwerk uit handen."),),
        activities=(
            ("Keukentafelgesprek", "Wensen en zorgen bespreken.", "Wooncoach", "Per senior"),
        ),
        partners=(("Welzijnsorganisatie", "signaleerder", "Verwijst ouderen door."),),
        effects=(
            ("ZW.02", "aantal ouderen dat zelfstandig woont"),
            ("WO.05", "vrijgekomen woningen"),
        ),
        groups=("Ouderen 65+",),
        cost=(50_000, 90_000),
        results="In twee jaar verhuisden 41 ouderen; evenveel gezinnen kregen een woning.",
        lessons=(
            "Een verhuiskostenvergoeding alleen is niet genoeg: begeleiding maakt het verschil."
        ),
    ),
    Practice(
        type="Maatschappelijk vastgoed / wijkcentrum",
        title="Buurthuis De Schakel in {wijk}",
        summary=(
            "De corporatie stelt een leegstaande bedrijfsruimte in {wijk} tegen een lage huur "
            "beschikbaar als buurthuis, beheerd door bewoners met een welzijnsorganisatie."
        ),
        keywords="buurthuis, wijkcentrum, ontmoeting, beheer",
        occasion="Het oude wijkcentrum sloot na bezuinigingen.",
        problem="Er is geen plek om elkaar te ontmoeten; initiatieven vinden geen ruimte.",
        goal="Een levendige ontmoetingsplek die bewoners zelf draaiende houden.",
        approach=(
            "Een beheergroep van vrijwilligers maakt "
            "de programmering, ondersteund door een opbouwwerker."
        ),
        steps=(
            (
                "er een laagdrempelige plek is",
                "ontmoeten bewoners elkaar vaker",
                "toevallige ontmoetingen tot contact leiden",
            ),
        ),
        ingredients=(("Eigenaarschap bewoners", "Bewoners bepalen wat er gebeurt."),),
        activities=(
            ("Koffieochtend", "Inloop voor iedereen.", "Vrijwilligers", "Wekelijks"),
            (
                "Huiswerkklas",
                "Hulp bij huiswerk voor kinderen.",
                "Vrijwilligers",
                "Twee keer per week",
            ),
        ),
        partners=(
            ("Welzijnsorganisatie", "uitvoerder", "Opbouwwerker ondersteunt de beheergroep."),
        ),
        effects=(("SC.01", "contacten tussen buren"), ("SC.04", "eenzaamheid")),
        groups=("Alle bewoners",),
        cost=(35_000, 90_000),
        results="Het buurthuis is vijf dagen per week open en trekt ruim 400 bezoekers per week.",
        lessons="Een vaste sleutelhouder voorkomt dat alles op één vrijwilliger terechtkomt.",
    ),
    Practice(
        type="Buurtbeheerbedrijf",
        title="Buurtbeheerbedrijf {wijk}",
        summary=(
            "Een buurtbeheerbedrijf in {wijk} voert klein onderhoud, schoonmaak en groenbeheer "
            "uit met bewoners die een uitkering hebben, en biedt hen een opstap naar werk."
        ),
        keywords="buurtbeheer, werkgelegenheid, onderhoud, schoonmaak",
        occasion="Hoge beheerkosten en veel werkloosheid in dezelfde straten.",
        problem=(
            "Veel bewoners staan langs de kant terwijl het onderhoud van de buurt achterblijft."
        ),
        goal="Een schonere buurt en bewoners die via werk in de buurt doorstromen naar een baan.",
        approach=(
            "Werkleiders begeleiden ploegen van bewoners; elke deelnemer heeft een ontwikkelplan."
        ),
        steps=(
            (
                "bewoners in hun eigen buurt werken",
                "wordt de buurt schoner en voelen bewoners zich verantwoordelijk",
                "zij hun eigen werk terugzien en door buren worden aangesproken",
            ),
        ),
        ingredients=(("Werkleider als coach", "Begeleiding op het werk en daarbuiten."),),
        activities=(
            ("Schoonmaakploeg", "Vaste routes door de buurt.", "Buurtbeheerbedrijf", "Dagelijks"),
        ),
        partners=(("Gemeente, sociale dienst", "financier", "Financiert de trajecten."),),
        effects=(("WI.01", "uitstroom naar werk"), ("LB.01", "schoonheidsscore")),
        groups=("Huishoudens met huurachterstand of schulden", "Alle bewoners"),
        cost=(250_000, 600_000),
        results="Eén op de drie deelnemers vond binnen twee jaar betaald werk.",
        lessons="Zonder vaste opdrachten van de corporatie is het bedrijf niet levensvatbaar.",
    ),
    Practice(
        type="Sociaal beheer",
        title="Sociaal beheer in de galerijflats van {wijk}",
        summary=(
            "Woonconsulenten in {wijk} combineren huurzaken met aandacht voor leefbaarheid: "
            "welkomstgesprekken, complexafspraken en een vast overleg met politie en wijkteam."
        ),
        keywords="sociaal beheer, welkomstgesprek, complexafspraken",
        occasion="Nieuwe bewoners kennen de huisregels niet; buren ergeren zich aan elkaar.",
        problem="Veel kleine ergernissen lopen op tot burenruzies en vertrek.",
        goal="Bewoners die de afspraken in hun complex kennen en naleven.",
        approach=(
            "Elke nieuwe huurder krijgt een welkomstgesprek; per complex worden afspraken gemaakt."
        ),
        steps=(
            (
                "bewoners samen afspraken maken",
                "houden zij zich er beter aan",
                "afspraken die je zelf maakt meer gezag hebben",
            ),
        ),
        ingredients=(("Welkomstgesprek", "Verwachtingen vanaf de eerste dag helder."),),
        activities=(
            (
                "Complexoverleg",
                "Bewoners en corporatie maken afspraken.",
                "Woonconsulent",
                "Per kwartaal",
            ),
        ),
        partners=(("Politie", "signaleerder", "Wijkagent schuift aan bij het overleg."),),
        effects=(("VE.01", "overlastmeldingen"), ("BE.04", "klanttevredenheid")),
        groups=("Huurders van een complex", "Nieuwe bewoners / woningzoekenden"),
        cost=(70_000, 140_000),
        results="Het aantal burenconflicten halveerde in de complexen met afspraken.",
        lessons="Afspraken moeten jaarlijks opnieuw besproken worden, anders verwateren ze.",
    ),
    Practice(
        type="Wijkschouw",
        title="Wijkschouw met bewoners in {wijk}",
        summary=(
            "Vier keer per jaar lopen bewoners, corporatie, gemeente en politie samen door "
            "{wijk} en leggen gebreken in de openbare ruimte vast met een app."
        ),
        keywords="schouw, openbare ruimte, meldingen, samenwerking",
        occasion="Bewoners ergerden zich aan kapotte lantaarns en losliggende tegels.",
        problem="Meldingen verdwijnen tussen gemeente en corporatie; niemand voelt zich eigenaar.",
        goal="Een beter onderhouden openbare ruimte en vertrouwen in de aanpak.",
        approach="Na elke schouw volgt binnen zes weken een terugkoppeling over wat is opgelost.",
        steps=(
            (
                "partijen samen schouwen",
                "worden problemen sneller opgelost",
                "verantwoordelijkheden ter plekke worden verdeeld",
            ),
        ),
        ingredients=(("Terugkoppeling", "Bewoners horen wat er met hun melding is gebeurd."),),
        activities=(
            ("Schouwronde", "Samen door de buurt lopen.", "Wijkbeheerder", "Per kwartaal"),
        ),
        partners=(("Gemeente", "uitvoerder", "Herstelt gebreken in de openbare ruimte."),),
        effects=(("LB.04", "schouwscore openbare ruimte"),),
        groups=("Alle bewoners", "Actieve bewoners en vrijwilligers"),
        cost=(15_000, 40_000),
        results="De schouwscore steeg van een 5,8 naar een 7,1.",
        lessons="Nodig ook kinderen uit: zij zien andere dingen dan volwassenen.",
    ),
    Practice(
        type="Groen- en tuinprojecten",
        title="Buurtmoestuin en geveltuinen in {wijk}",
        summary=(
            "Bewoners van {wijk} beheren samen een moestuin op een braakliggend veld en leggen "
            "geveltuinen aan in hun straat, met hulp van een tuincoach."
        ),
        keywords="moestuin, geveltuin, groen, ontmoeting, hittestress",
        occasion="Een braakliggend kavel na sloop werd een stortplaats.",
        problem="Weinig groen en weinig contact tussen buren van verschillende achtergrond.",
        goal="Meer groen, meer contact en een verzorgde straat.",
        approach="Een tuincoach begeleidt de tuingroep; de corporatie levert materiaal en grond.",
        steps=(
            (
                "bewoners samen tuinieren",
                "ontstaat contact tussen buren",
                "een gedeelde klus gesprekken vanzelf op gang brengt",
            ),
        ),
        ingredients=(("Tuincoach", "Kennis én verbinding tussen tuinders."),),
        activities=(("Tuindag", "Samen zaaien, wieden en oogsten.", "Tuingroep", "Wekelijks"),),
        partners=(("Gemeente", "financier", "Stelt de grond in bruikleen beschikbaar."),),
        effects=(("SC.01", "contacten tussen buren"), ("LB.03", "tevredenheid woonomgeving")),
        groups=("Alle bewoners", "Gezinnen met kinderen"),
        cost=(10_000, 35_000),
        results="Dertig huishoudens hebben een tuinvak; 55 geveltuinen aangelegd.",
        lessons="Regel vroeg wie water en gereedschap beheert.",
    ),
    Practice(
        type="Buurtveiligheidsteam",
        title="Buurtveiligheidsteam {wijk}",
        summary=(
            "Politie, handhaving, corporatie en gemeente bespreken in {wijk} elke week de "
            "veiligheidssignalen en pakken hotspots samen aan."
        ),
        keywords="veiligheid, hotspots, handhaving, politie",
        occasion="Een reeks inbraken en drugshandel rond het winkelcentrum.",
        problem="Bewoners voelen zich 's avonds onveilig; signalen worden niet gedeeld.",
        goal="Minder criminaliteit en een hogere veiligheidsbeleving.",
        approach="Een wekelijks casusoverleg met een gedeeld actieoverzicht en vaste trekkers.",
        steps=(
            (
                "partners signalen delen",
                "worden hotspots eerder aangepakt",
                "het beeld compleet is en acties op elkaar aansluiten",
            ),
        ),
        ingredients=(("Gedeeld beeld", "Eén overzicht van signalen en acties."),),
        activities=(
            ("Casusoverleg", "Bespreken van signalen en acties.", "Wijkagent", "Wekelijks"),
        ),
        partners=(("Politie", "trekker", "Zit het overleg voor."),),
        effects=(("VE.02", "geregistreerde misdrijven"), ("VE.03", "veiligheidsbeleving")),
        groups=("Alle bewoners", "Overlastgevers"),
        cost=(40_000, 100_000),
        results="Het aantal woninginbraken daalde met veertig procent.",
        lessons="Leg vast welke gegevens gedeeld mogen worden; dat voorkomt discussie achteraf.",
    ),
    Practice(
        type="Aanpak woonoverlast",
        title="Aanpak ernstige woonoverlast in {wijk}",
        summary=(
            "Een overlastregisseur pakt in {wijk} de zwaarste overlastzaken aan met een mix van "
            "gesprekken, zorg, gedragsaanwijzingen en als het moet juridische stappen."
        ),
        keywords="woonoverlast, overlastregisseur, gedragsaanwijzing, zorg",
        occasion="Een handvol huishoudens veroorzaakte de helft van alle meldingen.",
        problem="Langdurige overlast maakt buren ziek en leidt tot vertrek.",
        goal="Minder woonoverlast en minder vertrek van goedwillende buren.",
        approach=(
            "Per zaak één regisseur, een plan van aanpak en wekelijks contact met de melders."
        ),
        steps=(
            (
                "één regisseur de zaak houdt",
                "wordt overlast sneller en consequenter aangepakt",
                "er niemand meer tussen loketten verdwijnt",
            ),
        ),
        ingredients=(("Regie", "Eén persoon verantwoordelijk per zaak."),),
        activities=(
            ("Huisbezoek", "Gesprek met de overlastgever.", "Overlastregisseur", "Per zaak"),
        ),
        partners=(("GGZ-instelling", "uitvoerder", "Levert zorg waar nodig."),),
        effects=(("VE.01", "overlastmeldingen"), ("WO.04", "verhuisgeneigdheid")),
        groups=("Overlastgevers", "Huurders van een complex"),
        cost=(60_000, 140_000),
        results="Van de 25 zaken zijn er 19 binnen een jaar gestopt; twee ontruimingen.",
        lessons="Houd melders op de hoogte, ook als er weinig te melden is.",
    ),
    Practice(
        type="Buurtbemiddeling",
        title="Buurtbemiddeling {wijk}",
        summary=(
            "Getrainde vrijwilligers helpen buren in {wijk} om conflicten over geluid, "
            "kinderen of parkeren zelf op te lossen, voordat ze escaleren."
        ),
        keywords="buurtbemiddeling, conflict, vrijwilligers, mediation",
        occasion="Veel burenruzies kwamen bij de corporatie terecht die er weinig mee kon.",
        problem="Conflicten tussen buren escaleren omdat er niet met elkaar wordt gepraat.",
        goal="Buren die hun conflicten zelf oplossen; minder escalatie.",
        approach="Twee bemiddelaars praten eerst met iedere partij apart en dan samen.",
        steps=(
            (
                "buren onder begeleiding met elkaar praten",
                "vinden zij zelf een oplossing",
                "zij elkaars kant van het verhaal horen",
            ),
        ),
        ingredients=(
            ("Onpartijdige vrijwilligers", "Bemiddelaars zijn geen hulpverlener of handhaver."),
        ),
        activities=(
            (
                "Bemiddelingsgesprek",
                "Gesprek met beide partijen.",
                "Vrijwilligers",
                "Per conflict",
            ),
        ),
        partners=(("Welzijnsorganisatie", "trekker", "Werft en traint vrijwilligers."),),
        effects=(("VE.01", "escalaties naar politie"),),
        groups=("Alle bewoners",),
        cost=(40_000, 90_000),
        results="Tweederde van de aangemelde conflicten werd opgelost of verminderd.",
        lessons="Snel reageren op een aanmelding vergroot de kans op succes sterk.",
    ),
    Practice(
        type="Aanpak woonfraude",
        title="Aanpak woonfraude en onderhuur in {wijk}",
        summary=(
            "Met adresonderzoeken en een meldpunt spoort de corporatie in {wijk} onderhuur en "
            "hennepteelt op, zodat woningen terugkomen voor wie erop wacht."
        ),
        keywords="woonfraude, onderhuur, hennep, adresonderzoek",
        occasion="Signalen van onderhuur en illegale kamerverhuur in de portiekwoningen.",
        problem="Woonfraude onttrekt woningen aan woningzoekenden en geeft overlast.",
        goal="Minder woonfraude en meer woningen voor woningzoekenden.",
        approach="Gerichte adrescontroles op basis van signalen en data-analyse.",
        steps=(
            (
                "fraude actief wordt opgespoord",
                "komen woningen terug in de verhuur",
                "onrechtmatige bewoners vertrekken",
            ),
        ),
        ingredients=(("Signalen serieus nemen", "Elke melding wordt onderzocht."),),
        activities=(
            ("Adresonderzoek", "Controle ter plaatse.", "Fraudeonderzoeker", "Per signaal"),
        ),
        partners=(("Gemeente", "uitvoerder", "Controleert de basisregistratie."),),
        effects=(("VE.05", "teruggewonnen woningen"),),
        groups=("Alle bewoners",),
        cost=(50_000, 120_000),
        results="Veertien woningen kwamen terug in de verhuur.",
        lessons="Combineer handhaving met hulp: achter fraude zit soms schuldenproblematiek.",
    ),
    Practice(
        type="Straatcoaches / buurtwachten",
        title="Straatcoaches op de pleinen van {wijk}",
        summary=(
            "Straatcoaches spreken 's avonds jongeren aan op de pleinen van {wijk} en leggen "
            "contact met ouders, school en jongerenwerk."
        ),
        keywords="straatcoach, jeugdoverlast, jongeren, ouders",
        occasion="Groepen jongeren hingen tot laat rond op de pleinen.",
        problem="Jeugdoverlast en intimidatie maken het plein onaantrekkelijk voor anderen.",
        goal="Minder jeugdoverlast en jongeren die in beeld zijn bij hulpverlening.",
        approach=(
            "Koppels straatcoaches werken van 18 tot 02 uur en melden hun contacten dagelijks."
        ),
        steps=(
            (
                "jongeren worden aangesproken en hun ouders worden ingelicht",
                "neemt de overlast af",
                "er sociale controle en een grens is",
            ),
        ),
        ingredients=(("Aanspreken met respect", "Duidelijk over grenzen, zonder te provoceren."),),
        activities=(("Avondronde", "Pleinen en portieken langs.", "Straatcoaches", "Dagelijks"),),
        partners=(("Jongerenwerk", "uitvoerder", "Biedt een alternatief aanbod."),),
        effects=(("VE.04", "meldingen jeugdoverlast"),),
        groups=("Jongeren 12–23",),
        cost=(80_000, 200_000),
        results="Meldingen van jeugdoverlast daalden met een kwart.",
        lessons="Zonder aanbod van jongerenwerk verplaatst de groep zich alleen.",
    ),
    Practice(
        type="Skaeve Huse",
        title="Skaeve Huse aan de rand van {wijk}",
        summary=(
            "Vijf kleine woonunits aan de rand van {wijk} bieden een plek aan mensen die "
            "nergens anders kunnen wonen zonder ernstige overlast te geven."
        ),
        keywords="Skaeve Huse, onaangepast gedrag, woonunits, begeleiding",
        occasion="Enkele huishoudens gingen van ontruiming naar ontruiming.",
        problem="Voor een kleine groep is gewoon wonen niet haalbaar; buren betalen de prijs.",
        goal="Een stabiele woonplek voor de bewoners en rust voor de buurt.",
        approach="Begeleiding op maat, een beheerder en afspraken met de omwonenden.",
        steps=(
            (
                "bewoners een plek krijgen waar hun gedrag minder stoort",
                "stabiliseert hun situatie",
                "er minder conflicten en ontruimingen zijn",
            ),
        ),
        ingredients=(("Klankbordgroep omwonenden", "Zorgen van de buurt serieus nemen."),),
        activities=(
            ("Begeleiding", "Dagelijks contact met de bewoners.", "Zorgaanbieder", "Dagelijks"),
        ),
        partners=(("Zorgaanbieder", "uitvoerder", "Begeleidt de bewoners."),),
        effects=(("WI.03", "ontruimingen"), ("VE.01", "overlastmeldingen")),
        groups=("Kwetsbare huishoudens en zorgmijders", "Overlastgevers"),
        cost=(300_000, 600_000),
        results="Vier van de vijf bewoners wonen er na twee jaar nog.",
        lessons="Investeer in het gesprek met omwonenden vóór de bouw.",
    ),
    Practice(
        type="Achter de voordeur",
        title="Achter de voordeur in {wijk}",
        summary=(
            "Een team van corporatie, wijkteam en GGD legt in {wijk} huisbezoeken af bij "
            "huishoudens waar zorgen zijn en zorgt voor één plan per gezin."
        ),
        keywords="achter de voordeur, huisbezoek, één plan, zorgmijders",
        occasion="Vervuilde woningen en zorgmijders kwamen pas in beeld bij ontruiming.",
        problem="Problemen achter de voordeur stapelen zich op zonder dat iemand ze ziet.",
        goal="Tijdige hulp voor kwetsbare huishoudens en minder escalaties.",
        approach="Signalen van huismeester en buren leiden binnen een week tot een huisbezoek.",
        steps=(
            (
                "hulpverleners samen aanbellen",
                "komen verborgen problemen eerder in beeld",
                "bewoners die zelf geen hulp vragen toch bereikt worden",
            ),
            (
                "er één plan per huishouden is",
                "wordt hulp beter volgehouden",
                "hulpverleners niet langs elkaar heen werken",
            ),
        ),
        ingredients=(
            ("Outreachend werken", "Niet wachten op een hulpvraag."),
            ("Eén plan", "Eén regisseur en één plan per huishouden."),
        ),
        activities=(
            ("Huisbezoek", "Kennismaken en problemen inventariseren.", "Wijkteam", "Per signaal"),
        ),
        partners=(("GGD", "uitvoerder", "Bemoeizorg bij zorgmijders."),),
        effects=(("ZW.01", "aantal tijdig gesignaleerde zorgmijders"), ("WI.03", "ontruimingen")),
        groups=("Kwetsbare huishoudens en zorgmijders",),
        cost=(100_000, 300_000),
        results="Bij 120 huishoudens is hulp gestart; geen ontruimingen wegens vervuiling meer.",
        lessons="Maak privacyafspraken voordat het eerste huisbezoek plaatsvindt.",
    ),
    Practice(
        type="Sociaal wijkteam",
        title="Sociaal wijkteam met corporatie aan tafel in {wijk}",
        summary=(
            "De woonconsulent van de corporatie maakt in {wijk} vast deel uit van het sociaal "
            "wijkteam, zodat woonproblemen en zorg samen worden opgepakt."
        ),
        keywords="wijkteam, samenwerking, zorg, woonconsulent",
        occasion="Wijkteam en corporatie wisten van dezelfde huishoudens niet van elkaar.",
        problem="Huishoudens met meerdere problemen krijgen hulp van veel kanten tegelijk.",
        goal="Samenhangende hulp en minder huisuitzettingen.",
        approach="Wekelijks casusoverleg en een gezamenlijk spreekuur in het wijkcentrum.",
        steps=(
            (
                "de corporatie deelneemt aan het wijkteam",
                "worden woonproblemen eerder in de hulp meegenomen",
                "informatie sneller gedeeld wordt",
            ),
        ),
        ingredients=(("Vaste deelname", "Dezelfde woonconsulent bij elk overleg."),),
        activities=(("Casusoverleg", "Bespreken van huishoudens.", "Wijkteam", "Wekelijks"),),
        partners=(("Gemeente", "trekker", "Organiseert het wijkteam."),),
        effects=(("WI.03", "huisuitzettingen"), ("ZW.01", "tijdige signalering")),
        groups=("Kwetsbare huishoudens en zorgmijders",),
        cost=(40_000, 100_000),
        results="Het aantal ontruimingen daalde van negen naar drie per jaar.",
        lessons="Spreek af wie de regie heeft; anders wacht iedereen op elkaar.",
    ),
    Practice(
        type="Vroeg Eropaf / huurachterstand",
        title="Vroeg Eropaf bij huurachterstand in {wijk}",
        summary=(
            "Bij een huurachterstand van één maand belt een schuldhulpmaatje in {wijk} direct "
            "aan, nog voordat de incasso begint."
        ),
        keywords="Vroeg Eropaf, huurachterstand, schulden, vroegsignalering",
        occasion="Huurachterstanden liepen op tot ver boven de drie maanden.",
        problem="Huishoudens met schulden melden zich pas als ontruiming dreigt.",
        goal="Minder huurachterstand en geen huisuitzettingen om schulden.",
        approach="Binnen vijf werkdagen na de eerste gemiste huur volgt een huisbezoek.",
        steps=(
            (
                "er direct na een gemiste betaling iemand aanbelt",
                "wordt de achterstand opgelost voordat hij groeit",
                "schulden dan nog klein en overzichtelijk zijn",
            ),
        ),
        ingredients=(("Snelheid", "Aanbellen binnen een week."),),
        activities=(("Huisbezoek", "Gesprek over geldzaken.", "Schuldhulpmaatje", "Per signaal"),),
        partners=(("Gemeente, schuldhulpverlening", "uitvoerder", "Neemt trajecten over."),),
        effects=(("WI.02", "huurachterstand in euro's"), ("WI.03", "ontruimingen")),
        groups=("Huishoudens met huurachterstand of schulden",),
        cost=(50_000, 150_000),
        results="De gemiddelde achterstand daalde van 1.450 naar 620 euro.",
        lessons="Een vriendelijke brief werkt slechter dan een bezoek.",
    ),
    Practice(
        type="Schuldhulpverlening",
        title="Schuldhulp aan de keukentafel in {wijk}",
        summary=(
            "Geldcoaches en vrijwilligers helpen bewoners van {wijk} hun administratie op orde "
            "te brengen en schulden te regelen."
        ),
        keywords="schuldhulp, geldcoach, administratie, budgetbeheer",
        occasion="Een groot deel van de huurders heeft problematische schulden.",
        problem="Schaamte en een onoverzichtelijke administratie houden mensen uit de hulp.",
        goal="Schulden onder controle en een stabiel huishoudboekje.",
        approach=(
            "Een vaste geldcoach, papierwinkelspreekuren "
            "en doorverwijzing naar het schuldhulptraject."
        ),
        steps=(
            (
                "bewoners laagdrempelig hulp krijgen bij hun administratie",
                "komen schulden eerder in beeld",
                "de schaamte om hulp te vragen kleiner is bij een vrijwilliger",
            ),
        ),
        ingredients=(("Laagdrempelig", "Spreekuur in de buurt, zonder afspraak."),),
        activities=(
            ("Papierwinkel", "Hulp bij post en formulieren.", "Vrijwilligers", "Wekelijks"),
        ),
        partners=(("Kredietbank", "uitvoerder", "Schuldregeling."),),
        effects=(("WI.04", "aantal huishoudens met schuldregeling"),),
        groups=("Huishoudens met huurachterstand of schulden",),
        cost=(60_000, 140_000),
        results="Bijna 200 huishoudens geholpen, 70 in een schuldregeling.",
        lessons="Vrijwilligers hebben steun nodig van een professional op de achtergrond.",
    ),
    Practice(
        type="Werk via de wijk (leerwerkplekken)",
        title="Leerwerkplekken in de buurtwinkel van {wijk}",
        summary=(
            "Jongeren zonder startkwalificatie uit {wijk} werken en leren in een buurtwinkel en "
            "een fietsenmakerij, met een erkende mbo-opleiding."
        ),
        keywords="leerwerkplek, jongeren, startkwalificatie, mbo",
        occasion="Hoge jeugdwerkloosheid en voortijdig schoolverlaten.",
        problem="Jongeren zonder diploma komen moeilijk aan werk en raken uit beeld.",
        goal="Jongeren met een diploma en een baan.",
        approach="Praktijkleren op de werkvloer, één dag per week school, een vaste mentor.",
        steps=(
            (
                "jongeren leren in de praktijk",
                "halen meer jongeren een diploma",
                "leren door doen beter past bij deze groep",
            ),
        ),
        ingredients=(("Mentor", "Een vaste begeleider op de werkvloer."),),
        activities=(
            ("Praktijkdag", "Werken in de winkel.", "Werkmeester", "Vier dagen per week"),
        ),
        partners=(("ROC", "uitvoerder", "Verzorgt de opleiding."),),
        effects=(("WI.01", "uitstroom naar werk"), ("LO.01", "voortijdig schoolverlaten")),
        groups=("Jongeren 12–23",),
        cost=(120_000, 300_000),
        results="Van de 22 deelnemers haalden er 15 hun diploma.",
        lessons="Maak vooraf afspraken met werkgevers over doorstroom.",
    ),
    Practice(
        type="Bewonersinitiatieven / wijkbudget",
        title="Wijkbudget voor bewonersinitiatieven in {wijk}",
        summary=(
            "Bewoners van {wijk} beslissen zelf over de besteding van een wijkbudget voor "
            "initiatieven als buurtfeesten, speelplekken en een repaircafé."
        ),
        keywords="wijkbudget, bewonersinitiatief, participatie, buurtfeest",
        occasion="Bewoners hadden ideeën maar geen geld en geen weg in de organisaties.",
        problem="Initiatieven van bewoners stranden op bureaucratie.",
        goal="Meer bewonersinitiatieven en meer betrokkenheid bij de buurt.",
        approach="Een bewonerscommissie beoordeelt aanvragen met een eenvoudig formulier.",
        steps=(
            (
                "bewoners zelf over geld beslissen",
                "ontstaan meer initiatieven",
                "zij eigenaar worden van hun buurt",
            ),
        ),
        ingredients=(("Eenvoud", "Een aanvraag past op één A4."),),
        activities=(
            ("Initiatievenavond", "Aanvragen pitchen.", "Bewonerscommissie", "Twee keer per jaar"),
        ),
        partners=(("Gemeente", "financier", "Stelt het wijkbudget beschikbaar."),),
        effects=(("SC.02", "aantal initiatieven"), ("SC.03", "betrokkenheid")),
        groups=("Actieve bewoners en vrijwilligers",),
        cost=(20_000, 100_000),
        results="Achtendertig initiatieven gesteund, van buurtbarbecue tot speeltuin.",
        lessons="Geef ook kleine bedragen snel uit: dat bouwt vertrouwen op.",
    ),
    Practice(
        type="Bewonersbedrijf",
        title="Bewonersbedrijf in de oude school van {wijk}",
        summary=(
            "Bewoners van {wijk} exploiteren een voormalige school als bewonersbedrijf met "
            "werkplaatsen, een buurtrestaurant en verhuur van ruimtes."
        ),
        keywords="bewonersbedrijf, zelfbeheer, buurtrestaurant, vastgoed",
        occasion="De school stond leeg na een fusie en dreigde verkocht te worden.",
        problem="Voorzieningen verdwijnen uit de buurt en bewoners hebben weinig zeggenschap.",
        goal="Een zelfstandig bewonersbedrijf dat voorzieningen en werk in de buurt houdt.",
        approach="Een coöperatie van bewoners huurt het pand en verhuurt ruimtes door.",
        steps=(
            (
                "bewoners zelf een pand exploiteren",
                "blijven voorzieningen in de buurt",
                "de opbrengsten terugvloeien naar de buurt",
            ),
        ),
        ingredients=(("Ondernemerschap", "Een zakelijk plan naast het sociale doel."),),
        activities=(
            ("Buurtrestaurant", "Betaalbare maaltijden.", "Vrijwilligers", "Drie keer per week"),
        ),
        partners=(("Gemeente", "financier", "Startsubsidie en garantstelling."),),
        effects=(("SC.02", "aantal vrijwilligers"), ("WI.01", "betaalde banen")),
        groups=("Actieve bewoners en vrijwilligers", "(Startende) ondernemers"),
        cost=(80_000, 250_000),
        results="Het bewonersbedrijf draait na drie jaar kostendekkend.",
        lessons="Zorg voor professionele ondersteuning bij de financiële administratie.",
    ),
    Practice(
        type="Taaltrajecten",
        title="Taalcafé en taalmaatjes in {wijk}",
        summary=(
            "In het taalcafé van {wijk} oefenen bewoners Nederlands met vrijwillige "
            "taalmaatjes, gekoppeld aan alledaagse situaties als de huisarts en de huurbrief."
        ),
        keywords="taal, taalmaatje, laaggeletterdheid, statushouders",
        occasion="Veel bewoners begrijpen brieven van de corporatie en de gemeente niet.",
        problem="Laaggeletterdheid maakt bewoners afhankelijk en vergroot schulden en isolement.",
        goal="Betere taalvaardigheid en meer zelfredzaamheid.",
        approach="Wekelijks taalcafé plus een taalmaatje voor individuele oefening.",
        steps=(
            (
                "bewoners oefenen in alledaagse situaties",
                "verbetert hun taalvaardigheid",
                "zij direct toepassen wat ze leren",
            ),
        ),
        ingredients=(("Praktijkgericht", "Oefenen met echte brieven en gesprekken."),),
        activities=(("Taalcafé", "Samen Nederlands oefenen.", "Vrijwilligers", "Wekelijks"),),
        partners=(("Bibliotheek", "locatie", "Biedt ruimte en materiaal."),),
        effects=(("LO.02", "taalniveau"), ("SC.04", "eenzaamheid")),
        groups=("Statushouders", "Alle bewoners"),
        cost=(25_000, 70_000),
        results="Zestig deelnemers gingen gemiddeld een taalniveau vooruit.",
        lessons="Koppel maatjes en deelnemers op gedeelde interesse, niet alleen op tijd.",
    ),
]

# Varied texts of the optional fields, chosen by position so every run is the same.
CAUSES = [
    "Eenzijdige woningvoorraad, weinig voorzieningen en een hoge doorstroom van bewoners.",
    "Bezuinigingen op welzijn en een terugtrekkende overheid in de wijk.",
    "Armoede, taalachterstand en weinig contact tussen groepen bewoners.",
    "Verouderde woningen en achterstallig onderhoud van de openbare ruimte.",
]
SOURCES = [
    "Leefbaarometer, CBS-kerncijfers wijken en buurten, eigen bewonersenquête.",
    "Politiecijfers, meldingen bij de corporatie en de wijkmonitor van de gemeente.",
    "Huurachterstandsregistratie, CBS en interviews met bewoners.",
]
NULL_ALTERNATIVES = [
    (
        "Zonder deze aanpak verwachten we dat de "
        "leefbaarheid verder daalt en meer bewoners vertrekken."
    ),
    "Zonder interventie blijven problemen onzichtbaar tot ze escaleren.",
    "Zonder deze inzet nemen de beheerkosten en het aantal meldingen toe.",
]
PRECONDITIONS = [
    "Meerjarige financiering en een vaste bezetting.",
    "Commitment van alle partners op bestuurlijk niveau.",
    "Een plek in de buurt en draagvlak bij bewoners.",
]
RISKS = [
    "Wisseling van medewerkers breekt het opgebouwde vertrouwen.",
    "Verplaatsing van problemen naar naastgelegen buurten.",
    "Te hoge verwachtingen bij bewoners.",
]
DOS = ["Betrek bewoners vanaf het begin.", "Meet vooraf een nulsituatie.", "Vier successen."]
DONTS = ["Beloof niets wat je niet waar kunt maken.", "Werk niet langs de wijkagent heen."]

PHASES = [
    choices.Phase.RUNNING,
    choices.Phase.FINISHED,
    choices.Phase.PLAN,
    choices.Phase.RUNNING,
    choices.Phase.FINISHED,
    choices.Phase.STOPPED,
]
EVALUATIONS = [
    (choices.EvaluationForm.SELF, 1),
    (choices.EvaluationForm.RESIDENTS_SURVEY, 2),
    (choices.EvaluationForm.PRE_POST, 3),
    (choices.EvaluationForm.PROCESS, 2),
    (choices.EvaluationForm.QUASI_EXPERIMENTAL, 4),
    (choices.EvaluationForm.SROI, 3),
    (choices.EvaluationForm.NONE, 0),
]
FUNDING = [value for value, _label in choices.FundingSource.choices]
PARTICIPATION = [value for value, _label in choices.ParticipationLevel.choices]
FIRST_DATE = datetime.date(2018, 1, 8)


@dataclass(frozen=True)
class Plan:
    """Where and how one demo description is placed: whose, where, and how far it got."""

    number: int
    practice: Practice
    organisation: str
    municipality: str
    cbs_code: str
    neighbourhood: str

    @property
    def title(self) -> str:
        return self.practice.title.format(wijk=self.neighbourhood)

    @property
    def status(self) -> str:
        if self.number % 9 == 4:
            return choices.Status.CONCEPT
        if self.number % 13 == 7:
            return choices.Status.ARCHIVED
        return choices.Status.PUBLISHED

    @property
    def visibility(self) -> str:
        shared = self.number % 2 == 0
        return choices.Visibility.PARTNERS if shared else choices.Visibility.ORGANISATION


def plans() -> list[Plan]:
    """The demo descriptions: every practice at least twice, spread over all partners."""
    result = []
    for number in range(DESCRIPTION_COUNT):
        organisation = cast.ORGANISATIONS[number % len(cast.ORGANISATIONS)]
        municipality, code, neighbourhoods = PLACES[organisation.slug]
        neighbourhood = neighbourhoods[(number // len(cast.ORGANISATIONS)) % len(neighbourhoods)]
        practice = PRACTICES[number % len(PRACTICES)]
        result.append(Plan(number, practice, organisation.slug, municipality, code, neighbourhood))
    return result


def _fill(text: str, plan: Plan) -> str:
    return text.format(wijk=plan.neighbourhood)


def _money(plan: Plan) -> Decimal:
    low, high = plan.practice.cost
    step = (plan.number * 7) % 11
    amount = low + (high - low) * step // 10
    return Decimal(round(amount, -3))


def _first_version(plan: Plan) -> dict:
    """The fields of the first save: a sketch of the idea."""
    practice = plan.practice
    start = FIRST_DATE + datetime.timedelta(days=30 * plan.number)
    return {
        "title": plan.title,
        "summary": _fill(practice.summary, plan),
        "keywords": practice.keywords,
        "phase": choices.Phase.IDEA,
        "start_date": start,
        "municipality": plan.municipality,
        "neighbourhood": plan.neighbourhood,
        "cbs_codes": plan.cbs_code,
        "scale": choices.Scale.NEIGHBOURHOOD if plan.number % 3 else choices.Scale.COMPLEX,
        "occasion": _fill(practice.occasion, plan),
        "problem_analysis": _fill(practice.problem, plan),
        "main_goal": _fill(practice.goal, plan),
    }


def _second_version(plan: Plan) -> dict:
    """The fields a colleague adds later: approach, resources, evaluation."""
    practice = plan.practice
    number = plan.number
    evaluation, evidence = EVALUATIONS[number % len(EVALUATIONS)]
    phase = PHASES[number % len(PHASES)]
    budget = _money(plan)
    fields = {
        "phase": phase,
        "approach": _fill(practice.approach, plan),
        "causes": CAUSES[number % len(CAUSES)],
        "sources": SOURCES[number % len(SOURCES)],
        "null_alternative": NULL_ALTERNATIVES[number % len(NULL_ALTERNATIVES)],
        "preconditions": PRECONDITIONS[number % len(PRECONDITIONS)],
        "risks": RISKS[number % len(RISKS)],
        "dos": DOS[number % len(DOS)],
        "donts": DONTS[number % len(DONTS)],
        "total_budget": budget,
        "own_contribution": (budget * Decimal("0.6")).quantize(Decimal("1")),
        "fte": Decimal(1 + number % 3),
        "funding_source": FUNDING[number % len(FUNDING)],
        "participation_level": PARTICIPATION[number % len(PARTICIPATION)],
        "duration_kind": choices.DurationKind.STRUCTURAL,
        "evaluation_form": evaluation,
        "evidence_level": evidence,
        "target_group_note": _fill("Vooral huishoudens in {wijk} met een laag inkomen.", plan),
    }
    if phase in (choices.Phase.FINISHED, choices.Phase.STOPPED):
        start = FIRST_DATE + datetime.timedelta(days=30 * number)
        fields["end_date"] = start + datetime.timedelta(days=730)
        fields["results"] = _fill(practice.results, plan)
        fields["lessons"] = _fill(practice.lessons, plan)
        fields["would_repeat"] = (
            choices.WouldRepeat.YES if number % 4 else choices.WouldRepeat.PARTLY
        )
    return fields


def _add_parts(intervention: Intervention, plan: Plan, vocabulary: dict) -> None:
    """The repeating parts and the vocabulary links of a description."""
    practice = plan.practice
    kind = vocabulary["types"][practice.type]
    intervention.intervention_types.add(kind)
    intervention.themes.add(kind.theme)
    intervention.target_groups.add(*(vocabulary["groups"][name] for name in practice.groups))
    for position, (if_text, then_text, because) in enumerate(practice.steps, start=1):
        TheoryStep.objects.create(
            intervention=intervention,
            position=position,
            if_text=if_text,
            then_text=then_text,
            because_text=because,
            support=choices.Support.OWN_EXPERIENCE if position == 1 else choices.Support.THEORY,
            confidence=choices.Confidence.PLAUSIBLE,
        )
    for index, (name, explanation) in enumerate(practice.ingredients):
        ActiveIngredient.objects.create(
            intervention=intervention, name=name, explanation=explanation, is_essential=index == 0
        )
    for name, description, by_whom, frequency in practice.activities:
        Activity.objects.create(
            intervention=intervention,
            name=name,
            description=description,
            performed_by=by_whom,
            frequency=frequency,
        )
    for name, role, contribution in practice.partners:
        Partner.objects.create(
            intervention=intervention, name=name, role=role, contribution=contribution
        )
    for code, indicator in practice.effects:
        IntendedEffect.objects.create(
            intervention=intervention, effect=vocabulary["effects"][code], indicator=indicator
        )


def _save_version(intervention: Intervention, *, fields: dict, by: User, comment: str) -> None:
    """One save as the edit form does it: a new version by one author."""
    for name, value in fields.items():
        setattr(intervention, name, value)
    if intervention.pk:
        intervention.revision += 1
    with reversion.create_revision(atomic=False):
        intervention.save()
        intervention.authors.add(by)
        reversion.set_user(by)
        reversion.set_comment(comment)


def _vocabulary() -> dict:
    return {
        "types": {item.name: item for item in InterventionType.objects.select_related("theme")},
        "groups": {item.name: item for item in TargetGroup.objects.all()},
        "effects": {item.code: item for item in Effect.objects.all()},
    }


def _people(organisation: Organisation) -> list[User]:
    slug = organisation.slug
    item = next(item for item in cast.ORGANISATIONS if item.slug == slug)
    emails = [email for _name, email, _role in cast.members_of(item)]
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [people[email] for email in emails if email in people]


def _create(plan: Plan, organisation: Organisation, vocabulary: dict) -> Intervention:
    people = _people(organisation)
    first, second = people[plan.number % len(people)], people[(plan.number + 1) % len(people)]
    intervention = Intervention(
        organisation=organisation, created_by=first, visibility=plan.visibility
    )
    _save_version(intervention, fields=_first_version(plan), by=first, comment="Aangemaakt")
    with reversion.create_revision(atomic=False):
        _add_parts(intervention, plan, vocabulary)
        reversion.add_to_revision(intervention)
        reversion.set_user(first)
        reversion.set_comment("Werking en effecten toegevoegd")
    intervention.revision += 1
    if plan.status == choices.Status.CONCEPT and plan.number % 2:
        # Some drafts are still a sketch: approach, resources and evaluation are missing.
        services.refresh_derived_fields(intervention)
        return intervention
    _save_version(intervention, fields=_second_version(plan), by=second, comment="Aangevuld")
    if plan.status != choices.Status.CONCEPT:
        services.publish_intervention(intervention=intervention, by=second)
    if plan.status == choices.Status.ARCHIVED:
        services.archive_intervention(intervention=intervention, by=first)
    services.refresh_derived_fields(intervention)
    return intervention


def _backdate(intervention: Intervention, plan: Plan) -> None:
    """Spread the demo over the past years, so lists and histories read naturally."""
    start = datetime.datetime.combine(
        FIRST_DATE + datetime.timedelta(days=30 * plan.number),
        datetime.time(10, tzinfo=datetime.UTC),
    )
    versions = Version.objects.get_for_object(intervention)
    revision_ids = sorted(versions.values_list("revision_id", flat=True))
    for step, revision_id in enumerate(revision_ids):
        moment = start + datetime.timedelta(days=9 * step, hours=step)
        Revision.objects.filter(pk=revision_id).update(date_created=moment)
    last = start + datetime.timedelta(days=9 * len(revision_ids))
    published = last if intervention.published_at else None
    Intervention.objects.filter(pk=intervention.pk).update(
        created_at=start, updated_at=last, published_at=published
    )


@transaction.atomic
def seed_descriptions() -> int:
    """Create the demo descriptions that do not exist yet; return how many were created."""
    organisations = {item.slug: item for item in Organisation.objects.all()}
    existing = set(Intervention.objects.values_list("title", "organisation__slug"))
    vocabulary = _vocabulary()
    created = 0
    for plan in plans():
        organisation = organisations.get(plan.organisation)
        if organisation is None or (plan.title, plan.organisation) in existing:
            continue
        intervention = _create(plan, organisation, vocabulary)
        _backdate(intervention, plan)
        created += 1
    return created

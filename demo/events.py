"""Demo theme sessions: for the four intervention types that have an archetype
(demo/archetypes.py), a past session with its outcome and an upcoming one, with the demo
people registered.

The past sessions are the ones the archetypes' ingredients name as their source. Their
candidate ingredients include those ingredients (linked to them) and one more that the
programme staff promote into the archetype through `services.promote_ingredient`; the linked
ones then carry the same note, so the archetype page names each session once. Upcoming sessions
lie a few weeks after the day of seeding; one of them is full, with a waiting list.

Deterministic and safe to repeat: a session is known by its slug, and one that exists is left
alone. Registrations are written directly, without e-mail.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from dateutil.easter import easter
from django.db import transaction
from django.utils import timezone

from archetypes.models import ActiveIngredient, Archetype
from demo import accounts as cast
from events import services
from events.models import Registration, SessionIngredient, ThemeSession
from interventions.models import InterventionType
from wwidw import permissions
from wwidw.models import Organisation, User

Consensus = SessionIngredient.Consensus
Kind = ThemeSession.Kind
Status = Registration.Status
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Candidate:
    """A candidate ingredient; `in_archetype` names the archetype ingredient it already is,
    `promote` asks to add it to the archetype."""

    name: str
    description: str
    consensus: str = Consensus.BROAD
    supporting_cases: str = ""
    in_archetype: str = ""
    promote: bool = False


@dataclass(frozen=True)
class DemoSession:
    slug: str
    title: str
    kind: str
    type: str
    archetype: str
    description: str
    programme: str
    capacity: int
    registrations: int
    # Past sessions have a fixed start; upcoming ones start this many days
    # after the day of seeding, at half past one.
    starts_at: datetime.datetime | None = None
    days_ahead: int = 0
    hours: float = 3.5
    venue: str = ""
    address: str = ""
    online_url: str = ""
    places_per_organisation: int | None = None
    # Where in the list of demo people the participants start (the list wraps around).
    offset: int = 0
    cancelled: tuple[int, ...] = ()
    no_shows: tuple[int, ...] = ()
    outcome_summary: str = ""
    candidates: tuple[Candidate, ...] = ()


SESSIONS = [
    DemoSession(
        slug="verkoop-en-leefbaarheid-2025",
        title="Themabijeenkomst Verkoop en leefbaarheid",
        kind=Kind.THEME_SESSION,
        type="Verkoop huurwoningen",
        archetype="verkoop-huurwoningen",
        description=(
            "Corporaties die huurwoningen verkopen om buurten te mengen, leggen hun aanpak "
            "naast elkaar: wat maakt dat verkoop de leefbaarheid helpt, en wanneer niet?"
        ),
        programme=(
            "13.30 Ontvangst\n14.00 Drie praktijken in tien minuten\n14.45 In groepen: wat "
            "werkt, voor wie en waarom\n16.00 Plenair: de werkzame bestanddelen\n17.00 Afsluiting"
        ),
        starts_at=datetime.datetime(2025, 3, 13, 13, 30, tzinfo=AMSTERDAM),
        venue="Vergadercentrum Domstad",
        address="Catharijnesingel 50, Utrecht",
        capacity=25,
        registrations=16,
        cancelled=(5,),
        no_shows=(11,),
        outcome_summary=(
            "Verkoop helpt alleen als die geconcentreerd in één buurt gebeurt en buurtbewoners "
            "voorrang krijgen. De deelnemers waren het oneens over korting voor zittende "
            "huurders en wezen verkoop aan beleggers af."
        ),
        candidates=(
            Candidate(
                "Schaal in één buurt",
                "Verkoop geconcentreerd, tot een wezenlijk deel van de huurwoningen van de buurt.",
                supporting_cases="Rotterdam Tarwewijk, Utrecht Ondiep",
                in_archetype="Schaal in één buurt",
            ),
            Candidate(
                "Voorrang voor buurtbewoners",
                "Zittende huurders en starters uit de buurt kopen eerst.",
                supporting_cases="Amsterdam Van der Pek, Arnhem Presikhaaf",
                in_archetype="Voorrang voor buurtbewoners",
            ),
            Candidate(
                "Betrokken blijven in de VvE",
                "De corporatie blijft na de verkoop lid van de VvE van het gemengde complex en "
                "zorgt dat onderhoud en huisregels voor kopers en huurders gelijk zijn.",
                supporting_cases="Den Haag Transvaal, Eindhoven Woensel-West",
                promote=True,
            ),
            Candidate(
                "Korting voor zittende huurders",
                "Een korting op de verkoopprijs voor huurders die hun eigen woning kopen.",
                consensus=Consensus.DIVIDED,
            ),
            Candidate(
                "Verkoop aan beleggers",
                "Verkoop van hele portieken aan één belegger om sneller te mengen.",
                consensus=Consensus.REJECTED,
            ),
        ),
    ),
    DemoSession(
        slug="herstructurering-2024",
        title="Themabijeenkomst Herstructurering",
        kind=Kind.THEME_SESSION,
        type="Sloop en nieuwbouw (herstructurering)",
        archetype="sloop-en-nieuwbouw-in-aandachtswijken",
        description=(
            "Sloop en nieuwbouw in aandachtswijken: wat vraagt het van de corporatie om de "
            "zittende huurders mee te nemen, en wat gebeurt er met de buurten waar zij heen "
            "verhuizen?"
        ),
        programme=(
            "13.30 Ontvangst\n14.00 Rondgang door de wijk\n15.00 In groepen: het sociaal plan "
            "en de terugkeer\n16.15 Plenair: de werkzame bestanddelen\n17.00 Afsluiting"
        ),
        starts_at=datetime.datetime(2024, 11, 14, 13, 30, tzinfo=AMSTERDAM),
        venue="Wijkcentrum Het Klooster",
        address="Mijnsherenlaan 20, Rotterdam",
        capacity=30,
        registrations=18,
        offset=4,
        cancelled=(3,),
        no_shows=(9, 14),
        outcome_summary=(
            "Het sociaal plan en de mogelijkheid om terug te keren bepalen of bewoners de "
            "herstructurering als kans zien. Bewoners laten meekiezen in het ontwerp hoort er "
            "volgens de deelnemers bij; over tijdelijk beheer van lege woningen verschilden zij "
            "van mening."
        ),
        candidates=(
            Candidate(
                "Sociaal plan",
                "Heldere afspraken over vergoeding, voorrang en begeleiding, vóór het besluit.",
                supporting_cases="Rotterdam Tarwewijk, Heerlen Meezenbroek",
                in_archetype="Sociaal plan",
            ),
            Candidate(
                "Terugkeer voor wie wil blijven",
                "Een nieuwe woning in de wijk voor huurders die willen terugkeren.",
                supporting_cases="Amsterdam Nieuw-West, Dordrecht Wielwijk",
                in_archetype="Terugkeer voor wie wil blijven",
            ),
            Candidate(
                "Bewoners kiezen mee in het ontwerp",
                "Terugkerende bewoners kiezen uit woningtypen en denken mee over de openbare "
                "ruimte, zodat de nieuwe buurt ook de hunne is.",
                supporting_cases="Dordrecht Wielwijk, Schiedam Nieuwland",
                promote=True,
            ),
            Candidate(
                "Tijdelijk beheer van lege woningen",
                "Leegstaande woningen tot de sloop verhuren aan tijdelijke bewoners.",
                consensus=Consensus.DIVIDED,
            ),
        ),
    ),
    DemoSession(
        slug="beheer-in-het-complex-2025",
        title="Themabijeenkomst Beheer in het complex",
        kind=Kind.THEME_SESSION,
        type="Huismeester / complexbeheerder",
        archetype="huismeester-complexbeheerder",
        description=(
            "Huismeesters en complexbeheerders vertellen wat zij elke dag doen en wat het "
            "verschil maakt voor de bewoners van hun complex."
        ),
        programme=(
            "13.30 Ontvangst\n14.00 Een dag met de huismeester\n14.45 In groepen: wat werkt "
            "en waarom\n16.00 Plenair: de werkzame bestanddelen\n17.00 Afsluiting"
        ),
        starts_at=datetime.datetime(2025, 1, 23, 13, 30, tzinfo=AMSTERDAM),
        venue="Buurthuis De Klarendalse Kraal",
        address="Klarendalseweg 100, Arnhem",
        capacity=20,
        registrations=15,
        offset=8,
        no_shows=(6,),
        outcome_summary=(
            "Een vast gezicht met mandaat maakt de huismeester tot aanspreekpunt. Een "
            "spreekuur in het complex helpt bewoners die niet zelf aankloppen; handhaven met "
            "boetes wezen de deelnemers af."
        ),
        candidates=(
            Candidate(
                "Vast gezicht",
                "Dezelfde persoon, elke werkdag, zodat bewoners hem of haar kennen.",
                supporting_cases="Rotterdam Hillesluis, Groningen Selwerd",
                in_archetype="Vast gezicht",
            ),
            Candidate(
                "Mandaat en korte lijnen",
                "Kleine reparaties direct laten doen en zorgen binnen een dag doorzetten.",
                supporting_cases="Arnhem Klarendal, Enschede Velve-Lindenhof",
                in_archetype="Mandaat en korte lijnen",
            ),
            Candidate(
                "Spreekuur in het complex",
                "Een vast wekelijks uur in een ruimte in het complex, waar bewoners zonder "
                "afspraak binnenlopen met vragen en zorgen.",
                supporting_cases="Groningen Selwerd, Deventer Keizerslanden",
                promote=True,
            ),
            Candidate(
                "Boetes voor overlast",
                "De huismeester deelt boetes uit voor afval en overlast.",
                consensus=Consensus.REJECTED,
            ),
        ),
    ),
    DemoSession(
        slug="geldzorgen-en-wonen-2025",
        title="Themabijeenkomst Geldzorgen en wonen",
        kind=Kind.THEME_SESSION,
        type="Vroeg Eropaf / huurachterstand",
        archetype="vroeg-eropaf-huurachterstand",
        description=(
            "Corporaties, gemeenten en schuldhulp over vroeg erop af bij huurachterstand: "
            "wat voorkomt een ontruiming?"
        ),
        programme=(
            "13.30 Ontvangst\n14.00 De ontruimingszeef in de praktijk\n14.45 In groepen: "
            "van melding tot oplossing\n16.00 Plenair: de werkzame bestanddelen\n17.00 Afsluiting"
        ),
        starts_at=datetime.datetime(2025, 5, 22, 13, 30, tzinfo=AMSTERDAM),
        venue="Stadhuis Schiedam",
        address="Stadserf 1, Schiedam",
        capacity=25,
        registrations=14,
        offset=12,
        cancelled=(8,),
        outcome_summary=(
            "Langsgaan in plaats van schrijven en de incasso op pauze zetten maken het verschil. "
            "Eén contactpersoon voor huurder en corporatie hoort erbij; over een budgetcursus "
            "als voorwaarde waren de deelnemers verdeeld."
        ),
        candidates=(
            Candidate(
                "Huisbezoek",
                "Een hulpverlener gaat langs in plaats van een brief te sturen.",
                supporting_cases="Amsterdam Vroeg Eropaf, Zaanstad Poelenburg",
                in_archetype="Huisbezoek",
            ),
            Candidate(
                "Incasso op pauze",
                "De incasso wacht zolang er aan een oplossing wordt gewerkt.",
                supporting_cases="Schiedam Nieuwland, Nijmegen Dukenburg",
                in_archetype="Incasso op pauze",
            ),
            Candidate(
                "Eén contactpersoon",
                "De huurder en de corporatie hebben één vaste contactpersoon bij de "
                "schuldhulp, die afspraken over de huur bewaakt.",
                supporting_cases="Nijmegen Dukenburg, Leeuwarden Heechterp",
                promote=True,
            ),
            Candidate(
                "Budgetcursus als voorwaarde",
                "Een betalingsregeling alleen als de huurder een budgetcursus volgt.",
                consensus=Consensus.DIVIDED,
            ),
        ),
    ),
    DemoSession(
        slug="wat-werkt-in-de-huismeesterij",
        title="Wat werkt in de huismeesterij",
        kind=Kind.THEME_SESSION,
        type="Huismeester / complexbeheerder",
        archetype="huismeester-complexbeheerder",
        description=(
            "Een vervolg op de themabijeenkomst Beheer in het complex: we toetsen de werkzame "
            "bestanddelen aan nieuwe praktijken. Kleine groep, daarom twee plaatsen per "
            "organisatie."
        ),
        programme="13.30 Ontvangst\n14.00 Praktijken\n15.30 De bestanddelen getoetst\n17.00 Einde",
        days_ahead=21,
        venue="Buurthuis De Klarendalse Kraal",
        address="Klarendalseweg 100, Arnhem",
        capacity=6,
        places_per_organisation=2,
        registrations=8,
        offset=20,
    ),
    DemoSession(
        slug="intervisie-verkoop-huurwoningen",
        title="Intervisie verkoop van huurwoningen",
        kind=Kind.PEER_REVIEW,
        type="Verkoop huurwoningen",
        archetype="verkoop-huurwoningen",
        description=(
            "Intervisie voor wie een verkoopprogramma leidt: je brengt een vraag uit je eigen "
            "praktijk in en collega's denken mee."
        ),
        programme="13.30 Vragen inbrengen\n14.00 Twee rondes intervisie\n16.30 Einde",
        days_ahead=35,
        hours=3,
        venue="Vergadercentrum Domstad",
        address="Catharijnesingel 50, Utrecht",
        capacity=12,
        places_per_organisation=2,
        registrations=5,
        offset=30,
    ),
    DemoSession(
        slug="excursie-herstructurering-rotterdam-zuid",
        title="Excursie herstructurering Rotterdam-Zuid",
        kind=Kind.EXCURSION,
        type="Sloop en nieuwbouw (herstructurering)",
        archetype="sloop-en-nieuwbouw-in-aandachtswijken",
        description=(
            "Een wandeling door de Tarwewijk en Hillesluis langs gesloopte, vernieuwde en "
            "nog wachtende blokken, met bewoners en de projectleiders van de corporatie."
        ),
        programme="13.30 Verzamelen bij het wijkcentrum\n14.00 Wandeling\n16.00 Nagesprek",
        days_ahead=49,
        hours=3,
        venue="Wijkcentrum Het Klooster",
        address="Mijnsherenlaan 20, Rotterdam",
        capacity=20,
        registrations=9,
        offset=36,
        cancelled=(2,),
    ),
    DemoSession(
        slug="training-monitormodule-vroeg-eropaf",
        title="Training de monitormodule: vroeg erop af",
        kind=Kind.TRAINING,
        type="Vroeg Eropaf / huurachterstand",
        archetype="vroeg-eropaf-huurachterstand",
        description=(
            "Online training in de monitormodule: kosten, resultaten en maatschappelijke "
            "opbrengst van vroeg erop af bijhouden, met een voorbeeld uit de praktijk."
        ),
        programme="13.30 De module in vogelvlucht\n14.15 Zelf een plan invullen\n15.15 Vragen",
        days_ahead=14,
        hours=2,
        online_url="https://meet.wwidw.example/training-monitormodule",
        capacity=30,
        registrations=12,
        offset=44,
    ),
]


def _people() -> list[tuple[User, Organisation]]:
    """The demo people with their organisation: the managers of all organisations first, then
    the first colleagues, then the second, so a run of them holds one person per organisation."""
    organisations = Organisation.objects.in_bulk(
        [item.slug for item in cast.ORGANISATIONS], field_name="slug"
    )
    emails = {
        email.lower(): item.slug
        for item in cast.ORGANISATIONS
        for _name, email, _role in cast.members_of(item)
    }
    users = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
    rounds = [cast.members_of(item) for item in cast.ORGANISATIONS]
    people = []
    for index in range(3):
        for members in rounds:
            email = members[index][1].lower()
            if email in users and emails[email] in organisations:
                people.append((users[email], organisations[emails[email]]))
    return people


THURSDAY = 3


def _is_holiday(day: datetime.date) -> bool:
    """Dutch public holidays, and the weeks of Christmas and New Year, when nobody would plan
    a theme session."""
    if (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 4):
        return True
    easter_day = easter(day.year)
    moving = {easter_day + datetime.timedelta(days=days) for days in (-2, 1, 39, 50)}
    return day in moving or (day.month, day.day) in {(4, 27), (5, 5)}


def session_day(days_ahead: int, *, today: datetime.date) -> datetime.date:
    """The Thursday about `days_ahead` days on, counting only Thursdays that are no holiday:
    sessions of the programme take place on Thursday afternoons, each on its own."""
    weeks = max(1, round(days_ahead / 7))
    day = today + datetime.timedelta(days=(THURSDAY - today.weekday()) % 7 or 7)
    while True:
        if not _is_holiday(day):
            weeks -= 1
            if weeks == 0:
                return day
        day += datetime.timedelta(days=7)


def _times(item: DemoSession) -> dict[str, datetime.datetime]:
    if item.starts_at is not None:
        starts_at = item.starts_at
        opens_at = starts_at - datetime.timedelta(days=42)
    else:
        day = session_day(item.days_ahead, today=timezone.localdate())
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13, 30)))
        opens_at = timezone.now().replace(microsecond=0) - datetime.timedelta(days=10)
    return {
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=item.hours),
        "registration_opens_at": opens_at,
        "registration_closes_at": starts_at - datetime.timedelta(days=2),
    }


def _status(item: DemoSession, index: int, confirmed: int, is_past: bool) -> str:
    if index in item.cancelled:
        return Status.CANCELLED
    if confirmed >= item.capacity:
        return Status.WAITING
    if is_past and index not in item.no_shows:
        return Status.ATTENDED
    return Status.CONFIRMED


def _register(session: ThemeSession, item: DemoSession, people: list) -> None:
    count = min(item.registrations, len(people))
    chosen = [people[(item.offset + index) % len(people)] for index in range(count)]
    is_past = item.starts_at is not None
    confirmed = 0
    for index, (user, organisation) in enumerate(chosen):
        status = _status(item, index, confirmed, is_past)
        confirmed += status in services.PLACE_HOLDING
        registered_at = session.registration_opens_at + datetime.timedelta(hours=5 * index + 2)
        registration = Registration.objects.create(
            session=session, user=user, organisation=organisation, status=status
        )
        cancelled_at = None
        if status == Status.CANCELLED:
            cancelled_at = registered_at + datetime.timedelta(days=3)
        Registration.objects.filter(pk=registration.pk).update(
            created_at=registered_at, updated_at=registered_at, cancelled_at=cancelled_at
        )


def _add_outcome(session: ThemeSession, item: DemoSession, staff: User | None) -> None:
    ingredients = {}
    if session.archetype is not None:
        ingredients = {
            ingredient.name: ingredient
            for ingredient in ActiveIngredient.objects.filter(archetype=session.archetype)
        }
    linked, notes = [], []
    for candidate in item.candidates:
        ingredient = SessionIngredient.objects.create(
            session=session,
            name=candidate.name,
            description=candidate.description,
            consensus=candidate.consensus,
            supporting_cases=candidate.supporting_cases,
            archetype_ingredient=ingredients.get(candidate.in_archetype),
        )
        if ingredient.archetype_ingredient is not None:
            linked.append(ingredient.archetype_ingredient)
        elif candidate.promote and session.archetype is not None and staff is not None:
            notes.append(services.promote_ingredient(ingredient=ingredient, by=staff).session_note)
    if not notes:
        return
    # The ingredients defined at the session before it was in the site name it the same way.
    for ingredient in linked:
        ingredient.session_note = notes[0]
        ingredient.save(update_fields=["session_note"])


def _create(item: DemoSession, types: dict, archetypes: dict, people: list, staff) -> None:
    session = ThemeSession.objects.create(
        slug=item.slug,
        title=item.title,
        kind=item.kind,
        intervention_type=types.get(item.type),
        archetype=archetypes.get(item.archetype),
        description=item.description,
        programme=item.programme,
        venue=item.venue,
        address=item.address,
        online_url=item.online_url,
        capacity=item.capacity,
        places_per_organisation=item.places_per_organisation,
        outcome_summary=item.outcome_summary,
        **_times(item),
    )
    _register(session, item, people)
    _add_outcome(session, item, staff)


@transaction.atomic
def seed_sessions() -> int:
    """Create the demo sessions that do not exist yet; return how many were created."""
    existing = set(ThemeSession.objects.values_list("slug", flat=True))
    types = {item.name: item for item in InterventionType.objects.all()}
    archetypes = {item.slug: item for item in Archetype.objects.all()}
    staff = User.objects.filter(email__iexact=cast.PROGRAMME_STAFF_EMAIL).first()
    if staff is not None and not permissions.is_programme_staff(staff):
        staff = None
    people = _people()
    created = 0
    for item in SESSIONS:
        if item.slug in existing:
            continue
        _create(item, types, archetypes, people, staff)
        created += 1
    return created

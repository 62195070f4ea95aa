"""The demo cast: fictional partner organisations in real places, and their people."""

from dataclasses import dataclass

from wwidw.models import Membership, Organisation

DEMO_PASSWORD = "wijkaanpak-demo-2026"
PROGRAMME_STAFF_EMAIL = "programmabureau@wwidw.example"
ADMIN_EMAIL = "beheer@wwidw.example"


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str
    city: str
    manager: str
    staff: tuple[str, ...]


HOUSING = Organisation.Kind.HOUSING_CORPORATION

ORGANISATIONS = [
    DemoOrganisation(
        "maasoever",
        "Woonstichting De Maasoever",
        HOUSING,
        "Rotterdam",
        "Annemieke de Vries",
        ("Youssef El Amrani", "Priscilla Martina"),
    ),
    DemoOrganisation(
        "amstelkring",
        "Woningstichting Amstelkring",
        HOUSING,
        "Amsterdam",
        "Jeroen Bakker",
        ("Fatma Yildiz", "Sven Hoekstra"),
    ),
    DemoOrganisation(
        "hofstad-woonkracht",
        "Hofstad Woonkracht",
        HOUSING,
        "Den Haag",
        "Marloes van Dijk",
        ("Rachid Bouzian", "Lotte Verbeek"),
    ),
    DemoOrganisation(
        "domstad-woongoed",
        "Domstad Woongoed",
        HOUSING,
        "Utrecht",
        "Bas Jansen",
        ("Naima Ouali", "Thijs van Leeuwen"),
    ),
    DemoOrganisation(
        "rijnpoort-wonen",
        "Rijnpoort Wonen",
        HOUSING,
        "Arnhem",
        "Ingrid Peters",
        ("Mehmet Kaya", "Femke Smits"),
    ),
    DemoOrganisation(
        "dommeldal",
        "Woonvereniging Dommeldal",
        HOUSING,
        "Eindhoven",
        "Ruud van den Berg",
        ("Sanne Claessens", "Kevin Tan"),
    ),
    DemoOrganisation(
        "woonwierde",
        "Stichting Woonwierde",
        HOUSING,
        "Groningen",
        "Hilde Kuipers",
        ("Jelmer Dijkstra", "Amina Hassan"),
    ),
    DemoOrganisation(
        "zaanoever-wonen",
        "Zaanoever Wonen",
        HOUSING,
        "Zaanstad",
        "Erik Schouten",
        ("Derya Aksoy", "Maaike Kok"),
    ),
    DemoOrganisation(
        "waalhuis",
        "Waalhuis Wonen",
        HOUSING,
        "Nijmegen",
        "Carla Hendriks",
        ("Stijn Willems", "Layla Mansour"),
    ),
    DemoOrganisation(
        "friese-poort",
        "Woonstichting Friese Poort",
        HOUSING,
        "Leeuwarden",
        "Sjoerd Visser",
        ("Anouk Postma", "Tjeerd Bosma"),
    ),
    DemoOrganisation(
        "twentse-woonkring",
        "Twentse Woonkring",
        HOUSING,
        "Enschede",
        "Gerrit Nijhuis",
        ("Eline Oude Luttikhuis", "Ahmed Benali"),
    ),
    DemoOrganisation(
        "ijsselhof",
        "IJsselhof Wonen",
        HOUSING,
        "Deventer",
        "Monique Brink",
        ("Daan Wolters", "Samira Idrissi"),
    ),
    DemoOrganisation(
        "merwedestad",
        "Merwedestad Wonen",
        HOUSING,
        "Dordrecht",
        "Patrick de Groot",
        ("Chantal Ruijs", "Orhan Demir"),
    ),
    DemoOrganisation(
        "gemeente-schiedam",
        "Gemeente Schiedam, team Wijken",
        Organisation.Kind.MUNICIPALITY,
        "Schiedam",
        "Wendy Vermeulen",
        ("Ricardo Pinas", "Floor Mulder"),
    ),
    DemoOrganisation(
        "gemeente-heerlen",
        "Gemeente Heerlen, Wijkaanpak Meezenbroek",
        Organisation.Kind.MUNICIPALITY,
        "Heerlen",
        "Jos Houben",
        ("Nicole Dassen", "Bram Lemmens"),
    ),
    DemoOrganisation(
        "buurtkracht-maastricht",
        "Stichting Buurtkracht Maastricht",
        Organisation.Kind.WELFARE,
        "Maastricht",
        "Lieke Janssen",
        ("Yara Haddad", "Tom Custers"),
    ),
    DemoOrganisation(
        "kenniscentrum-wijkaanpak",
        "Kenniscentrum Wijkaanpak",
        Organisation.Kind.KNOWLEDGE_INSTITUTE,
        "Utrecht",
        "Dr. Miriam Koster",
        ("Joost Landman", "Esra Kılıç"),
    ),
]


def email_for(organisation: DemoOrganisation, full_name: str) -> str:
    first = full_name.removeprefix("Dr. ").split(" ")[0].lower()
    return f"{first}@{organisation.slug}.example"


def members_of(organisation: DemoOrganisation) -> list[tuple[str, str, str]]:
    """(full name, e-mail address, role) of the organisation's demo people."""
    people = [(organisation.manager, Membership.Role.MANAGER)]
    people += [(name, Membership.Role.MEMBER) for name in organisation.staff]
    return [(name, email_for(organisation, name), role) for name, role in people]

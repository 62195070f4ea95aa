"""The vocabulary of the WWidW format: themes, intervention types, target groups, effects."""

from django.db import migrations
from django.utils.text import slugify

THEMES = [
    "Wonen",
    "Leefbaarheid",
    "Veiligheid",
    "Participatie en samenhang",
    "Werk en inkomen",
    "Leren en opgroeien",
    "Zorg en welzijn",
]

INTERVENTION_TYPES = {
    "Wonen": [
        "Sloop en nieuwbouw (herstructurering)",
        "Verkoop huurwoningen",
        "Klushuizen",
        "Renovatie en verduurzaming",
        "Woningtoewijzing op basis van inzet voor de buurt",
        "Selectieve woningtoewijzing",
        "Wooncoach / doorstroming senioren",
    ],
    "Leefbaarheid": [
        "Maatschappelijk vastgoed / wijkcentrum",
        "Huismeester / complexbeheerder",
        "Buurtbeheerbedrijf",
        "Sociaal beheer",
        "Wijkschouw",
        "Groen- en tuinprojecten",
    ],
    "Veiligheid": [
        "Buurtveiligheidsteam",
        "Aanpak woonoverlast",
        "Buurtbemiddeling",
        "Aanpak woonfraude",
        "Straatcoaches / buurtwachten",
        "Skaeve Huse",
    ],
    "Zorg en welzijn": ["Achter de voordeur", "Sociaal wijkteam"],
    "Werk en inkomen": [
        "Vroeg Eropaf / huurachterstand",
        "Schuldhulpverlening",
        "Werk via de wijk (leerwerkplekken)",
    ],
    "Participatie en samenhang": ["Bewonersinitiatieven / wijkbudget", "Bewonersbedrijf"],
    "Leren en opgroeien": ["Taaltrajecten"],
}

TARGET_GROUPS = [
    "Alle bewoners",
    "Huurders van een complex",
    "Gezinnen met kinderen",
    "Jongeren 12–23",
    "Ouderen 65+",
    "Kwetsbare huishoudens en zorgmijders",
    "Huishoudens met huurachterstand of schulden",
    "(Startende) ondernemers",
    "Actieve bewoners en vrijwilligers",
    "Nieuwe bewoners / woningzoekenden",
    "Overlastgevers",
    "Statushouders",
    "Eigenaar-bewoners en VvE's",
]

EFFECTS = [
    ("WO.01", "Wonen", "Betere kwaliteit woningen", ""),
    ("WO.02", "Wonen", "Meer gedifferentieerde woningvoorraad", ""),
    ("WO.03", "Wonen", "Hogere woontevredenheid", "rapportcijfer woontevredenheid"),
    ("WO.04", "Wonen", "Minder verhuisgeneigdheid", ""),
    ("WO.05", "Wonen", "Minder mutaties en leegstand", "mutatiegraad"),
    ("WO.06", "Wonen", "Lagere woonlasten", ""),
    ("LB.01", "Leefbaarheid", "Schonere buurt", ""),
    ("LB.02", "Leefbaarheid", "Minder vandalisme", ""),
    ("LB.03", "Leefbaarheid", "Hogere tevredenheid woonomgeving", "Leefbaarometer-score"),
    ("LB.04", "Leefbaarheid", "Beter onderhouden openbare ruimte", ""),
    ("VE.01", "Veiligheid", "Minder woonoverlast", "aantal overlastmeldingen"),
    ("VE.02", "Veiligheid", "Minder criminaliteit", ""),
    ("VE.03", "Veiligheid", "Hogere veiligheidsbeleving", ""),
    ("VE.04", "Veiligheid", "Minder jeugdoverlast", ""),
    ("VE.05", "Veiligheid", "Minder woonfraude", ""),
    ("SC.01", "Samenhang", "Meer contact tussen buren", ""),
    ("SC.02", "Samenhang", "Meer bewonersinitiatieven en vrijwilligers", ""),
    ("SC.03", "Samenhang", "Meer betrokkenheid", ""),
    ("SC.04", "Samenhang", "Minder eenzaamheid", ""),
    ("WI.01", "Werk en inkomen", "Meer mensen aan het werk", ""),
    ("WI.02", "Werk en inkomen", "Minder huurachterstand", "huurachterstand in euro's"),
    ("WI.03", "Werk en inkomen", "Minder huisuitzettingen", "aantal ontruimingen"),
    ("WI.04", "Werk en inkomen", "Schulden onder controle", ""),
    ("LO.01", "Leren", "Minder voortijdig schoolverlaten", ""),
    ("LO.02", "Leren", "Betere taalvaardigheid", ""),
    ("ZW.01", "Zorg", "Tijdige signalering zorgmijders", ""),
    ("ZW.02", "Zorg", "Langer zelfstandig wonen", ""),
    ("ZW.03", "Zorg", "Betere ervaren gezondheid", ""),
    ("IM.01", "Imago", "Beter imago buurt", ""),
    ("IM.02", "Imago", "Binding middeninkomens", ""),
    ("BE.01", "Bedrijfsvoering corporatie", "Minder huurderving", ""),
    ("BE.02", "Bedrijfsvoering corporatie", "Lagere beheerkosten", ""),
    ("BE.03", "Bedrijfsvoering corporatie", "Minder juridische kosten", ""),
    ("BE.04", "Bedrijfsvoering corporatie", "Hogere klanttevredenheid", ""),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("interventions", "Theme")
    InterventionType = apps.get_model("interventions", "InterventionType")
    TargetGroup = apps.get_model("interventions", "TargetGroup")
    Effect = apps.get_model("interventions", "Effect")
    for position, name in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )
    for theme_name, type_names in INTERVENTION_TYPES.items():
        theme = Theme.objects.get(name=theme_name)
        for name in type_names:
            InterventionType.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "theme": theme}
            )
    for position, name in enumerate(TARGET_GROUPS):
        TargetGroup.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )
    for code, domain, name, indicator in EFFECTS:
        Effect.objects.get_or_create(
            code=code, defaults={"domain": domain, "name": name, "example_indicator": indicator}
        )


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

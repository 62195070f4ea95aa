"""The starter library of standard indicators: one or two per effect of the effect list
(DOMAIN.md §5), so that partners measure an effect the same way from the first day.

Programme staff curate the library in the admin afterwards. A row with the same effect and
name that already exists (added by hand) is left as it is; going back removes only the rows of
this list that no effect indicator uses.
"""

from django.db import migrations

# (effect code, name, scale, unit, direction, method, source, how to measure)
INDICATORS = [
    (
        "WO.01",
        "Woningen met energielabel A of beter (%)",
        "procent",
        "%",
        "hoger",
        "registratie",
        "Vastgoedregistratie corporatie (EP-online)",
        "Aandeel van de woningen in het complex of de buurt met een geregistreerd energielabel "
        "A, A+ of hoger.",
    ),
    (
        "WO.01",
        "Conditiescore woningen (NEN 2767)",
        "score",
        "conditie 1–6",
        "lager",
        "schouw",
        "Conditiemeting onderhoud (NEN 2767)",
        "Gemiddelde conditie van de bouwdelen bij de onderhoudsinspectie: 1 is uitstekend, "
        "6 is zeer slecht.",
    ),
    (
        "WO.02",
        "Aandeel koopwoningen in de buurt (%)",
        "procent",
        "%",
        "hoger",
        "cbs",
        "CBS Kerncijfers wijken en buurten",
        "Koopwoningen als percentage van alle woningen in de buurt, per 1 januari.",
    ),
    (
        "WO.03",
        "Woontevredenheid (rapportcijfer)",
        "rapportcijfer",
        "cijfer 1–10",
        "hoger",
        "enquete",
        "Bewonersenquête (vraag uit het WoON)",
        "Vraag: welk rapportcijfer geeft u uw woning? Gemiddelde van de antwoorden.",
    ),
    (
        "WO.04",
        "% bewoners dat binnen twee jaar wil verhuizen",
        "procent",
        "%",
        "lager",
        "enquete",
        "Bewonersenquête (vraag uit het WoON)",
        "Vraag: wilt u binnen twee jaar verhuizen? Aandeel 'ja, zeker' en 'ja, misschien'.",
    ),
    (
        "WO.05",
        "Mutatiegraad (%)",
        "procent",
        "% per jaar",
        "lager",
        "registratie",
        "Verhuurregistratie corporatie",
        "Beëindigde huurcontracten in een jaar als percentage van de verhuureenheden.",
    ),
    (
        "WO.05",
        "Leegstand (% van de woningen)",
        "procent",
        "%",
        "lager",
        "registratie",
        "Verhuurregistratie corporatie",
        "Woningen die op de peildatum langer dan een maand leegstaan, als percentage van het "
        "bezit in de buurt.",
    ),
    (
        "WO.06",
        "Energielasten per huishouden (€ per maand)",
        "score",
        "€ per maand",
        "lager",
        "registratie",
        "Voorschotten energieleverancier, gegevens van de corporatie",
        "Gemiddeld maandbedrag voor gas en elektriciteit per huishouden.",
    ),
    (
        "LB.01",
        "Schouwscore schoon",
        "procent",
        "% schouwpunten B of beter",
        "hoger",
        "schouw",
        "Wijkschouw met de CROW-beeldkwaliteit",
        "Aandeel van de schouwpunten (portieken, entrees, straat) dat op zwerfvuil en "
        "vervuiling beeldkwaliteit B of beter haalt.",
    ),
    (
        "LB.02",
        "Herstelbeurten na vandalisme per jaar",
        "aantal",
        "herstelbeurten per jaar",
        "lager",
        "registratie",
        "Reparatieverzoeken corporatie",
        "Reparaties met vernieling of bekladding als oorzaak, in het complex of de buurt, per "
        "kalenderjaar.",
    ),
    (
        "LB.03",
        "Leefbaarometer-score",
        "score",
        "score",
        "hoger",
        "leefbaarometer",
        "Leefbaarometer 3.0 (ministerie van BZK)",
        "De totaalscore van de buurt in de Leefbaarometer, die elke twee jaar verschijnt.",
    ),
    (
        "LB.03",
        "Tevredenheid over de buurt (rapportcijfer)",
        "rapportcijfer",
        "cijfer 1–10",
        "hoger",
        "enquete",
        "Bewonersenquête",
        "Vraag: welk rapportcijfer geeft u uw buurt als woonomgeving? Gemiddelde van de "
        "antwoorden.",
    ),
    (
        "LB.04",
        "Schouwscore heel",
        "procent",
        "% schouwpunten B of beter",
        "hoger",
        "schouw",
        "Wijkschouw met de CROW-beeldkwaliteit",
        "Aandeel van de schouwpunten (bestrating, groen, speelplekken, verlichting) dat op "
        "onderhoud beeldkwaliteit B of beter haalt.",
    ),
    (
        "VE.01",
        "Meldingen van woonoverlast per jaar",
        "aantal",
        "meldingen per jaar",
        "lager",
        "registratie",
        "Overlastregistratie corporatie en politie",
        "Unieke meldingen van burenoverlast, geluid en vervuiling per kalenderjaar; één "
        "melding per adres en voorval.",
    ),
    (
        "VE.02",
        "Geregistreerde misdrijven per 1.000 inwoners",
        "score",
        "per 1.000 inwoners",
        "lager",
        "politiecijfers",
        "Politie, geregistreerde criminaliteit per buurt (data.politie.nl)",
        "Alle geregistreerde misdrijven in de buurt in een kalenderjaar, per 1.000 inwoners.",
    ),
    (
        "VE.03",
        "% bewoners dat zich veilig voelt in de buurt",
        "procent",
        "%",
        "hoger",
        "enquete",
        "Veiligheidsmonitor of bewonersenquête",
        "Vraag: voelt u zich wel eens onveilig in uw eigen buurt? Aandeel 'nooit' en "
        "'zelden'.",
    ),
    (
        "VE.04",
        "Meldingen van jeugdoverlast per jaar",
        "aantal",
        "meldingen per jaar",
        "lager",
        "politiecijfers",
        "Politie, incidentregistratie jeugdoverlast",
        "Incidenten met de code jeugdoverlast in de buurt, per kalenderjaar.",
    ),
    (
        "VE.05",
        "Vastgestelde woonfraude per 1.000 woningen",
        "score",
        "per 1.000 woningen",
        "lager",
        "registratie",
        "Registratie woonfraude corporatie",
        "Vastgestelde onderhuur, leegstand en adresfraude per jaar, per 1.000 woningen. Let "
        "op: wie beter zoekt, vindt eerst meer.",
    ),
    (
        "SC.01",
        "% bewoners met regelmatig contact met buren",
        "procent",
        "%",
        "hoger",
        "enquete",
        "Bewonersenquête",
        "Vraag: hoe vaak heeft u contact met uw buren? Aandeel 'minstens eens per week'.",
    ),
    (
        "SC.02",
        "Actieve vrijwilligers in de buurt",
        "aantal",
        "vrijwilligers",
        "hoger",
        "registratie",
        "Registratie bewonersinitiatieven en buurthuis",
        "Bewoners die in het afgelopen jaar minstens vier keer als vrijwilliger in de buurt "
        "actief waren.",
    ),
    (
        "SC.03",
        "% bewoners dat zich verantwoordelijk voelt voor de buurt",
        "procent",
        "%",
        "hoger",
        "enquete",
        "Bewonersenquête",
        "Stelling: ik voel me mede verantwoordelijk voor de leefbaarheid in de buurt. Aandeel "
        "(helemaal) eens.",
    ),
    (
        "SC.04",
        "% eenzame bewoners",
        "procent",
        "%",
        "lager",
        "enquete",
        "GGD Gezondheidsmonitor (eenzaamheidsschaal van De Jong Gierveld)",
        "Aandeel bewoners van 18 jaar en ouder dat (ernstig) eenzaam is volgens de schaal van "
        "De Jong Gierveld.",
    ),
    (
        "WI.01",
        "Nettoarbeidsparticipatie (%)",
        "procent",
        "%",
        "hoger",
        "cbs",
        "CBS Kerncijfers wijken en buurten",
        "Werkzame bewoners van 15 tot 75 jaar als percentage van alle bewoners van die leeftijd.",
    ),
    (
        "WI.02",
        "% huishoudens met huurachterstand",
        "procent",
        "%",
        "lager",
        "registratie",
        "Huuradministratie corporatie",
        "Huishoudens met een achterstand van minstens één maand huur op de peildatum, als "
        "percentage van alle huurders.",
    ),
    (
        "WI.03",
        "Ontruimingen wegens huurachterstand per jaar",
        "aantal",
        "ontruimingen per jaar",
        "lager",
        "registratie",
        "Huuradministratie corporatie",
        "Uitgevoerde ontruimingen met huurachterstand als grond, per kalenderjaar.",
    ),
    (
        "WI.04",
        "% huishoudens met problematische schulden",
        "procent",
        "%",
        "lager",
        "cbs",
        "CBS Monitor problematische schulden",
        "Huishoudens met geregistreerde problematische schulden als percentage van alle "
        "huishoudens in de buurt.",
    ),
    (
        "LO.01",
        "Voortijdig schoolverlaters (%)",
        "procent",
        "% van de leerlingen",
        "lager",
        "registratie",
        "DUO, voortijdig schoolverlaten per gemeente en wijk",
        "Jongeren van 12 tot 23 jaar die zonder startkwalificatie van school gingen, als "
        "percentage van de ingeschreven leerlingen.",
    ),
    (
        "LO.02",
        "% deelnemers op taalniveau A2 of hoger",
        "procent",
        "%",
        "hoger",
        "anders",
        "Taaltoets van de taalaanbieder",
        "Deelnemers die de taaltoets op niveau A2 of hoger halen, als percentage van alle "
        "deelnemers.",
    ),
    (
        "ZW.01",
        "Zorgmijders in beeld bij het wijkteam",
        "aantal",
        "huishoudens per jaar",
        "hoger",
        "registratie",
        "Registratie sociaal wijkteam",
        "Huishoudens die na een signaal van buiten (huismeester, corporatie, buren) "
        "begeleiding van het wijkteam kregen, per jaar.",
    ),
    (
        "ZW.02",
        "% 75-plussers dat zelfstandig woont",
        "procent",
        "%",
        "hoger",
        "cbs",
        "CBS, bevolking naar leeftijd en woonvorm",
        "Bewoners van 75 jaar en ouder die niet in een instelling wonen, als percentage van "
        "alle 75-plussers in de buurt.",
    ),
    (
        "ZW.03",
        "% bewoners met een goede ervaren gezondheid",
        "procent",
        "%",
        "hoger",
        "enquete",
        "GGD Gezondheidsmonitor",
        "Vraag: hoe is over het algemeen uw gezondheid? Aandeel 'goed' en 'zeer goed'.",
    ),
    (
        "IM.01",
        "Imago van de buurt (rapportcijfer)",
        "rapportcijfer",
        "cijfer 1–10",
        "hoger",
        "enquete",
        "Bewonersenquête of stadspeiling",
        "Vraag: welk rapportcijfer geeft u de naam van de buurt, zoals anderen erover denken?",
    ),
    (
        "IM.02",
        "Aandeel huishoudens met een middeninkomen (%)",
        "procent",
        "%",
        "hoger",
        "cbs",
        "CBS Kerncijfers wijken en buurten",
        "Huishoudens met een inkomen tussen het 40e en 80e percentiel van Nederland, als "
        "percentage van alle huishoudens in de buurt.",
    ),
    (
        "BE.01",
        "Huurderving (% van de jaarhuur)",
        "procent",
        "%",
        "lager",
        "registratie",
        "Huuradministratie corporatie",
        "Gemiste huur door leegstand en oninbare huur, als percentage van de te ontvangen "
        "jaarhuur.",
    ),
    (
        "BE.02",
        "Beheerkosten per woning (€ per jaar)",
        "score",
        "€ per woning per jaar",
        "lager",
        "registratie",
        "Financiële administratie (definitie Aedes-benchmark)",
        "Personele en overige beheerkosten van het complex gedeeld door het aantal woningen.",
    ),
    (
        "BE.03",
        "Juridische procedures per jaar",
        "aantal",
        "procedures per jaar",
        "lager",
        "registratie",
        "Registratie juridische zaken corporatie",
        "Gestarte gerechtelijke procedures tegen huurders (huurachterstand, overlast), per "
        "kalenderjaar.",
    ),
    (
        "BE.04",
        "Klanttevredenheid (rapportcijfer)",
        "rapportcijfer",
        "cijfer 1–10",
        "hoger",
        "enquete",
        "Klanttevredenheidsonderzoek (Aedes-benchmark)",
        "Gemiddeld rapportcijfer van huurders voor de dienstverlening van de corporatie.",
    ),
]


def add_library(apps, schema_editor):
    Effect = apps.get_model("interventions", "Effect")
    StandardIndicator = apps.get_model("monitoring", "StandardIndicator")
    effects = {effect.code: effect for effect in Effect.objects.all()}
    for code, name, scale, unit, direction, method, source, explanation in INDICATORS:
        if code not in effects:
            continue
        StandardIndicator.objects.get_or_create(
            effect=effects[code],
            name=name,
            defaults={
                "scale": scale,
                "unit": unit,
                "direction": direction,
                "method": method,
                "source": source,
                "explanation": explanation,
            },
        )


def remove_unused(apps, schema_editor):
    StandardIndicator = apps.get_model("monitoring", "StandardIndicator")
    for code, name, *_rest in INDICATORS:
        StandardIndicator.objects.filter(
            effect__code=code, name=name, uses__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0002_seed_vocabulary"),
        ("monitoring", "0010_monitoring_reminders"),
    ]

    operations = [migrations.RunPython(add_library, remove_unused)]

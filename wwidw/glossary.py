"""The words of the format, one per idea: the form, the page, the PDF and the spreadsheet name an
idea the same way, so a professional who learns "uitdoving" on the form finds "uitdoving" in
the report. `tests/test_glossary.py` holds the Dutch catalogue to it.

Each entry: the Dutch term, and the other words that have been used for the same idea and may
no longer appear in the Dutch interface.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    term: str
    not_to_use: tuple[str, ...]


TERMS = [
    Term("nulmeting", ("basismeting", "beginmeting", "0-meting", "voormeting")),
    Term("deadweight", ("nuleffect", "dood gewicht")),
    Term("attributie", ("toe te schrijven aan anderen",)),
    Term("verdringing", ("verplaatsing",)),
    Term("uitdoving", ("afname per jaar",)),
    Term("belanghebbende", ("actor", "actoren", "stakeholder")),
    Term("themabijeenkomst", ("themasessie", "themasessies")),
    Term("werkzaam bestanddeel", ("werkzaam element", "werkzame elementen", "kandidaat werkzame")),
    # A round whose applications are all decided: "besloten" reads as "private".
    Term("afgerond", ("besloten",)),
    Term("afgelopen", ("voorbij",)),
]

"""The Dutch interface names each idea of the format one way (wwidw/glossary.py): no text of the
catalogue, on a form, a page, a PDF or a spreadsheet, uses a word the glossary has replaced."""

import gettext
import re
from pathlib import Path

import pytest

from wwidw.glossary import TERMS

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/nl/LC_MESSAGES/django.mo"


def _dutch_texts() -> dict[str, str]:
    with CATALOGUE.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog
    texts = {}
    for key, value in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:
            texts[str(msgid)] = value
    return texts


@pytest.mark.parametrize("entry", TERMS, ids=lambda entry: entry.term)
def test_the_catalogue_uses_the_term_of_the_glossary(entry):
    texts = _dutch_texts()
    for variant in entry.not_to_use:
        pattern = re.compile(rf"\b{re.escape(variant)}\b", re.IGNORECASE)
        found = sorted(msgid for msgid, text in texts.items() if pattern.search(text))
        assert not found, f"“{variant}” where the glossary says “{entry.term}”: {found}"


def test_each_term_is_in_use():
    texts = " ".join(_dutch_texts().values()).lower()
    assert [entry.term for entry in TERMS if entry.term not in texts] == []

"""Help texts that link their terms to the "Begrippen" page: `{{ field|help_with_terms }}`.

Every crispy form renders its help texts through templates/bootstrap5/layout/help_text.html,
which uses this filter, so no help text is edited by hand to link a term. The first use of each
glossary term (wwidw/glossary.py) in a help text links to its explanation; a term that the
field's label names but its help text does not gets an "Explanation" link after the text.
Everything else of the text is escaped.
"""

import re
from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language, gettext

from wwidw.glossary import TERMS, Term

register = template.Library()


@lru_cache(maxsize=8)
def _words(language: str) -> tuple[re.Pattern, dict[str, Term]]:
    """One pattern of every linkable word form of the language, longest first, and the term
    of each form."""
    by_word = {}
    for entry in TERMS:
        for word in entry.english if language.startswith("en") else entry.words:
            by_word[word.casefold()] = entry
    alternatives = sorted(by_word, key=len, reverse=True)
    pattern = r"(?<![\w-])(" + "|".join(re.escape(word) for word in alternatives) + r")(?![\w-])"
    return re.compile(pattern, re.IGNORECASE), by_word


def _link(entry: Term, text: str) -> SafeString:
    return format_html(
        '<a href="{}#{}" target="_blank" rel="noopener">{}'
        '<span class="visually-hidden"> {}</span></a>',
        reverse("glossary"),
        entry.anchor,
        text,
        gettext("(opens in a new tab)"),
    )


def link_terms(text: str) -> tuple[SafeString, set[str]]:
    """The text escaped, with the first use of each term linked, and the anchors linked."""
    pattern, by_word = _words(get_language() or "nl")
    parts, linked, position = [], set(), 0
    for match in pattern.finditer(text):
        entry = by_word[match.group(1).casefold()]
        if entry.anchor in linked:
            continue
        parts.append(conditional_escape(text[position : match.start()]))
        parts.append(_link(entry, match.group(1)))
        linked.add(entry.anchor)
        position = match.end()
    parts.append(conditional_escape(text[position:]))
    # Every part is escaped above or built by format_html: joined as they are.
    return format_html_join("", "{}", ((part,) for part in parts)), linked


def terms_in(text: str) -> list[tuple[Term, str]]:
    """The terms that `text` (a label) names, each with the words it uses, in order."""
    pattern, by_word = _words(get_language() or "nl")
    found = {}
    for match in pattern.finditer(text):
        entry = by_word[match.group(1).casefold()]
        found.setdefault(entry.anchor, (entry, match.group(1)))
    return list(found.values())


@register.filter
def help_with_terms(field) -> SafeString:
    """The field's help text with its terms linked, and links for the terms of its label."""
    help_text = field.help_text or ""
    if isinstance(help_text, SafeData):
        # Written as HTML on purpose: shown as it is, as crispy does.
        text, linked = help_text, set()
    else:
        text, linked = link_terms(str(help_text))
    more = [
        _link(entry, word if word.isupper() else word.lower())
        for entry, word in terms_in(str(field.label or ""))
        if entry.anchor not in linked
    ]
    if not more:
        return text
    explanation = format_html("{}: ", gettext("Explanation"))
    links = format_html_join(", ", "{}", ((link,) for link in more))
    return format_html("{}{}{}{}", text, " " if text else "", explanation, links)

"""Small display helpers for archetypes: references cited APA-like."""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from archetypes.models import Reference

register = template.Library()

# Between two authors of "Permentier, M., Kullberg, J., & Van Noije, L.": after the initials.
AUTHOR_SEPARATOR = re.compile(r"(?<=\.),\s*(?:&\s*)?|\s+&\s+")
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def _sentence(text: str) -> str:
    """The text ending in a full stop, unless it already ends in punctuation."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else f"{text}."


def doi_url(doi: str) -> str:
    return f"https://doi.org/{DOI_PREFIX.sub('', doi.strip())}" if doi.strip() else ""


def surnames(authors: str) -> list[str]:
    """The authors' surnames: "Wittebrood, K., & Van Dijk, T." → Wittebrood, Van Dijk. An
    organisation as author stays whole."""
    parts = [part.strip() for part in AUTHOR_SEPARATOR.split(authors.strip()) if part.strip()]
    return [part.split(",")[0].strip() for part in parts]


def _year(reference: Reference) -> str:
    # APA's "n.d." (no date) for a publication without a year.
    return str(reference.year) if reference.year else gettext("n.d.")


@register.filter
def apa(reference: Reference) -> SafeString:
    """The reference in the APA style: Authors (Year). *Title*. Publisher. DOI or URL."""
    title = reference.title.strip()
    html = format_html(
        "{} ({}). <cite>{}</cite>{}",
        _sentence(reference.authors),
        _year(reference),
        title,
        "" if title[-1:] in ".?!" else ".",
    )
    # A publisher that is the author too is named once (APA).
    if reference.publisher and _sentence(reference.publisher) != _sentence(reference.authors):
        html = format_html("{} {}", html, _sentence(reference.publisher))
    link = doi_url(reference.doi) or reference.url
    if link:
        html = format_html('{} <a href="{}" rel="noopener noreferrer">{}</a>', html, link, link)
    return html


@register.filter
def apa_cite(reference: Reference) -> str:
    """The citation in the text: (Wittebrood & Van Dijk, 2007), (Permentier et al., 2013)."""
    names = surnames(reference.authors) or [reference.authors]
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {_year(reference)}"


@register.filter
def any_shown(checklists: list) -> bool:
    """Whether the description form shows any archetype's checklist as the page loads."""
    return any(checklist.is_shown for checklist in checklists)

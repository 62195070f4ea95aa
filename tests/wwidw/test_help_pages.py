"""Help: the "Begrippen" page explains every term of the glossary under its own anchor, the help
texts of the forms link their terms there (escaped), and "Zo werkt het" shows each role the
way to the real pages."""

import re

import pytest
from django.forms import CharField, Form
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from tests.factories import MonitoringPlanFactory
from wwidw.glossary import TERMS
from wwidw.templatetags.glossary import help_with_terms

GLOSSARY_LINK = re.compile(r'href="/begrippen/#([\w-]+)"')
ANCHORS = {entry.anchor for entry in TERMS}


def test_every_term_has_its_own_anchor_and_a_dutch_name_that_is_the_term():
    assert len(ANCHORS) == len(TERMS)
    with translation.override("nl"):
        for entry in TERMS:
            assert str(entry.name).lower().startswith(entry.term), entry.term
            assert entry.explanation, f"“{entry.term}” has no explanation"
            assert re.fullmatch(r"[a-z-]+", entry.anchor)


@pytest.mark.django_db
def test_the_glossary_page_explains_every_term_to_any_reader(client):
    response = client.get(reverse("glossary"))

    assert response.status_code == 200
    html = response.content.decode()
    for entry in TERMS:
        assert f'<section class="glossary-term" id="{entry.anchor}"' in html
        assert f'href="#{entry.anchor}"' in html
    assert "Begrippen" in html
    # The formula of DOMAIN.md §6 with the terms of the form, and the evidence scale.
    assert "(1 − deadweight) × (1 − verdringing) × (1 − attributie) × (1 − uitdoving)" in html
    assert "5 Sterke aanwijzingen" in html


@pytest.mark.django_db
def test_how_it_works_leads_each_role_to_real_pages(client, member_a):
    assert client.get(reverse("how_it_works")).status_code == 200  # open to any reader
    client.force_login(member_a)
    response = client.get(reverse("how_it_works"))

    assert response.status_code == 200
    html = response.content.decode()
    for role in ("medewerker", "manager", "programmabureau"):
        assert f'id="{role}"' in html
    links = re.findall(r'<li><a href="(/[^"#]*)">', html)
    assert len(links) == 9
    for link in links:
        resolve(link)  # a real page, not a 404


@pytest.mark.django_db
def test_home_page_and_footer_link_the_help(client):
    html = client.get(reverse("home")).content.decode()

    assert html.count('href="/zo-werkt-het/"') == 2
    assert html.count('href="/begrippen/"') == 2


def _linked_anchors(html: str) -> set[str]:
    return set(GLOSSARY_LINK.findall(html))


@pytest.mark.django_db
def test_help_texts_of_the_description_form_link_to_existing_anchors(client, member_a):
    client.force_login(member_a)
    html = client.get(reverse("interventions:create")).content.decode()

    linked = _linked_anchors(html)
    assert linked <= ANCHORS
    # Named in a label only: "Nulalternatief", "Bewijskracht".
    assert {"nulalternatief", "bewijskracht"} <= linked


@pytest.mark.django_db
def test_help_texts_of_the_monitoring_forms_link_to_existing_anchors(client, member_a, shared_a):
    MonitoringPlanFactory(intervention=shared_a)
    client.force_login(member_a)

    outcomes = client.get(reverse("monitoring:outcomes", kwargs={"pk": shared_a.pk}))
    effects = client.get(reverse("monitoring:effects", kwargs={"pk": shared_a.pk}))

    linked = _linked_anchors(outcomes.content.decode())
    assert {"deadweight", "verdringing", "attributie", "uitdoving", "proxy"} <= linked
    assert {"belanghebbende"} <= linked
    linked_effects = _linked_anchors(effects.content.decode())
    assert {"nulmeting", "vergelijkingsgebied", "beoogd-effect"} <= linked_effects
    assert linked | linked_effects <= ANCHORS


class TermsForm(Form):
    deadweight = CharField(
        label="Deadweight (%)",
        help_text='<script>alert("x")</script> Zonder de interventie & ook bij de nulmeting.',
    )
    proxy = CharField(
        label="Waarde",
        help_text="De financiële proxy, en nog eens een proxy en een nulmeting.",
    )
    html = CharField(label="Attributie", help_text=mark_safe("<em>Als HTML</em> geschreven."))
    plain = CharField(label="Naam", help_text="")


def test_help_texts_are_escaped_and_link_each_term_once():
    form = TermsForm()
    with translation.override("nl"):
        escaped = help_with_terms(form["deadweight"])
        proxy = help_with_terms(form["proxy"])
        html = help_with_terms(form["html"])
        plain = help_with_terms(form["plain"])

    assert "<script>" not in escaped
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in escaped
    assert "&amp; ook" in escaped
    assert 'href="/begrippen/#nulmeting" target="_blank" rel="noopener">nulmeting' in escaped
    # The label's term, absent from the help text, gets its link after it.
    assert escaped.endswith(
        'Uitleg: <a href="/begrippen/#deadweight" target="_blank" rel="noopener">deadweight'
        '<span class="visually-hidden"> (opent in een nieuw tabblad)</span></a>'
    )
    # The longest form wins, and a term is linked once.
    assert proxy.count('href="/begrippen/#proxy"') == 1
    assert ">financiële proxy<span" in proxy
    assert proxy.count('href="/begrippen/#nulmeting"') == 1
    # HTML written on purpose stays as it is.
    assert html.startswith("<em>Als HTML</em> geschreven.")
    assert 'href="/begrippen/#attributie"' in html
    assert plain == ""


def test_the_english_interface_links_the_english_words():
    form = TermsForm()
    form.fields["plain"].help_text = "Future returns are discounted by the discount rate."
    with translation.override("en"):
        linked = help_with_terms(form["plain"])

    assert 'href="/begrippen/#disconteringsvoet"' in linked
    assert ">discount rate<span" in linked

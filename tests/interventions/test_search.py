"""Searching the knowledge base: Dutch full text, ranking, snippets, typos, hostile input."""

from html import unescape

import pytest
from django.urls import reverse

from tests.interventions.test_list import draft, publish, titles

LIST_URL = reverse("interventions:list")


@pytest.fixture
def logged_in(client, member_a):
    client.force_login(member_a)
    return client


def test_a_word_finds_its_other_inflections(logged_in, partner_a, member_a):
    found = publish(
        partner_a,
        member_a,
        title="Kamers voor jongeren",
        summary="Leegstaande woningen worden tijdelijk verhuurd aan studenten.",
    )
    publish(
        partner_a,
        member_a,
        title="Schoonmaak",
        summary="Elke week een schone trap.",
        problem_analysis="Vuile portieken.",
    )
    response = logged_in.get(LIST_URL, {"q": "woning"})
    assert titles(response) == [found.title]
    assert "<mark>woningen</mark>" in response.content.decode()


def test_title_match_ranks_above_a_match_in_the_text(logged_in, partner_a, member_a):
    in_text = publish(
        partner_a,
        member_a,
        title="Aanpak van burenruzies",
        approach="Bij ruzie tussen buren zet de corporatie buurtbemiddeling in.",
    )
    in_title = publish(partner_a, member_a, title="Buurtbemiddeling in Hatert")
    response = logged_in.get(LIST_URL, {"q": "buurtbemiddeling"})
    assert titles(response) == [in_title.title, in_text.title]
    assert response.context["filterset"].chosen_sort == "relevantie"
    by_title = logged_in.get(LIST_URL, {"q": "buurtbemiddeling", "sort": "titel"})
    assert titles(by_title) == [in_text.title, in_title.title]


def test_snippet_marks_the_match_and_escapes_the_rest(logged_in, partner_a, member_a):
    publish(
        partner_a,
        member_a,
        title="Veilige portieken",
        summary='Kosten < baten & "meer" veiligheid <img src=x onerror=alert(1)> voor huurders.',
    )
    response = logged_in.get(LIST_URL, {"q": "veiligheid"})
    content = response.content.decode()
    assert "<mark>veiligheid</mark>" in content
    assert "Kosten &lt; baten &amp; &quot;meer&quot;" in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "<img src=x" not in content


def test_a_title_with_html_is_shown_as_text(logged_in, partner_a, member_a):
    publish(partner_a, member_a, title="<b>Vet</b> & buurt")
    content = logged_in.get(LIST_URL, {"q": "vet"}).content.decode()
    assert "&lt;b&gt;Vet&lt;/b&gt; &amp; buurt" in content


def test_a_typo_finds_similar_titles_and_suggests_the_word(logged_in, shared_a):
    response = logged_in.get(LIST_URL, {"q": "huismeestr"})
    assert titles(response) == [shared_a.title]
    content = unescape(response.content.decode())
    assert "Geen enkele beschrijving bevat ‘huismeestr’" in content
    assert "Bedoelde je" in content
    assert response.context["suggestion"] == "huismeester"
    assert "?q=huismeester" in content


def test_a_typo_in_a_long_query_is_not_guessed(logged_in, shared_a):
    response = logged_in.get(LIST_URL, {"q": "huismeestr in de portiekflatss van rotterdam"})
    assert titles(response) == []
    assert "Geen beschrijvingen gevonden." in response.content.decode()


def test_search_never_finds_another_partners_draft_or_internal_description(
    client, member_b, partner_a, member_a, shared_a
):
    draft(partner_a, member_a, title="Huismeester concept geheim")
    publish(partner_a, member_a, visibility="organisatie", title="Huismeester intern geheim")
    client.force_login(member_b)
    for text in ["huismeester", "geheim", "huismeestr", "geheimm"]:
        for status in ["", "concept", "gearchiveerd"]:
            response = client.get(LIST_URL, {"q": text, "status": status})
            content = response.content.decode()
            assert "concept geheim" not in content
            assert "intern geheim" not in content
            assert set(titles(response)) <= {shared_a.title}


def test_own_drafts_are_found_with_the_status_filter(logged_in, concept_a, shared_a):
    response = logged_in.get(LIST_URL, {"q": "huismeester", "status": "concept"})
    assert titles(response) == [concept_a.title]


HOSTILE = [
    '"buurt" -wijk OR',
    "'; DROP TABLE interventions_intervention; --",
    "&|!():*",
    "<script>alert(1)</script>",
    "huis & meester | !wijk",
    "' OR 1=1 --",
    "\\",
    "%_",
    "a" * 199,
    "wijk " * 39,
    "🏠 wöning çafé",
    "de het een",  # only stop words
    "-",
    '"',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_are_answered(logged_in, shared_a, text):
    response = logged_in.get(LIST_URL, {"q": text})
    assert response.status_code == 200
    assert response.context["filterset"].search_text == text.strip()
    exported = logged_in.get(reverse("interventions:export_csv"), {"q": text})
    assert exported.status_code == 200
    b"".join(exported.streaming_content)


def test_a_very_long_query_is_refused_next_to_the_field_and_kept(logged_in, shared_a):
    text = "woning " * 143
    response = logged_in.get(LIST_URL, {"q": text})
    assert response.status_code == 200
    content = unescape(response.content.decode())
    assert "Zorg dat deze waarde niet meer dan 200 tekens bevat (het zijn er nu 1000)." in content
    assert f'value="{text}"' in content


def test_a_null_character_is_refused_next_to_the_field(logged_in, shared_a):
    response = logged_in.get(LIST_URL, {"q": "woning\x00"})
    assert response.status_code == 200
    assert "Null-tekens zijn niet toegestaan." in unescape(response.content.decode())
    assert titles(response) == [shared_a.title]

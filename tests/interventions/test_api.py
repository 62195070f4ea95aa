import json

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from interventions.models import Intervention


def json_url(intervention: Intervention) -> str:
    return reverse("interventions:json", args=[intervention.pk])


def test_json_address_ends_in_json(shared_a):
    assert json_url(shared_a) == f"/kennisbank/{shared_a.pk}.json"


def test_json_needs_a_login(client, shared_a):
    url = json_url(shared_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("name", ["concept_a", "internal_a"])
def test_other_partner_gets_404_for_json(client, member_b, request, name):
    client.force_login(member_b)
    assert client.get(json_url(request.getfixturevalue(name))).status_code == 404


def test_json_holds_the_sections_and_repeating_parts(client, member_b, shared_a):
    shared_a.title = "Huismeester in de Schilderswijk – één vast gezicht"
    shared_a.save()
    client.force_login(member_b)
    response = client.get(json_url(shared_a))
    assert response["Content-Type"] == "application/json"
    assert "één vast gezicht" in response.content.decode()
    data = json.loads(response.content)
    assert data["id"] == shared_a.pk
    assert data["title"] == "Huismeester in de Schilderswijk – één vast gezicht"
    assert data["organisation"] == "Woonstichting De Maasoever"
    assert data["status"] == "gepubliceerd"
    assert data["url"] == f"http://testserver{shared_a.get_absolute_url()}"
    sections = {section["key"]: section for section in data["sections"]}
    assert list(sections) == [
        "basis",
        "probleem",
        "doelen",
        "aanpak",
        "werking",
        "middelen",
        "resultaat",
    ]
    assert sections["basis"]["title"] == "Basisgegevens"
    assert sections["basis"]["fields"]["municipality"] == "Rotterdam"
    assert sections["basis"]["fields"]["start_date"] == "2024-01-01"
    assert sections["basis"]["fields"]["intervention_types"] == ["Huismeester / complexbeheerder"]
    assert sections["middelen"]["fields"]["total_budget"] == "77072.00"
    assert sections["werking"]["theory_steps"] == [
        {
            "position": 1,
            "if_text": "de huismeester dagelijks in de portieken is",
            "then_text": "worden overlast en vervuiling eerder gesignaleerd",
            "because_text": "er een aanspreekpunt en sociale controle is",
            "support": "",
            "confidence": "",
        }
    ]
    assert sections["werking"]["active_ingredients"][0]["name"] == "Vast gezicht"
    assert sections["doelen"]["intended_effects"][0]["code"] == "VE.01"
    assert sections["aanpak"]["activities"][0]["name"] == "Dagelijkse ronde"
    assert sections["aanpak"]["partners"] == []


def test_member_gets_json_of_an_own_draft(client, member_a, concept_a):
    client.force_login(member_a)
    data = client.get(json_url(concept_a)).json()
    assert data["status"] == "concept"
    assert data["sections"][0]["fields"]["summary"] == ""


def test_json_is_read_only(client, member_a, shared_a):
    client.force_login(member_a)
    assert client.post(json_url(shared_a)).status_code == 405

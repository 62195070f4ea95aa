import datetime
import decimal

import pytest
from django import forms
from django.urls import reverse
from reversion.models import Version

from interventions.models import Effect, Intervention, TheoryStep
from tests.factories import (
    InterventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    make_complete,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _post_value(bound):
    value = bound.field.prepare_value(bound.value())
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _add_form(data: dict, form) -> None:
    for bound in form:
        if isinstance(bound.field, forms.FileField):
            continue
        if isinstance(bound.field, forms.BooleanField):
            if bound.value():
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = _post_value(bound)


def form_data(response, **changes) -> dict:
    """What the browser sends back for the form on `response`, with `changes` by input name."""
    data: dict = {}
    _add_form(data, response.context["form"])
    for formset in response.context["formsets"].values():
        _add_form(data, formset.management_form)
        for form in formset:
            _add_form(data, form)
    data.update(changes)
    return data


def edit_url(intervention) -> str:
    return reverse("interventions:update", kwargs={"pk": intervention.pk})


def action_url(name: str, intervention) -> str:
    return reverse(f"interventions:{name}", kwargs={"pk": intervention.pk})


def sections_in_error(response) -> list[str]:
    return [
        section.key for section, _missing, has_errors in response.context["sections"] if has_errors
    ]


def opened_form(client, user, intervention):
    client.force_login(user)
    response = client.get(edit_url(intervention))
    assert response.status_code == 200
    return response


# Boundaries


@pytest.mark.parametrize("name", ["update", "publish", "unpublish", "archive", "unarchive"])
def test_anonymous_is_sent_to_login(client, concept_a, name):
    url = action_url(name, concept_a)
    response = client.post(url) if name != "update" else client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_create_is_sent_to_login(client, db):
    response = client.get(reverse("interventions:create"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_other_partner_gets_404_for_the_edit_page_even_when_shared(client, member_b, shared_a):
    client.force_login(member_b)
    assert client.get(edit_url(shared_a)).status_code == 404
    assert client.post(edit_url(shared_a), {"title": "Overgenomen"}).status_code == 404
    shared_a.refresh_from_db()
    assert shared_a.title != "Overgenomen"


@pytest.mark.parametrize("name", ["publish", "unpublish", "archive", "unarchive"])
def test_other_partner_gets_404_for_status_actions(client, member_b, shared_a, name):
    client.force_login(member_b)
    assert client.post(action_url(name, shared_a)).status_code == 404
    shared_a.refresh_from_db()
    assert shared_a.is_published


@pytest.mark.parametrize("name", ["publish", "unpublish", "archive", "unarchive"])
def test_status_actions_refuse_get(client, member_a, shared_a, name):
    client.force_login(member_a)
    assert client.get(action_url(name, shared_a)).status_code == 405


def test_manager_and_staff_member_of_the_owner_may_edit(client, member_a, manager_a, concept_a):
    for user in (member_a, manager_a):
        response = opened_form(client, user, concept_a)
        assert "Beschrijving bewerken" in response.text


def test_account_without_organisation_gets_403_with_an_explanation(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("interventions:create"))
    assert response.status_code == 403
    assert "hoort nog niet bij een partnerorganisatie" in response.text
    response = client.post(reverse("interventions:create"), {"title": "Toch proberen"})
    assert response.status_code == 403
    assert not Intervention.objects.exists()


# Create and update


def test_create_saves_a_draft_with_only_a_title(client, member_a, partner_a):
    client.force_login(member_a)
    page = client.get(reverse("interventions:create"))
    assert "Nieuwe beschrijving" in page.text
    assert "Opslaan als concept" in page.text
    response = client.post(
        reverse("interventions:create"), form_data(page, title="Huismeester Pendrecht")
    )
    intervention = Intervention.objects.get()
    assert response.status_code == 302
    assert response.url == edit_url(intervention)
    assert intervention.title == "Huismeester Pendrecht"
    assert intervention.organisation == partner_a
    assert intervention.created_by == member_a
    assert intervention.is_concept
    assert list(intervention.authors.all()) == [member_a]
    assert Version.objects.get_for_object(intervention).count() == 1
    followed = client.get(response.url)
    assert "Opgeslagen." in followed.text


def test_member_of_two_organisations_chooses_the_owner(client, member_a, partner_b):
    MembershipFactory(user=member_a, organisation=partner_b)
    other = OrganisationFactory(name="Woonbron Elders")
    client.force_login(member_a)
    page = client.get(reverse("interventions:create"))
    assert "Hofstad Woonkracht" in page.text
    assert "Woonbron Elders" not in page.text

    refused = client.post(
        reverse("interventions:create"),
        form_data(page, title="Buurtbemiddeling", organisation=str(other.pk)),
    )
    assert refused.status_code == 200
    assert "Selecteer een geldige keuze" in refused.text
    assert not Intervention.objects.exists()

    client.post(
        reverse("interventions:create"),
        form_data(page, title="Buurtbemiddeling", organisation=str(partner_b.pk)),
    )
    assert Intervention.objects.get().organisation == partner_b


def test_update_saves_fields_and_repeating_parts(client, member_a, concept_a):
    page = opened_form(client, member_a, concept_a)
    themes = page.context["form"].fields["themes"].queryset
    effect = Effect.objects.get(code="VE.01")
    data = form_data(
        page,
        summary="Een vaste huismeester in de portiekflats.",
        start_date="2025-02-01",
        cbs_codes="gm0599, wk059901",
        total_budget="65520.00",
        themes=[str(themes.get(slug="leefbaarheid").pk)],
        **{
            "theory_steps-0-position": "1",
            "theory_steps-0-if_text": "de huismeester dagelijks rondloopt",
            "theory_steps-0-then_text": "wordt overlast eerder gezien",
            "theory_steps-0-because_text": "er een aanspreekpunt is",
            "intended_effects-0-effect": str(effect.pk),
            "intended_effects-0-level": "einddoel",
            "intended_effects-0-indicator": "aantal meldingen",
            "activities-0-name": "Dagelijkse ronde",
        },
    )
    response = client.post(edit_url(concept_a), data)
    assert response.status_code == 302
    concept_a.refresh_from_db()
    assert concept_a.summary == "Een vaste huismeester in de portiekflats."
    assert concept_a.start_date == datetime.date(2025, 2, 1)
    assert concept_a.cbs_codes == "GM0599, WK059901"
    assert concept_a.total_budget == decimal.Decimal("65520.00")
    assert [theme.slug for theme in concept_a.themes.all()] == ["leefbaarheid"]
    step = concept_a.theory_steps.get()
    assert (step.position, step.if_text) == (1, "de huismeester dagelijks rondloopt")
    assert concept_a.intended_effects.get().effect == effect
    assert concept_a.activities.get().name == "Dagelijkse ronde"
    assert concept_a.revision == 2
    assert concept_a.completeness > 0


def test_theory_steps_come_in_the_order_of_their_numbers(client, member_a, concept_a):
    for position, text in [(2, "tweede"), (1, "eerste")]:
        TheoryStep.objects.create(
            intervention=concept_a, position=position, if_text=text, then_text="dan"
        )
    page = opened_form(client, member_a, concept_a)
    formset = page.context["formsets"]["theory_steps"]
    assert [form.instance.if_text for form in formset.forms[:2]] == ["eerste", "tweede"]
    # The empty row for a new step is numbered after the existing ones.
    assert formset.forms[2].initial["position"] == 3
    data = form_data(page, **{"theory_steps-1-position": "0"})
    client.post(edit_url(concept_a), data)
    ordered = concept_a.theory_steps.order_by("position")
    assert [step.if_text for step in ordered] == ["tweede", "eerste"]


def test_a_row_marked_for_deletion_is_removed(client, member_a, shared_a):
    page = opened_form(client, member_a, shared_a)
    client.post(edit_url(shared_a), form_data(page, **{"active_ingredients-0-DELETE": "on"}))
    assert not shared_a.active_ingredients.exists()


def test_edit_page_shows_completeness_and_missing_per_section(client, member_a, concept_a):
    response = opened_form(client, member_a, concept_a)
    assert "Verplichte onderdelen ingevuld: 18%" in response.text
    assert 'href="#basis"' in response.text
    assert "5 ontbreken" in response.text  # basis: all but title and phase
    assert 'id="werking"' in response.text


# Status changes


def test_publish_a_complete_description(client, member_a, concept_a):
    make_complete(concept_a)
    client.force_login(member_a)
    response = client.post(action_url("publish", concept_a))
    assert response.status_code == 302
    assert response.url == edit_url(concept_a)
    concept_a.refresh_from_db()
    assert concept_a.is_published
    assert "Gepubliceerd" in client.get(response.url).text


def test_publish_goes_back_to_a_safe_next_page_only(client, member_a, concept_a):
    make_complete(concept_a)
    client.force_login(member_a)
    response = client.post(
        action_url("publish", concept_a), {"next": "https://kwaadaardig.example/"}
    )
    assert response.url == edit_url(concept_a)
    client.post(action_url("unpublish", concept_a))
    response = client.post(action_url("publish", concept_a), {"next": "/kennisbank/"})
    assert response.url == "/kennisbank/"


def test_failed_publish_lists_the_missing_items_with_links(client, member_a, concept_a):
    client.force_login(member_a)
    response = client.post(action_url("publish", concept_a))
    assert response.status_code == 200
    assert "Nog niet gepubliceerd" in response.text
    assert 'href="#basis">Basisgegevens: samenvatting</a>' in response.text
    assert 'href="#werking">' in response.text
    concept_a.refresh_from_db()
    assert concept_a.is_concept


def test_unpublish_archive_and_bring_back(client, member_a, shared_a):
    client.force_login(member_a)
    client.post(action_url("unpublish", shared_a))
    shared_a.refresh_from_db()
    assert shared_a.is_concept
    response = client.post(action_url("archive", shared_a), follow=True)
    assert "Gearchiveerd" in response.text
    shared_a.refresh_from_db()
    assert shared_a.is_archived
    client.post(action_url("unarchive", shared_a))
    shared_a.refresh_from_db()
    # It was published before, and is complete: it comes back published.
    assert shared_a.is_published


# Bad input


def test_reversed_dates_keep_everything_typed(client, member_a, concept_a):
    page = opened_form(client, member_a, concept_a)
    data = form_data(
        page,
        summary="Samenvatting die blijft staan",
        start_date="2025-06-01",
        end_date="2025-01-01",
        **{
            "theory_steps-0-position": "1",
            "theory_steps-0-if_text": "als-tekst die blijft staan",
            "theory_steps-0-then_text": "dan-tekst",
        },
    )
    response = client.post(edit_url(concept_a), data)
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "De einddatum ligt vóór de startdatum. Controleer beide datums."
    ]
    assert "Samenvatting die blijft staan" in response.text
    assert "als-tekst die blijft staan" in response.text
    assert 'value="2025-01-01"' in response.text
    assert sections_in_error(response) == ["basis"]
    assert "controleren" in response.text
    concept_a.refresh_from_db()
    assert concept_a.summary == ""
    assert not concept_a.theory_steps.exists()


def test_empty_title_is_refused_with_a_message(client, member_a, concept_a):
    page = opened_form(client, member_a, concept_a)
    response = client.post(edit_url(concept_a), form_data(page, title=""))
    assert response.status_code == 200
    assert "Geef de beschrijving een titel" in response.text
    concept_a.refresh_from_db()
    assert concept_a.title


def test_overlong_title_and_summary_are_refused(client, member_a, concept_a):
    page = opened_form(client, member_a, concept_a)
    response = client.post(
        edit_url(concept_a), form_data(page, title="t" * 201, summary="s" * 1501)
    )
    errors = response.context["form"].errors
    assert "hoogstens 200 tekens; nu zijn het er 201" in errors["title"][0]
    assert "hoogstens 1500 tekens; nu zijn het er 1501" in errors["summary"][0]
    assert "s" * 1501 in response.text


def test_wrong_cbs_code_and_wrong_nesting(client, member_a, concept_a):
    page = opened_form(client, member_a, concept_a)
    response = client.post(edit_url(concept_a), form_data(page, cbs_codes="GM0599, WK12"))
    assert "WK12 is geen CBS-code" in response.context["form"].errors["cbs_codes"][0]
    response = client.post(edit_url(concept_a), form_data(page, cbs_codes="GM0599, WK036301"))
    assert "WK036301 ligt niet in" in response.context["form"].errors["cbs_codes"][0]
    concept_a.refresh_from_db()
    assert concept_a.cbs_codes == ""


def test_negative_amount_is_refused(client, member_a, concept_a):
    page = opened_form(client, member_a, concept_a)
    response = client.post(edit_url(concept_a), form_data(page, total_budget="-5"))
    assert "kan niet negatief zijn" in response.context["form"].errors["total_budget"][0]


def test_clearing_a_required_field_of_a_published_description(client, member_a, shared_a):
    page = opened_form(client, member_a, shared_a)
    response = client.post(edit_url(shared_a), form_data(page, summary=""))
    assert response.status_code == 200
    assert "Een gepubliceerde beschrijving heeft dit nodig" in response.text


def test_duplicate_effect_gets_a_message(client, member_a, shared_a):
    page = opened_form(client, member_a, shared_a)
    effect = shared_a.intended_effects.get().effect
    data = form_data(
        page,
        **{
            "intended_effects-1-effect": str(effect.pk),
            "intended_effects-1-level": "tussendoel",
        },
    )
    response = client.post(edit_url(shared_a), data)
    assert response.status_code == 200
    assert "Je koos hetzelfde effect meer dan eens" in response.text
    assert shared_a.intended_effects.count() == 1


def test_the_same_new_effect_twice_gets_a_message(client, member_a, concept_a):
    page = opened_form(client, member_a, concept_a)
    effect = Effect.objects.get(code="SC.01")
    row = {"effect": str(effect.pk), "level": "einddoel", "indicator": "contacten"}
    data = form_data(
        page,
        **{"intended_effects-TOTAL_FORMS": "2"},
        **{
            f"intended_effects-{index}-{name}": value
            for index in (0, 1)
            for name, value in row.items()
        },
    )
    response = client.post(edit_url(concept_a), data)
    assert response.status_code == 200
    assert "Je koos hetzelfde effect meer dan eens" in response.text
    assert sections_in_error(response) == ["doelen"]
    assert not concept_a.intended_effects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"start_date": "31-02-2025"},
        {"total_budget": "veel geld"},
        {"target_group_size": "-3"},
        {"phase": "bestaat-niet"},
        {"themes": ["999999"]},
        {"theory_steps-TOTAL_FORMS": "niets"},
        {"activities-0-id": "999999", "activities-0-name": "Overnemen"},
        {"opened_revision": "geen getal"},
    ],
)
def test_bad_input_gets_a_message_and_never_a_server_error(client, member_a, concept_a, changes):
    page = opened_form(client, member_a, concept_a)
    response = client.post(edit_url(concept_a), form_data(page, summary="Blijft staan", **changes))
    assert response.status_code == 200
    assert "Blijft staan" in response.text
    assert "Nog niet opgeslagen: sommige velden hebben je aandacht nodig" in response.text
    concept_a.refresh_from_db()
    assert concept_a.summary == ""


def test_html_in_every_text_field_is_stored_as_text_and_shown_escaped(client, member_a, concept_a):
    script = "<script>alert(1)</script>"
    page = opened_form(client, member_a, concept_a)
    form = page.context["form"]
    text_fields = [
        bound.html_name
        for bound in form
        if isinstance(bound.field, forms.CharField)
        and not isinstance(bound.field, forms.EmailField | forms.URLField)
        and bound.name != "cbs_codes"
    ]
    assert len(text_fields) > 20
    data = form_data(
        page,
        **dict.fromkeys(text_fields, script),
        **{
            "theory_steps-0-position": "1",
            "theory_steps-0-if_text": script,
            "theory_steps-0-then_text": script,
        },
    )
    response = client.post(edit_url(concept_a), data)
    assert response.status_code == 302, response.context["form"].errors
    concept_a.refresh_from_db()
    assert concept_a.title == script
    assert concept_a.lessons == script
    assert concept_a.theory_steps.get().if_text == script
    shown = client.get(edit_url(concept_a)).text
    assert script not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


# Two people at once


def test_second_save_from_the_same_revision_shows_the_conflict(
    client, member_a, manager_a, concept_a
):
    client.force_login(member_a)
    page_member = client.get(edit_url(concept_a))
    client.force_login(manager_a)
    page_manager = client.get(edit_url(concept_a))
    step = {
        "theory_steps-0-position": "1",
        "theory_steps-0-if_text": "de huismeester er is",
        "theory_steps-0-then_text": "zien bewoners hem",
    }
    client.post(
        edit_url(concept_a), form_data(page_manager, summary="Tekst van Annemieke", **step)
    )

    client.force_login(member_a)
    data = form_data(page_member, summary="Tekst van Youssef")
    response = client.post(edit_url(concept_a), data)

    assert response.status_code == 200
    assert "Annemieke de Vries heeft deze beschrijving op" in response.text
    differences = response.context["conflict"]["differences"]
    assert [(str(item.label), item.saved) for item in differences] == [
        ("samenvatting", "Tekst van Annemieke"),
        ("Veronderstellingen: als … dan … omdat …", "1. de huismeester er is → zien bewoners hem"),
    ]
    assert "Tekst van Youssef" in response.text
    concept_a.refresh_from_db()
    assert concept_a.summary == "Tekst van Annemieke"

    # The form now carries the newer revision: saving again is a knowing choice.
    again = form_data(response, summary="Tekst van Youssef")
    assert again["opened_revision"] == str(concept_a.revision)
    assert client.post(edit_url(concept_a), again).status_code == 302
    concept_a.refresh_from_db()
    assert concept_a.summary == "Tekst van Youssef"
    # The step Annemieke added was not in Youssef's form, and stays.
    assert concept_a.theory_steps.get().if_text == "de huismeester er is"


# Queries


@pytest.mark.parametrize("steps", [1, 10])
def test_edit_page_queries_do_not_grow_with_theory_steps(
    client, member_a, partner_a, django_assert_num_queries, steps
):
    intervention = make_complete(InterventionFactory(organisation=partner_a))
    for position in range(2, steps + 1):
        TheoryStep.objects.create(
            intervention=intervention, position=position, if_text="als", then_text="dan"
        )
    client.force_login(member_a)
    client.get(edit_url(intervention))  # session and permissions warm
    with django_assert_num_queries(QUERIES_OF_THE_EDIT_PAGE):
        response = client.get(edit_url(intervention))
    assert response.status_code == 200
    assert len(response.context["formsets"]["theory_steps"].forms) == steps + 1


# Session, user, the description with its three lists, what is missing (four parts), the choices
# (types, themes, target groups, effects, the members who may be the contact person), the rows
# of the five formsets and the active ingredients of the published archetypes (the checklist).
QUERIES_OF_THE_EDIT_PAGE = 21

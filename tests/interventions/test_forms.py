import datetime

import pytest
from crispy_forms.layout import Fieldset

from interventions.forms import InterventionForm, build_formsets
from interventions.models import Intervention, InterventionType, TheoryStep
from interventions.sections import SECTIONS
from wwidw.models import Organisation


def bound_form(intervention=None, **data):
    intervention = intervention or Intervention()
    form = InterventionForm({"title": "Wijkschouw Kanaleneiland", **data}, instance=intervention)
    form.is_valid()
    return form


def test_a_title_is_all_a_draft_needs(db):
    form = bound_form()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phase"] == Intervention.Phase.IDEA
    assert form.cleaned_data["evidence_level"] == 0


def test_without_a_title_the_message_says_what_to_do(db):
    form = bound_form(title="")
    assert form.errors["title"] == [
        "Geef de beschrijving een titel; meer heeft een concept niet nodig."
    ]


def test_the_layout_has_one_fieldset_per_section(db):
    form = InterventionForm(instance=Intervention())
    fieldsets = [item for item in form.helper.layout.fields if isinstance(item, Fieldset)]
    assert [fieldset.css_id for fieldset in fieldsets] == [section.key for section in SECTIONS]
    assert str(fieldsets[1].legend) == '<h2 class="h4 mb-0">2. Probleem en doelgroep</h2>'
    assert form.helper.form_tag is False
    assert form.fields["start_date"].widget.input_type == "date"


def test_every_section_field_is_in_the_form(db):
    form = InterventionForm(instance=Intervention())
    for section in SECTIONS:
        assert set(section.fields) <= set(form.fields)
    assert "organisation" not in form.fields  # only when creating, from own memberships


def test_owner_choices_are_the_given_organisations(partner_a, partner_b, member_a):
    organisations = Organisation.objects.of_member(member_a)
    form = InterventionForm(instance=Intervention(), organisations=organisations)
    assert list(form.fields["organisation"].queryset) == [partner_a]


def test_end_date_before_start_date_is_an_error_on_the_end_date(db):
    form = bound_form(start_date="2025-03-01", end_date="2025-02-28")
    assert list(form.errors) == ["end_date"]
    assert bound_form(start_date="2025-03-01", end_date="2025-03-01").is_valid()


def test_cbs_codes_are_normalised_to_upper_case(db):
    form = bound_form(cbs_codes=" gm0599,wk059901 ,bu05990110")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cbs_codes"] == "GM0599, WK059901, BU05990110"


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ("GM599", "GM599 is geen CBS-code"),
        ("WK0599011", "WK0599011 is geen CBS-code"),
        ("GM0599, WK036301", "WK036301 ligt niet in de gemeente of wijk die je noemde."),
        ("WK059901, BU03630101", "BU03630101 ligt niet in de gemeente of wijk die je noemde."),
    ],
)
def test_wrong_cbs_codes_and_nesting_are_refused(db, codes, message):
    form = bound_form(cbs_codes=codes)
    assert message in form.errors["cbs_codes"][0]


def test_summary_of_at_most_1500_characters(db):
    assert bound_form(summary="a" * 1500).is_valid()
    form = bound_form(summary="a" * 1501)
    assert form.errors["summary"] == [
        "Houd de samenvatting op hoogstens 1500 tekens; nu zijn het er 1501. Zet de details "
        "in de andere onderdelen."
    ]


@pytest.mark.parametrize("name", ["total_budget", "own_contribution", "fte"])
def test_amounts_are_not_negative(db, name):
    assert bound_form(**{name: "0"}).is_valid()
    form = bound_form(**{name: "-0.01"})
    assert form.errors[name] == ["Vul nul of meer in; een bedrag kan niet negatief zijn."]


def test_a_published_description_keeps_its_summary(shared_a):
    form = bound_form(Intervention.objects.get(pk=shared_a.pk), summary="")
    assert "Een gepubliceerde beschrijving heeft dit nodig" in form.errors["summary"][0]


def test_intervention_types_are_grouped_by_theme(db):
    form = InterventionForm(instance=Intervention())
    groups = list(form.fields["intervention_types"].choices)
    names = [name for name, _options in groups]
    assert "Veiligheid" in names
    safety = dict(groups)["Veiligheid"]
    labels = [label for _value, label in safety]
    assert "Buurtbemiddeling" in labels
    total = sum(len(options) for _name, options in groups)
    assert total == InterventionType.objects.count()


def test_differences_from_name_what_someone_else_saved(concept_a):
    form = bound_form(Intervention.objects.get(pk=concept_a.pk), title=concept_a.title)
    assert form.is_valid()
    concept_a.summary = "Ander zijn tekst"
    concept_a.start_date = datetime.date(2025, 1, 1)
    differences = form.differences_from(concept_a)
    assert [(str(item.label), item.saved) for item in differences] == [
        ("samenvatting", "Ander zijn tekst"),
        ("startdatum", datetime.date(2025, 1, 1)),
    ]


def test_new_theory_steps_are_numbered_after_the_existing_ones(concept_a):
    for position in (1, 2):
        TheoryStep.objects.create(
            intervention=concept_a, position=position, if_text="als", then_text="dan"
        )
    formset = build_formsets(concept_a)["theory_steps"]
    assert [form.initial.get("position") for form in formset.forms] == [1, 2, 3]
    assert str(formset.forms[0].fields["if_text"].label) == "Als …"

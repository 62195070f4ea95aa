"""Control characters (wwidw/text.py): every form text field refuses them with a message, and
e-mail headers made from stored text stay on one line."""

import importlib
import pkgutil

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory
from wwidw.models import Organisation
from wwidw.text import single_line

OUR_APPS = ["wwidw", "interventions", "monitoring", "archetypes", "events"]
SINGLE_LINE_MESSAGE = "Dit veld bevat een onzichtbaar stuurteken (zoals een tab of regeleinde)"
MULTI_LINE_MESSAGE = "Dit veld bevat een onzichtbaar stuurteken (bijvoorbeeld uit tekst"


def _our_modules():
    """Every module of our apps, so that every form class they define exists."""
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" not in info.name:
                yield importlib.import_module(info.name)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _our_forms():
    list(_our_modules())
    for form in _subclasses(forms.BaseForm):
        if form.__module__.split(".")[0] in OUR_APPS:
            yield form.__qualname__, form.base_fields


def _our_filtersets():
    for filterset in _subclasses(django_filters.FilterSet):
        if filterset.__module__.split(".")[0] in OUR_APPS:
            fields = {name: item.field for name, item in filterset.base_filters.items()}
            yield filterset.__qualname__, fields


def _admin_forms(request):
    for model, model_admin in admin.site._registry.items():
        name = model._meta.label
        yield f"{name} add", model_admin.get_form(request).base_fields
        yield f"{name} change", model_admin.get_form(request, model(), change=True).base_fields
        for inline in model_admin.get_inline_instances(request):
            yield f"{name} {type(inline).__name__}", inline.get_formset(request).form.base_fields


def _django_forms():
    """Django's own forms that the site shows: login and passwords."""
    for form in [
        auth_forms.AuthenticationForm,
        auth_forms.PasswordResetForm,
        auth_forms.SetPasswordForm,
        auth_forms.PasswordChangeForm,
    ]:
        yield form.__qualname__, form.base_fields


def _text_fields(named_fields):
    for form_name, fields in named_fields:
        for name, field in fields.items():
            if isinstance(field, forms.CharField):
                yield f"{form_name}.{name}", field


def _refusal(field: forms.CharField, value: str) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        field.clean(value)
    return refused.value


def test_every_form_text_field_refuses_control_characters(rf, db):
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    named_fields = [
        *_our_forms(),
        *_our_filtersets(),
        *_admin_forms(request),
        *_django_forms(),
    ]
    fields = list(_text_fields(named_fields))
    assert len(fields) > 100, "the walk found the forms"
    multi_line = 0
    for name, field in fields:
        assert _refusal(field, "Kop\x0bstaart").code == "control_characters", name
        assert _refusal(field, "Kop\x1bstaart").code == "control_characters", name
        if isinstance(field.widget, forms.Textarea):
            multi_line += 1
            field.clean("Eerste regel\r\nTweede\tregel")
        else:
            assert _refusal(field, "Kop\nstaart").code == "control_characters", name
            assert _refusal(field, "Kop\tstaart").code == "control_characters", name
    assert multi_line > 20, "text of several lines is among them"


def test_a_widget_set_after_the_field_decides(db):
    field = forms.CharField()
    field.widget = forms.Textarea()
    assert field.clean("Eerste regel\nTweede regel") == "Eerste regel\nTweede regel"
    field.widget = forms.HiddenInput()
    assert _refusal(field, "Eerste regel\nTweede regel").code == "control_characters"


def test_the_null_character_keeps_django_s_one_message(db):
    refused = _refusal(forms.CharField(), "Kop\x00staart")
    assert [error.code for error in refused.error_list] == ["null_characters_not_allowed"]


# Site forms and admin forms, through the browser's way in


def _edit_page(client, user, intervention):
    from tests.interventions.test_edit import edit_url, opened_form

    return edit_url(intervention), opened_form(client, user, intervention)


def test_description_form_refuses_them_and_keeps_what_was_typed(client, member_a, concept_a):
    from tests.interventions.test_edit import form_data

    url, page = _edit_page(client, member_a, concept_a)
    title = "Huismeester\nOude Westen"
    summary = "Een regel\x0bmet een zachte regeleinde uit Word"
    response = client.post(url, form_data(page, title=title, summary=summary))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert SINGLE_LINE_MESSAGE in errors["title"][0]
    assert MULTI_LINE_MESSAGE in errors["summary"][0]
    assert SINGLE_LINE_MESSAGE in response.text
    assert response.context["form"]["title"].value() == title
    concept_a.refresh_from_db()
    assert concept_a.title != title
    assert concept_a.summary == ""


def test_description_form_takes_line_breaks_and_tabs_in_text_of_several_lines(
    client, member_a, concept_a
):
    from tests.interventions.test_edit import form_data

    url, page = _edit_page(client, member_a, concept_a)
    summary = "Eerste regel\r\nTweede\tregel"
    response = client.post(url, form_data(page, summary=summary))
    assert response.status_code == 302
    concept_a.refresh_from_db()
    assert concept_a.summary == summary


def test_admin_form_refuses_them_with_the_message(client, programme_staff):
    client.force_login(programme_staff)
    name = "Woonstichting\x0bDe Maasoever"
    response = client.post(
        reverse("admin:wwidw_organisation_add"),
        {"name": name, "slug": "maasoever", "kind": "woningcorporatie", "city": "Rotterdam"},
    )
    assert response.status_code == 200
    assert SINGLE_LINE_MESSAGE in response.text
    assert not Organisation.objects.filter(slug="maasoever").exists()


def test_search_box_refuses_them_and_still_shows_the_list(client, member_a, shared_a):
    client.force_login(member_a)
    response = client.get(reverse("interventions:list"), {"q": "huis\x0bmeester"})
    assert response.status_code == 200
    [error] = response.context["filterset"].form.errors.as_data()["q"]
    assert error.code == "control_characters"
    assert shared_a in response.context["page_obj"]


# E-mail headers made from stored text


def test_the_decision_mail_of_a_title_with_a_line_break_is_sent(
    partner_a, member_a, manager_a, mailoutbox, django_capture_on_commit_callbacks
):
    from budgets import services
    from budgets.models import BudgetApplication, BudgetRound
    from tests.budgets.test_models import short_plan
    from tests.factories import BudgetApplicationFactory, BudgetRoundFactory

    application = BudgetApplicationFactory(
        round=BudgetRoundFactory(organisation=partner_a, status=BudgetRound.Status.REVIEW),
        applicant=member_a,
        intervention=short_plan(partner_a, title="Speeltuin\nOude\x0bWesten"),
        status=BudgetApplication.Status.SUBMITTED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(
            application=application,
            status="afgewezen",
            awarded_amount=None,
            reason="Past niet in deze ronde.",
            by=manager_a,
        )
    [message] = mailoutbox
    assert message.subject == "Besluit over je aanvraag: Speeltuin Oude Westen"
    assert message.message()["Subject"] == message.subject


def test_a_session_mail_of_a_title_with_a_line_break_has_one_subject_line(partner_a, member_a):
    from events import emails
    from tests.factories import RegistrationFactory

    registration = RegistrationFactory(
        session__title="Wat werkt in\r\nde wijk", user=member_a, organisation=partner_a
    )
    message = emails.build_message(registration, kind="confirmation")
    assert message.subject == "Aanmelding bevestigd: Wat werkt in de wijk"
    assert message.message()["Subject"] == message.subject


# Headers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huismeester\nOude Westen", "Huismeester Oude Westen"),
        ("Huismeester\r\n  Oude\x0bWesten\t", "Huismeester Oude Westen"),
        ("Buurt\u2028kracht\x00", "Buurt kracht"),
        ("Al op één regel", "Al op één regel"),
    ],
)
def test_single_line_makes_one_line_of_any_text(text, expected):
    assert single_line(text) == expected


def test_apps_are_all_walked():
    assert set(OUR_APPS) <= {config.name for config in apps.get_app_configs()}

"""What every admin shares (wwidw/admin_base.py): a wrong id in an autocomplete field is a form
error, never a server error."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "1; DROP", "", "99999999999999999999"]


def _autocomplete_fields():
    """(admin URL name, inline or None, field) for every autocomplete field of every registered
    admin and of its inlines, so a new admin is checked without a new test."""
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_add"
        for field in model_admin.autocomplete_fields:
            yield name, None, field
        for inline in model_admin.inlines:
            for field in inline.autocomplete_fields:
                # The key to the parent is set by the admin, not typed.
                if inline.model._meta.get_field(field).related_model is not model:
                    yield name, inline, field


AUTOCOMPLETE_FIELDS = list(_autocomplete_fields())


# The formsets (prefix, inline) of each add form, per URL and kind of user: the same for every
# field and value tried, so each form is opened once per test process.
_FORMSETS: dict[tuple[str, bool], list[tuple[str, type]]] = {}


def _formsets(client, url: str, user) -> list[tuple[str, type]]:
    key = (url, user.is_superuser)
    if key not in _FORMSETS:
        form_page = client.get(url)
        assert form_page.status_code == 200
        _FORMSETS[key] = [
            (inline_formset.formset.prefix, type(inline_formset.opts))
            for inline_formset in form_page.context["inline_admin_formsets"]
        ]
    return _FORMSETS[key]


def _post_data(formsets, inline, field: str, value: str) -> tuple[dict, str]:
    """The add form's POST with only `value` in `field` (in one row of `inline` if given), and
    the name the field has in the form."""
    data = {}
    name = field
    for prefix, formset_inline in formsets:
        rows = 1 if formset_inline is inline else 0
        data[f"{prefix}-TOTAL_FORMS"] = rows
        data[f"{prefix}-INITIAL_FORMS"] = 0
        if rows:
            name = f"{prefix}-0-{field}"
    data[name] = value
    return data, name


def test_the_registry_has_the_known_autocomplete_forms():
    names = {name for name, _inline, _field in AUTOCOMPLETE_FIELDS}
    assert {
        "admin:wwidw_membership_add",
        "admin:wwidw_user_add",
        "admin:wwidw_organisation_add",
        "admin:archetypes_archetype_add",
        "admin:events_themesession_add",
        "admin:events_registration_add",
        "admin:events_sessioningredient_add",
        "admin:interventions_intervention_add",
    } <= names


def _ids(fields) -> list[str]:
    return [
        f"{name.removeprefix('admin:')}-{inline.__name__ if inline else 'form'}-{field}"
        for name, inline, field in fields
    ]


def _assert_form_error(client, user, url_name: str, inline, field: str, value: str) -> None:
    url = reverse(url_name)
    data, name = _post_data(_formsets(client, url, user), inline, field, value)

    response = client.post(url, data)

    assert response.status_code == 200
    if value:
        errors = _field_errors(response, inline, field)
        assert any("geldige" in error for error in errors), f"{name}={value!r}: {errors}"


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize(
    ("url_name", "inline", "field"), AUTOCOMPLETE_FIELDS, ids=_ids(AUTOCOMPLETE_FIELDS)
)
def test_a_wrong_id_in_an_autocomplete_field_is_a_form_error(
    client, url_name, inline, field, value
):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    _assert_form_error(client, user, url_name, inline, field, value)


PROGRAMME_STAFF_FIELDS = [
    item for item in AUTOCOMPLETE_FIELDS if item[0] != "admin:interventions_intervention_add"
]


@pytest.mark.parametrize(
    ("url_name", "inline", "field"), PROGRAMME_STAFF_FIELDS, ids=_ids(PROGRAMME_STAFF_FIELDS)
)
def test_programme_staff_get_a_form_error_for_a_wrong_id(
    client, programme_staff, url_name, inline, field
):
    client.force_login(programme_staff)
    _assert_form_error(client, programme_staff, url_name, inline, field, "abc")


def _field_errors(response, inline, field: str) -> list[str]:
    if inline is None:
        return response.context["adminform"].form.errors.get(field, [])
    for inline_formset in response.context["inline_admin_formsets"]:
        if type(inline_formset.opts) is inline:
            return inline_formset.formset.forms[0].errors.get(field, [])
    return []

"""Unsaved work in the description form (FormDraft): the check of what the browser sends, and
the writes. A draft is never a version of the description."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from interventions.models import FormDraft, Intervention

# Far more than the longest description: a draft holds only the form's own fields.
MAX_FIELDS = 2_000
MAX_CHARACTERS = 1_000_000


class FormDraftForm(forms.Form):
    """The form's fields as the browser holds them: a JSON object of name → list of values."""

    # Text, parsed here: JSON.stringify() writes no control character of its own.
    draft = forms.CharField(strip=False)

    def clean_draft(self) -> dict[str, list[str]]:
        invalid = _("The draft is not a set of form fields.")
        if len(self.cleaned_data["draft"]) > 2 * MAX_CHARACTERS:
            raise forms.ValidationError(_("The draft is too long to keep."))
        try:
            data = json.loads(self.cleaned_data["draft"])
        except ValueError:
            raise forms.ValidationError(invalid) from None
        if not isinstance(data, dict) or len(data) > MAX_FIELDS:
            raise forms.ValidationError(invalid)
        size = 0
        for name, values in data.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise forms.ValidationError(invalid)
            # PostgreSQL's JSON cannot hold the null character, and no form field takes it.
            if "\x00" in name or any("\x00" in value for value in values):
                raise forms.ValidationError(invalid)
            size += len(name) + sum(len(value) for value in values)
        if size > MAX_CHARACTERS:
            raise forms.ValidationError(_("The draft is too long to keep."))
        return data


def save_form_draft(*, user, intervention: Intervention | None, data: dict) -> FormDraft:
    """Keep `data` as the user's draft of the form (of a new description when `intervention`
    is None), in place of the one before: one statement, so two tabs cannot make two."""
    draft = FormDraft(user=user, intervention=intervention, data=data)
    FormDraft.objects.bulk_create(
        [draft],
        update_conflicts=True,
        unique_fields=["user", "intervention"],
        update_fields=["data", "saved_at"],
    )
    return draft


def discard_form_draft(*, user, intervention: Intervention | None) -> None:
    FormDraft.objects.of_form(user, intervention).delete()

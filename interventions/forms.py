"""The description form of the seven steps, and the formsets of its repeating parts."""

import itertools
from dataclasses import dataclass
from pathlib import PurePath

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from interventions import uploads
from interventions.models import (
    ActiveIngredient,
    Activity,
    IntendedEffect,
    Intervention,
    InterventionType,
    Partner,
    TheoryStep,
)
from interventions.sections import SECTIONS
from interventions.validators import normalise_cbs_codes
from wwidw.forms import date_input, textarea
from wwidw.models import Membership, User

SECTION_FIELDS = [name for section in SECTIONS for name in section.fields]
LONG_TEXT_FIELDS = [
    name
    for name in SECTION_FIELDS
    if isinstance(Intervention._meta.get_field(name), models.TextField)
]
# Fields that must stay filled while a description is published (the database checks them too).
PUBLISHED_REQUIRED = ["summary", "main_goal", "start_date"]
AMOUNT_FIELDS = ["total_budget", "own_contribution", "fte"]
# Lists with a default: left out of a POST, they keep the default, so a title is enough.
DEFAULTED_FIELDS = ["phase", "visibility", "evaluation_form", "evidence_level"]
# Where the repeating parts appear: section key → formset names, in order.
SECTION_FORMSETS = {
    "doelen": ["intended_effects"],
    "aanpak": ["activities", "partners"],
    "werking": ["theory_steps", "active_ingredients"],
}


# Fragments of intervention_form.html placed inside the sections by the crispy layout.
CURRENT_REPORT = '{% include "interventions/intervention_form.html#current_report" %}'
FORMSET_INCLUDE = (
    '{%% include "interventions/intervention_form.html#formset" with formset=formsets.%(name)s %%}'
)


class ThemeGroupedIterator(ModelChoiceIterator):
    """Intervention types as option groups, one per theme."""

    def __iter__(self):
        for theme, types in itertools.groupby(self.queryset, key=lambda item: item.theme):
            yield (theme.name, [self.choice(item) for item in types])


class InterventionTypeField(forms.ModelMultipleChoiceField):
    iterator = ThemeGroupedIterator


@dataclass(frozen=True)
class Difference:
    """A field whose saved value differs from what the person typed."""

    label: str
    saved: object


class InterventionForm(forms.ModelForm):
    """Every field of the seven steps; only the title is needed to save a draft."""

    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    remove_report = forms.BooleanField(label=_("Remove the current report"), required=False)

    class Meta:
        model = Intervention
        fields = ["organisation", "contact", *SECTION_FIELDS, "external_reference"]
        field_classes = {"intervention_types": InterventionTypeField}
        labels = {
            "contact": _("Contact person for questions"),
            "contact_name": _("Other contact person"),
            "contact_email": _("E-mail address of the other contact person"),
        }
        help_texts = {
            "contact": _(
                "The member of the organisation to whom readers' questions go, by e-mail. "
                "Without one, the organisation's managers get them."
            ),
            "contact_name": _("Optional: someone outside this site, at a partner for example."),
        }
        widgets = {
            **{name: textarea(4) for name in LONG_TEXT_FIELDS},
            "summary": textarea(6),
            "start_date": date_input(),
            "end_date": date_input(),
            "intervention_types": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "report_file": forms.FileInput(attrs={"accept": uploads.report_accept_attribute()}),
        }
        error_messages = {
            "title": {
                "required": _("Give the description a title; that is all a draft needs."),
                "max_length": _(
                    "Keep the title to %(limit_value)d characters at most; it now has "
                    "%(show_value)d."
                ),
            },
            "summary": {
                "max_length": _(
                    "Keep the summary to %(limit_value)d characters at most; it now has "
                    "%(show_value)d. Move the details to the other sections."
                ),
            },
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].empty_label = None
            self.fields["organisation"].help_text = _(
                "The organisation that owns the description; its members may change it."
            )
        self._set_up_contact(organisations)
        self.fields["intervention_types"].queryset = InterventionType.objects.select_related(
            "theme"
        ).order_by("theme__position", "theme__name", "name")
        for name in DEFAULTED_FIELDS:
            self.fields[name].required = False
        self.fields["opened_revision"].initial = self.instance.revision
        # The report as saved, before validation puts a new upload on the instance.
        report = self.instance.report_file
        self.saved_report_name = (
            self.instance.report_filename or PurePath(report.name).name if report else ""
        )
        if not report:
            del self.fields["remove_report"]
        self.helper = self._build_helper()

    def _set_up_contact(self, organisations) -> None:
        """The contact is a member of the owning organisation (of one of the user's, for a
        new description; `clean` checks it is the chosen one)."""
        if organisations is None:
            members = Membership.objects.filter(organisation_id=self.instance.organisation_id)
        else:
            members = Membership.objects.filter(organisation__in=organisations)
        field = self.fields["contact"]
        field.queryset = User.objects.filter(
            pk__in=members.values("user_id"), is_active=True
        ).order_by("full_name", "email")
        field.empty_label = _("No one: the managers get the questions")

    def _build_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        fieldsets = []
        for number, section in enumerate(SECTIONS, start=1):
            items = [name for name in section.fields if name in self.fields]
            if section.key == "basis":
                items.insert(items.index("contact_name"), "contact")
            if section.key == "basis" and "organisation" in self.fields:
                items.insert(0, "organisation")
            if section.key == "basis":
                items.append("external_reference")
            if section.key == "resultaat":
                index = items.index("report_file")
                items.insert(index, HTML(CURRENT_REPORT))
                if "remove_report" in self.fields:
                    items.insert(index + 2, "remove_report")
            items += [
                HTML(FORMSET_INCLUDE % {"name": name})
                for name in SECTION_FORMSETS.get(section.key, [])
            ]
            # A heading, so the section's lists (their headings are h3) sit below it.
            legend = format_html('<h2 class="h4 mb-0">{}. {}</h2>', number, section.title)
            fieldsets.append(Fieldset(legend, *items, css_id=section.key))
        helper.layout = Layout("opened_revision", *fieldsets)
        return helper

    def clean_cbs_codes(self) -> str:
        return normalise_cbs_codes(self.cleaned_data["cbs_codes"])

    def clean(self):
        cleaned = super().clean()
        for name in DEFAULTED_FIELDS:
            if cleaned.get(name) in ("", None) and name not in self.errors:
                cleaned[name] = Intervention._meta.get_field(name).get_default()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("The end date lies before the start date. Check both dates.")
            )
        for name in AMOUNT_FIELDS:
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Fill in zero or more; an amount cannot be negative."))
        if self.instance.is_published:
            for name in PUBLISHED_REQUIRED:
                if name in cleaned and not cleaned[name]:
                    self.add_error(
                        name,
                        _(
                            "A published description needs this. Fill it in, or first put "
                            "the description back to draft."
                        ),
                    )
        self._clean_report(cleaned)
        self._clean_external_reference(cleaned)
        self._clean_contact(cleaned)
        return cleaned

    def _clean_external_reference(self, cleaned) -> None:
        """A changed reference that another description of the organisation has: a message
        next to the field (the database's constraint would give a message at the top)."""
        reference = cleaned.get("external_reference", "")
        if not reference or "external_reference" not in self.changed_data:
            return
        organisation = cleaned.get("organisation") or self.instance.organisation
        taken = Intervention.objects.filter(
            organisation=organisation, external_reference=reference
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            self.add_error(
                "external_reference",
                _(
                    "Another description of %(organisation)s already has this external "
                    "reference. Give each description its own, or leave it empty."
                )
                % {"organisation": organisation},
            )

    def _clean_contact(self, cleaned) -> None:
        contact = cleaned.get("contact")
        organisation = cleaned.get("organisation")
        organisation_id = organisation.pk if organisation else self.instance.organisation_id
        if contact is None or organisation_id is None:
            return
        members = Membership.objects.filter(organisation_id=organisation_id)
        if not members.filter(user=contact).exists():
            self.add_error(
                "contact",
                _(
                    "The contact person must be a member of the organisation that owns the "
                    "description. Choose a member, or no one."
                ),
            )

    def _clean_report(self, cleaned) -> None:
        upload = cleaned.get("report_file")
        if isinstance(upload, UploadedFile):
            try:
                uploads.validate_report(upload)
            except forms.ValidationError as error:
                self.add_error("report_file", error)
                return
            self.instance.report_filename = uploads.original_filename(upload)
        elif cleaned.get("remove_report"):
            cleaned["report_file"] = False
            self.instance.report_filename = ""

    def note_unsaved_upload(self) -> None:
        """A browser cannot send a file again: ask for it when the page comes back with errors."""
        if self.files.get(self.add_prefix("report_file")) and not self.has_error("report_file"):
            self.add_error(
                "report_file",
                _(
                    "Choose the report again: it was not saved because something else in the "
                    "form needs your attention."
                ),
            )

    def carry_revision(self, revision: int) -> None:
        """Show the form again as typed, now based on the revision saved in between."""
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_revision")] = revision

    def differences_from(self, current: Intervention) -> list[Difference]:
        """The fields whose saved value (of `current`, M2M prefetched) differs from the input."""
        differences = []
        for name in SECTION_FIELDS:
            if name == "report_file" or name not in self.cleaned_data:
                continue
            field = Intervention._meta.get_field(name)
            typed = self.cleaned_data[name]
            if field.many_to_many:
                saved_items = list(getattr(current, name).all())
                if {item.pk for item in saved_items} == {item.pk for item in typed}:
                    continue
                saved = ", ".join(str(item) for item in saved_items)
            else:
                saved = getattr(current, name)
                if saved == typed or (saved in (None, "") and typed in (None, "")):
                    continue
                if field.choices:
                    saved = getattr(current, f"get_{name}_display")()
            differences.append(Difference(label=field.verbose_name, saved=saved))
        return differences


DUPLICATE_EFFECT = _(
    "You chose the same effect more than once. Choose each effect once, and remove or change "
    "the other row."
)


class TheoryStepForm(forms.ModelForm):
    class Meta:
        model = TheoryStep
        fields = ["position", "if_text", "then_text", "because_text", "support", "confidence"]
        labels = {
            "position": _("Step number"),
            "if_text": _("If …"),
            "then_text": _("then …"),
            "because_text": _("because …"),
        }
        widgets = {
            "if_text": textarea(2),
            "then_text": textarea(2),
            "because_text": textarea(2),
        }


class NumberedFormSet(forms.BaseInlineFormSet):
    """New theory steps are numbered after the existing ones."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            kwargs["initial"] = {"position": index + 1}
        return kwargs


class IntendedEffectForm(forms.ModelForm):
    class Meta:
        model = IntendedEffect
        fields = ["effect", "level", "indicator", "target_value", "target_date"]
        widgets = {"target_date": date_input()}
        error_messages = {NON_FIELD_ERRORS: {"unique_together": DUPLICATE_EFFECT}}


class IntendedEffectFormSet(forms.BaseInlineFormSet):
    """The effect list is read once for all rows, and a duplicate effect gets a message."""

    @cached_property
    def effect_choices(self) -> list:
        # iter() first: list() would ask the iterator for its length, one more query.
        return list(iter(self.form.base_fields["effect"].choices))

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["effect"].choices = self.effect_choices

    def get_unique_error_message(self, unique_check):
        return DUPLICATE_EFFECT


FORMSET_OPTIONS = {"extra": 1, "can_delete": True}
FORMSETS = {
    "intended_effects": forms.inlineformset_factory(
        Intervention,
        IntendedEffect,
        form=IntendedEffectForm,
        formset=IntendedEffectFormSet,
        **FORMSET_OPTIONS,
    ),
    "activities": forms.inlineformset_factory(
        Intervention,
        Activity,
        fields=["name", "description", "performed_by", "frequency"],
        widgets={"description": textarea(2)},
        **FORMSET_OPTIONS,
    ),
    "partners": forms.inlineformset_factory(
        Intervention,
        Partner,
        fields=["name", "role", "contribution"],
        widgets={"contribution": textarea(2)},
        **FORMSET_OPTIONS,
    ),
    "theory_steps": forms.inlineformset_factory(
        Intervention,
        TheoryStep,
        form=TheoryStepForm,
        formset=NumberedFormSet,
        **FORMSET_OPTIONS,
    ),
    "active_ingredients": forms.inlineformset_factory(
        Intervention,
        ActiveIngredient,
        fields=["name", "explanation", "is_essential"],
        widgets={"explanation": textarea(2)},
        **FORMSET_OPTIONS,
    ),
}
# Heading of each formset and the name of one row.
FORMSET_LABELS = {
    "intended_effects": (_("Intended effects"), _("effect")),
    "activities": (_("Activities"), _("activity")),
    "partners": (_("Partners in carrying it out"), _("partner")),
    "theory_steps": (_("Theory of change: if … then … because …"), _("step")),
    "active_ingredients": (_("Active ingredients"), _("active ingredient")),
}
# The order of the rows in each formset.
FORMSET_ORDER = {
    "intended_effects": "pk",
    "activities": "pk",
    "partners": "pk",
    "theory_steps": "position",
    "active_ingredients": "pk",
}


def build_formsets(intervention: Intervention, data=None, files=None) -> dict:
    """The five formsets of a description, bound when `data` is given."""
    formsets = {}
    for name, formset_class in FORMSETS.items():
        queryset = formset_class.model.objects.order_by(FORMSET_ORDER[name], "pk")
        formsets[name] = formset_class(
            data, files, instance=intervention, queryset=queryset, prefix=name
        )
        formsets[name].title, formsets[name].row_label = FORMSET_LABELS[name]
    return formsets


def _comparable(value):
    if value is None:
        return ""
    return value.pk if hasattr(value, "pk") else value


def _row_text(row) -> str:
    return str(row.effect) if isinstance(row, IntendedEffect) else str(row)


def formset_differences(formsets: dict, current: Intervention) -> list[Difference]:
    """Repeating parts whose saved rows (of `current`, prefetched) differ from the input."""
    differences = []
    for name, formset in formsets.items():
        fields = formset.form._meta.fields
        saved_rows = sorted(getattr(current, name).all(), key=lambda row: row.pk)
        saved = [tuple(_comparable(getattr(row, field)) for field in fields) for row in saved_rows]
        typed = [
            tuple(_comparable(form.cleaned_data.get(field)) for field in fields)
            for form in formset.forms
            if form not in formset.deleted_forms and (form.instance.pk or form.has_changed())
        ]
        if sorted(saved, key=repr) != sorted(typed, key=repr):
            text = "\n".join(_row_text(row) for row in saved_rows)
            differences.append(Difference(label=formset.title, saved=text))
    return differences


def sections_with_errors(form: InterventionForm, formsets: dict) -> set[str]:
    """The keys of the sections that hold a field or repeating part with an error."""
    keys = {section.key for section in SECTIONS if set(section.fields) & set(form.errors)}
    if "organisation" in form.errors:
        keys.add("basis")
    for key, names in SECTION_FORMSETS.items():
        if any(formsets[name].total_error_count() for name in names):
            keys.add(key)
    return keys

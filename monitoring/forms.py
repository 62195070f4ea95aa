"""The forms of the monitoring pages: the plan's settings and a formset per kind of row."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from monitoring.models import (
    CostLine,
    FinancialProxy,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    OutputValue,
    ReportingPeriod,
    ValuedOutcome,
)
from wwidw.forms import date_input, textarea
from wwidw.models import Organisation

NUMBER_MESSAGES = {
    "invalid": _("Fill in a number, in digits only."),
    "min_value": _("Fill in zero or more; this cannot be negative."),
    "max_value": _("Fill in at most %(limit_value)s."),
    "max_digits": _("This number is too large. Check for extra zeros."),
    "max_whole_digits": _("This number is too large. Check for extra zeros."),
    "max_decimal_places": _("Use at most %(max)s decimals."),
}
PERCENT_MESSAGES = {
    **NUMBER_MESSAGES,
    "min_value": _("Fill in a percentage from 0 to 100."),
    "max_value": _("Fill in a percentage from 0 to 100."),
    "max_digits": _("Fill in a percentage from 0 to 100."),
    "max_whole_digits": _("Fill in a percentage from 0 to 100."),
}
AT_LEAST = _("Fill in at least %(limit_value)s.")
PERCENT_FIELDS = {"discount_rate", "deadweight", "displacement", "attribution", "drop_off"}
END_BEFORE_START = _("The last day lies before the first day. Check both dates.")
DUPLICATE_VALUE = _(
    "This result already has a value for this period. Change that row, or choose another period."
)
APPROVAL_BY_MANAGER = _(
    "Only a manager of your organisation can approve a period or change an approved one. "
    "Choose submitted; a manager then approves the period."
)
PERIOD_IN_USE = _(
    "This period still has costs or results. Move or remove those first, then remove the period."
)


class MonitoringForm(forms.ModelForm):
    """Number fields say in plain words what is wrong: negative, too large, over 100 %, text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField | forms.IntegerField):
                field.error_messages.update(self._number_messages(name))

    def _number_messages(self, name: str) -> dict:
        if name in PERCENT_FIELDS:
            return PERCENT_MESSAGES
        validators = self._meta.model._meta.get_field(name).validators
        lowest = [item.limit_value for item in validators if isinstance(item, MinValueValidator)]
        if lowest and max(lowest) > 0:
            return {**NUMBER_MESSAGES, "min_value": AT_LEAST}
        return NUMBER_MESSAGES


class PlanForm(MonitoringForm):
    class Meta:
        model = MonitoringPlan
        localized_fields = "__all__"  # Dutch numbers: 1560,50
        fields = ["start_date", "discount_rate", "price_year", "is_shared", "evidence_notes"]
        widgets = {"start_date": date_input(), "evidence_notes": textarea(4)}


class PeriodForm(MonitoringForm):
    class Meta:
        model = ReportingPeriod
        localized_fields = "__all__"  # Dutch numbers: 1560,50
        fields = ["label", "start_date", "end_date", "status", "narrative"]
        widgets = {
            "start_date": date_input(),
            "end_date": date_input(),
            "narrative": textarea(2),
        }

    def __init__(self, *args, intervention=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.intervention = intervention
        self.user = user

    def clean_status(self):
        status = self.cleaned_data["status"]
        old = self.initial.get("status") if self.instance.pk else None
        if self.user and not self.instance.may_change_status(self.user, old=old, new=status):
            raise forms.ValidationError(APPROVAL_BY_MANAGER, code="approval")
        return status

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", END_BEFORE_START)
        elif start and end and self.intervention and not self._within_intervention(start, end):
            self.add_error(None, self._outside_message())
        return cleaned

    def _within_intervention(self, start, end) -> bool:
        first, last = self.intervention.start_date, self.intervention.end_date
        return (first is None or start >= first) and (last is None or end <= last)

    def _outside_message(self) -> str:
        first, last = self.intervention.start_date, self.intervention.end_date
        values = {
            "start": date_format(first) if first else "",
            "end": date_format(last) if last else "",
        }
        if first and last:
            message = _(
                "This period lies outside the intervention, which runs from %(start)s to "
                "%(end)s. Change the dates of the period or of the description."
            )
        elif first:
            message = _(
                "This period starts before the intervention, which starts on %(start)s. "
                "Change the dates of the period or of the description."
            )
        else:
            message = _(
                "This period ends after the intervention, which ends on %(end)s. Change the "
                "dates of the period or of the description."
            )
        return message % values


class PeriodFormSet(forms.BaseInlineFormSet):
    """A period that still has costs or results cannot be removed."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "intervention": self.instance.intervention}

    def clean(self):
        super().clean()
        removed = [form.instance.pk for form in self.deleted_forms if form.instance.pk]
        if not removed:
            return
        costs = CostLine.objects.filter(period__in=removed).values_list("period", flat=True)
        values = OutputValue.objects.filter(period__in=removed).values_list("period", flat=True)
        in_use = set(costs) | set(values)
        for form in self.deleted_forms:
            if form.instance.pk in in_use:
                form.add_error(None, PERIOD_IN_USE)
        if in_use:
            raise forms.ValidationError(PERIOD_IN_USE, code="protected")


class CostLineForm(MonitoringForm):
    class Meta:
        model = CostLine
        localized_fields = "__all__"  # Dutch numbers: 1560,50
        fields = [
            "period",
            "category",
            "description",
            "amount",
            "hours",
            "hourly_rate",
            "bearer_organisation",
            "bearer_name",
            "is_budget",
            "is_in_kind",
            "source",
        ]

    def clean(self):
        cleaned = super().clean()
        amount, hours, rate = (cleaned.get(name) for name in ("amount", "hours", "hourly_rate"))
        if any(name in self.errors for name in ("amount", "hours", "hourly_rate")):
            return cleaned
        if amount is not None and (hours is not None or rate is not None):
            self.add_error(
                "amount",
                _("Fill in an amount, or hours and an hourly rate; not both. Empty one of them."),
            )
        elif amount is None and hours is None and rate is None:
            self.add_error(
                "amount", _("Fill in an amount, or hours and an hourly rate for own staff.")
            )
        elif amount is None and rate is None:
            self.add_error("hourly_rate", _("Fill in the hourly rate that goes with the hours."))
        elif amount is None and hours is None:
            self.add_error("hours", _("Fill in the hours that go with the hourly rate."))
        if cleaned.get("bearer_organisation") and cleaned.get("bearer_name"):
            self.add_error(
                "bearer_name",
                _("Choose a partner or name another party, not both. Empty one of them."),
            )
        return cleaned


def _partners(chosen: models.QuerySet) -> models.QuerySet:
    """Active partners, and the ones already chosen (a partner that left stays on its rows)."""
    condition = models.Q(is_active=True) | models.Q(pk__in=chosen)
    return Organisation.objects.filter(condition).order_by("name")


# Which rows a choice field offers, for the rows of `plan`.
CHOICE_QUERYSETS = {
    "period": lambda plan: ReportingPeriod.objects.filter(plan=plan).order_by("start_date"),
    "indicator": lambda plan: OutputIndicator.objects.filter(plan=plan).order_by("name"),
    "bearer_organisation": lambda plan: _partners(
        CostLine.objects.filter(plan=plan).values("bearer_organisation")
    ),
    "funder_organisation": lambda plan: _partners(
        Financing.objects.filter(plan=plan).values("funder_organisation")
    ),
    "library_proxy": lambda plan: FinancialProxy.objects.order_by("name"),
}


class PlanChoicesMixin:
    """The lists of `choice_fields` are limited to the plan and read once for all rows."""

    choice_fields: tuple[str, ...] = ()

    @cached_property
    def _choices(self) -> dict[str, list]:
        choices = {}
        for name in self.choice_fields:
            empty = [("", self.form.base_fields[name].empty_label)]
            rows = CHOICE_QUERYSETS[name](self.plan)
            choices[name] = empty + [(row.pk, str(row)) for row in rows]
        return choices

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name in self.choice_fields:
            form.fields[name].queryset = CHOICE_QUERYSETS[name](self.plan)
            form.fields[name].choices = self._choices[name]


class PlanRowsFormSet(PlanChoicesMixin, forms.BaseInlineFormSet):
    @property
    def plan(self) -> MonitoringPlan:
        return self.instance


class CostLineFormSet(PlanRowsFormSet):
    choice_fields = ("period", "bearer_organisation")


class FinancingForm(MonitoringForm):
    class Meta:
        model = Financing
        localized_fields = "__all__"  # Dutch numbers: 1560,50
        fields = ["kind", "funder_organisation", "funder_name", "committed", "received"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("funder_organisation") and cleaned.get("funder_name"):
            self.add_error(
                "funder_name",
                _("Choose a partner or name another party, not both. Empty one of them."),
            )
        return cleaned


class FinancingFormSet(PlanRowsFormSet):
    """The financing entered by hand. A line that records an award of a liveability budget
    round is the decision's (services.decide_application): shown, never edited here."""

    choice_fields = ("funder_organisation",)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Financing.objects.filter(application__isnull=True))
        super().__init__(*args, **kwargs)

    @cached_property
    def award_lines(self) -> list[Financing]:
        lines = Financing.objects.filter(plan=self.plan, application__isnull=False)
        return list(
            lines.select_related("application__round", "funder_organisation").order_by("pk")
        )


class OutputIndicatorForm(MonitoringForm):
    class Meta:
        model = OutputIndicator
        localized_fields = "__all__"  # Dutch numbers: 1560,50
        fields = ["name", "unit", "baseline", "target", "direction"]


class OutputValueForm(MonitoringForm):
    class Meta:
        model = OutputValue
        localized_fields = "__all__"  # Dutch numbers: 1560,50
        fields = ["indicator", "period", "target", "realised", "source"]
        error_messages = {NON_FIELD_ERRORS: {"unique_together": DUPLICATE_VALUE}}


class OutputValueFormSet(PlanChoicesMixin, forms.BaseModelFormSet):
    """The values of all results of one plan, per period; one value per result and period."""

    choice_fields = ("indicator", "period")

    def __init__(self, *args, plan: MonitoringPlan, **kwargs):
        self.plan = plan
        kwargs.setdefault(
            "queryset",
            OutputValue.objects.filter(indicator__plan=plan)
            .select_related("indicator", "period")
            .order_by("indicator__name", "period__start_date", "pk"),
        )
        super().__init__(*args, **kwargs)

    def get_unique_error_message(self, unique_check):
        return DUPLICATE_VALUE


class ValuedOutcomeForm(MonitoringForm):
    class Meta:
        model = ValuedOutcome
        localized_fields = "__all__"  # Dutch numbers: 1560,50
        fields = [
            "outcome",
            "beneficiary",
            "indicator",
            "quantity",
            "library_proxy",
            "proxy",
            "proxy_source",
            "deadweight",
            "displacement",
            "attribution",
            "drop_off",
            "duration_years",
            "start_offset",
            "justification",
        ]
        widgets = {"justification": textarea(3)}
        help_texts = {
            "library_proxy": _(
                "Choose a value from the shared library and leave the value per unit empty: "
                "the value and its source are filled in for you."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proxy"].required = False

    def clean(self):
        cleaned = super().clean()
        library = cleaned.get("library_proxy")
        if library and cleaned.get("proxy") is None and "proxy" not in self.errors:
            cleaned["proxy"] = library.value
            cleaned["proxy_source"] = cleaned.get("proxy_source") or library.source
        elif cleaned.get("proxy") is None and "proxy" not in self.errors:
            self.add_error(
                "proxy",
                _("Fill in what one unit is worth in euros, or choose a value from the library."),
            )
        return cleaned


class ValuedOutcomeFormSet(PlanRowsFormSet):
    choice_fields = ("library_proxy",)


ROWS = {"can_delete": True}
PeriodRows = forms.inlineformset_factory(
    MonitoringPlan, ReportingPeriod, form=PeriodForm, formset=PeriodFormSet, extra=2, **ROWS
)
CostRows = forms.inlineformset_factory(
    MonitoringPlan, CostLine, form=CostLineForm, formset=CostLineFormSet, extra=3, **ROWS
)
FinancingRows = forms.inlineformset_factory(
    MonitoringPlan, Financing, form=FinancingForm, formset=FinancingFormSet, extra=1, **ROWS
)
OutputRows = forms.inlineformset_factory(
    MonitoringPlan, OutputIndicator, form=OutputIndicatorForm, extra=2, **ROWS
)
OutputValueRows = forms.modelformset_factory(
    OutputValue, form=OutputValueForm, formset=OutputValueFormSet, extra=3, **ROWS
)
OutcomeRows = forms.inlineformset_factory(
    MonitoringPlan, ValuedOutcome, form=ValuedOutcomeForm, formset=ValuedOutcomeFormSet, extra=1,
    **ROWS,
)  # fmt: skip

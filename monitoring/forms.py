"""The forms of the monitoring pages: the plan's settings and a formset per kind of row."""

from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from interventions.models import Effect
from monitoring import choices
from monitoring.models import (
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    FinancialProxy,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    OutputValue,
    ReportingPeriod,
    StandardIndicator,
    ValuedOutcome,
)
from wwidw.forms import BLANK_CHOICE_LABEL, date_input, textarea
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


# Effects (DOMAIN.md §6a): the indicators of the intended effects and their measurements.

NOT_INTENDED = _(
    "Choose one of the intended effects of the description. Another effect? Add it to the "
    "description first."
)
EFFECT_REQUIRED = {
    "effect": _("Choose the intended effect that this indicator measures."),
    "name": _("Name the indicator, or choose a standard indicator."),
    "scale": _("Choose what kind of number this is, or choose a standard indicator."),
    "direction": _("Choose whether a higher or a lower number is better."),
    "method": _("Choose how the indicator is measured, or choose a standard indicator."),
}
TARGET_IS_BASELINE = _(
    "The target equals the baseline (nulmeting), so nobody can tell how far you got. Fill in "
    "the value you aim for, or leave the target empty."
)
NOT_AFTER_BASELINE = _(
    "This date lies on or before the baseline (nulmeting) of %(date)s. A later measurement "
    "or target comes after it: check this date or the date of the baseline."
)
COMPARISON_WITHOUT_AREA = _("Name the comparison area this value belongs to, or empty the value.")
MEASUREMENT_WITHOUT_AREA = _(
    "This indicator has no comparison area. Name one at the indicator and save, or empty "
    "this value."
)
INDICATOR_REMOVED = _(
    "You are removing this indicator in this save. Tick “remove” at this measurement too, "
    "or keep the indicator."
)
SAME_DATE = _(
    "This indicator already has a measurement on this date. Change that row, or choose "
    "another date."
)
SAME_INDICATOR = _(
    "This intended effect already has an indicator with this name. Choose another name."
)
# The values an indicator's kind of number allows, and what to say outside them.
SCALE_RANGES = {
    choices.Scale.PERCENTAGE: (
        Decimal(0),
        Decimal(100),
        _("A percentage lies from 0 to 100. Fill in the share itself: 62,5 for 62,5 %."),
    ),
    choices.Scale.GRADE: (
        Decimal(1),
        Decimal(10),
        _("A report mark lies from 1 to 10."),
    ),
}
FROM_STANDARD = ("name", "scale", "unit", "direction", "method")


def _outside_scale(scale: str | None, value: Decimal | None) -> str | None:
    """What is wrong with `value` on the kind of number `scale`; None when it fits."""
    if value is None or scale not in SCALE_RANGES:
        return None
    lowest, highest, message = SCALE_RANGES[scale]
    return message if not lowest <= value <= highest else None


class StandardIndicatorSelect(forms.Select):
    """Each option carries what its standard indicator fills in, for the browser
    (static/js/effect_indicators.js); `details` per option value."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-standard-indicator": "", **(attrs or {})}, choices)
        self.details: dict[str, dict[str, str]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        for key, item in self.details.get(str(value), {}).items():
            option["attrs"][f"data-{key}"] = item
        return option


EFFECT_HELP = {
    "standard": _(
        "Measure as other partners do, so your figures can be compared. A standard indicator "
        "fills in the name, kind of number, unit, direction and method that you leave empty."
    ),
    "scale": _("A percentage lies from 0 to 100, a report mark from 1 to 10."),
    "direction": _(
        "Is more better (residents who feel safe) or less (complaints about nuisance)?"
    ),
    "baseline_value": _(
        "The nulmeting: the value measured before the intervention started. Without it nobody "
        "can tell what changed. Example: in March 2018, 62 percent of the residents felt safe "
        "in the neighbourhood. Not measured yet? Leave it empty and fill in the date it is "
        "planned."
    ),
    "baseline_date": _(
        "When the baseline was measured, or will be: before the intervention starts. Every "
        "measurement comes after this date."
    ),
    "target_value": _(
        "The value you aim for, different from the baseline. Example: 70 percent feels safe."
    ),
    "next_measurement_date": _("When you plan to measure again."),
    "comparison_area": _(
        "Optional: an area without this intervention, measured in the same way and on the "
        "same dates, such as the whole city or a similar neighbourhood. It shows what would "
        "have happened anyway. Leave it empty when there is none."
    ),
    "comparison_baseline": _(
        "The comparison area's value at the time of the baseline. Example: 61 percent in the "
        "whole city."
    ),
}


class EffectIndicatorForm(MonitoringForm):
    class Meta:
        model = EffectIndicator
        localized_fields = "__all__"  # Dutch numbers: 62,5
        fields = [
            "effect",
            "standard",
            "name",
            "scale",
            "unit",
            "direction",
            "method",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "next_measurement_date",
            "comparison_area",
            "comparison_baseline",
            "note",
        ]
        widgets = {
            "standard": StandardIndicatorSelect,
            "baseline_date": date_input(),
            "target_date": date_input(),
            "next_measurement_date": date_input(),
            "note": textarea(2),
        }
        help_texts = EFFECT_HELP
        error_messages = {
            "effect": {"invalid_choice": NOT_INTENDED},
            "standard": {
                "invalid_choice": _("Choose one of the standard indicators of the list.")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled in from a chosen standard indicator when left empty (clean()).
        for name in ("effect", *FROM_STANDARD):
            self.fields[name].required = False
        for name in ("scale", "direction"):
            field = self.fields[name]
            field.choices = [("", BLANK_CHOICE_LABEL), *field.choices]
            if self.instance.pk is None:
                self.initial[name] = ""

    def clean(self):
        cleaned = super().clean()
        standard = cleaned.get("standard")
        if standard:
            self._take_from_standard(cleaned, standard)
        for name, message in EFFECT_REQUIRED.items():
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        self._check_values(cleaned)
        return cleaned

    def _take_from_standard(self, cleaned: dict, standard: StandardIndicator) -> None:
        effect = cleaned.get("effect")
        if effect is None and "effect" not in self.errors:
            cleaned["effect"] = standard.effect
        elif effect is not None and effect != standard.effect:
            self.add_error(
                "standard",
                _(
                    "This standard indicator measures %(effect)s. Choose that effect, or "
                    "another standard indicator."
                )
                % {"effect": standard.effect},
            )
            return
        for name in FROM_STANDARD:
            if not cleaned.get(name) and name not in self.errors:
                cleaned[name] = getattr(standard, name)

    def _check_values(self, cleaned: dict) -> None:
        scale = cleaned.get("scale")
        for name in ("baseline_value", "target_value", "comparison_baseline"):
            message = _outside_scale(scale, cleaned.get(name))
            if message and name not in self.errors:
                self.add_error(name, message)
        baseline, target = cleaned.get("baseline_value"), cleaned.get("target_value")
        if baseline is not None and target is not None and baseline == target:
            self.add_error("target_value", TARGET_IS_BASELINE)
        if cleaned.get("comparison_baseline") is not None and not cleaned.get("comparison_area"):
            self.add_error("comparison_area", COMPARISON_WITHOUT_AREA)
        first = cleaned.get("baseline_date")
        for name in ("target_date", "next_measurement_date"):
            day = cleaned.get(name)
            if first and day and day <= first:
                self.add_error(name, NOT_AFTER_BASELINE % {"date": date_format(first)})


class EffectIndicatorFormSet(forms.BaseInlineFormSet):
    """The indicators of the plan; the effects offered are the description's intended effects,
    and the standard indicators offered are those of these effects, recommended ones first."""

    @property
    def intervention(self):
        return self.instance.intervention

    @cached_property
    def intended_effects(self) -> list[Effect]:
        return list(Effect.objects.filter(pk__in=self._effects_query()).order_by("code"))

    def _effects_query(self) -> models.QuerySet:
        return self.intervention.intended_effects.values("effect")

    @cached_property
    def standard_indicators(self) -> list[StandardIndicator]:
        return list(StandardIndicator.objects.offered_for(self.intervention))

    @cached_property
    def _standard_choices(self) -> list:
        recommended = [item for item in self.standard_indicators if item.is_recommended]
        others = [item for item in self.standard_indicators if not item.is_recommended]
        groups = [
            (_("Recommended for this kind of intervention"), recommended),
            (_("Other standard indicators of the intended effects"), others),
        ]
        return [("", _("None: an indicator of my own"))] + [
            (str(label), [(item.pk, str(item)) for item in items])
            for label, items in groups
            if items
        ]

    @cached_property
    def _standard_details(self) -> dict[str, dict[str, str]]:
        return {
            str(item.pk): {
                "effect": str(item.effect_id),
                "name": item.name,
                "scale": item.scale,
                "unit": item.unit,
                "direction": item.direction,
                "method": item.method,
            }
            for item in self.standard_indicators
        }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        effect = form.fields["effect"]
        effect.queryset = Effect.objects.filter(pk__in=self._effects_query())
        effect.choices = [("", BLANK_CHOICE_LABEL)] + [
            (item.pk, str(item)) for item in self.intended_effects
        ]
        standard = form.fields["standard"]
        standard.queryset = StandardIndicator.objects.offered_for(self.intervention)
        standard.choices = self._standard_choices
        standard.widget.details = self._standard_details

    def get_unique_error_message(self, unique_check):
        return SAME_INDICATOR


class EffectMeasurementForm(MonitoringForm):
    class Meta:
        model = EffectMeasurement
        localized_fields = "__all__"  # Dutch numbers: 68,5
        fields = [
            "indicator",
            "date",
            "value",
            "respondents",
            "source",
            "note",
            "comparison_value",
        ]
        widgets = {"date": date_input()}
        labels = {"comparison_value": _("Comparison area on this date")}
        help_texts = {
            "date": _("After the date of the baseline (nulmeting)."),
            "comparison_value": _(
                "The comparison area's value, measured at the same time in the same way. "
                "Only for an indicator with a comparison area."
            ),
        }
        error_messages = {NON_FIELD_ERRORS: {"unique_together": SAME_DATE}}


class EffectMeasurementFormSet(forms.BaseModelFormSet):
    """The measurements of all indicators of one plan, checked against each indicator as
    typed in the same save: after its baseline, within its kind of number, a comparison value
    only with a comparison area, and not for an indicator that is being removed."""

    def __init__(self, *args, plan: MonitoringPlan, indicators: EffectIndicatorFormSet, **kwargs):
        self.plan = plan
        self.indicators = indicators
        kwargs.setdefault(
            "queryset",
            EffectMeasurement.objects.filter(indicator__plan=plan)
            .select_related("indicator__effect")
            .order_by("indicator__effect__code", "indicator__name", "date", "pk"),
        )
        super().__init__(*args, **kwargs)

    @cached_property
    def _indicator_choices(self) -> list:
        rows = EffectIndicator.objects.filter(plan=self.plan).select_related("effect")
        return [("", BLANK_CHOICE_LABEL)] + [
            (row.pk, f"{row.name} ({row.effect.code})")
            for row in rows.order_by("effect__code", "name")
        ]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["indicator"].queryset = EffectIndicator.objects.filter(plan=self.plan)
        form.fields["indicator"].choices = self._indicator_choices

    def get_unique_error_message(self, unique_check):
        return SAME_DATE

    def clean(self):
        super().clean()
        typed = self._typed_indicators()
        for form in self.forms:
            indicator = getattr(form, "cleaned_data", {}).get("indicator")
            if indicator is None or self._should_delete_form(form):
                continue
            state, removed = typed.get(indicator.pk, (indicator, False))
            if removed:
                if form.has_changed():
                    form.add_error("indicator", INDICATOR_REMOVED)
                continue
            self._check(form, state)

    def _typed_indicators(self) -> dict[int, tuple[EffectIndicator, bool]]:
        """Each saved indicator as typed in this save (its form's instance holds the values
        that passed validation), and whether it is being removed."""
        self.indicators.is_valid()
        return {
            form.instance.pk: (form.instance, self.indicators._should_delete_form(form))
            for form in self.indicators.initial_forms
        }

    def _check(self, form, indicator: EffectIndicator) -> None:
        cleaned = form.cleaned_data
        day = cleaned.get("date")
        if day and indicator.baseline_date and day <= indicator.baseline_date:
            first = date_format(indicator.baseline_date)
            form.add_error("date", NOT_AFTER_BASELINE % {"date": first})
        for name in ("value", "comparison_value"):
            message = _outside_scale(indicator.scale, cleaned.get(name))
            if message and name not in form.errors:
                form.add_error(name, message)
        has_value = cleaned.get("comparison_value") is not None
        if has_value and not indicator.comparison_area and "comparison_value" not in form.errors:
            form.add_error("comparison_value", MEASUREMENT_WITHOUT_AREA)


EffectIndicatorRows = forms.inlineformset_factory(
    MonitoringPlan, EffectIndicator, form=EffectIndicatorForm, formset=EffectIndicatorFormSet,
    extra=1, **ROWS,
)  # fmt: skip
EffectMeasurementRows = forms.modelformset_factory(
    EffectMeasurement, form=EffectMeasurementForm, formset=EffectMeasurementFormSet, extra=2,
    **ROWS,
)  # fmt: skip


class MonitoringImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (xlsx)"),
        help_text=_(
            "The file that “Download the figures (Excel)” gives, with your changes. Another "
            "description's file brings its figures into a description without monitoring."
        ),
    )

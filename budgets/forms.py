"""The forms of liveability budget rounds: the round, an application, and a manager's decision."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgets.models import ROUND_FIELDS, BudgetApplication, BudgetRound
from interventions import choices as intervention_choices
from interventions.models import Intervention
from monitoring.forms import NUMBER_MESSAGES, MonitoringForm
from wwidw.forms import date_input, textarea

APPLIED_ONCE = _("This description already has an application in this round.")
ABOVE_ZERO = _("Fill in an amount of more than € 0,00.")
PLANS_FIRST = models.Case(models.When(phase=intervention_choices.Phase.PLAN, then=0), default=1)


def _validate_constraints(
    form: forms.ModelForm, *, unique: str, field: str, message, fixed: str
) -> None:
    """The instance's constraints; the UniqueConstraint `unique` also over `fixed`, a field the
    form does not show (set on the instance), with `message` next to `field`."""
    exclude = form._get_validation_exclusions()
    try:
        form.instance.validate_constraints(exclude=exclude | {field})
    except forms.ValidationError as error:
        form._update_errors(error)
    if field in exclude:
        return  # not valid itself
    model = form._meta.model
    constraint = next(item for item in model._meta.constraints if item.name == unique)
    try:
        constraint.validate(model, form.instance, exclude=exclude - {fixed})
    except forms.ValidationError:
        form.add_error(field, message)


class BudgetRoundForm(MonitoringForm):
    """A round: chosen among the organisations the manager runs when it is new, fixed after."""

    class Meta:
        model = BudgetRound
        localized_fields = "__all__"  # Dutch numbers: 1560,50
        fields = ["organisation", *ROUND_FIELDS]
        widgets = {
            "opening_date": date_input(),
            "closing_date": date_input(),
            "description": textarea(4),
        }

    def __init__(self, *args, organisations: models.QuerySet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["total_budget"].error_messages["min_value"] = ABOVE_ZERO
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].empty_label = None

    # The dates and the name are checked by BudgetRound.clean(), which the form runs.


class BudgetApplicationForm(MonitoringForm):
    """An application: a description of the round's organisation and the money it asks."""

    class Meta:
        model = BudgetApplication
        localized_fields = "__all__"  # Dutch numbers: 1560,50
        fields = ["intervention", "amount_requested", "co_financing", "motivation"]
        widgets = {"motivation": textarea(5)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_requested"].error_messages["min_value"] = ABOVE_ZERO
        descriptions = Intervention.objects.filter(organisation=self.instance.round.organisation)
        self.fields["intervention"].queryset = descriptions.exclude(
            status=intervention_choices.Status.ARCHIVED
        ).order_by(PLANS_FIRST, "title", "pk")
        self.fields["intervention"].help_text = _(
            "A description of your organisation, usually in phase “plan”. Complete it in the "
            "knowledge base before you submit."
        )

    def clean_amount_requested(self):
        amount = self.cleaned_data["amount_requested"]
        self.instance.amount_requested = amount
        if refusal := self.instance.amount_refusal():
            raise forms.ValidationError(refusal)
        return amount

    def validate_constraints(self):
        _validate_constraints(
            self,
            unique="budgets_budgetapplication_once_per_round",
            field="intervention",
            message=APPLIED_ONCE,
            fixed="round",
        )


class DecisionForm(forms.Form):
    """A manager's decision on one application; the rules are services.decide_application's."""

    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(status, status.label) for status in BudgetApplication.DECISIONS],
        widget=forms.RadioSelect,
    )
    awarded_amount = forms.DecimalField(
        label=_("Amount awarded (€)"),
        required=False,
        localize=True,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        error_messages=NUMBER_MESSAGES,
        help_text=_("Only for “partly awarded”; “awarded” gives the amount requested."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=textarea(4),
        help_text=_("The applicant reads this with the decision."),
    )

    def __init__(self, *args, application: BudgetApplication, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        if application.is_decided:
            self.initial.update(
                status=application.status,
                awarded_amount=application.awarded_amount,
                reason=application.decision_reason,
            )

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == BudgetApplication.Status.AWARDED:
            cleaned["awarded_amount"] = self.application.amount_requested
        elif status == BudgetApplication.Status.REJECTED:
            cleaned["awarded_amount"] = None
        elif (
            status
            and cleaned.get("awarded_amount") is None
            and "awarded_amount" not in self.errors
        ):
            self.add_error("awarded_amount", _("Fill in the amount you award."))
        return cleaned

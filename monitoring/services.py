"""Writing the monitoring: the plan of a description and the rows of each page, saved at once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.forms import BaseFormSet, ModelForm
from django.utils.translation import gettext as _

from interventions.models import Intervention
from monitoring.models import MonitoringPlan
from wwidw import permissions
from wwidw.models import User


def plan_for(*, intervention: Intervention, by: User) -> MonitoringPlan:
    """The monitoring plan of `intervention`, made empty the first time a member opens it."""
    if not permissions.can_change(by, intervention):
        raise PermissionDenied
    plan, _created = MonitoringPlan.objects.get_or_create(
        intervention=intervention, defaults={"organisation_id": intervention.organisation_id}
    )
    return plan


def _save_formsets(plan: MonitoringPlan, *formsets: BaseFormSet) -> MonitoringPlan:
    try:
        for formset in formsets:
            formset.save()
    except ProtectedError as error:
        # Someone added costs or results to a period between the check and the save.
        raise ValidationError(
            _(
                "A period you removed still has costs or results. Move or remove those "
                "first, then remove the period."
            ),
            code="protected",
        ) from error
    plan.save(update_fields=["updated_at"])
    return plan


@transaction.atomic
def save_plan(*, plan: MonitoringPlan, form: ModelForm, by: User) -> MonitoringPlan:
    """The settings of the plan: start of year 1, discount rate, price year, sharing, notes."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    return form.save()


@transaction.atomic
def save_periods(*, plan: MonitoringPlan, formset: BaseFormSet, by: User) -> MonitoringPlan:
    """The reporting periods; a period that still has costs or results is not removed."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    return _save_formsets(plan, formset)


@transaction.atomic
def save_costs(
    *, plan: MonitoringPlan, costs: BaseFormSet, financing: BaseFormSet, by: User
) -> MonitoringPlan:
    """The cost lines and the financing of the plan."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    return _save_formsets(plan, costs, financing)


@transaction.atomic
def save_results(
    *, plan: MonitoringPlan, indicators: BaseFormSet, values: BaseFormSet, by: User
) -> MonitoringPlan:
    """The direct results (output indicators) and their values per period."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    # Values first: removing an indicator removes its values with it.
    return _save_formsets(plan, values, indicators)


@transaction.atomic
def save_outcomes(*, plan: MonitoringPlan, formset: BaseFormSet, by: User) -> MonitoringPlan:
    """The valued outcomes: the lines of the social return."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    return _save_formsets(plan, formset)

"""Writing the monitoring: the plan of a description and the rows of each page, saved at once.

Every save is a version of the plan with all its rows (django-reversion), so a removed line
can be brought back from the history.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Model, ProtectedError, Q
from django.forms import BaseFormSet, ModelForm
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Revision, Version

from interventions.models import Intervention
from monitoring import emails, imports, reminders, tasks
from monitoring.forms import APPROVAL_BY_MANAGER
from monitoring.models import (
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    Financing,
    MonitoringPlan,
    MonitoringReminder,
    OutputIndicator,
    OutputValue,
    ReportingPeriod,
    ValuedOutcome,
)
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


@contextmanager
def plan_version(plan: MonitoringPlan, *, by: User, comment: str) -> Iterator[None]:
    """Record what the block saves as one version of the plan, by `by`, named `comment`.

    Saving the plan in the block adds it with all its rows (`follow`); rows the block removed
    are left out, since django-reversion keeps only rows that still exist at the end.
    """
    with reversion.create_revision(atomic=False):
        yield
        _store_figures(plan)
        reversion.set_user(by)
        reversion.set_comment(comment)
    transaction.on_commit(lambda: _keep_report_ahead(plan.pk, get_language()))


def _keep_report_ahead(plan_id: int, language: str) -> None:
    """Queue the rendering of the plan's report, a little after the save: the saves that
    follow within that time are in it, and their own renderings find it kept."""
    delay = datetime.timedelta(seconds=settings.MONITORING_REPORT_AHEAD_SECONDS)
    tasks.keep_plan_report.using(run_after=timezone.now() + delay).enqueue(
        plan_id=plan_id, language=language
    )


def _store_figures(plan: MonitoringPlan) -> None:
    """Keep the key figures on the plan for the archetypes' aggregates, read fresh."""
    MonitoringPlan.objects.with_details().get(pk=plan.pk).store_figures()


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
    with plan_version(plan, by=by, comment=_("Settings saved")):
        return form.save()


@transaction.atomic
def save_periods(*, plan: MonitoringPlan, formset: BaseFormSet, by: User) -> MonitoringPlan:
    """The reporting periods; a period that still has costs or results is not removed, and
    only a manager approves one (ReportingPeriod.may_change_status)."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    _check_status_changes(formset, by)
    with plan_version(plan, by=by, comment=_("Periods saved")):
        return _save_formsets(plan, formset)


def _check_status_changes(formset: BaseFormSet, by: User) -> None:
    for form in formset.forms:
        if form in formset.deleted_forms or "status" not in form.changed_data:
            continue
        old = form.initial.get("status") if form.instance.pk else None
        if not form.instance.may_change_status(by, old=old, new=form.cleaned_data["status"]):
            raise ValidationError(APPROVAL_BY_MANAGER, code="approval")


@transaction.atomic
def save_costs(
    *, plan: MonitoringPlan, costs: BaseFormSet, financing: BaseFormSet, by: User
) -> MonitoringPlan:
    """The cost lines and the financing of the plan."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    with plan_version(plan, by=by, comment=_("Costs saved")):
        return _save_formsets(plan, costs, financing)


@transaction.atomic
def save_results(
    *, plan: MonitoringPlan, indicators: BaseFormSet, values: BaseFormSet, by: User
) -> MonitoringPlan:
    """The direct results (output indicators) and their values per period."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    # Values first: removing an indicator removes its values with it.
    with plan_version(plan, by=by, comment=_("Results saved")):
        return _save_formsets(plan, values, indicators)


@transaction.atomic
def save_outcomes(*, plan: MonitoringPlan, formset: BaseFormSet, by: User) -> MonitoringPlan:
    """The valued outcomes: the lines of the social return."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    with plan_version(plan, by=by, comment=_("Social value saved")):
        return _save_formsets(plan, formset)


@transaction.atomic
def save_effects(
    *, plan: MonitoringPlan, indicators: BaseFormSet, measurements: BaseFormSet, by: User
) -> MonitoringPlan:
    """The effect indicators and their measurements; each indicator's status, improvement
    and latest date are kept with the version."""
    if not permissions.can_change(by, plan):
        raise PermissionDenied
    # Measurements first: removing an indicator removes its measurements with it.
    with plan_version(plan, by=by, comment=_("Effects saved")):
        return _save_formsets(plan, measurements, indicators)


@transaction.atomic
def restore_monitoring_version(
    *, plan: MonitoringPlan, version: Version, by: User
) -> MonitoringPlan:
    """Bring back the settings and every row of the plan as they were in `version`, as a new
    version: rows added since are removed, rows of then come back as they were.

    PermissionDenied when `version` is not a version of this plan alone; ValidationError when
    the database refuses the old rows (for example a value from the library that is gone).
    """
    if not permissions.can_change(by, plan) or not _is_version_of(version, plan):
        raise PermissionDenied
    when = date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
    MonitoringPlan.objects.select_for_update().get(pk=plan.pk)  # one restore at a time
    try:
        with transaction.atomic():
            _restore_rows(plan, version.revision)
    except (IntegrityError, ProtectedError, RevertError) as error:
        raise ValidationError(
            _(
                "The version of %(date)s could not be put back: some of its figures no longer "
                "fit, for example a value from the library that was removed. Nothing was "
                "changed; enter the figures on the pages instead."
            )
            % {"date": when},
            code="restore",
        ) from error
    restored = MonitoringPlan.objects.with_details().get(pk=plan.pk)
    with plan_version(restored, by=by, comment=_("Version of %(date)s restored") % {"date": when}):
        restored.save()
    return restored


def _model_of(version: Version) -> type[Model]:
    return ContentType.objects.get_for_id(version.content_type_id).model_class()


def _is_version_of(version: Version, plan: MonitoringPlan) -> bool:
    """Whether `version` is a version of `plan` and every row in it is one of the plan's."""
    if _model_of(version) is not MonitoringPlan or version.object_id != str(plan.pk):
        return False
    items = list(version.revision.version_set.all())
    indicators = {item.object_id for item in items if _model_of(item) is OutputIndicator}
    effects = {item.object_id for item in items if _model_of(item) is EffectIndicator}
    for item in items:
        model = _model_of(item)
        if model is MonitoringPlan:
            belongs = item.object_id == str(plan.pk)
        elif model is OutputValue:
            belongs = str(item.field_dict["indicator_id"]) in indicators
        elif model is EffectMeasurement:
            belongs = str(item.field_dict["indicator_id"]) in effects
        elif model in (
            ReportingPeriod,
            CostLine,
            Financing,
            OutputIndicator,
            ValuedOutcome,
            EffectIndicator,
        ):
            belongs = item.field_dict["plan_id"] == plan.pk
        else:
            belongs = False
        if not belongs:
            return False
    return True


def _restore_rows(plan: MonitoringPlan, revision: Revision) -> None:
    kept: dict[type[Model], set[int]] = defaultdict(set)
    for item in revision.version_set.all():
        kept[_model_of(item)].add(int(item.object_id))
    # The financing lines of budget awards follow the decisions, not the history: they stay
    # as they are. Their link is lifted during the revert, so an old line of the same award
    # cannot clash with it, and put back afterwards.
    awards = list(
        Financing.objects.filter(plan=plan, application__isnull=False).select_related(
            "application"
        )
    )
    Financing.objects.filter(pk__in=[line.pk for line in awards]).update(application=None)
    # Removed by hand, not by revert(delete=True): a period cannot go while cost lines or
    # results point at it, so those go first, and periods still in use once the old rows
    # point at their old periods again.
    CostLine.objects.filter(plan=plan).exclude(pk__in=kept[CostLine]).delete()
    OutputValue.objects.filter(indicator__plan=plan).exclude(pk__in=kept[OutputValue]).delete()
    EffectMeasurement.objects.filter(indicator__plan=plan).exclude(
        pk__in=kept[EffectMeasurement]
    ).delete()
    for model in (Financing, ValuedOutcome, OutputIndicator, EffectIndicator):
        rows = model.objects.filter(plan=plan).exclude(pk__in=kept[model])
        if model is Financing:
            rows = rows.exclude(pk__in=[line.pk for line in awards])
        rows.delete()
    periods = ReportingPeriod.objects.filter(plan=plan).exclude(pk__in=kept[ReportingPeriod])
    periods.filter(cost_lines__isnull=True, output_values__isnull=True).delete()
    revision.revert(delete=False)
    _keep_award_lines(plan, awards)
    periods.delete()
    # Foreign keys are checked at commit; check them now, while the error can be shown.
    connection.check_constraints()


def _keep_award_lines(plan: MonitoringPlan, awards: list[Financing]) -> None:
    """Put the award lines back as they were before a restore, at the amount awarded."""
    # Old lines of awards that no longer stand (rejected since) came back with the version.
    Financing.objects.filter(plan=plan, application__isnull=False).exclude(
        pk__in=[line.pk for line in awards]
    ).delete()
    for line in awards:
        line.committed = line.application.awarded_amount
        line.save()


# Import


@transaction.atomic
def import_monitoring(
    *, intervention: Intervention, table, filename: str, seen: str, by: User, progress=None
) -> MonitoringPlan:
    """Bring the monitoring of `intervention` to what the file (`table`, read by
    wwidw.sheet_input) holds, as one version "Imported from <filename>"; the plan is made when
    the description has none. `seen` is the plan's `import_stamp` when the preview was shown;
    `progress` is told how far the import is, in percent.

    Raises imports.ImportRefusedError, with what is wrong, when the file cannot come in as it
    is or the monitoring changed since the preview; nothing is then written.
    """
    if not permissions.can_change(by, intervention):
        raise PermissionDenied
    # One import at a time, of the monitoring as the preview showed it.
    plan = MonitoringPlan.objects.select_for_update().filter(intervention=intervention).first()
    if imports.import_stamp(plan) != seen:
        raise imports.ImportRefusedError(imports.changed_since_preview())
    plan = plan or plan_for(intervention=intervention, by=by)
    comment = _("Imported from %(file)s") % {"file": filename}
    with plan_version(plan, by=by, comment=comment):
        check = imports.apply_file(
            table, plan=plan, intervention=intervention, user=by, progress=progress
        )
        if not check.is_valid:
            raise imports.ImportRefusedError(check)
        plan.save(update_fields=["updated_at"])
    return plan


# Reminders


@transaction.atomic
def remind_overdue_monitoring(*, today: datetime.date) -> int:
    """E-mail the contact of each description whose monitoring has a period or a planned
    measurement that passed without figures (monitoring/reminders.py), once per date that
    passed; returns the number of e-mails.

    The plans are locked (skipping those another run holds) before what was sent is read, so
    two runs at once never send the same reminder twice.
    """
    candidates = reminders.active_plans().filter(
        Q(pk__in=reminders.overdue_periods(MonitoringPlan.objects.all(), today).values("plan"))
        | Q(
            pk__in=reminders.overdue_indicators(MonitoringPlan.objects.all(), today).values("plan")
        )
    )
    plans = list(
        candidates.select_related("intervention", "organisation")
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("pk")
    )
    sent_before = reminders.sent_keys(plans)
    items_by_plan = defaultdict(list)
    for item in reminders.overdue_items(plans, today):
        if item.key not in sent_before:
            items_by_plan[item.plan.pk].append(item)
    sent = 0
    for plan in plans:
        items, to = items_by_plan.get(plan.pk), reminders.recipients(plan)
        if not items or not to:
            continue
        emails.send_reminder_email(plan, items, to)
        MonitoringReminder.objects.bulk_create([item.as_reminder(", ".join(to)) for item in items])
        sent += 1
    return sent

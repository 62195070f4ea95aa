"""The history of the monitoring of one description: every save is a version, and an old one
can be put back.

Members of the owning organisation only, like the pages; the figures of a version are read from
what the version stored, not from the current rows.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from reversion.models import Version

from monitoring import services
from monitoring.models import (
    CostLine,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    ReportingPeriod,
    ValuedOutcome,
)

# The kinds of rows counted per version, in the order of the tabs.
COUNTED = [ReportingPeriod, CostLine, Financing, OutputIndicator, ValuedOutcome]


@dataclass(frozen=True)
class VersionRow:
    number: int
    version: Version
    counts: list[int]  # rows per kind, in the order of COUNTED
    costs: Decimal  # realised costs then; the budget when nothing was realised yet
    is_forecast: bool


@require_safe
@login_required
def monitoring_history(request, pk: int):
    plan = _plan(request, pk)
    versions = list(_versions(plan))
    rows = _version_rows(versions)
    chosen = request.GET.get("terugzetten", "")
    context = {
        "plan": plan,
        "intervention": plan.intervention,
        "kinds": [model._meta.verbose_name_plural for model in COUNTED],
        "rows": rows,
        "confirm": next((row for row in rows[1:] if str(row.version.pk) == chosen), None),
    }
    return render(request, "monitoring/monitoring_history.html", context)


@require_POST
@login_required
def monitoring_restore(request, pk: int, version_id: int):
    plan = _plan(request, pk)
    version = get_object_or_404(_versions(plan), pk=version_id)
    try:
        services.restore_monitoring_version(plan=plan, version=version, by=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:history", pk=pk)
    when = date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
    messages.success(
        request,
        _("The figures of %(date)s are back. The figures before are kept in the history.")
        % {"date": when},
    )
    return redirect("monitoring:detail", pk=pk)


def _plan(request, pk: int) -> MonitoringPlan:
    plans = MonitoringPlan.objects.visible_to(request.user)
    return get_object_or_404(plans.select_related("intervention", "organisation"), intervention=pk)


def _versions(plan: MonitoringPlan):
    return Version.objects.get_for_object(plan).select_related("revision__user")


def _version_rows(versions: list[Version]) -> list[VersionRow]:
    """The versions, newest first, numbered from the oldest, with what each held."""
    revisions = [version.revision_id for version in versions]
    counts = _counts(revisions)
    costs = _costs(revisions)
    rows = []
    for index, version in enumerate(versions):
        realised, budget = costs.get(version.revision_id, (Decimal(0), Decimal(0)))
        rows.append(
            VersionRow(
                number=len(versions) - index,
                version=version,
                counts=[counts[version.revision_id, model] for model in COUNTED],
                costs=realised or budget,
                is_forecast=not realised and bool(budget),
            )
        )
    return rows


def _counts(revisions: list[int]) -> Counter:
    """How many rows of each kind every revision holds: one query for all of them."""
    types = ContentType.objects.get_for_models(*COUNTED)
    models = {content_type.pk: model for model, content_type in types.items()}
    grouped = (
        Version.objects.filter(revision__in=revisions, content_type__in=models)
        .values("revision", "content_type")
        .annotate(rows=Count("pk"))
        .order_by()
    )
    return Counter(
        {(item["revision"], models[item["content_type"]]): item["rows"] for item in grouped}
    )


def _costs(revisions: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """The realised costs and the budget every revision holds, from its stored cost lines."""
    content_type = ContentType.objects.get_for_model(CostLine)
    stored = Version.objects.filter(revision__in=revisions, content_type=content_type)
    totals: dict[int, tuple[Decimal, Decimal]] = {}
    for item in stored.order_by():
        fields = item.field_dict
        line = CostLine(
            amount=fields["amount"], hours=fields["hours"], hourly_rate=fields["hourly_rate"]
        )
        realised, budget = totals.get(item.revision_id, (Decimal(0), Decimal(0)))
        if fields["is_budget"]:
            budget += line.total
        else:
            realised += line.total
        totals[item.revision_id] = (realised, budget)
    return totals

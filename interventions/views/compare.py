"""Comparing descriptions side by side: their sections, and the key figures and effects of
their monitoring where the reader may see it (their own organisation's, or shared).

The chosen descriptions are the `id`s in the address, so the page needs no state and no
JavaScript: a search on the page lists the descriptions the reader may see, each with a button
that adds its id; each column has a link without its id.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from interventions import documents
from interventions.filters import SEARCH_MAX_LENGTH
from interventions.models import Effect, Intervention
from interventions.views.read import SIMILAR_LIMIT
from monitoring import choices as monitoring_choices
from monitoring.effect_words import effect_in_words
from monitoring.models import EffectIndicator, MonitoringPlan, PlanFigures
from wwidw import permissions

COMPARE_MIN, COMPARE_MAX = 2, 12
FOUND_LIMIT = 10


@dataclass(frozen=True)
class MeasuredEffect:
    indicator: EffectIndicator
    status: str
    words: str


@dataclass(frozen=True)
class EffectCell:
    """One description's answer on one intended effect (None in a row: not intended)."""

    indicators: list[MeasuredEffect]
    is_monitoring_visible: bool
    is_own: bool


@dataclass(frozen=True)
class EffectRow:
    effect: Effect
    cells: list[EffectCell | None]


@dataclass(frozen=True)
class Column:
    intervention: Intervention
    figures: PlanFigures | None  # None: no monitoring the reader may see
    is_own: bool  # of the reader's organisation
    remove_query: str  # the address's query without this description
    cost_per_year: Decimal | None = None  # total cost per year of running time


def _chosen_ids(request) -> list[int]:
    try:
        ids = [int(value) for value in request.GET.getlist("id")]
    except ValueError:
        raise Http404 from None
    return list(dict.fromkeys(ids))


def _visible_in_order(request, ids: list[int]) -> list[Intervention]:
    """The chosen descriptions in the order chosen; one that is not visible is a 404."""
    visible = documents.readable(Intervention.objects.visible_to(request.user))
    found = {intervention.pk: intervention for intervention in visible.filter(pk__in=ids)}
    if len(found) != len(ids):
        raise Http404
    return [found[pk] for pk in ids]


def _figures(request, interventions: list[Intervention]) -> dict[int, MonitoringPlan]:
    """The plans of the monitoring the reader may see, per description id, with their cost per
    year of running time; `figures()` reads them without queries."""
    plans = MonitoringPlan.objects.open_to(request.user).filter(intervention__in=interventions)
    return {plan.intervention_id: plan for plan in plans.with_details().with_cost_per_year()}


def _columns(request, interventions, plans, ids: list[int]) -> list[Column]:
    columns = []
    for intervention in interventions:
        query = QueryDict(mutable=True)
        query.setlist("id", [pk for pk in ids if pk != intervention.pk])
        is_own = permissions.can_change(request.user, intervention)
        plan = plans.get(intervention.pk)
        columns.append(
            Column(
                intervention,
                plan.figures() if plan else None,
                is_own,
                query.urlencode(),
                plan.cost_per_year if plan else None,
            )
        )
    return columns


def _measured(plan_figures: PlanFigures, effect: Effect) -> list[MeasuredEffect]:
    return [
        MeasuredEffect(
            item.indicator,
            monitoring_choices.EffectStatus(item.result.status).label,
            effect_in_words(item.indicator, item.result),
        )
        for item in plan_figures.effects
        if item.indicator.effect_id == effect.pk
    ]


def _effect_rows(columns: list[Column]) -> list[EffectRow]:
    """One row per intended effect of any of the descriptions, by code."""
    intended = [
        {link.effect_id: link.effect for link in column.intervention.intended_effects.all()}
        for column in columns
    ]
    effects = {pk: effect for effects in intended for pk, effect in effects.items()}
    rows = []
    for effect in sorted(effects.values(), key=lambda item: item.code):
        cells = [
            EffectCell(
                _measured(column.figures, effect) if column.figures else [],
                is_monitoring_visible=column.figures is not None,
                is_own=column.is_own,
            )
            if effect.pk in effects_of
            else None
            for column, effects_of in zip(columns, intended, strict=True)
        ]
        rows.append(EffectRow(effect, cells))
    return rows


def _found(request, text: str, ids: list[int]) -> list[Intervention]:
    """The descriptions the reader may see that match `text`, not yet compared."""
    visible = Intervention.objects.visible_to(request.user)
    found = visible.search(text).exclude(pk__in=ids).select_related("organisation")
    return list(found[:FOUND_LIMIT])


def _suggestions(request, interventions: list[Intervention], ids: list[int]):
    if not interventions:
        return []
    similar = Intervention.objects.visible_to(request.user).similar_to(interventions[0])
    similar = similar.exclude(pk__in=ids).select_related("organisation")
    return list(similar[:SIMILAR_LIMIT])


@require_safe
@login_required
def intervention_compare(request):
    ids = _chosen_ids(request)
    text = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    context = {"ids": ids, "q": text, "too_few": len(ids) < COMPARE_MIN, "maximum": COMPARE_MAX}
    if len(ids) > COMPARE_MAX:
        context["too_many"] = True
        return render(request, "interventions/intervention_compare.html", context)
    interventions = _visible_in_order(request, ids)
    columns = _columns(request, interventions, _figures(request, interventions), ids)
    can_add = len(ids) < COMPARE_MAX
    context |= {
        "columns": columns,
        "column_count": len(columns) + 1,
        "rows": documents.comparison(interventions),
        "effect_rows": _effect_rows(columns),
        "can_add": can_add,
        "found": _found(request, text, ids) if text and can_add else [],
        "suggestions": _suggestions(request, interventions, ids) if can_add else [],
    }
    return render(request, "interventions/intervention_compare.html", context)

"""Reading and entering the monitoring of one description: the overview and its edit pages.

Every page starts from the descriptions the user may change; each edit page shows the summary
of the saved figures next to its form and comes back to itself after a save. Until the monitoring
of a description has begun, every page says so and offers to begin it: the plan is made by a POST,
never by opening a page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from interventions.models import Intervention
from monitoring import charts, choices, forms, services
from monitoring.models import MonitoringPlan, PlanFigures

# The pages that show the start of the monitoring before it has begun, by URL name.
PAGES = {"detail", "plan", "periods", "costs", "results", "outcomes"}


@login_required
def monitoring_detail(request, pk):
    plan = _plan(request, pk)
    if plan is None:
        return _not_begun(request, pk)
    figures = plan.figures()
    context = {"charts": _charts(plan, figures), "categories": _categories(figures)}
    return _render(request, "monitoring/monitoring_detail.html", plan, figures, context)


@login_required
def monitoring_plan(request, pk):
    plan = _plan(request, pk)
    if plan is None:
        return _not_begun(request, pk)
    figures = plan.figures()  # Before the form puts what was typed on the plan.
    form = forms.PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.save_plan(plan=plan, form=form, by=request.user)
        return _saved(request, "monitoring:plan", pk)
    context = {"form": form, "not_saved": request.method == "POST"}
    return _render(request, "monitoring/monitoring_plan.html", plan, figures, context)


@login_required
def monitoring_periods(request, pk):
    plan = _plan(request, pk)
    if plan is None:
        return _not_begun(request, pk)
    formset = forms.PeriodRows(request.POST or None, instance=plan, prefix="periods")
    if request.method == "POST" and formset.is_valid():
        try:
            services.save_periods(plan=plan, formset=formset, by=request.user)
        except ValidationError as error:
            context = {"formsets": [formset], "save_errors": error.messages}
            return _render_form(request, "monitoring/monitoring_periods.html", plan, **context)
        return _saved(request, "monitoring:periods", pk)
    return _render_form(request, "monitoring/monitoring_periods.html", plan, formsets=[formset])


@login_required
def monitoring_costs(request, pk):
    plan = _plan(request, pk)
    if plan is None:
        return _not_begun(request, pk)
    data = request.POST or None
    costs = forms.CostRows(data, instance=plan, prefix="costs")
    financing = forms.FinancingRows(data, instance=plan, prefix="financing")
    if request.method == "POST" and _all_valid(costs, financing):
        services.save_costs(plan=plan, costs=costs, financing=financing, by=request.user)
        return _saved(request, "monitoring:costs", pk)
    formsets = [costs, financing]
    return _render_form(request, "monitoring/monitoring_costs.html", plan, formsets=formsets)


@login_required
def monitoring_results(request, pk):
    plan = _plan(request, pk)
    if plan is None:
        return _not_begun(request, pk)
    data = request.POST or None
    indicators = forms.OutputRows(data, instance=plan, prefix="outputs")
    values = forms.OutputValueRows(data, plan=plan, prefix="values")
    if request.method == "POST" and _all_valid(indicators, values):
        services.save_results(plan=plan, indicators=indicators, values=values, by=request.user)
        return _saved(request, "monitoring:results", pk)
    formsets = [indicators, values]
    return _render_form(request, "monitoring/monitoring_results.html", plan, formsets=formsets)


@login_required
def monitoring_outcomes(request, pk):
    plan = _plan(request, pk)
    if plan is None:
        return _not_begun(request, pk)
    formset = forms.OutcomeRows(request.POST or None, instance=plan, prefix="outcomes")
    if request.method == "POST" and formset.is_valid():
        services.save_outcomes(plan=plan, formset=formset, by=request.user)
        return _saved(request, "monitoring:outcomes", pk)
    return _render_form(request, "monitoring/monitoring_outcomes.html", plan, formsets=[formset])


@require_POST
@login_required
def monitoring_start(request, pk):
    intervention = get_object_or_404(Intervention.objects.editable_by(request.user), pk=pk)
    services.plan_for(intervention=intervention, by=request.user)
    page = request.POST.get("page", "")
    return redirect(f"monitoring:{page if page in PAGES else 'detail'}", pk=pk)


def _plan(request, pk) -> MonitoringPlan | None:
    """The plan of a description the user may change, else a 404; None while its monitoring has
    not begun. A POST begins it; a GET never writes."""
    intervention = get_object_or_404(Intervention.objects.editable_by(request.user), pk=pk)
    if request.method == "POST":
        services.plan_for(intervention=intervention, by=request.user)
    plans = MonitoringPlan.objects.visible_to(request.user).with_details()
    return plans.filter(intervention=intervention).first()


def _not_begun(request, pk):
    """The page before the monitoring of the description has begun: what it is and a button."""
    interventions = Intervention.objects.editable_by(request.user).select_related("organisation")
    context = {"intervention": get_object_or_404(interventions, pk=pk), "plan": None}
    return render(request, "monitoring/monitoring_start.html", context)


def _all_valid(*formsets) -> bool:
    # Validate every formset, so every error shows at once.
    results = [formset.is_valid() for formset in formsets]
    return all(results)


def _saved(request, name: str, pk: int):
    messages.success(request, _("Saved. The summary now shows the new figures."))
    return redirect(name, pk=pk)


def _render_form(request, template: str, plan: MonitoringPlan, **context):
    # The summary shows what is saved, also while the form shows what was typed.
    not_saved = request.method == "POST"
    return _render(request, template, plan, plan.figures(), {**context, "not_saved": not_saved})


def _render(request, template: str, plan: MonitoringPlan, figures: PlanFigures, context: dict):
    context = {"plan": plan, "intervention": plan.intervention, "figures": figures, **context}
    return render(request, template, context)


def _categories(figures: PlanFigures) -> list[tuple[str, object]]:
    return [
        (choices.CostCategory(key).label, amount)
        for key, amount in figures.costs.by_category.items()
    ]


def _charts(plan: MonitoringPlan, figures: PlanFigures) -> list[charts.Chart]:
    """Costs per category and per bearer, results per period, and the balance per actor."""
    results = [
        (f"{value.period.label} · {value.indicator.name}", value.target, value.realised)
        for output in plan.outputs.all()
        for value in output.values.all()
    ]
    return [
        charts.bar_chart(_("Costs per category"), _categories(figures)),
        charts.bar_chart(_("Costs per bearer"), list(figures.costs.by_bearer.items())),
        charts.paired_bar_chart(
            _("Results per period: target and realised"),
            results,
            first_label=_("target"),
            second_label=_("realised"),
        ),
        charts.diverging_bar_chart(
            _("Who invests, who gains"),
            [(actor.actor, actor.balance) for actor in figures.sroi.by_actor],
        ),
    ]

"""The monitoring pages of one description, its history and its reports.

Every page starts from the descriptions the user may change; each edit page shows the summary
of the saved figures next to its form and comes back to itself after a save. Until the monitoring
of a description has begun, every page says so and offers to begin it: the plan is made by a POST,
never by opening a page.

History: every save is a version, and an old one can be put back; the figures of a version are
read from what the version stored, not from the current rows.

Reports: members and managers of the owning organisation download the PDF and xlsx of one
description and of the organisation's portfolio; anybody else gets a 404. The portfolio PDF, slow
for large organisations, is made by a task (monitoring/tasks.py): a POST starts it, a status page
follows it and the file is downloaded from there by whoever started it (wwidw/downloads.py).
"""

import functools
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from reversion.models import Version

from interventions.models import Intervention
from monitoring import (
    benchmark,
    charts,
    choices,
    documents,
    exports,
    forms,
    import_tasks,
    imports,
    row_versions,
    services,
    tasks,
)
from monitoring.effect_words import effect_in_words
from monitoring.models import (
    DETAIL_RELATIONS,
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    PlanFigures,
    ReportingPeriod,
    ValuedOutcome,
    detail_prefetches,
)
from wwidw import downloads, pagecache, sheet_input, spreadsheets
from wwidw.models import Organisation
from wwidw.pdf import pdf_response

# The pages that show the start of the monitoring before it has begun, by URL name.
PAGES = {"detail", "plan", "periods", "costs", "results", "outcomes", "effects"}


@login_required
def monitoring_detail(request, pk):
    # The whole page is kept per reader and data version. Its part with the plan's own figures
    # is kept under the plan's version (monitoring/row_versions.py), and its comparison with
    # other plans, the slot "benchmarks", under that and the version of its peers' rows: a
    # write elsewhere leaves both as they are.
    whole_key = pagecache.reader_page_key(request, "monitoring-page", pk)
    return pagecache.cached_whole_page(request, whole_key, lambda: _overview(request, pk))


def _overview(request, pk) -> HttpResponse:
    plan = None
    if request.method != "POST":
        plans = MonitoringPlan.objects.filter(
            intervention__in=Intervention.objects.editable_by(request.user)
        ).visible_to(request.user)
        plan = (
            plans.filter(intervention=pk)
            .select_related(*DETAIL_RELATIONS)
            .annotate(rows=row_versions.fingerprint(), peers=row_versions.peers_fingerprint())
            .first()
        )
    if plan is None:
        # A 404, the page before the monitoring has begun, or its beginning (a POST).
        plan = _plan(request, pk)
        if plan is None:
            return _not_begun(request, pk)
        part = None
    else:
        part = pagecache.CachedPart.look_up(
            pagecache.page_key(request, "monitoring", pk, version=plan.rows)
        )
        if part.html is None:
            prefetch_related_objects([plan], *detail_prefetches())
    context = {"plan": plan, "intervention": plan.intervention, "page_cache": part}
    if part is None or part.html is None:
        figures = plan.figures()
        context |= {
            "figures": figures,
            "charts": _charts(plan, figures),
            "categories": _categories(figures),
        }

    def comparison() -> dict[str, str]:
        # The units and effects of the plan, when the part came from the cache without them.
        prefetch_related_objects([plan], "outputs", "effect_indicators")
        context["benchmarks"] = benchmarks = benchmark.overview_benchmarks(plan, request.user)
        html = render_to_string("monitoring/includes/benchmark.html", {"benchmarks": benchmarks})
        return {"benchmarks": html}

    # Kept under the rows it reads, the plan's and its peers', when the plan was read with them.
    version = None if part is None else (plan.rows, plan.peers)
    context["page_slots"] = pagecache.slots(
        request, "monitoring", pk, build=comparison, version=version
    )
    return TemplateResponse(request, "monitoring/monitoring_detail.html", context)


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
    formset = forms.PeriodRows(
        request.POST or None, instance=plan, prefix="periods", form_kwargs={"user": request.user}
    )
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


@login_required
def monitoring_effects(request, pk):
    plan = _plan(request, pk)
    if plan is None:
        return _not_begun(request, pk)
    data = request.POST or None
    indicators = forms.EffectIndicatorRows(data, instance=plan, prefix="effects")
    measurements = forms.EffectMeasurementRows(
        data, plan=plan, indicators=indicators, prefix="measurements"
    )
    if request.method == "POST" and _all_valid(indicators, measurements):
        services.save_effects(
            plan=plan, indicators=indicators, measurements=measurements, by=request.user
        )
        return _saved(request, "monitoring:effects", pk)
    formsets = [indicators, measurements]
    template = "monitoring/monitoring_effects.html"
    return _render_form(request, template, plan, formsets=formsets, effects=_effects(plan))


def _effects(plan: MonitoringPlan) -> list[tuple[EffectIndicator, str, str]]:
    """Each saved indicator with its result in words and its status."""
    return [
        (
            figure.indicator,
            effect_in_words(figure.indicator, figure.result),
            choices.EffectStatus(figure.result.status).label,
        )
        for figure in plan.figures().effects
    ]


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


# History


# The kinds of rows counted per version, in the order of the tabs.
COUNTED = [
    ReportingPeriod,
    CostLine,
    Financing,
    OutputIndicator,
    EffectIndicator,
    EffectMeasurement,
    ValuedOutcome,
]


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
    plan = _saved_plan(request, pk)
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
    plan = _saved_plan(request, pk)
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


def _saved_plan(request, pk: int) -> MonitoringPlan:
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


# Reports


def _reportable(request, pk: int) -> MonitoringPlan:
    plans = MonitoringPlan.objects.reportable_by(request.user).with_details()
    return get_object_or_404(plans, intervention_id=pk)


def _organisation(request, slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)


def _portfolio_plans(request, organisation: Organisation) -> list[MonitoringPlan]:
    plans = MonitoringPlan.objects.reportable_by(request.user).in_portfolio_of(organisation)
    return list(plans.with_details())


def _filename(name: str, extension: str) -> str:
    """monitoring-<name>-<date>.<extension>: what it is, whose and of when."""
    return f"monitoring-{slugify(name)[:80]}-{timezone.localdate().isoformat()}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
@login_required
def report_pdf(request, pk: int):
    """The report as last rendered when it would show the same (monitoring/documents.py)."""
    plans = MonitoringPlan.objects.reportable_by(request.user).with_details()
    plan = get_object_or_404(plans.with_rendered_report(get_language()), intervention_id=pk)
    html = documents.render_report_html(plan, request=request)
    kept = functools.partial(
        documents.kept_or_rendered, kept=plan, organisation=plan.organisation, plan=plan
    )
    return pdf_response(request, html, _filename(plan.intervention.title, "pdf"), to_pdf=kept)


@require_safe
@login_required
def export_xlsx(request, pk: int):
    plan = _reportable(request, pk)
    filename = _filename(plan.intervention.title, "xlsx")
    return _download(exports.plan_xlsx(plan), spreadsheets.XLSX_CONTENT_TYPE, filename)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def portfolio_pdf(request, slug: str):
    """GET offers to make the portfolio report, POST starts it and shows its progress."""
    organisation = _organisation(request, slug)
    if settings.DEBUG and request.GET.get("html"):
        plans = _portfolio_plans(request, organisation)
        return HttpResponse(documents.render_portfolio_html(organisation, plans, request=request))
    if request.method == "POST":
        result = downloads.start(
            tasks.make_portfolio_pdf,
            user=request.user,
            organisation_id=organisation.pk,
            filename=_filename(organisation.name, "pdf"),
        )
        return redirect("monitoring:portfolio_pdf_status", slug=slug, result_id=result.id)
    return render(request, "wwidw/document_start.html", _portfolio_page(organisation))


@require_safe
@login_required
def portfolio_pdf_status(request, slug: str, result_id):
    organisation = _organisation(request, slug)
    result = downloads.result_for(
        tasks.make_portfolio_pdf, result_id, user=request.user, organisation_id=organisation.pk
    )
    download_url = reverse("monitoring:portfolio_pdf_download", args=[slug, result_id])
    page = _portfolio_page(organisation)
    return downloads.status_response(request, result, download_url=download_url, **page)


@require_safe
@login_required
def portfolio_pdf_download(request, slug: str, result_id):
    organisation = _organisation(request, slug)
    result = downloads.result_for(
        tasks.make_portfolio_pdf, result_id, user=request.user, organisation_id=organisation.pk
    )
    return downloads.file_response(result)


def _portfolio_page(organisation: Organisation) -> dict:
    return {
        "title": _("Portfolio report (PDF)"),
        "subject": organisation.name,
        "back_url": reverse("organisation_dashboard", args=[organisation.slug]),
        "start_url": reverse("monitoring:portfolio_pdf", args=[organisation.slug]),
    }


@require_safe
@login_required
def portfolio_xlsx(request, slug: str):
    organisation = _organisation(request, slug)
    content = exports.portfolio_xlsx(organisation, _portfolio_plans(request, organisation))
    return _download(content, spreadsheets.XLSX_CONTENT_TYPE, _filename(organisation.name, "xlsx"))


# Import: the figures from the xlsx of the export (monitoring/imports.py). The upload is kept
# and a task (monitoring/tasks.py) makes the preview; the confirmation starts a task that
# imports it. Both show their progress on one status page, which then shows what came of it.


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def monitoring_import(request, pk: int):
    """GET offers to upload a file; POST keeps it and starts its preview."""
    intervention = _editable(request, pk)
    form = forms.MonitoringImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet_input.read_upload(upload, max_rows=imports.MAX_ROWS)
        except sheet_input.SheetError as error:
            context["check"] = imports.ImportCheck(problems=[imports.Problem(error.message)])
            context["filename"] = upload.name
            return _render_import(request, intervention, context)
        upload.seek(0)
        plan = MonitoringPlan.objects.filter(intervention=intervention).first()
        token = imports.keep_upload(
            upload.read(),
            filename=upload.name[-100:],
            intervention=intervention,
            user=request.user,
            stamp=imports.import_stamp(plan),
        )
        return _start_import(request, import_tasks.check_monitoring_import, intervention, token)
    return _render_import(request, intervention, context)


@require_POST
@login_required
def monitoring_import_confirm(request, pk: int):
    intervention = _editable(request, pk)
    token = request.POST.get("token", "")
    if imports.kept_upload(token, intervention=intervention, user=request.user) is None:
        messages.error(request, _("The file of that preview is no longer kept. Upload it again."))
        return redirect("monitoring:import", pk=pk)
    return _start_import(request, import_tasks.import_monitoring, intervention, token)


@require_safe
@login_required
def monitoring_import_status(request, pk: int, result_id):
    """The progress of a preview or an import; then the preview, or the imported monitoring."""
    intervention = _editable(request, pk)
    task = {
        "preview": import_tasks.check_monitoring_import,
        "import": import_tasks.import_monitoring,
    }.get(request.GET.get("taak", "preview"))
    if task is None:
        raise Http404
    result = downloads.result_for(task, result_id, user=request.user, intervention_id=pk)
    state = downloads.progress(result)
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        return JsonResponse(state, headers={"Cache-Control": "no-store"})
    if state["state"] != "ready":
        context = {"state": state, "is_failed": state["state"] == "failed"}
        return _render_import(
            request, intervention, {"form": forms.MonitoringImportForm(), **context}
        )
    outcome = result.return_value
    if outcome.get("imported"):
        messages.success(
            request,
            _("The figures of %(file)s are imported. The figures before are kept in the history.")
            % {"file": outcome["filename"]},
        )
        return redirect("monitoring:detail", pk=pk)
    context = {
        "check": imports.ImportCheck.from_data(outcome["check"]),
        "token": outcome["token"],
        "filename": outcome["filename"],
        "form": forms.MonitoringImportForm(),
    }
    return _render_import(request, intervention, context)


def _editable(request, pk: int) -> Intervention:
    interventions = Intervention.objects.editable_by(request.user).select_related("organisation")
    return get_object_or_404(interventions, pk=pk)


def _start_import(request, task, intervention: Intervention, token: str):
    result = downloads.start(task, user=request.user, intervention_id=intervention.pk, token=token)
    url = reverse("monitoring:import_status", args=[intervention.pk, result.id])
    name = "import" if task is import_tasks.import_monitoring else "preview"
    return redirect(f"{url}?taak={name}")


def _render_import(request, intervention: Intervention, context: dict):
    plan = MonitoringPlan.objects.filter(intervention=intervention).first()
    context = {"plan": plan, "intervention": intervention, **context}
    return render(request, "monitoring/monitoring_import.html", context)

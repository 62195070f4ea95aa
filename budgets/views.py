"""Liveability budget rounds: members apply with a description, managers compare and decide.

Every page starts from the rounds or applications of the user's organisations (another
partner's is a 404), then asks whether the user's role allows the page (else a 403). The rules
are budgets.services'; the pages call them and show their refusals.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from budgets import documents, exports, forms, services, tasks
from budgets.filters import REVIEW_STATUSES, ApplicationFilter
from budgets.models import (
    ROUND_FIELDS,
    BudgetApplication,
    BudgetDecision,
    BudgetRound,
    Completeness,
)
from monitoring import calculations
from monitoring.models import OutputIndicator
from wwidw import downloads, pagecache, permissions
from wwidw.models import Organisation
from wwidw.spreadsheets import XLSX_CONTENT_TYPE

Round = BudgetRound.Status
Application = BudgetApplication.Status
# Open rounds first, then those under review, then the decided ones.
ROUND_ORDER = Case(When(status=Round.OPEN, then=0), When(status=Round.REVIEW, then=1), default=2)
ROUND_FORM = "budgets/round_form.html"
APPLICATION_FORM = "budgets/application_form.html"


@login_required
def round_list(request):
    rounds = BudgetRound.objects.visible_to(request.user).select_related("organisation")
    own = BudgetApplication.objects.visible_to(request.user).filter(applicant=request.user)
    context = {
        "rounds": rounds.order_by(ROUND_ORDER, "-opening_date", "name"),
        "applications": own.select_related("round", "intervention").order_by("-created_at"),
        "can_create": bool(permissions.managed_organisation_ids(request.user)),
        "for_programme_staff": (
            BudgetApplication.objects.waiting_for_programme_staff()
            .select_related("round__organisation", "intervention")
            .order_by("submitted_at", "pk")
            if permissions.is_programme_staff(request.user)
            else BudgetApplication.objects.none()
        ),
    }
    return render(request, "budgets/round_list.html", context)


@login_required
def round_create(request):
    if not permissions.managed_organisation_ids(request.user):
        raise PermissionDenied
    organisations = Organisation.objects.managed_by(request.user).order_by("name")
    form = forms.BudgetRoundForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            fields = {name: form.cleaned_data[name] for name in ROUND_FIELDS}
            budget_round = services.create_round(
                organisation=organisation, by=request.user, **fields
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The round has been created and is open."))
            return redirect(budget_round)
    return render(request, ROUND_FORM, {"form": form})


@login_required
def round_update(request, pk):
    budget_round = round_for(request, pk, manager=True)
    form = forms.BudgetRoundForm(request.POST or None, instance=budget_round)
    if request.method == "POST" and form.is_valid():
        try:
            budget_round = services.update_round(
                round=budget_round, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect(budget_round)
    return render(request, ROUND_FORM, {"form": form, "round": budget_round})


@login_required
def round_detail(request, pk):
    budget_round = round_for(request, pk)
    is_manager = permissions.can_manage_organisation(request.user, budget_round.organisation)
    own = budget_round.applications.filter(applicant=request.user)
    context = {
        "round": budget_round,
        "is_manager": is_manager,
        "budget": budget_round.budget_line() if is_manager else None,
        "status_buttons": budget_round.next_statuses() if is_manager else [],
        "is_accepting": budget_round.is_accepting_applications(),
        "applications": own.select_related("intervention").order_by("-created_at"),
    }
    return render(request, "budgets/round_detail.html", context)


@login_required
@require_POST
def round_status(request, pk):
    budget_round = round_for(request, pk, manager=True)
    try:
        budget_round = services.set_round_status(
            round=budget_round, status=request.POST.get("status", ""), by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        status = budget_round.get_status_display()
        messages.success(request, _("The round is now “%(status)s”.") % {"status": status})
    return redirect(budget_round)


@login_required
def round_review(request, pk):
    # The rows say what the reader may decide (not on their own application): their own part.
    key = pagecache.page_key(request, "review", pk, personal=True)

    def budget_round() -> BudgetRound:
        # Read by either the part's builder or what goes around it, once per request.
        return round_for(request, pk, manager=True)

    # The whole page is kept too: its key holds the reader's rights and the data version, which
    # decide whether they may manage the round, so a page from the cache was rendered for a
    # reader who passed round_for() with the same rights and data.
    return pagecache.render(
        request,
        "budgets/round_review.html",
        key=key,
        build=lambda: _review(request, budget_round()),
        around=lambda: {"round": budget_round()},
        whole_key=pagecache.reader_page_key(request, "review-page", pk),
    )


def _review(request, budget_round: BudgetRound) -> dict:
    applications = (
        BudgetApplication.objects.decidable_by(request.user)
        .filter(round=budget_round, status__in=REVIEW_STATUSES)
        .with_description_parts()
        .select_related("round", "applicant", "decided_by", "intervention__monitoring")
        .prefetch_related(_outputs_with_targets())
    )
    filterset = ApplicationFilter(request.GET, queryset=applications)
    managers = budget_round.managers()
    context = {
        "round": budget_round,
        "budget": budget_round.budget_line(),
        "filterset": filterset,
        "managers": managers,
        "rows": [
            ReviewRow.of(application, user=request.user, managers=managers)
            for application in filterset.qs.as_submitted()
        ],
        "is_filtered": any(request.GET.get(name) for name in ("status", "volledigheid")),
    }
    return context


@login_required
def application_create(request, pk):
    budget_round = round_for(request, pk)
    if not budget_round.is_accepting_applications():
        messages.error(request, _("This round does not accept applications now."))
        return redirect(budget_round)
    application = BudgetApplication(round=budget_round, applicant=request.user)
    return _application_form(request, application)


@login_required
def application_update(request, pk):
    application = _application(request, pk, BudgetApplication.objects.editable_by(request.user))
    return _application_form(request, application)


@login_required
def application_detail(request, pk):
    application = _application(request, pk, BudgetApplication.objects.visible_to(request.user))
    is_manager = permissions.can_manage_organisation(request.user, application.round.organisation)
    is_applicant = application.applicant_id == request.user.pk
    user = request.user
    decisions = application.decisions.select_related("decided_by").order_by("-decided_at")
    can_open_decision = is_manager and application.is_open_for_decision
    context = {
        "application": application,
        "description": application.description,
        "decision_refusal": (
            application.decision_refusal(request.user, application.round.managers())
            if can_open_decision
            else ""
        ),
        "can_open_decision": can_open_decision,
        "is_member": permissions.is_member(request.user, application.round.organisation),
        "missing": application.missing() if application.is_changeable else [],
        "is_manager": is_manager,
        "is_applicant": is_applicant,
        "can_change": application.can_change(user),
        "can_unsubmit": application.can_unsubmit(user),
        "can_withdraw": application.can_withdraw(user),
        "decisions": decisions if is_manager else BudgetDecision.objects.none(),
        # The applicant's own application that the round no longer lets them change.
        "is_closed": (
            is_applicant and application.is_withdrawable and not application.is_open_to(user)
        ),
    }
    return render(request, "budgets/application_detail.html", context)


@login_required
@require_POST
def application_submit(request, pk):
    return _applicant_step(
        request,
        pk,
        services.submit_application,
        _("Your application has been submitted. The managers of the round decide."),
    )


@login_required
@require_POST
def application_unsubmit(request, pk):
    return _applicant_step(
        request,
        pk,
        services.unsubmit_application,
        _("Your application is a draft again. Change it, then submit it again."),
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    return _applicant_step(
        request, pk, services.withdraw_application, _("Your application has been withdrawn.")
    )


@login_required
def application_decide(request, pk):
    decidable = BudgetApplication.objects.decidable_by(request.user)
    application = _application(request, pk, decidable, reachable=decidable)
    managers = application.round.managers()
    refusal = application.decision_refusal(request.user, managers)
    form = forms.DecisionForm(request.POST or None, application=application)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.decide_application(
                application=application, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The decision has been saved. The applicant gets an e-mail with it.")
            )
            if any(manager.pk == request.user.pk for manager in managers):
                return redirect("budgets:round_review", pk=application.round_id)
            return redirect("budgets:application_decide", pk=application.pk)
    return _decision_page(request, application, None if refusal else form, refusal)


# Shared steps.


def round_for(request, pk, *, manager: bool = False) -> BudgetRound:
    """A round of the user's organisations (else 404); one they manage if `manager` (else 403)."""
    rounds = BudgetRound.objects.visible_to(request.user).select_related("organisation")
    budget_round = get_object_or_404(rounds, pk=pk)
    if manager and not permissions.can_manage_organisation(
        request.user, budget_round.organisation
    ):
        raise PermissionDenied
    return budget_round


def _application(
    request, pk, allowed: QuerySet, *, reachable: QuerySet | None = None
) -> BudgetApplication:
    """An application in a round of the user's organisations or among `reachable` (else 404),
    among `allowed` (else 403), with what `missing()` and `description` read."""
    rounds = BudgetRound.objects.visible_to(request.user)
    condition = Q(round__in=rounds)
    if reachable is not None:
        condition |= Q(pk__in=reachable.values("pk"))
    applications = BudgetApplication.objects.filter(condition).with_latest_version()
    related = applications.select_related(
        "round__organisation", "intervention", "applicant", "submitted_version"
    )
    application = get_object_or_404(related.with_description_parts(), pk=pk)
    if not allowed.filter(pk=pk).exists():
        raise PermissionDenied
    return application


def _decision_page(request, application: BudgetApplication, form, refusal: str):
    """The decision form, or (with a 403) why the user cannot decide; with the log."""
    context = {
        "application": application,
        "description": application.description,
        "is_member": permissions.is_member(request.user, application.round.organisation),
        "form": form,
        "refusal": refusal,
        "budget": application.round.budget_line(),
        "decisions": application.decisions.select_related("decided_by").order_by("-decided_at"),
    }
    template = "budgets/application_decide.html"
    return render(request, template, context, status=403 if refusal else 200)


def _application_form(request, application: BudgetApplication):
    form = forms.BudgetApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.save_application(
                round=application.round,
                by=request.user,
                application=application if application.pk else None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Your application has been saved as a draft. Submit it when ready.")
            )
            return redirect(application)
    return render(request, APPLICATION_FORM, {"form": form, "application": application})


def _applicant_step(request, pk, service, success: str):
    """Submit, take back or withdraw the user's own application through `service`."""
    application = _application(request, pk, BudgetApplication.objects.editable_by(request.user))
    try:
        service(application=application, by=request.user)
    except ValidationError as error:
        _refused(request, application, error)
    else:
        messages.success(request, success)
    return redirect(application)


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal: next to the fields it names, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _refused(request, application: BudgetApplication, error: ValidationError) -> None:
    """A refused change, as a message; the detail page lists what the description lacks."""
    if application.status == Application.DRAFT and application.missing():
        messages.error(
            request,
            _("Your application has not been submitted: the description still lacks some parts."),
        )
        return
    for message in error.messages:
        messages.error(request, message)


def _outputs_with_targets() -> Prefetch:
    return Prefetch(
        "intervention__monitoring__outputs",
        queryset=OutputIndicator.objects.filter(target__gt=0).order_by("name", "pk"),
        to_attr="outputs_with_targets",
    )


@dataclass(frozen=True)
class CostPerOutput:
    indicator: OutputIndicator
    amount: Decimal


@dataclass(frozen=True)
class ReviewRow:
    """One application in the review table, with what its columns show."""

    application: BudgetApplication
    missing: list
    completeness: Completeness
    costs_per_output: list[CostPerOutput]
    # Why the user cannot decide on it ("" when they can), and who can instead.
    refusal: str
    deciders: list
    is_for_programme_staff: bool

    @classmethod
    def of(cls, application: BudgetApplication, *, user, managers: list) -> "ReviewRow":
        missing = application.missing()
        plan = getattr(application.intervention, "monitoring", None)
        outputs = plan.outputs_with_targets if plan else []
        total = application.total_investment
        costs = [
            CostPerOutput(output, calculations.cost_per_unit(total, output.target))
            for output in outputs
        ]
        return cls(
            application,
            missing,
            application.completeness(missing),
            costs,
            refusal=application.decision_refusal(user, managers),
            deciders=application.deciding_managers(managers),
            is_for_programme_staff=application.is_for_programme_staff(managers),
        )


# The report of a liveability budget round: for the managers of its organisation only.


def _round_filename(budget_round: BudgetRound, extension: str) -> str:
    """<organisation>-<round>-<date>.<extension>: whose, which round and of when."""
    name = f"{slugify(budget_round.organisation.name)[:40]}-{slugify(budget_round.name)[:60]}"
    return f"{name}-{timezone.localdate().isoformat()}.{extension}"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def round_pdf(request, pk: int):
    """GET offers to make the round report, POST starts it and shows its progress."""
    budget_round = round_for(request, pk, manager=True)
    if settings.DEBUG and request.GET.get("html"):
        return HttpResponse(documents.render_round_html(budget_round, request=request))
    if request.method == "POST":
        result = downloads.start(
            tasks.make_round_pdf,
            user=request.user,
            round_id=budget_round.pk,
            filename=_round_filename(budget_round, "pdf"),
        )
        return redirect("budgets:round_pdf_status", pk=pk, result_id=result.id)
    return render(request, "wwidw/document_start.html", _round_page(budget_round))


@require_safe
@login_required
def round_pdf_status(request, pk: int, result_id):
    budget_round = round_for(request, pk, manager=True)
    result = downloads.result_for(
        tasks.make_round_pdf, result_id, user=request.user, round_id=budget_round.pk
    )
    download_url = reverse("budgets:round_pdf_download", args=[pk, result_id])
    page = _round_page(budget_round)
    return downloads.status_response(request, result, download_url=download_url, **page)


@require_safe
@login_required
def round_pdf_download(request, pk: int, result_id):
    budget_round = round_for(request, pk, manager=True)
    result = downloads.result_for(
        tasks.make_round_pdf, result_id, user=request.user, round_id=budget_round.pk
    )
    return downloads.file_response(result)


def _round_page(budget_round: BudgetRound) -> dict:
    return {
        "title": _("Round report (PDF)"),
        "subject": budget_round.name,
        "back_url": budget_round.get_absolute_url(),
        "start_url": reverse("budgets:round_pdf", args=[budget_round.pk]),
    }


@require_safe
@login_required
def round_xlsx(request, pk: int):
    budget_round = round_for(request, pk, manager=True)
    content = exports.round_xlsx(budget_round)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = _round_filename(budget_round, "xlsx")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

"""Descriptions from a spreadsheet: the template, the upload, its preview, the import, the
history of an organisation's imports, and the export in the template's shape.

A file of more than imports.TASK_ROWS descriptions is checked and imported by a task
(interventions/tasks.py); its page shows the progress and may be left and opened again from
the history. Programme staff import for any partner; members for their own organisations.
"""

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from interventions import imports, tasks
from interventions.models import DescriptionImport
from wwidw import permissions, spreadsheets
from wwidw.models import Organisation
from wwidw.text import single_line

# Rows of the preview shown in full; the counts cover them all.
PREVIEW_ROWS = 500
HISTORY_PAGE_SIZE = 50


def _importing_organisations(user):
    """The organisations the user may import descriptions for."""
    if permissions.is_programme_staff(user):
        return Organisation.objects.active().order_by("name")
    return Organisation.objects.of_member(user).order_by("name")


def _attachment(content, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def import_template_xlsx(request):
    content = imports.template_xlsx()
    return _attachment(
        content, "wwidw-sjabloon-beschrijvingen.xlsx", spreadsheets.XLSX_CONTENT_TYPE
    )


@login_required
def import_template_csv(request):
    content = imports.template_csv()
    return _attachment(content, "wwidw-sjabloon-beschrijvingen.csv", "text/csv; charset=utf-8")


@login_required
def import_export_xlsx(request):
    """The organisation's descriptions in the template's shape: edit and import them again."""
    organisations = Organisation.objects.of_member(request.user)
    slug = request.GET.get("organisatie", "")
    organisation = organisations.filter(slug=slug).first() if slug else organisations.first()
    if organisation is None:
        raise Http404
    content = imports.template_xlsx(imports.for_export(organisation))
    date = timezone.localdate().isoformat()
    filename = f"wwidw-beschrijvingen-{organisation.slug}-{date}.xlsx"
    return _attachment(content, filename, spreadsheets.XLSX_CONTENT_TYPE)


@login_required
def import_start(request):
    organisations = _importing_organisations(request.user)
    if not organisations.exists():
        return render(request, "wwidw/no_organisation.html", status=403)
    initial = organisations.filter(slug=request.GET.get("organisatie", "")).first()
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = imports.UploadForm(
        data, files, organisations=organisations, initial={"organisation": initial}
    )
    if request.method == "POST" and form.is_valid():
        description_import = _keep_upload(request, form)
        return redirect(description_import)
    context = {"form": form, "is_programme_staff": permissions.is_programme_staff(request.user)}
    return render(request, "interventions/imports/import_start.html", context)


def _keep_upload(request, form) -> DescriptionImport:
    """Keep the file (the preview and the import read this copy) and check it: at once, or
    by a task for a large file."""
    upload = form.cleaned_data["file"]
    upload.seek(0)
    description_import = DescriptionImport(
        organisation=form.cleaned_data["organisation"],
        created_by=request.user,
        filename=single_line(PurePath(upload.name).name)[:255],
        row_count=form.row_count,
    )
    description_import.file.save(upload.name, upload, save=False)
    description_import.save()
    _check_or_import(description_import, tasks.check_descriptions, imports.check_import)
    return description_import


def _check_or_import(description_import: DescriptionImport, task, run) -> None:
    if description_import.row_count > imports.TASK_ROWS:
        result = task.enqueue(import_id=description_import.pk, language=get_language())
        DescriptionImport.objects.filter(pk=description_import.pk).update(task_result_id=result.id)
    else:
        run(description_import)


def _task_failed(description_import: DescriptionImport) -> bool:
    """Whether the task of a running import stopped with an error (a worker that died)."""
    if not (description_import.is_running and description_import.task_result_id):
        return False
    task = (
        tasks.import_descriptions
        if description_import.status == DescriptionImport.Status.IMPORTING
        else tasks.check_descriptions
    )
    try:
        result = task.get_result(description_import.task_result_id)
    except TaskResultDoesNotExist:
        return False
    return result.status == TaskResultStatus.FAILED


@login_required
def import_detail(request, pk):
    """The state of an import: its progress while a task runs, then the preview or the result.
    Asked for JSON, the state alone (static/js/import_status.js)."""
    description_import = get_object_or_404(
        DescriptionImport.objects.visible_to(request.user).select_related(
            "organisation", "created_by"
        ),
        pk=pk,
    )
    failed = _task_failed(description_import)
    state = {
        "state": "failed" if failed else description_import.status,
        "running": description_import.is_running and not failed,
        "progress": tasks.progress(description_import),
    }
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        return JsonResponse(state, headers={"Cache-Control": "no-store"})
    preview = description_import.preview or {}
    rows = preview.get("rows", [])
    context = {
        "import": description_import,
        "task_failed": failed,
        "progress": state["progress"],
        "preview": preview,
        "shown_rows": rows[:PREVIEW_ROWS],
        "hidden_rows": max(len(rows) - PREVIEW_ROWS, 0),
        "may_import": description_import.is_checked
        and preview.get("can_import")
        and _may_import(request.user, description_import),
    }
    return render(request, "interventions/imports/import_detail.html", context)


def _may_import(user, description_import: DescriptionImport) -> bool:
    return permissions.is_programme_staff(user) or permissions.is_member(
        user, description_import.organisation
    )


@login_required
@require_POST
def import_run(request, pk):
    description_import = get_object_or_404(
        DescriptionImport.objects.visible_to(request.user).select_related("organisation"),
        pk=pk,
    )
    if not _may_import(request.user, description_import):
        raise Http404
    if description_import.is_checked:
        description_import.status = DescriptionImport.Status.IMPORTING
        description_import.save(update_fields=["status"])
        _check_or_import(description_import, tasks.import_descriptions, imports.run_import)
    return redirect(description_import)


@login_required
def import_list(request):
    """The imports the user may see: all of the organisations they manage, and their own."""
    history = (
        DescriptionImport.objects.visible_to(request.user)
        .select_related("organisation", "created_by")
        .defer("preview")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "interventions/imports/import_list.html", {"page": page})


@login_required
def import_file(request, pk):
    """The file as it was uploaded, to whoever may see the import."""
    description_import = get_object_or_404(
        DescriptionImport.objects.visible_to(request.user).defer("preview"), pk=pk
    )
    try:
        kept = description_import.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(kept, as_attachment=True, filename=description_import.filename)

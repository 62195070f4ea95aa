"""Documents that take a while to make (the PDFs of large organisations) are made by a task.

A view starts the task for the signed-in user (`start`) and sends them to a status page that
shows the progress (`progress`, reported by the task with `report_progress`) until the file is
ready. The task stores the file privately under MEDIA_ROOT (`store`); only the views of the
document's app serve it, after their usual permission check and only to whoever started it
(`result_for`). The status page asks for its own state as JSON while the task runs
(`status_response`). A document is kept for a day; older ones go when the next is stored.
"""

import datetime

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.tasks import Task, TaskResult, TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django.utils import timezone
from django.utils.translation import get_language

from wwidw.models import User

DIRECTORY = "private/documents"
KEEP_FOR = datetime.timedelta(days=1)


def start(task: Task, *, user: User, **kwargs) -> TaskResult:
    """Queue `task` to make a document for `user`, in the language of the current request."""
    return task.enqueue(user_id=user.pk, language=get_language(), **kwargs)


def result_for(task: Task, result_id, *, user: User, **expected) -> TaskResult:
    """The result of `task` that `user` started for the object named by `expected` (its
    keyword arguments); any other result is a 404."""
    try:
        result = task.get_result(str(result_id))
    except (TaskResultDoesNotExist, TaskResultMismatch):
        raise Http404 from None
    wanted = {"user_id": user.pk, **expected}
    if any(result.kwargs.get(name) != value for name, value in wanted.items()):
        raise Http404
    return result


def _progress_key(result_id: str) -> str:
    return f"document-progress:{result_id}"


def report_progress(context, percent: int) -> None:
    """Called by a task (`takes_context=True`) as it moves on; the status page shows it."""
    cache.set(_progress_key(context.task_result.id), percent, KEEP_FOR.total_seconds())


def progress(result: TaskResult) -> dict:
    """What the status page and its JSON tell: the state, and how far the task is (0-100)."""
    states = {
        TaskResultStatus.READY: "waiting",
        TaskResultStatus.RUNNING: "running",
        TaskResultStatus.SUCCESSFUL: "ready",
        TaskResultStatus.FAILED: "failed",
    }
    state = states[result.status]
    if state == "ready":
        percent = 100
    elif state == "running":
        percent = cache.get(_progress_key(result.id), 0)
    else:
        percent = 0
    return {"state": state, "progress": percent}


def _remove_old_documents() -> None:
    if not default_storage.exists(DIRECTORY):
        return
    cutoff = timezone.now() - KEEP_FOR
    for name in default_storage.listdir(DIRECTORY)[1]:
        path = f"{DIRECTORY}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


def store(context, content: bytes, *, filename: str, content_type: str) -> dict:
    """Keep the document a task made; its return value tells the download view where."""
    _remove_old_documents()
    extension = filename.rsplit(".", 1)[-1]
    name = default_storage.save(
        f"{DIRECTORY}/{context.task_result.id}.{extension}", ContentFile(content)
    )
    return {"file": name, "filename": filename, "content_type": content_type}


def file_response(result: TaskResult) -> FileResponse:
    """The finished document as a download; a 404 while it is not (or no longer) there."""
    if result.status != TaskResultStatus.SUCCESSFUL:
        raise Http404
    document = result.return_value
    if not default_storage.exists(document["file"]):
        raise Http404
    return FileResponse(
        default_storage.open(document["file"], "rb"),
        as_attachment=True,
        filename=document["filename"],
        content_type=document["content_type"],
    )


def status_response(request: HttpRequest, result: TaskResult, **context) -> HttpResponse:
    """The status page of a document, or its state as JSON for the page's script. `context`
    names the page: title, subject, back_url, start_url and download_url."""
    state = progress(result)
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        return JsonResponse(state, headers={"Cache-Control": "no-store"})
    flags = {
        "is_waiting": state["state"] == "waiting",
        "is_working": state["state"] in {"waiting", "running"},
        "is_ready": state["state"] == "ready",
        "is_failed": state["state"] == "failed",
    }
    return render(request, "wwidw/document_status.html", {**context, **state, **flags})

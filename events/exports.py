"""The attendee list of theme sessions as CSV, for the programme staff.

Written for Dutch Excel like the knowledge base list (interventions/exports.py): semicolons
and a byte order mark. The list holds the people who come (confirmed or attended) and then the
waiting list in its order; cancelled registrations are left out.
"""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from events.models import Registration
from wwidw import spreadsheets

Status = Registration.Status

# Attendees first, then the waiting list.
STATUS_ORDER = Case(
    When(status__in=[Status.CONFIRMED, Status.ATTENDED], then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)
# The waiting list keeps its order of registration; attendees are listed by name.
QUEUE_ORDER = Case(When(status=Status.WAITING, then=F("created_at")), default=Value(None))


def attendees(sessions: QuerySet) -> QuerySet:
    """The active registrations of the sessions, in the order of the list."""
    return (
        Registration.objects.filter(session__in=sessions)
        .exclude(status=Status.CANCELLED)
        .select_related("session", "user", "organisation")
        .order_by(
            "session__starts_at",
            "session_id",
            STATUS_ORDER,
            QUEUE_ORDER.asc(nulls_first=True),
            "user__full_name",
            "pk",
        )
    )


def header() -> list[str]:
    return [
        _("Session"),
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Status"),
        _("Registered at"),
    ]


def rows(sessions: QuerySet) -> Iterator[list[str]]:
    for registration in attendees(sessions).iterator(chunk_size=500):
        registered_at = timezone.localtime(registration.created_at).replace(microsecond=0)
        yield [
            registration.session.title,
            registration.user.get_full_name(),
            registration.user.email,
            registration.organisation.name,
            capfirst(registration.get_status_display()),
            registered_at.replace(tzinfo=None).isoformat(sep=" "),
        ]


def csv_lines(sessions: QuerySet) -> Iterable[str]:
    writer = csv.writer(spreadsheets.Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header())
    for row in rows(sessions):
        yield writer.writerow([spreadsheets.csv_text(value) for value in row])

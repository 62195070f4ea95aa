"""The printable sign-in sheet of theme sessions: who is expected, with a column to sign.

One page (or more) per session, set for paper by wwidw/pdf.py like the other documents.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string

from events.models import Registration, ThemeSession

# Empty rows under the names, for people who come without registering.
BLANK_ROWS = 5
EXPECTED = [Registration.Status.CONFIRMED, Registration.Status.ATTENDED]


@dataclass(frozen=True)
class SigninSheet:
    session: ThemeSession
    registrations: list[Registration]
    blank_rows: range


def signin_sheets(sessions: QuerySet) -> list[SigninSheet]:
    """A sheet per session, in order of date, with the expected participants by name."""
    expected = (
        Registration.objects.filter(status__in=EXPECTED)
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email", "pk")
    )
    sessions = sessions.order_by("starts_at", "pk").prefetch_related(
        Prefetch("registrations", queryset=expected, to_attr="expected")
    )
    return [
        SigninSheet(
            session=session,
            registrations=session.expected,
            blank_rows=range(len(session.expected) + 1, len(session.expected) + BLANK_ROWS + 1),
        )
        for session in sessions
    ]


def render_signin_sheet_html(sessions: QuerySet, *, request=None) -> str:
    context = {"sheets": signin_sheets(sessions)}
    return render_to_string("events/signin_sheet_pdf.html", context, request=request)

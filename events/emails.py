"""E-mail to participants of theme sessions, each with the session as an .ics attachment.

Services send after the transaction commits (`send_on_commit`), so a rolled-back registration
never mails anyone; every message goes out through the task queue (`wwidw.mail`).
"""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events import calendar
from events.models import Registration
from wwidw.mail import queue_email
from wwidw.text import single_line

# The kind of message → the iTIP method of its attachment.
METHODS = {
    "confirmation": "REQUEST",
    "waiting": "PUBLISH",
    "promotion": "REQUEST",
    "cancellation": "CANCEL",
    "reminder": "REQUEST",
}


def _subject(kind: str, title: str) -> str:
    subjects = {
        "confirmation": _("Registration confirmed: %(title)s"),
        "waiting": _("On the waiting list: %(title)s"),
        "promotion": _("A place has come free for you: %(title)s"),
        "cancellation": _("Registration cancelled: %(title)s"),
        "reminder": _("Tomorrow: %(title)s"),
    }
    return single_line(subjects[kind] % {"title": title})  # old titles may hold line breaks


def build_message(registration: Registration, *, kind: str) -> EmailMultiAlternatives:
    """The e-mail of `kind` (a key of METHODS) for the registration, in the site's language."""
    session = registration.session
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "session": session,
            "user": registration.user,
            "position": registration.waiting_position(),
            "session_url": settings.SITE_URL + session.get_absolute_url(),
            "registrations_url": settings.SITE_URL + reverse("events:my_registrations"),
        }
        message = EmailMultiAlternatives(
            subject=_subject(kind, session.title),
            body=render_to_string(f"events/email/{kind}.txt", context),
            to=[registration.user.email],
        )
        html = render_to_string(f"events/email/{kind}.html", context)
        message.attach_alternative(html, "text/html")
    method = METHODS[kind]
    ics = calendar.session_ics(session, method=method, attendee=registration.user)
    message.attach(f"{session.slug}.ics", ics, f"text/calendar; method={method}")
    return message


def send(registration: Registration, *, kind: str) -> None:
    """Queue the e-mail of `kind` for the registration (after the commit, inside a transaction)."""
    queue_email(build_message(registration, kind=kind))


def send_on_commit(registration: Registration, *, kind: str) -> None:
    transaction.on_commit(partial(send, registration, kind=kind))

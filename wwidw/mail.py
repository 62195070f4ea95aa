"""Every e-mail of the site goes out through the task queue, never inside a request.

A service builds its message as before and hands it to `queue_email()`, which queues the
`send_email` task once the transaction commits: a rolled-back action mails nobody, and a slow or
unreachable mail server delays the mail, not the user. When sending fails, the task queues itself
again after a growing delay (RETRY_DELAYS); after the last attempt it fails, is logged at ERROR
and stays in the admin's task results for the technical administrator.
"""

import base64
import logging
from datetime import timedelta
from functools import partial

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# The waits before the 2nd, 3rd … attempt: about 13 hours in all, then the mail is given up.
RETRY_DELAYS = [timedelta(minutes=minutes) for minutes in (1, 5, 25, 125, 625)]


def _attachment_data(attachment) -> dict:
    filename, content, mimetype = attachment
    if isinstance(content, str):
        return {"filename": filename, "content": content, "mimetype": mimetype}
    encoded = base64.b64encode(bytes(content)).decode("ascii")
    return {"filename": filename, "base64": encoded, "mimetype": mimetype}


def message_data(message: EmailMessage) -> dict:
    """The message as JSON-serialisable keyword arguments of `send_email`."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "alternatives": [
            {"content": str(content), "mimetype": mimetype}
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment_data(attachment) for attachment in message.attachments],
    }


def build_message(data: dict) -> EmailMultiAlternatives:
    """The message that `message_data()` described."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for alternative in data["alternatives"]:
        message.attach_alternative(alternative["content"], alternative["mimetype"])
    for attachment in data["attachments"]:
        content = attachment.get("content")
        if content is None:
            content = base64.b64decode(attachment["base64"])
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def _describe(data: dict) -> str:
    return f"{data['subject']!r} to {', '.join(data['to'] + data['cc'] + data['bcc'])}"


@task
def send_email(*, attempt: int = 1, **data) -> dict:
    """Send one message; on a mail-server error, queue the next attempt or give up."""
    try:
        build_message(data).send()
    except OSError as error:  # smtplib.SMTPException and connection errors alike
        backend = send_email.get_backend()
        if attempt > len(RETRY_DELAYS) or not backend.supports_defer:
            logger.error("E-mail %s not sent after %d attempt(s)", _describe(data), attempt)
            raise
        retry_at = timezone.now() + RETRY_DELAYS[attempt - 1]
        retry = send_email.using(run_after=retry_at).enqueue(attempt=attempt + 1, **data)
        logger.warning(
            "E-mail %s not sent (attempt %d: %s); trying again at %s",
            _describe(data),
            attempt,
            error,
            retry_at.isoformat(),
        )
        return {"sent": False, "attempt": attempt, "error": str(error), "retry": retry.id}
    return {"sent": True, "attempt": attempt}


def queue_email(message: EmailMessage) -> None:
    """Queue `message` for sending once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(send_email.enqueue, **message_data(message)))

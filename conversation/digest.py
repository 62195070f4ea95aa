"""The weekly digest: one e-mail per member per week at most, about what is new in what they
follow (news.py), and the signed link that turns it off without a login.

`send_weekly_digest` (the management command, weekly by cron) calls `send_weekly_digests()`.
Each member's subscription row is locked while their digest is made, and marked with the
Monday of the week once it goes out: a second run that week, also one at the same moment,
finds the mark and sends nothing. A member with nothing new gets no e-mail and no mark, so the
next run looks again from their last digest (or the last seven days).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conversation.models import DigestSubscription, Follow
from conversation.news import NewsItem, news
from wwidw.mail import queue_email
from wwidw.models import User

# A digest looks back to the last one, or this far for the first.
FIRST_LOOK_BACK = datetime.timedelta(days=7)
# However long ago the last digest was, it never reaches back further than this.
LONGEST_LOOK_BACK = datetime.timedelta(days=28)
MAX_ITEMS = 50
UNSUBSCRIBE_SALT = "conversation.digest.unsubscribe"
# An unsubscribe link keeps working for a year after its e-mail.
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=365)


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the week of `day`."""
    return day - datetime.timedelta(days=day.weekday())


def send_weekly_digests(*, now: datetime.datetime | None = None) -> int:
    """Send this week's digest to every active member who follows something, gets the weekly
    e-mail and has none yet this week; returns how many were sent."""
    now = now or timezone.now()
    week = week_of(timezone.localdate(now))
    _subscribe_followers()
    due = (
        DigestSubscription.objects.filter(weekly=True, user__is_active=True)
        .filter(Q(last_week__isnull=True) | Q(last_week__lt=week))
        .filter(Exists(Follow.objects.filter(user=OuterRef("user"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(send_digest(subscription_id=pk, week=week, now=now) for pk in list(due))


def _subscribe_followers() -> None:
    """Members who follow something get the weekly e-mail unless they turned it off: their
    subscription row is made here when it is missing (rows from before it existed, say)."""
    missing = (
        User.objects.filter(is_active=True, follows__isnull=False, digest_subscription=None)
        .distinct()
        .values_list("pk", flat=True)
    )
    DigestSubscription.objects.bulk_create(
        [DigestSubscription(user_id=pk) for pk in missing], ignore_conflicts=True
    )


@transaction.atomic
def send_digest(*, subscription_id: int, week: datetime.date, now: datetime.datetime) -> bool:
    """Send the member's digest of `week` when it is due and something is new; True if sent."""
    subscription = (
        DigestSubscription.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=subscription_id)
    )
    if not subscription.weekly or (subscription.last_week and subscription.last_week >= week):
        return False
    member = subscription.user
    since = max(subscription.last_sent_at or now - FIRST_LOOK_BACK, now - LONGEST_LOOK_BACK)
    followed = Follow.objects.of(member).followed()
    items = news(member, followed, since=since, now=now, limit=MAX_ITEMS)
    if not items:
        return False
    subscription.last_week = week
    subscription.last_sent_at = now
    subscription.save(update_fields=["last_week", "last_sent_at"])
    queue_email(build_message(member, items, week=week))
    return True


def build_message(member: User, items: list[NewsItem], *, week: datetime.date):
    """The digest e-mail, plain text and HTML, in the site's language."""
    unsubscribe_url = settings.SITE_URL + reverse(
        "follows:unsubscribe", args=[unsubscribe_token(member)]
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": member,
            "items": [_absolute(item) for item in items],
            "week": week,
            "follows_url": settings.SITE_URL + reverse("follows:list"),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = _("New in what you follow, week of %(date)s") % {
            "date": date_format(week, "j F Y")
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("conversation/email/digest.txt", context),
            to=[member.email],
            headers={
                # RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe.
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("conversation/email/digest.html", context), "text/html"
        )
    return message


def _absolute(item: NewsItem) -> NewsItem:
    return NewsItem(
        kind=item.kind,
        title=item.title,
        url=settings.SITE_URL + item.url,
        at=item.at,
        count=item.count,
        starts_at=item.starts_at,
    )


def unsubscribe_token(member: User) -> str:
    """The signed, dated token of the member's unsubscribe link."""
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"user": member.pk})


def member_of_token(token: str) -> User | None:
    """The active member whose unsubscribe token this is; None when it was forged, changed,
    expired or their account is gone."""
    signer = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)
    try:
        data = signer.unsign_object(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()

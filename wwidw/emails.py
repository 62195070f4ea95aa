"""E-mail to the managers of a partner organisation when its members change, and the
invitation to become a member. Queued after the transaction commits (wwidw.mail), so a change
that is rolled back never mails anyone."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wwidw.mail import queue_email
from wwidw.models import Invitation, Membership, MembershipChange, User
from wwidw.text import single_line


def _recipients(change: MembershipChange) -> list[User]:
    """The organisation's active managers, and the member when the change took that role away."""
    managers = Q(
        memberships__organisation=change.organisation_id,
        memberships__role=Membership.Role.MANAGER,
    )
    if change.member_id and change.old_role == Membership.Role.MANAGER:
        managers |= Q(pk=change.member_id)
    return list(User.objects.filter(managers, is_active=True).distinct().order_by("email"))


def build_membership_change_message(
    change: MembershipChange, manager: User, *, in_administration: bool = True
) -> EmailMultiAlternatives:
    """The notice of `change` for one manager of its organisation, in the site's language."""
    organisation = change.organisation
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "change": change,
            "user": manager,
            "organisation": organisation,
            "description": change.describe(),
            "in_administration": in_administration,
            "changes_url": settings.SITE_URL
            + reverse("membership_change_list", args=[organisation.slug]),
        }
        # People's names go in the body only; an old organisation name may hold a line break.
        subject = single_line(
            _("The members of %(organisation)s have changed") % {"organisation": organisation.name}
        )
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("wwidw/email/membership_change.txt", context),
            to=[manager.email],
        )
        html = render_to_string("wwidw/email/membership_change.html", context)
        message.attach_alternative(html, "text/html")
    return message


def send_membership_change_email(
    change: MembershipChange, *, in_administration: bool = True
) -> None:
    """E-mail each manager of the organisation about `change`, once the transaction commits."""
    for manager in _recipients(change):
        message = build_membership_change_message(
            change, manager, in_administration=in_administration
        )
        queue_email(message)


def build_invitation_message(invitation: Invitation, token: str) -> EmailMultiAlternatives:
    """The invitation with its link, in the site's language; `token` is in no other place."""
    organisation = invitation.organisation
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("invitation_accept", kwargs={"slug": organisation.slug, "token": token})
        context = {
            "invitation": invitation,
            "organisation": organisation,
            "inviter": invitation.invited_by,
            "accept_url": settings.SITE_URL + path,
        }
        subject = single_line(
            _("Invitation to join %(organisation)s on Wat Werkt in de Wijk")
            % {"organisation": organisation.name}
        )
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("wwidw/email/invitation.txt", context),
            to=[invitation.email],
        )
        html = render_to_string("wwidw/email/invitation.html", context)
        message.attach_alternative(html, "text/html")
    return message


def send_invitation_email(invitation: Invitation, token: str) -> None:
    """E-mail the invitation to the invited address, once the transaction commits."""
    queue_email(build_invitation_message(invitation, token))

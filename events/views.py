"""The programme of theme sessions, a session's page with registration, and "my registrations"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events import calendar, services
from events.filters import SessionFilter
from events.forms import RegistrationForm
from events.models import Registration, ThemeSession
from wwidw import pagecache

PAGE_SIZE = 20
UPCOMING, PAST = "komend", "voorbij"


@require_safe
@login_required
def session_list(request):
    def build() -> dict:
        when = PAST if request.GET.get("wanneer") == PAST else UPCOMING
        now = timezone.now()
        sessions = ThemeSession.objects.select_related("intervention_type")
        sessions = sessions.past(now) if when == PAST else sessions.upcoming(now)
        sessions = sessions.with_places_left().with_own_status(request.user)
        filterset = SessionFilter(request.GET, queryset=sessions)
        return {
            "filterset": filterset,
            "when": when,
            "upcoming": UPCOMING,
            "past": PAST,
            "session_status": ThemeSession.Status,
            "registration_status": Registration.Status,
            "page_obj": Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "is_filtered": any(filterset.form.data.get(name) for name in filterset.filters),
        }

    # Each row says whether the reader registered: the part is the reader's own.
    return pagecache.render(
        request,
        "events/session_list.html",
        key=pagecache.page_key(request, "sessions", personal=True, by_minute=True),
        build=build,
        around=dict,
    )


def _own_registration(session: ThemeSession, user) -> Registration | None:
    return session.registrations.of_user(user).not_cancelled().first()


def _linkable_archetype(session: ThemeSession):
    """A draft archetype is a 404 for partners, so the page links it only once published."""
    archetype = session.archetype
    return archetype if archetype is not None and archetype.is_published else None


def _render_detail(request, session: ThemeSession, form=None, status: int = 200):
    now = timezone.now()
    registration = _own_registration(session, request.user)
    state = session.registration_state(now)
    if form is None and registration is None and state == ThemeSession.RegistrationState.OPEN:
        form = RegistrationForm(user=request.user)
    context = {
        "session": session,
        "archetype": _linkable_archetype(session),
        "state": state,
        "states": ThemeSession.RegistrationState,
        "refusal": session.registration_refusal(state),
        "is_past": session.ends_at < now,
        "places_left": session.places_left(),
        "registration": registration,
        "position": registration and registration.waiting_position(),
        "form": form,
        "ingredients": session.ingredients.select_related("archetype_ingredient").order_by("pk"),
    }
    return render(request, "events/session_detail.html", context, status=status)


def _session(slug: str) -> ThemeSession:
    queryset = ThemeSession.objects.select_related("intervention_type", "archetype")
    return get_object_or_404(queryset, slug=slug)


@require_safe
@login_required
def session_detail(request, slug: str):
    return _render_detail(request, _session(slug))


@require_POST
@login_required
def session_register(request, slug: str):
    session = _session(slug)
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_detail(request, session, form=form, status=400)
    try:
        registration = services.register(
            session=session,
            user=request.user,
            organisation=form.cleaned_data["organisation"],
            remark=form.cleaned_data["remark"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(session)
    messages.success(request, _registered_message(registration))
    return redirect(session)


def _registered_message(registration: Registration) -> str:
    if registration.status == Registration.Status.WAITING:
        position = registration.waiting_position()
        return _(
            "The session is full, so you are on the waiting list at position %(position)s. "
            "If a place becomes free, you move up and we let you know by e-mail."
        ) % {"position": position}
    return _("You are registered. We sent you a confirmation by e-mail.")


@require_POST
@login_required
def session_cancel(request, slug: str):
    session = _session(slug)
    registration = _own_registration(session, request.user)
    if registration is None:
        messages.info(request, _("You have no registration for this session to cancel."))
        return redirect(session)
    try:
        services.cancel_registration(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(session)
    messages.success(
        request,
        _("Your registration has been cancelled. You can register again while it is open."),
    )
    return redirect(session)


@require_safe
@login_required
def session_ical(request, slug: str):
    session = _session(slug)
    response = HttpResponse(
        calendar.feed_ics([session]), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{session.slug}.ics"'
    return response


@require_safe
@login_required
def my_registrations(request):
    now = timezone.now()
    registrations = (
        Registration.objects.of_user(request.user)
        .select_related("session", "organisation")
        .with_waiting_position()
    )
    context = {
        "upcoming": registrations.of_upcoming_sessions(now),
        "past": registrations.of_past_sessions(now),
    }
    return render(request, "events/registration_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def calendar_subscription(request):
    """The member's private address of the programme, to subscribe to in Outlook, Google or
    Apple Calendar; POST replaces it with a new one."""
    feed = services.calendar_feed(request.user)
    if request.method == "POST":
        renewed = feed is not None
        services.renew_calendar_feed(request.user)
        if renewed:
            message = _(
                "Your calendar has a new address. The old one stops working: subscribe again."
            )
            messages.success(request, message)
        return redirect("events:calendar_subscription")
    context = {}
    if feed is not None:
        url = request.build_absolute_uri(reverse("events:calendar_feed", args=[feed.key]))
        context = {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}
    return render(request, "events/calendar_subscription.html", context)


@require_safe
def calendar_feed(request, key: str):
    """The programme as an iCal feed: no sign-in, the key in the address is the member's."""
    sessions = services.feed_sessions(key, now=timezone.now())
    if sessions is None:
        raise Http404
    response = HttpResponse(
        calendar.feed_ics(sessions), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="themabijeenkomsten.ics"'
    return response

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from wwidw import two_factor


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch for everyone, unless the person chose another language with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which would show
    English to the many Dutch professionals whose work laptops are set to English.
    """

    def process_request(self, request) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateResponseMiddleware:
    """Nothing shown to a signed-in person is kept by a browser's cache or a proxy.

    Pages, PDFs and spreadsheets for a signed-in person hold an organisation's data; on a shared
    computer the browser's back button or disk cache would show them to the next user. A view
    that chose its own Cache-Control keeps it; static files never get here (WhiteNoise answers
    them first) and public pages for anonymous visitors stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response


class StaffTwoFactorMiddleware:
    """Staff and superusers open the administration only after two-step verification.

    Without an authenticator app they are sent to link one, with one to enter its code. The local
    demo may turn this off (WWIDW_REQUIRE_STAFF_MFA); `check --deploy` warns when it is.
    Needs django-otp's OTPMiddleware before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.namespace != "admin" or match.url_name == "logout":
            return None
        user = request.user
        if not user.is_authenticated or not two_factor.is_required(user) or user.is_verified():
            return None
        if two_factor.has_device(user):
            target = reverse("two_factor_login")
        else:
            messages.info(request, _("Set up two-step verification to open the administration."))
            target = reverse("two_factor_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")

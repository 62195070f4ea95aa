from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


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

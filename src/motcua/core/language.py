"""Vietnamese unless the user chose otherwise (chọn ngôn ngữ).

Django's LocaleMiddleware follows the browser's Accept-Language, so an official whose browser happens to be
in English would get English pages. Here only an explicit choice (the language cookie set by the switcher)
changes the language; everyone else gets LANGUAGE_CODE.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

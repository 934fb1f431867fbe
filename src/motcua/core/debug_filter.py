"""What Django's error page and error reports may show of the settings (DEFAULT_EXCEPTION_REPORTER_FILTER).

Django hides the settings whose names say API, AUTH, TOKEN, KEY, SECRET, PASS, SIGNATURE or HTTP_COOKIE. MotCua also
holds a signing token's user PIN (SIGNING_PKCS11_PIN, and a "pin" in each SIGNING_AGENCIES entry), which none of
those words names: this filter hides PIN too, at any depth of a setting.
"""

import re

from django.views.debug import SafeExceptionReporterFilter


class SettingsFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile("API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|PIN", flags=re.IGNORECASE)

from django.core.exceptions import ImproperlyConfigured
from rest_framework import throttling
from rest_framework.settings import api_settings


class RateFromSettings:
    """Read the rate from the settings on each request.

    DRF's throttles copy ``DEFAULT_THROTTLE_RATES`` once, when they are imported, so a changed
    setting (in a test, say) would never reach them.
    """

    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(
                f"REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'] has no rate for {self.scope!r}."
            ) from None


class AnonRateThrottle(RateFromSettings, throttling.AnonRateThrottle):
    """Anonymous requests (with TRACKER_PUBLIC_READ on), counted per client address."""


class UserRateThrottle(RateFromSettings, throttling.UserRateThrottle):
    """Requests of a logged-in user or a token, counted per user."""

"""Request rates per user and per anonymous client (REST_FRAMEWORK's DEFAULT_THROTTLE_RATES).

DRF's throttles copy the rates when their class is defined; these read them on each request, so
that the rates follow the settings (and a test can set a tiny rate)."""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


class UserRateThrottle(throttling.UserRateThrottle):
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

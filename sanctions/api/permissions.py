from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadAccess(BasePermission):
    """Reads need a login or a token unless TRACKER_PUBLIC_READ is on.

    Other methods pass through so that the read-only views answer them with 405 for everyone.
    """

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS:
            return True
        return settings.TRACKER_PUBLIC_READ or bool(request.user and request.user.is_authenticated)

"""Security headers that Django 5.2 does not set itself.

``Content-Security-Policy``: the site loads nothing from other origins and runs no inline
script or style, so the policy allows its own origin only. ``Permissions-Policy``: the site
uses no camera, microphone, location or other device feature, so none is granted. A view
that needs a different policy sets the header itself; this middleware leaves it alone.
"""

from functools import wraps

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def relaxed_policy(view, **directives):
    """``view`` answered with the site's policy, the given directives replaced
    (``img_src="'self' data:"``): a looser rule for the one page that needs it."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        policy = dict(part.split(" ", 1) for part in settings.CONTENT_SECURITY_POLICY.split("; "))
        policy.update({name.replace("_", "-"): value for name, value in directives.items()})
        header = "; ".join(f"{name} {value}" for name, value in policy.items())
        response.headers["Content-Security-Policy"] = header
        return response

    return answer

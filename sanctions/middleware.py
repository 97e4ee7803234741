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
        policy = settings.CONTENT_SECURITY_POLICY
        if getattr(getattr(response, "accepted_renderer", None), "format", "") == "api":
            # DRF's browsable API styles its pages inline (a highlighting style sheet, a few
            # style attributes): allow inline style there, never inline script.
            policy = with_directives(policy, style_src="'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def relaxed_policy(view, **directives):
    """``view`` answered with the site's policy, the given directives replaced
    (``img_src="'self' data:"``): a looser rule for the one page that needs it."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        policy = with_directives(settings.CONTENT_SECURITY_POLICY, **directives)
        response.headers["Content-Security-Policy"] = policy
        return response

    return answer


def with_directives(policy, **directives):
    """The policy with some directives added or replaced (``style_src`` is style-src)."""
    parts = dict(part.split(" ", 1) for part in policy.split("; "))
    parts.update({name.replace("_", "-"): value for name, value in directives.items()})
    return "; ".join(f"{name} {value}" for name, value in parts.items())

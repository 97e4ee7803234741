from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sanctions.api import urls as api_urls
from sanctions.api import views as api_views
from sanctions.middleware import relaxed_policy
from sanctions.screening import urls as screening_urls


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: with production's hashed file names the URL is known only
        # once collectstatic has run, not when the URLconf is loaded.
        return static("sanctions/favicon.svg")


# The API's routes and the screening app's match route share one namespace, "api".
api_patterns = ([*api_urls.urlpatterns, *screening_urls.api_urlpatterns], api_urls.app_name)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Its script is a file of its own (/api/docs/?script), as the Content-Security-Policy
    # wants; Swagger UI draws its icons from data: URLs, which only this page allows.
    path(
        "api/docs/",
        relaxed_policy(
            SpectacularSwaggerSplitView.as_view(
                url_name="schema", template_name="sanctions/swagger_ui.html"
            ),
            img_src="'self' data:",
        ),
        name="api-docs",
    ),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("", include("sanctions.screening.urls")),
    path("", include("sanctions.urls")),
]

# Under /api/, errors raised outside the API's views (no route, a body too large, a crash)
# are JSON too.
handler400 = api_views.bad_request
handler404 = api_views.not_found
handler500 = api_views.server_error

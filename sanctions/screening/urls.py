"""The screening app's web page; its API route is joined to the API's in tracker/urls.py."""

from django.urls import path

from .api import MatchView
from .views import ScreenView

app_name = "screening"

urlpatterns = [
    path("screen/", ScreenView.as_view(), name="screen"),
]

api_urlpatterns = [
    path("match/", MatchView.as_view(), name="match"),
]

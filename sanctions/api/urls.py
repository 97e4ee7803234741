from django.urls import path
from rest_framework.routers import DefaultRouter

from .screening import MatchView

app_name = "api"

router = DefaultRouter()

urlpatterns = [
    *router.urls,
    path("match/", MatchView.as_view(), name="match"),
]

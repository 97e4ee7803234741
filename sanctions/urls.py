from django.urls import path

from . import views
from .screening.views import ScreenView

app_name = "sanctions"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("screen/", ScreenView.as_view(), name="screen"),
    path("subjects/", views.SubjectListView.as_view(), name="subject_list"),
    path("subjects/<int:pk>/", views.SubjectDetailView.as_view(), name="subject_detail"),
    path("designations/", views.DesignationListView.as_view(), name="designation_list"),
    path(
        "designations/<int:pk>/",
        views.DesignationDetailView.as_view(),
        name="designation_detail",
    ),
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("authorities/", views.LegalAuthorityListView.as_view(), name="authority_list"),
    path(
        "authorities/<slug:slug>/",
        views.LegalAuthorityDetailView.as_view(),
        name="authority_detail",
    ),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("articles/", views.SourceArticleListView.as_view(), name="article_list"),
    path("articles/<int:pk>/", views.SourceArticleDetailView.as_view(), name="article_detail"),
]

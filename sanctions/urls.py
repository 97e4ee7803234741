from django.urls import path

from . import views
from .tracking.atom import ChangeFeed

app_name = "sanctions"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("subjects/", views.SubjectListView.as_view(), name="subject_list"),
    path("subjects/export.csv", views.SubjectExportView.as_view(), name="subject_export"),
    path("subjects/<int:pk>/", views.SubjectDetailView.as_view(), name="subject_detail"),
    path("designations/", views.DesignationListView.as_view(), name="designation_list"),
    path(
        "designations/export.csv",
        views.DesignationExportView.as_view(),
        name="designation_export",
    ),
    path(
        "designations/<int:pk>/",
        views.DesignationDetailView.as_view(),
        name="designation_detail",
    ),
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/export.csv", views.AgencyExportView.as_view(), name="agency_export"),
    path("agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("authorities/", views.LegalAuthorityListView.as_view(), name="authority_list"),
    path(
        "authorities/export.csv",
        views.LegalAuthorityExportView.as_view(),
        name="authority_export",
    ),
    path(
        "authorities/<slug:slug>/",
        views.LegalAuthorityDetailView.as_view(),
        name="authority_detail",
    ),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/export.csv", views.ProgramExportView.as_view(), name="program_export"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("articles/", views.SourceArticleListView.as_view(), name="article_list"),
    path("articles/export.csv", views.SourceArticleExportView.as_view(), name="article_export"),
    path("articles/<int:pk>/", views.SourceArticleDetailView.as_view(), name="article_detail"),
    path("changes/", views.ChangeListView.as_view(), name="change_list"),
    path("account/token/", views.ApiTokenView.as_view(), name="api_token"),
    path("changes/feed/", ChangeFeed(), name="change_feed"),
]

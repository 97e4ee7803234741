from . import changes, views

app_name = "api"

router = views.Router()
router.register("subjects", views.SubjectViewSet, basename="subject")
router.register("designations", views.DesignationViewSet, basename="designation")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("authorities", views.LegalAuthorityViewSet, basename="authority")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("articles", views.SourceArticleViewSet, basename="article")
router.register("changes", changes.ChangeViewSet, basename="change")

urlpatterns = router.urls

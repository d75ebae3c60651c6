from django.urls import path

from saferpractice.web.review import views

app_name = "review"

urlpatterns = [
    path("", views.Queue.as_view(), name="queue"),
    path("scans/", views.ScanList.as_view(), name="scans"),
    path("scans/<uuid:pk>/", views.ScanDetail.as_view(), name="scan"),
    path("exclusions/", views.Exclusions.as_view(), name="exclusions"),
    path("reviewers/", views.Reviewers.as_view(), name="reviewers"),
    path("<str:ref>/", views.FindingDetail.as_view(), name="finding"),
    path("<str:ref>/<slug:action>/", views.FindingAction.as_view(), name="act"),
]

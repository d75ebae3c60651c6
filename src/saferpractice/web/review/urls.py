from django.urls import path
from django.views.generic import RedirectView

from saferpractice.web.review import views

app_name = "review"

# Each navigation entry has its own branch, so only one entry is marked as the current page.
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="review:queue"), name="home"),
    path("findings/", views.Queue.as_view(), name="queue"),
    path("findings/<str:ref>/", views.FindingDetail.as_view(), name="finding"),
    path("findings/<str:ref>/<slug:action>/", views.FindingAction.as_view(), name="act"),
    path("scans/", views.ScanList.as_view(), name="scans"),
    path("scans/<uuid:pk>/", views.ScanDetail.as_view(), name="scan"),
    path("exclusions/", views.Exclusions.as_view(), name="exclusions"),
    path("reviewers/", views.Reviewers.as_view(), name="reviewers"),
]

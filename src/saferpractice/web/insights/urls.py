from django.urls import path

from saferpractice.web.insights import views

app_name = "insights"

# Each navigation entry has its own branch, so only one entry is marked as the current page.
urlpatterns = [
    path("dashboard/", views.Dashboard.as_view(), name="dashboard"),
    path("dashboard/trust/", views.TrustDashboard.as_view(), name="trust"),
    path("self-review/", views.SelfReview.as_view(), name="self-review"),
    path("self-review/<str:requirement>/", views.RateRequirement.as_view(), name="rate"),
    path("annual-review-pack.pdf", views.AnnualPack.as_view(), name="pack"),
]

from django.urls import path

from saferpractice.web.api import views

app_name = "api"

urlpatterns = [
    path("openapi.json", views.OpenApi.as_view(), name="openapi"),
    path("findings/", views.Findings.as_view(), name="findings"),
    path("findings/<str:ref>/", views.FindingOne.as_view(), name="finding"),
    path("cases/", views.Cases.as_view(), name="cases"),
    path("cases/<uuid:pk>/", views.CaseOne.as_view(), name="case"),
]

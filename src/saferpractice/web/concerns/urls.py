from django.urls import path

from saferpractice.web.concerns import views

app_name = "concerns"

urlpatterns = [
    path("", views.Queue.as_view(), name="queue"),
    path("report/", views.Report.as_view(), name="report"),
    path("mine/", views.Mine.as_view(), name="mine"),
    path("council/", views.Council.as_view(), name="council"),
    path("<uuid:pk>/", views.Detail.as_view(), name="concern"),
]

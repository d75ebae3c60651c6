from django.urls import path

from saferpractice.web.concerns import views

app_name = "concerns"

# Each navigation entry has its own branch, so only one entry is marked as the current page.
urlpatterns = [
    path("received/", views.Queue.as_view(), name="queue"),
    path("received/<uuid:pk>/", views.Detail.as_view(), name="concern"),
    path("report/", views.Report.as_view(), name="report"),
    path("mine/", views.Mine.as_view(), name="mine"),
    path("council/", views.Council.as_view(), name="council"),
]

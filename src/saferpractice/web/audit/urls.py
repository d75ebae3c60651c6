from django.urls import path

from saferpractice.web.audit import views

urlpatterns = [path("", views.AuditLog.as_view(), name="audit-log")]

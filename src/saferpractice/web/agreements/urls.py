from django.urls import path

from saferpractice.web.agreements import views

urlpatterns = [
    path("approvals/", views.ApprovalList.as_view(), name="approvals"),
    path("approvals/request/", views.ApprovalRequest.as_view(), name="approval-request"),
    path("approvals/<uuid:pk>/", views.ApprovalDetail.as_view(), name="approval-detail"),
    path("consents/", views.ConsentRegister.as_view(), name="consents"),
    path("consents/check/", views.ConsentCheck.as_view(), name="consent-check"),
    path("consents/pupils/<str:ref>/", views.PupilConsents.as_view(), name="pupil-consents"),
]

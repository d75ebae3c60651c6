from django.urls import path

from saferpractice.web.policies import views

urlpatterns = [
    path("", views.PolicyHome.as_view(), name="policy-home"),
    path("versions/<uuid:pk>/document/", views.PolicyDocument.as_view(), name="policy-document"),
    path("versions/<uuid:pk>/pdf/", views.PolicyPdf.as_view(), name="policy-pdf"),
    path("versions/<uuid:pk>/changes/", views.PolicyDiffView.as_view(), name="policy-diff"),
    path("history/", views.PolicyHistory.as_view(), name="policy-history"),
    path("what-we-check/", views.WhatWeCheck.as_view(), name="policy-what-we-check"),
    path("acknowledge/", views.Acknowledge.as_view(), name="policy-acknowledge"),
    path("acknowledgements/", views.AcknowledgementList.as_view(), name="policy-acknowledgements"),
    path(
        "acknowledgements/not-acknowledged.csv",
        views.AcknowledgementCsv.as_view(),
        name="policy-acknowledgements-csv",
    ),
    path("review/", views.ReviewHome.as_view(), name="policy-review"),
    path("review/<uuid:pk>/", views.ReviewVersion.as_view(), name="policy-review-version"),
    path("review/<uuid:pk>/next-step/", views.ReviewStep.as_view(), name="policy-review-step"),
    path(
        "review/<uuid:pk>/comment/", views.AddReviewComment.as_view(), name="policy-review-comment"
    ),
    path(
        "review/<uuid:pk>/items/<str:item>/edit/",
        views.ReviewEditItem.as_view(),
        name="policy-review-edit",
    ),
]

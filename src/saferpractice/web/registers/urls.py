from django.urls import path

from saferpractice.web.registers import edit, views

urlpatterns = [
    path("", views.RegistersHome.as_view(), name="registers"),
    path("people/", views.PeopleList.as_view(), name="registers-people"),
    path("people/<str:ref>/", views.PersonDetail.as_view(), name="registers-person"),
    path("people/<str:ref>/change/", edit.PersonEdit.as_view(), name="registers-person-edit"),
    path("people/<str:ref>/remove/", edit.PersonRemove.as_view(), name="registers-person-remove"),
    path("accounts/", views.AccountList.as_view(), name="registers-accounts"),
    path("devices/", views.DeviceList.as_view(), name="registers-devices"),
    path("devices/<str:ref>/change/", edit.DeviceEdit.as_view(), name="registers-device-edit"),
    path("devices/<str:ref>/remove/", edit.DeviceRemove.as_view(), name="registers-device-remove"),
    path("acknowledgements/", views.AcknowledgementList.as_view(), name="registers-acks"),
    path("import/", views.ImportView.as_view(), name="registers-import"),
    path("export/school-folder.zip", views.ExportView.as_view(), name="registers-export"),
]

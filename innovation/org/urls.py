from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("unions/", views.TradeUnionListView.as_view(), name="union_list"),
    path("unions/new/", views.union_edit, name="union_create"),
    path("unions/<int:pk>/", views.TradeUnionDetailView.as_view(), name="union_detail"),
    path("unions/<int:pk>/edit/", views.union_edit, name="union_edit"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/new/", views.enterprise_edit, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("workers/", views.WorkerListView.as_view(), name="worker_list"),
    path("workers/new/", views.worker_edit, name="worker_create"),
    path("workers/<int:pk>/", views.WorkerDetailView.as_view(), name="worker_detail"),
    path("workers/<int:pk>/edit/", views.worker_edit, name="worker_edit"),
    path("workers/<int:pk>/reveal/", views.worker_reveal, name="worker_reveal"),
    path("workers/<int:pk>/honours/", views.honour_add, name="honour_add"),
    path("workers/<int:pk>/honours/<int:honour_pk>/delete/", views.honour_delete, name="honour_delete"),
]

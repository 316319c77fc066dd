from django.urls import path

from . import chain_views, views

app_name = "audit"

urlpatterns = [
    path("", views.AuditEntryListView.as_view(), name="entry_list"),
    path("verify/", chain_views.verify_chain, name="verify"),
]

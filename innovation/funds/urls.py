from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "funds"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="funds:lines"), name="index"),
    path("lines/", views.BudgetLineListView.as_view(), name="lines"),
    path("lines/new/", views.line_edit, name="line_create"),
    path("lines/<int:pk>/", views.line_detail, name="line_detail"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/amend/", views.line_amend, name="line_amend"),
    path("amendments/", views.AmendmentListView.as_view(), name="amendments"),
    path("commitments/", views.CommitmentListView.as_view(), name="commitments"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/pay/", views.commitment_pay, name="commitment_pay"),
    path("commitments/<int:pk>/cancel/", views.commitment_cancel, name="commitment_cancel"),
    path("payments/", views.PaymentListView.as_view(), name="payments"),
]

"""The yearly reports, assessment and revocation pages; appended to the studio app's urlpatterns
(app_name "studios") by innovation/studios/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    # yearly reports
    path("reports/", views.YearReportListView.as_view(), name="reports"),
    path("reports/new/", views.report_start, name="report_start"),
    path("reports/edit/<int:studio>/<int:year>/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/verify/", views.report_verify, name="report_verify"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    # assessment and revocation
    path("assessments/", views.AssessmentListView.as_view(), name="assessments"),
    path("assessments/run/", views.assessment_run, name="assessment_run"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/rubrics/", views.rubrics, name="rubrics"),
    path("assessments/rubrics/new/", views.rubric_create, name="rubric_create"),
    path("revocations/", views.revocations, name="revocations"),
    path("revocations/<int:pk>/", views.revoke, name="revoke"),
]

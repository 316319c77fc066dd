from django.urls import path

from . import views_certificates, views_mayday

# Certificates (PDF, zip), the notice PDF and the May-Day award quota, in the "awards" namespace.
urlpatterns = [
    path("notices/<int:decision_id>/pdf/", views_certificates.notice_pdf_view, name="notice_pdf"),
    path("certificates/<int:share_id>.pdf", views_certificates.certificate, name="certificate"),
    path(
        "certificates/campaign/<int:campaign_id>.zip",
        views_certificates.certificates_zip,
        name="certificates_zip",
    ),
    path(
        "certificates/campaign/<int:campaign_id>/",
        views_certificates.certificate_archives,
        name="certificate_archives",
    ),
    path(
        "certificates/archives/<int:pk>/progress/",
        views_certificates.certificate_archive_progress,
        name="certificate_archive_progress",
    ),
    path(
        "certificates/archives/<int:pk>/download/",
        views_certificates.certificate_archive_download,
        name="certificate_archive_download",
    ),
    path("mayday/", views_mayday.mayday_page, name="mayday"),
]

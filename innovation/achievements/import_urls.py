from django.urls import path

from . import views_import

# Included under "import/" by achievements/urls.py (namespace "achievements").
urlpatterns = [
    path("", views_import.import_upload, name="import_upload"),
    path("template/", views_import.import_template, name="import_template"),
    path("<int:pk>/", views_import.import_detail, name="import_detail"),
    path("<int:pk>/progress/", views_import.import_progress, name="import_progress"),
    path("<int:pk>/errors/", views_import.import_errors, name="import_errors"),
    path("<int:pk>/file/", views_import.import_file, name="import_file"),
]

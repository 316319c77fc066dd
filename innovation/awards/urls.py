from django.urls import path  # noqa: F401

from .urls_extra import urlpatterns as extra_urlpatterns

app_name = "awards"

# Decisions, notices, objections and awards (views.py); certificates and the May-Day quota
# come from urls_extra.
urlpatterns: list = [
    *extra_urlpatterns,
]

from django.urls import path  # noqa: F401

# Certificates (PDF, zip) and the May-Day award quota, in the "awards" namespace.
urlpatterns: list = []

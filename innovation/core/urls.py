from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers (and Chromium's PDF viewer) ask for /favicon.ico whatever the page declares.
    path("favicon.ico", views.favicon, name="favicon"),
]

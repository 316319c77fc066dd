from django.urls import path

from . import views_certificates

app_name = "verify"

# Public (no login): /verify/ holds the form, /verify/<code>/ the answer. One name, two shapes:
# reverse("verify:check") and reverse("verify:check", args=[code]).
urlpatterns = [
    path("", views_certificates.verify, name="check"),
    path("<str:code>/", views_certificates.verify, name="check"),
]

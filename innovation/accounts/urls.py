from django.contrib.auth import views as auth_views
from django.urls import path

from . import twofactor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("security/", twofactor_views.security, name="security"),
    path("security/turn-off/", twofactor_views.turn_off, name="otp_turn_off"),
    path("2fa/verify/", twofactor_views.otp_verify, name="otp_verify"),
    path("2fa/setup/", twofactor_views.otp_setup, name="otp_setup"),
    path("2fa/recovery-codes/", twofactor_views.recovery_codes, name="recovery_codes"),
]

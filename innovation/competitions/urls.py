from django.urls import path

from .views import events, judging, panel, registration, results

app_name = "competitions"

urlpatterns = [
    path("", events.CompetitionListView.as_view(), name="list"),
    path("new/", events.competition_new, name="new"),
    path("<int:pk>/", events.competition_detail, name="detail"),
    path("<int:pk>/step/", events.competition_step, name="step"),
    path("<int:pk>/edit/", events.competition_edit, name="edit"),
    path("<int:pk>/occupations/new/", events.occupation_new, name="occupation_new"),
    path("<int:pk>/upload/", registration.upload, name="upload"),
    path("<int:pk>/pay-prizes/", results.prizes_pay_all, name="pay_prizes"),
    path("<int:pk>/public/", results.public_results, name="public_results"),
    path("results/", results.ResultListView.as_view(), name="result_list"),
    path("awards/", results.AwardListView.as_view(), name="awards"),
    path("awards/<int:pk>/", results.award_detail, name="award"),
    path("awards/<int:pk>/certificate.pdf", results.award_certificate, name="award_certificate"),
    path("promotions/", results.PromotionListView.as_view(), name="promotions"),
    path("promotions/<int:pk>/confirm/", results.promotion_confirm, name="promotion_confirm"),
    path("leagues/", events.LeagueListView.as_view(), name="leagues"),
    path("leagues/new/", events.league_new, name="league_new"),
    path("leagues/<int:pk>/", events.league_detail, name="league"),
    path("occupations/<int:pk>/edit/", events.occupation_edit, name="occupation_edit"),
    path("occupations/<int:pk>/scheme/", events.scheme_edit, name="scheme"),
    path("occupations/<int:pk>/judges/", panel.judges, name="judges"),
    path("judges/<int:pk>/remove/", panel.judge_remove, name="judge_remove"),
    path("occupations/<int:pk>/sheet/", judging.sheet, name="sheet"),
    path("occupations/<int:pk>/sign-off/", judging.sign_off, name="sign_off"),
    path("occupations/<int:pk>/theory/", judging.theory, name="theory"),
    path("occupations/<int:pk>/theory/template.xlsx", judging.theory_template, name="theory_template"),
    path("occupations/<int:pk>/theory/import/", judging.theory_import, name="theory_import"),
    path("occupations/<int:pk>/results/", results.occupation_results, name="results"),
    path("occupations/<int:pk>/results/compute/", results.results_compute, name="results_compute"),
    path("judging/", judging.my_judging, name="my_judging"),
    path("registrations/", registration.RegistrationListView.as_view(), name="registrations"),
    path("registrations/new/", registration.register, name="register"),
    path("registrations/template.xlsx", registration.upload_template, name="upload_template"),
    path("registrations/<int:pk>/", registration.registration_detail, name="registration"),
    path("registrations/<int:pk>/step/", registration.registration_step, name="registration_step"),
    path("registrations/<int:pk>/card.pdf", registration.registration_card, name="card"),
]

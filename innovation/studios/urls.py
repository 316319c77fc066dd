from django.urls import path

from . import views
from .alliances import urls as alliances_urls
from .naming import urls as naming_urls
from .reports import urls as reports_urls
from .subsidies import urls as subsidies_urls

app_name = "studios"

urlpatterns = [
    path("", views.StudioListView.as_view(), name="list"),
    path("stats/", views.studio_stats, name="stats"),
    path("incubated/", views.IncubatedListView.as_view(), name="incubated"),
    path("<int:pk>/", views.studio_detail, name="detail"),
    # the studio page's lower part (loaded into studios/detail by _detail_lower.html)
    path("<int:pk>/more/", views.detail_more, name="detail_more"),
    *naming_urls.urlpatterns,
    *reports_urls.urlpatterns,
    *subsidies_urls.urlpatterns,
    *alliances_urls.urlpatterns,
]

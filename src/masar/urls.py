from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from masar.web import jobs as web_jobs
from masar.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("jobs/<uuid:uid>/", web_jobs.job_page, name="job"),
    path("jobs/<uuid:uid>/status.json", web_jobs.job_status, name="job_status"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("masar.accounts.urls")),
    path("data-protection/", include("masar.accounts.urls_audit")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("geo/", include("masar.geo.urls")),
    path("tracking/", include("masar.tracking.urls")),
    path("indices/", include("masar.indices.urls")),
    path("cases/", include("masar.cases.urls")),
    path("referrals/", include("masar.referrals.urls")),
    path("feedback/", include("masar.feedback.urls")),
    path("duplicates/", include("masar.dedup.urls")),
    path("api/", include("masar.api.urls")),
    path("collect/", include("masar.collect.urls")),
    path("public/", include("masar.products.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "masar.web.errors.bad_request"
handler403 = "masar.web.errors.permission_denied"
handler404 = "masar.web.errors.page_not_found"
handler500 = "masar.web.errors.server_error"

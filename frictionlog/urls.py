from django.contrib import admin
from django.urls import include, path

from journeys import ratelimit

urlpatterns = [
    # The admin's log-in counts failed attempts as the site's does.
    path("admin/login/", ratelimit.limit_login(admin.site.login)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("journeys.urls")),
]

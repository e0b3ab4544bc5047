from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="provider/login.html")),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
    # A browser asks for it; a 404 would be an error in its console.
    path("favicon.ico", lambda request: HttpResponse(status=204)),
]

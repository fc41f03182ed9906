from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path

from api.endpoints import api
from api.errors import error_response
from api.middleware import ERROR_DETAILS


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, ERROR_DETAILS[404])


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),
]

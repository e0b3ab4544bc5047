"""A URLconf for the request budget's tests only: a view whose query runs for long, and a
download whose query runs after its view has returned."""

from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path

COUNTING = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %s) "
    "SELECT count(*) FROM c"
)


def count_to(n: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(COUNTING, [n])
        return cursor.fetchone()[0]


def slow(request):
    return HttpResponse(str(count_to(10_000_000)))  # Seconds of SQLite's work.


def download(request):
    # As a streamed CSV: its rows are read while the response is sent, after the view.
    return StreamingHttpResponse(str(count_to(200_000)) for _ in range(1))


urlpatterns = [path("slow/", slow), path("download/", download)]

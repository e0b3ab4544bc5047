from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from keyfolio import __version__


@never_cache
def healthz(request):
    """200 with a JSON body when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # Any database failure means "not healthy".
        return JsonResponse({"status": "error", "database": str(error)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "version": __version__})

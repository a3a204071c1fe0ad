"""Sending stored files (MEDIA_ROOT) as downloads, by the app or by the reverse proxy.

With ``MEDIA_ACCEL_PREFIX`` set (e.g. "/_media/", an ``internal`` location of nginx that points
at MEDIA_ROOT, see docs/deployment.md) the view only decides *whether* and *what* to send and
answers with an ``X-Accel-Redirect`` header; nginx then sends the file itself, so a print PDF
going to a slow connection does not hold an app worker. Without it, the app streams the file.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header


def stored_file_response(field_file, *, content_type: str, filename: str):
    """The stored file as a download named ``filename``; FileNotFoundError when it is gone."""
    prefix = settings.MEDIA_ACCEL_PREFIX
    if not prefix:
        return FileResponse(field_file.open("rb"), content_type=content_type, filename=filename,
                            as_attachment=False)
    if not field_file.storage.exists(field_file.name):
        raise FileNotFoundError(field_file.name)
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response

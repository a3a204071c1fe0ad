"""Every API error as JSON with a German message: ``{"error": {"status", "code", "message", "fields"}}``.

The services raise Django's ``ValidationError``/``PermissionDenied`` with German texts; they are
passed on as they are (400, or 429 for a rate limit; 403). DRF's own errors get German texts.

DRF is imported inside ``exception_handler``, which only DRF calls: the URLs import this module
for ``not_found``, and every web worker loads the URLs, also those that never serve the API
(DRF's exceptions bring its fields, serializers and renderers: issue 13, worker memory).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MESSAGES = {
    "not_authenticated": gettext_lazy("Zum Schreiben brauchen Sie einen API-Schlüssel."),
    "permission_denied": gettext_lazy("Das dürfen Sie nicht."),
    "not_found": gettext_lazy("Das gibt es nicht."),
    "method_not_allowed": gettext_lazy("Diese Methode ist hier nicht erlaubt."),
    "unsupported_media_type": gettext_lazy("Bitte senden Sie JSON (Content-Type: application/json)."),
    "not_acceptable": gettext_lazy("Diese API antwortet nur mit JSON."),
    "throttled": gettext_lazy("Zu viele Anfragen. Bitte warten Sie etwas."),
}


def error_body(status_code: int, code: str, message: str, fields=None, **extra) -> dict:
    body = {"status": status_code, "code": code, "message": str(message)}
    if fields:
        body["fields"] = {name: [str(m) for m in messages] for name, messages in fields.items()}
    body.update(extra)
    return {"error": body}


def _field_messages(detail) -> dict:
    """DRF's nested error detail → {"field": ["message", …]} (nested fields joined by ".")."""
    flat = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and value and not isinstance(value[0], str):
            for index, inner in enumerate(value):
                walk(f"{prefix}.{index}", inner)
        else:
            flat.setdefault(prefix or "allgemein", []).extend(value if isinstance(value, list) else [value])

    walk("", detail)
    return flat


def exception_handler(exc, context):
    from rest_framework import exceptions, status  # (see the module docstring)
    from rest_framework.response import Response

    if isinstance(exc, Http404):
        message = str(exc) if exc.args else MESSAGES["not_found"]
        return Response(error_body(404, "not_found", message), status=404)
    if isinstance(exc, DjangoPermissionDenied):
        message = str(exc) if exc.args else MESSAGES["permission_denied"]
        return Response(error_body(403, "permission_denied", message), status=403)
    if isinstance(exc, DjangoValidationError):
        if getattr(exc, "code", None) == "rate_limited":
            return Response(error_body(429, "rate_limited", exc.messages[0]), status=429)
        fields = exc.message_dict if hasattr(exc, "error_dict") else None
        message = exc.messages[0] if exc.messages else _("Die Angaben sind nicht gültig.")
        return Response(error_body(400, "invalid", message, fields), status=400)
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_messages(exc.detail)
        first = next(iter(fields.values()))[0] if fields else _("Die Angaben sind nicht gültig.")
        return Response(error_body(400, "invalid", first, fields), status=400)
    if isinstance(exc, exceptions.APIException):
        code = exc.default_code if isinstance(exc.default_code, str) else "error"
        detail = exc.detail if isinstance(exc.detail, str) else None
        # DRF's built-in English defaults are replaced by German ones.
        message = detail if detail and detail != str(type(exc).default_detail) else MESSAGES.get(code, detail or code)
        response = Response(error_body(exc.status_code, code, message), status=exc.status_code)
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            response.status_code = status.HTTP_401_UNAUTHORIZED
            response.data["error"]["status"] = 401
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(int(exc.wait))
        return response
    return None


def not_found(request, url=""):
    """JSON 404 for any path under /api/ that matches no endpoint."""
    return JsonResponse(error_body(404, "not_found", _("Diesen Endpunkt gibt es nicht. "
                                                       "Die Übersicht steht unter /api/v1/.")), status=404)

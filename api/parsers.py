"""The API's only request format: JSON, of limited size, parsed strictly."""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"


class LimitedJSONParser(parsers.JSONParser):
    """JSON bodies up to ``API_MAX_BODY_BYTES``; a larger one is refused before it is read."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        limit = settings.API_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        data = stream.read(limit + 1) if stream is not None else b""
        if length > limit or len(data) > limit:
            raise BodyTooLarge(_("Die Anfrage ist zu groß (höchstens %(limit)s Bytes).") % {"limit": limit})
        try:
            value = json.loads(data.decode(parser_context.get("encoding") or "utf-8"),
                               parse_constant=_no_constant)
        except (ValueError, UnicodeDecodeError) as error:
            raise exceptions.ParseError(_("Der Inhalt ist kein gültiges JSON (%(error)s).") % {"error": error})
        if not isinstance(value, dict):
            raise exceptions.ParseError(_("Erwartet wird ein JSON-Objekt ({…})."))
        return value


def _no_constant(name):
    raise ValueError(f"{name} ist in JSON nicht erlaubt")

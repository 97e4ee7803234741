"""The API's JSON parser: bodies too large or too deeply nested are a 400, not a crash."""

import codecs
import json
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# A match request is two levels of objects in a list; nothing the API reads is deeper.
MAX_DEPTH = 10
STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKETS = re.compile(r"[\[\]{}]")


class BoundedJSONParser(JSONParser):
    """JSON of at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes and ``MAX_DEPTH`` levels.

    Python's JSON decoder recurses, so a body nested thousands deep would raise
    RecursionError; the depth is checked on the text before it is decoded.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(_("The body is larger than {limit} bytes.").format(limit=limit))
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError):
            message = _("The body is not text in {encoding}.").format(encoding=encoding)
            raise ParseError(message) from None
        if nesting(text) > MAX_DEPTH:
            raise ParseError(
                _("The body nests deeper than {depth} levels.").format(depth=MAX_DEPTH)
            )
        try:
            return json.loads(text, parse_constant=refuse_constant)
        except ValueError as error:
            raise ParseError(_("JSON parse error - {error}").format(error=error)) from None


def nesting(text):
    """How deep arrays and objects nest in JSON ``text`` (brackets inside strings not counted)."""
    depth = deepest = 0
    for bracket in BRACKETS.finditer(STRINGS.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def refuse_constant(name):
    """NaN and Infinity are not JSON, though Python's decoder reads them."""
    raise ValueError(f"{name} is not a JSON value")

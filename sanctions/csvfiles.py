"""The one CSV writer: every download (web lists, API lists, change feed, screening) streams
through it, so every one protects spreadsheets the same way.

**Formulas.** A spreadsheet runs a cell whose text starts with ``=``, ``+``, ``-`` or ``@``
(and, in some, a tab or a carriage return) as a formula: a name such as
``=HYPERLINK("http://x")`` in a list would become a live link, or worse (CSV injection). Such
a text cell is written with a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheets
show as text. Only text is escaped: a number (an id, a score) is written as it is, so ``-2``
stays a number; dates and date-times are written as ISO text, which starts with a digit.

**Streaming.** The caller hands over the rows in pieces (lists of rows); each piece is written
and sent as soon as it is ready, so a download of any length starts at once and memory stays
flat. A caller that reads its rows in chunks of the database sends one piece per chunk.
"""

import csv
import io
from itertools import chain, islice

from django.http import StreamingHttpResponse

CONTENT_TYPE = "text/csv; charset=utf-8"
# The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A UTF-8 byte-order mark: Excel needs it to read Korean or Cyrillic names correctly.
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula, with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def csv_text(pieces):
    """The CSV text of each piece (a list of rows), formula-like text cells escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for rows in pieces:
        writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        yield text


def line_by_line(rows):
    """Pieces of one row each: every line is sent as soon as it is written."""
    return ([row] for row in rows)


def in_chunks(header, rows, size):
    """Pieces of ``size`` rows, the header with the first: one piece per database chunk."""
    rows = iter(rows)
    yield [header, *islice(rows, size)]
    while piece := list(islice(rows, size)):
        yield piece


def csv_response(pieces, filename, content_type=CONTENT_TYPE, byte_order_mark=False):
    """A streamed CSV download of ``pieces`` (see :func:`csv_text`) named ``filename``."""
    text = csv_text(pieces)
    if byte_order_mark:
        text = chain([BYTE_ORDER_MARK], text)
    response = StreamingHttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

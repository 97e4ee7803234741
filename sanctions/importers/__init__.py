"""Importers of official sanctions lists: one module per format, one shared apply step.

``parse(format, paths)`` reads files into :class:`records.ParsedList` objects (nothing is
written); :class:`apply.ListImport` writes one of them to the database.
"""

from .records import ImportFileError


def parsers():
    # Imported on use: the format modules pull in the Django models through the apply step.
    from . import ftm, ofac, uk, un

    return {"ofac-csv": ofac.parse, "un-xml": un.parse, "uk-ofsi-csv": uk.parse, "ftm": ftm.parse}


def parse(format, paths, *, list_date=None):
    """Read the files of one format into ParsedLists; raises ImportFileError."""
    return parsers()[format](paths, list_date=list_date)


__all__ = ["ImportFileError", "parse", "parsers"]

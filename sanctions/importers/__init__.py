"""Importers of official sanctions lists: files are parsed into plain records, then applied.

Parsing knows files and nothing of the database:

- one module per format: :mod:`.ofac` (with :mod:`.ofac_remarks` for OFAC's free-text
  Remarks), :mod:`.un`, :mod:`.uk` and :mod:`.ftm` (OpenSanctions), each with a ``parse``
  function that :func:`parse` picks by format name;
- what they share: :mod:`.files` (bytes, encodings, CSV), :mod:`.common` (scripts, dates),
  :mod:`sanctions.names` (the names shown: ``display_name``), :mod:`.countries` (country
  names as lists write them) and :mod:`.reference` (the agencies, programs and lists the
  importers know);
- :mod:`.records`: the dataclasses every format produces (``ParsedList`` of ``Entry``), the
  whole contract with the database side.

Applying knows the database and nothing of formats: :class:`apply.ListImport` writes one
ParsedList in one transaction the caller opens (``manage.py import_list``). It finds the
subject a new entry stands for (:mod:`.linking`), merges what the list changed into what
analysts edited (:mod:`.merge`), finds or creates the agencies, programs, authorities and
measures the list names (:mod:`.references`) and writes history rows in bulk, naming the
import run (:mod:`.history`).
"""

from .common import shown_name
from .records import ImportFileError

# Formats whose lists write people "SURNAME, Given names".
SURNAME_FIRST = frozenset({"ofac-csv", "ofac-xml", "uk-ofsi-csv", "uk-sanctions-list"})


def parsers():
    # Imported on use: reading ImportFileError from this package need not load every format.
    from . import eu, ftm, ofac, ofac_xml, uk, uk_list, un

    return {
        "ofac-csv": ofac.parse,
        "ofac-xml": ofac_xml.parse,
        "un-xml": un.parse,
        "uk-ofsi-csv": uk.parse,
        "ftm": ftm.parse,
        "eu-fsf-xml": eu.parse,
        "uk-sanctions-list": uk_list.parse,
    }


def parse(format, paths, *, list_date=None):
    """Read the files of one format into ParsedLists; raises ImportFileError.

    Every entry's name is shown by one rule, whatever the format (``sanctions.names``).
    """
    parsed_lists = parsers()[format](paths, list_date=list_date)
    for parsed in parsed_lists:
        for entry in parsed.entries:
            entry.name = shown_name(entry, surname_first=format in SURNAME_FIRST)
    return parsed_lists


__all__ = ["ImportFileError", "parse", "parsers"]

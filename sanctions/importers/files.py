"""Reading list files: bytes, encodings and CSV, with errors that say file and line."""

import csv
import io
from pathlib import Path

from .records import ImportFileError, SourceFile

CTRL_Z = b"\x1a"


def read_bytes(path, name=None):
    """The file's bytes and its SourceFile (name, size, SHA-256)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(path, "", f"cannot be read ({error.strerror})") from None
    return data, SourceFile.of(name or path.name, data)


def _line_of(data, offset):
    return data.count(b"\n", 0, offset) + 1


def strip_ctrl_z(data, name):
    """Drop the DOS end-of-file byte OFAC ends its files with; refuse one anywhere else."""
    stripped = data.rstrip(b"\r\n")
    if stripped.endswith(CTRL_Z):
        data = stripped[:-1]
    position = data.find(CTRL_Z)
    if position >= 0:
        raise ImportFileError(
            name, f"line {_line_of(data, position)}", "a Ctrl-Z (0x1A) byte before the end"
        )
    return data


def refuse_binary(data, name):
    """UTF-16 text and binary files hold NUL bytes; no list file in a text format does.

    NUL bytes in the first 4 KiB say the whole file is not text; one further on is a
    damaged file (and PostgreSQL cannot store the character), refused with its line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise ImportFileError(name, "", "unexpected encoding: UTF-16 or binary data, not text")
    position = data.find(b"\x00")
    if position >= 0:
        raise ImportFileError(name, f"line {_line_of(data, position)}", "a NUL (0x00) byte")


def refuse_empty(data, name):
    """An empty file is a failed or cut download, never a list."""
    if not data.strip(b" \t\r\n\x1a\xef\xbb\xbf"):
        raise ImportFileError(name, "", "the file is empty: a failed or truncated download?")


def decode_utf8(data, name):
    """ASCII or UTF-8 text (OFAC publishes ASCII); anything else is refused with its line."""
    refuse_binary(data, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = _line_of(data, error.start)
        byte = data[error.start : error.start + 1].hex()
        raise ImportFileError(
            name, f"line {line}", f"unexpected encoding: byte 0x{byte} is not ASCII or UTF-8"
        ) from None


def decode_windows_1252(data, name):
    """Windows-1252 text, as OFSI publishes it; UTF-8 (with or without a BOM) is also read.

    A UTF-8 file read as Windows-1252 would turn every accent into two wrong letters without
    an error, so valid UTF-8 wins; bytes that Windows-1252 leaves undefined are refused.
    """
    refuse_binary(data, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = _line_of(data, error.start)
        byte = data[error.start : error.start + 1].hex()
        raise ImportFileError(
            name, f"line {line}", f"unexpected encoding: byte 0x{byte} is not Windows-1252"
        ) from None


def csv_rows(text, name):
    """Yield (line number, cells) for every row; quoting errors name their line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for cells in reader:
            if cells:
                yield reader.line_num, cells
    except csv.Error as error:
        raise ImportFileError(
            name, f"line {reader.line_num}", f"malformed CSV ({error}); is the file truncated?"
        ) from None

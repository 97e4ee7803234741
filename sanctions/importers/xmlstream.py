"""Reading big XML list files as a stream: one record element at a time, never the whole tree.

The file is fed to a defusedxml parser in chunks (no DTDs, entities or external references:
an HTML error page or a billion-laughs file is refused before anything expands); each record
element is handed over complete, with the line it starts on, then emptied, so memory stays
flat whatever the file's size. The SHA-256 is computed on the same pass.
"""

import hashlib
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from .records import ImportFileError, SourceFile

CHUNK = 1 << 16


def local(tag):
    """A tag without its namespace: ``{http://…/export}sanctionEntity`` → ``sanctionEntity``."""
    return tag.rpartition("}")[2]


class _Builder(ET.TreeBuilder):
    """Builds record elements only, remembering their lines; the rest of the tree stays bare."""

    def __init__(self, record_tags):
        super().__init__()
        self.record_tags = record_tags
        self.parser = None
        self.root = None
        self.lines = {}
        self.done = []  # complete records not yet handed over

    def start(self, tag, attrs):
        element = super().start(local(tag), attrs)
        if self.root is None:
            self.root = element
            self.root_namespace = tag.rpartition("}")[0].lstrip("{")
        if element.tag in self.record_tags:
            self.lines[element] = self.parser.parser.CurrentLineNumber
        return element

    def end(self, tag):
        element = super().end(local(tag))
        if element.tag in self.record_tags:
            self.done.append(element)
        return element


class XMLStream:
    """Iterate ``(element, line)`` over a file's record elements; then read ``root`` and
    ``source`` (name, size, SHA-256). ``check_root(root, name)`` runs on the root element as
    soon as it is read, so a wrong file is refused before its records are."""

    def __init__(self, path, name, record_tags, check_root):
        self.path, self.name = path, name
        self.record_tags, self.check_root = set(record_tags), check_root
        self.root = self.source = None

    def __iter__(self):
        builder = _Builder(self.record_tags)
        parser = DefusedXMLParser(target=builder, forbid_dtd=True)
        builder.parser = parser
        digest, size, text_seen = hashlib.sha256(), 0, False
        try:
            with open(self.path, "rb") as file:
                while chunk := file.read(CHUNK):
                    if size == 0:
                        _refuse_utf16(chunk, self.name)
                    digest.update(chunk)
                    size += len(chunk)
                    text_seen = text_seen or bool(chunk.strip(b" \t\r\n\xef\xbb\xbf"))
                    if text_seen:
                        yield from self._feed(parser, builder, chunk)
            if not text_seen:
                raise ImportFileError(
                    self.name, "", "the file is empty: a failed or truncated download?"
                )
            yield from self._feed(parser, builder, None)
        except OSError as error:
            raise ImportFileError(self.path, "", f"cannot be read ({error.strerror})") from None
        self.source = SourceFile(name=self.name, sha256=digest.hexdigest(), size=size)

    def _feed(self, parser, builder, chunk):
        try:
            if chunk is None:
                parser.close()
            else:
                parser.feed(chunk)
        except ET.ParseError as error:
            line, column = error.position
            message = f"malformed XML ({error.msg}); truncated?"
            raise ImportFileError(self.name, f"line {line}, column {column}", message) from None
        except DefusedXmlException as error:
            if str(getattr(error, "name", "")).lower() == "html":
                message = "refused: an HTML page, not the list (an error page in its place?)"
            else:
                message = f"refused: a DTD or entity declaration, which lists never have ({error})"
            raise ImportFileError(self.name, "", message) from None
        if builder.root is not None and self.root is None:
            self.root = builder.root
            self.check_root(builder.root, builder.root_namespace, self.name)
        while builder.done:
            element = builder.done.pop(0)
            yield element, builder.lines.pop(element, "?")
            element.clear()


def _refuse_utf16(chunk, name):
    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4096]:
        raise ImportFileError(name, "", "unexpected encoding: UTF-16 or binary data, not text")

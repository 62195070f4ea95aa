"""Checks on uploaded evaluation reports: type by content, extension agreeing, size."""

from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_REPORT_SIZE = 10 * 1024 * 1024
REPORT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"]
# Office 97-2003 files are OLE2 compound files; filetype does not always tell the three apart.
OLE_EXTENSIONS = {"doc", "xls", "ppt"}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD_SIZE = 8192


def report_accept_attribute() -> str:
    """The value of the file input's `accept` attribute: a hint for the browser's file picker."""
    return ",".join(f".{extension}" for extension in REPORT_EXTENSIONS)


def original_filename(upload) -> str:
    return PurePath(upload.name).name[:255]


def _read_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_SIZE)
    upload.seek(0)
    return head


def _content_matches(extension: str, head: bytes) -> bool:
    kind = filetype.guess(head)
    if kind is not None and kind.extension == extension:
        return True
    if extension in OLE_EXTENSIONS and head.startswith(OLE_SIGNATURE):
        # filetype recognised none of the three: trust the extension.
        return kind is None
    return False


def validate_report(upload) -> None:
    """Refuse anything but a PDF, Office or OpenDocument file of at most 10 MB.

    The type is read from the content; the extension must name the same type, so a program
    renamed to .pdf and a PDF renamed to .docx are both refused.
    """
    name = original_filename(upload)
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in REPORT_EXTENSIONS:
        raise ValidationError(
            _(
                "%(name)s cannot be added as a report. Choose a PDF, Word, Excel, PowerPoint "
                "or OpenDocument file."
            ),
            params={"name": name},
            code="report_extension",
        )
    if upload.size > MAX_REPORT_SIZE:
        raise ValidationError(
            _(
                "%(name)s is %(size)s; a report may be at most 10 MB. Choose a smaller file, "
                "or put the report online and give its link."
            ),
            params={"name": name, "size": filesizeformat(upload.size)},
            code="report_size",
        )
    if not _content_matches(extension, _read_head(upload)):
        raise ValidationError(
            _(
                "The content of %(name)s is not a .%(extension)s file. Save the report again "
                "as PDF or in an Office format, and choose that file."
            ),
            params={"name": name, "extension": extension},
            code="report_content",
        )

"""Upload checks: size cap and the real file type, read from the content, not the name."""

import hashlib
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension -> (content type, how to recognise the bytes)
ALLOWED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def sniff(head: bytes, data_for_zip) -> str | None:
    """The real type of a file from its first bytes: pdf, jpg, png, docx, xlsx, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(data_for_zip()) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def check_upload(upload, *, allowed: tuple[str, ...] = tuple(ALLOWED)) -> tuple[str, str, str]:
    """Validate an uploaded file; return (extension, content type, sha256). Reads it once."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("文件「%(n)s」大小为 %(s).1f MB，超过上限 %(l)d MB。")
            % {"n": upload.name, "s": upload.size / 1048576, "l": limit // 1048576},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("文件「%(n)s」是空文件。") % {"n": upload.name}, code="empty")
    name_ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    real = sniff(content[:16], lambda: io.BytesIO(content))
    if real is None or real not in allowed:
        raise ValidationError(
            _("文件「%(n)s」的实际类型不被接受，只能上传：%(a)s。")
            % {"n": upload.name, "a": "、".join(a.upper() for a in allowed if a != "jpeg")},
            code="type",
        )
    if name_ext and name_ext not in (real, "jpeg" if real == "jpg" else real):
        raise ValidationError(
            _("文件「%(n)s」的扩展名与实际内容（%(r)s）不符。") % {"n": upload.name, "r": real.upper()},
            code="mismatch",
        )
    return real, ALLOWED[real], hashlib.sha256(content).hexdigest()

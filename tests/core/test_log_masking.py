"""No log line holds an ID-card or phone number: gunicorn's access log leaves query strings
out (the request's and the referrer's) and masks the rest; gunicorn's error log and Django's
own logging mask every line."""

import datetime
import logging
from types import SimpleNamespace

from gunicorn.config import Config

from config import gunicorn as gunicorn_conf
from innovation.audit.masking import MaskingFormatter, mask_text

ID = "210727199001011236"
PHONE = "13812341234"


def _logger(tmp_path):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    cfg.set("access_log_format", gunicorn_conf.access_log_format)
    return gunicorn_conf.PrivacyLogger(cfg)


def test_the_access_log_has_no_query_string_and_no_number(tmp_path):
    logger = _logger(tmp_path)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/org/workers/?q={ID}&export=xlsx",
        "PATH_INFO": f"/verify/{PHONE}/",
        "QUERY_STRING": f"q={ID}&export=xlsx",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_REFERER": f"http://127.0.0.1:8000/org/workers/?q={PHONE}",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])

    logger.access(response, request, environ, datetime.timedelta(milliseconds=40))

    line = (tmp_path / "access.log").read_text()
    assert (
        '"GET /verify/138****1234/ HTTP/1.1" 200 512 "http://127.0.0.1:8000/org/workers/" "Mozilla/5.0"'
        in line
    )
    assert ID not in line and PHONE not in line and "q=" not in line


def test_the_error_log_is_masked(tmp_path):
    logger = _logger(tmp_path)

    logger.error("Invalid request from %s: %s", "10.1.2.3", f"/api/v1/workers/{ID}")

    text = (tmp_path / "error.log").read_text()
    assert "/api/v1/workers/210727********1236" in text and ID not in text


def test_djangos_logging_is_masked(settings):
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler.formatter, MaskingFormatter)
    record = logging.makeLogRecord(
        {"msg": "Not Found: %s", "args": (f"/studios/verify/{ID}/",), "levelno": logging.WARNING}
    )

    assert handler.format(record) == "Not Found: /studios/verify/210727********1236/"


def test_a_traceback_is_masked_too():
    formatter = MaskingFormatter("%(message)s")
    try:
        int(f"{PHONE}x")
    except ValueError:
        import sys

        record = logging.makeLogRecord({"msg": "boom", "exc_info": sys.exc_info()})
    text = formatter.format(record)
    assert "138****1234x" in text and PHONE not in text


def test_numbers_are_masked_as_the_lists_show_them():
    assert mask_text(f"q={ID}") == "q=210727********1236"
    assert mask_text("q=21072719900101123x") == "q=210727********123x"
    assert mask_text("旧证 210727900101123") == "旧证 210727*****1123"
    assert mask_text("手机 138 1234 1234，+86-139-0000-1111") == "手机 138****1234，+86-139****1111"
    assert mask_text("座机0416-2345678") == "座机041*****5678"
    # Other figures stay: amounts, dates, timestamps, ids, codes.
    for text in (
        "412000500.00",
        "2026-03-01 10:00:00",
        "1767225600123",
        "pk=42",
        "GZS000010",
        "id=12345678901234567890",
    ):
        assert mask_text(text) == text

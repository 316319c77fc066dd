"""gunicorn settings for `make run` and for the served demo of the tests (tests/demo_site).

Its one job beyond gunicorn's defaults: no log line holds personal data. A search by ID-card or
phone number travels in the query string (`/org/workers/?q=…`), and the page a link was clicked
on travels in the Referer header, so:

* the access log writes the path without its query string (`%(U)s`, not the request line
  `%(r)s`), and the referrer without its query string either;
* every line of both logs (access and error) is passed through the one masking of
  innovation.audit.masking, for numbers that sit in a path (`/verify/<what was typed>/`), a
  header or an error message.

The command line still chooses the address, workers and log files (`--bind`, `--workers`,
`--access-logfile`, `--error-logfile`); it wins over this file.
"""

from urllib.parse import urlsplit, urlunsplit

from gunicorn.glogging import Logger

from innovation.audit.masking import MaskingFormatter, mask_text

# The combined format, with the path instead of the request line (which carries the query string),
# and the worker process that answered.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s" %(p)s'


def _without_query(url: str) -> str:
    if not url or url == "-":
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return "-"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


class PrivacyLogger(Logger):
    """gunicorn's logger with query strings kept out of the access log and every line masked."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                inner = handler.formatter or MaskingFormatter()
                if not isinstance(inner, MaskingFormatter):
                    handler.setFormatter(MaskingFormatter(inner=inner))

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = (
            f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')} {environ['SERVER_PROTOCOL']}"
        )
        atoms["q"] = "-"
        atoms["f"] = _without_query(atoms.get("f", "-"))
        # The same values reachable as a header or an environment variable in a custom format.
        for key in ("{referer}i", "{http_referer}e", "{query_string}e", "{raw_uri}e"):
            if key in atoms:
                atoms[key] = atoms["f"] if key in ("{referer}i", "{http_referer}e") else "-"
        return {key: mask_text(value) if isinstance(value, str) else value for key, value in atoms.items()}


logger_class = PrivacyLogger

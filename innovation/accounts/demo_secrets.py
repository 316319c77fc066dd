"""The fixed TOTP secrets of the demo's administrators (README lists them). Public by design:
`manage.py check --deploy` fails while any of them is in use. Plain constants, so that scripts
outside Django (tests/browser/shoot_demo.py) can compute the demo's codes too."""

# username -> base32 TOTP secret (SHA-1, 6 digits, 30 s), as typed into an authenticator app.
DEMO_TOTP_SECRETS = {
    "demo_city": "WLFSHGBEUEQCO32AZBB553EB4USC4W44",
    "demo_city2": "C5PBNZNXN4HTXEEPN6CLEAZPPCF52TCD",
    "demo_sysadmin": "A3NVPLBX7X5CL462HLXBUMVZDCSVPYKN",
    "demo_security": "XUXWVVFHP7J5V7X3KCOAX5CQI7ALGC6N",
    "demo_audit": "EPVTBLSNGLZNQKIXWXM4ZHVHYSO25GOJ",
}

"""Second-factor helpers for tests: the code an authenticator app would show, and enrolled devices.

Nothing here bypasses anything: sessions are verified with a real device of the user, and the
browser helpers type a code computed from the device's key into the real form. The functions at
the top need no database (the served demo's helper and tests/browser/shoot_demo.py use them)."""

from __future__ import annotations

import base64
import time
from binascii import unhexlify

from django_otp.oath import hotp


def counter_to_use(
    *, step: int = 30, t0: int = 0, drift: int = 0, last_t: int = -1, ahead: int = 1
) -> tuple[int, float]:
    """The time step whose code the device takes now, and how many seconds to wait for it.

    A TOTP device accepts the steps now+drift-1 … now+drift+1 above the last one it took (each
    code once). Use the current step or, with `ahead`, the next: either still fits when a step
    boundary passes before the server checks. Past that, wait for the clock."""
    now = time.time()
    base = int(now - t0) // step + drift
    counter = max(base, last_t + 1)
    wait = 0.0
    if counter > base + ahead:
        wait = (counter - ahead - drift) * step + t0 - now + 0.05
    return counter, max(wait, 0.0)


def code_at(key_hex: str, counter: int, digits: int = 6) -> str:
    return f"{hotp(unhexlify(key_hex), counter, digits=digits):0{digits}d}"


def hex_of(secret_base32: str) -> str:
    secret = "".join(secret_base32.split()).upper()
    return base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()


class KnownSecrets:
    """Codes for accounts whose secrets are known (the served demo's administrators), remembering
    the steps already used. It waits for the clock rather than running ahead, so the devices'
    drift stays put however often the same account signs in."""

    def __init__(self, secrets: dict[str, str]):
        self.secrets = secrets
        self.used: dict[str, int] = {}

    def code(self, username: str) -> str:
        counter, wait = counter_to_use(last_t=self.used.get(username, -1), ahead=0)
        if wait:
            time.sleep(wait)
        self.used[username] = counter
        return code_at(hex_of(self.secrets[username]), counter)


# --- with the database ----------------------------------------------------------------------


def current_code(device) -> str:
    """The code an app with this device's key shows now (not one the device already took)."""
    device.refresh_from_db()
    counter, wait = counter_to_use(step=device.step, t0=device.t0, drift=device.drift, last_t=device.last_t)
    if wait:
        time.sleep(wait)
    return code_at(device.key, counter, device.digits)


def enrolled_device(user):
    """The user's authenticator, enrolled on the spot if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from innovation.accounts import twofactor

    device = twofactor.authenticator(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试身份验证器", confirmed=True)
    return device


def verify_client_session(client, user) -> None:
    """Mark a test client's session as having passed the second factor with the user's device."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
    session.save()

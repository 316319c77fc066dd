"""Production settings with one 2FA bypass: the API also takes HTTP Basic (a password alone).
Used by tests/core/test_deploy_check.py to see `check --deploy` refuse it."""

from config.settings import *  # noqa: F403
from config.settings import REST_FRAMEWORK

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        *REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"],
        "rest_framework.authentication.BasicAuthentication",
    ],
}

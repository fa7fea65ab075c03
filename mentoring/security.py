"""Security events to the log (ASVS V16): sign-in, failed sign-in, sign-out,
refused access. Records carry the user id and the client address, never a
name, an e-mail or the submitted username (which may be a mistyped password).
"""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .access import client_ip

log = logging.getLogger("mentoring.security")


def on_login(sender, request, user, **kwargs):
    log.info("login ok user=%s ip=%s", user.pk, client_ip(request) if request else "-")


def on_logout(sender, request, user, **kwargs):
    log.info("logout user=%s", user.pk if user else "-")


def on_login_failed(sender, credentials, request=None, **kwargs):
    log.warning("login failed ip=%s", client_ip(request) if request else "-")


def connect():
    user_logged_in.connect(on_login, dispatch_uid="security_login")
    user_logged_out.connect(on_logout, dispatch_uid="security_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="security_login_failed")

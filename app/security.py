"""Response headers (a strict Content-Security-Policy with a per-request nonce, HSTS in
production) and which client address the app believes."""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g
from werkzeug.middleware.proxy_fix import ProxyFix


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _content_security_policy() -> str:
    nonce = csp_nonce()
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _set_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", _content_security_policy())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if max_age := current_app.config["HSTS_MAX_AGE"]:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
    if response.mimetype == "text/html":
        # Pages can hold results links and answers: keep them out of shared caches.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


class _ForgetForwardedFor:
    """Drop X-Forwarded-For once ProxyFix has taken what it trusts from it.

    Anyone can send the header, and Flask-Login's strong session protection reads it
    before the real address: left in place, a copied cookie could claim its owner's address.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ.pop("HTTP_X_FORWARDED_FOR", None)
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    app.wsgi_app = _ForgetForwardedFor(app.wsgi_app)
    if proxies := app.config["TRUSTED_PROXIES"]:
        # The client's address and scheme from the last `proxies` hops, which our own
        # proxies wrote; anything a client put before them is ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.after_request(_set_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce

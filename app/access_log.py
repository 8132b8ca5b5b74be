"""Access logs without tokens or whole addresses.

Paths here carry secrets (results links, quiz attempts, join codes) and a full address
next to a response's time could pick a person out. So a logged request names its route
(the URL rule, "/assessment/results/<token>") instead of its path, and the client's
network (/24 for IPv4, /48 for IPv6) instead of its address; query strings, referrers,
cookies and other headers are never logged.

gunicorn uses AccessLogger through gunicorn.conf.py (read from the folder gunicorn starts
in), so the format it is given cannot bring those back: every field a format can name is
one of SAFE_FIELDS, the rest print as "-".
"""

from __future__ import annotations

import ipaddress

from flask import Flask, request
from gunicorn.glogging import Logger

ROUTE_KEY = "involvement_ladder.route"  # set in the WSGI environ for the access log
NO_ROUTE = "(no route)"
IPV4_PREFIX = 24
IPV6_PREFIX = 48
# Time, network, "METHOD route PROTOCOL", status, bytes and duration (ms).
ACCESS_LOG_FORMAT = '%(t)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# gunicorn's atoms that hold nothing from the URL, headers or cookies (plus h, r, U below).
SAFE_FIELDS = ("t", "s", "m", "H", "b", "B", "T", "D", "M", "L", "p")


def network_of(address: str | None) -> str:
    """The client's network, e.g. 203.0.113.0/24 for 203.0.113.77; "-" if not an address."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "-"
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        every = super().atoms(resp, req, environ, request_time)
        route = environ.get(ROUTE_KEY) or NO_ROUTE
        atoms = {name: every[name] for name in SAFE_FIELDS if name in every}
        atoms.update(
            # REMOTE_ADDR after the app's ProxyFix: the client's, behind trusted proxies.
            h=network_of(environ.get("REMOTE_ADDR")),
            r=f"{environ.get('REQUEST_METHOD')} {route} {environ.get('SERVER_PROTOCOL')}",
            U=route,
        )
        return atoms


def _note_route(endpoint: str | None, values: dict | None) -> None:
    if request.url_rule is not None:
        request.environ[ROUTE_KEY] = request.url_rule.rule


def init_app(app: Flask) -> None:
    # URL value preprocessors run first for every routed request, before any
    # before_request hook can end it (a rate limit, a refused input).
    app.url_value_preprocessor(_note_route)

"""NHS-styled error pages for HTTP errors, expired forms and an unreachable database."""

from __future__ import annotations

import contextlib

from flask import Flask, current_app, g, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from app.db import get_db
from app.extensions import login_manager

PAGES = {
    400: ("There is a problem with that request", "errors/400.html"),
    404: ("Page not found", "errors/404.html"),
    405: ("There is a problem with that request", "errors/400.html"),
    413: ("That was too much to send", "errors/413.html"),
    429: ("Too many attempts", "errors/429.html"),
    500: ("Sorry, there is a problem with the service", "errors/500.html"),
    503: ("Sorry, the service is unavailable", "errors/503.html"),
}


def render_error(status: int, description: str | None = None):
    title, template = PAGES.get(status, PAGES[500] if status >= 500 else PAGES[400])
    return render_template(template, title=title, description=description), status


def _http_error(error: HTTPException):
    return render_error(error.code or 500, error.description)


def _untrusted_host(error: SecurityError):
    """A Host not in TRUSTED_HOSTS: the 400 page, which needs a URL adapter for url_for.

    Flask could not bind one to an untrusted Host, so every url_for in the layout would
    raise (a 500). Bound to a trusted host instead; the page's links are relative, so
    nothing of the untrusted name reaches the page.
    """
    if request_ctx.url_adapter is None:
        request_ctx.url_adapter = current_app.url_map.bind(
            (current_app.config["TRUSTED_HOSTS"] or ["localhost"])[0],
            script_name=request.script_root,
            url_scheme=request.scheme,
        )
    return render_error(400)


def _csrf_error(error: CSRFError):
    return render_template("errors/csrf.html", title="Your page timed out"), 400


def _database_unavailable(error: Exception):
    # Roll back so the next request on this worker starts clean once the database is back.
    with contextlib.suppress(DBAPIError):
        get_db().rollback()
    # The page must not need the database: render it as for someone signed out, or the
    # templates' current_user would load the trainer, fail again and give a bare 500.
    g._login_user = login_manager.anonymous_user()
    return render_error(503)


def _unexpected(error: Exception):
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    if not app.config.get("TESTING"):
        # In tests an unexpected error should fail loudly with its traceback.
        app.register_error_handler(Exception, _unexpected)

"""Involvement Ladder: learn and measure co-production in health and care."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Request
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader
from werkzeug.routing import MapAdapter

from app.db import commit_request
from config import INSTANCE_DIR, config_for


class LadderApp(Flask):
    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """With BASE_URL set, every absolute link (join links, QR codes, results links)
        names its scheme and host, whatever Host or scheme the request came with."""
        adapter = super().create_url_adapter(request)
        if adapter is not None and request is not None and self.config["BASE_URL"]:
            base = urlsplit(self.config["BASE_URL"])
            adapter.url_scheme, adapter.server_name = base.scheme, base.netloc
        return adapter

    def dispatch_request(self):  # type: ignore[override]
        """The view, then its one commit (inside the request, so its errors get a page)."""
        response = super().dispatch_request()
        commit_request()
        return response


def create_app(config_name: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    app = LadderApp(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=False)
    app.config.from_mapping(config_for(config_name))
    if overrides:
        app.config.from_mapping(overrides)

    # nhsuk-frontend-jinja macros read optional nested params, hence ChainableUndefined.
    # autoescape=True: the macros live in .jinja files, which Flask would not escape, so
    # user text passed as "text" would reach the page as raw HTML.
    # Setting jinja_loader (not jinja_options["loader"]) keeps blueprint templates visible.
    app.jinja_options = {**app.jinja_options, "undefined": ChainableUndefined, "autoescape": True}
    app.jinja_loader = ChoiceLoader([app.jinja_loader, PackageLoader("nhsuk_frontend_jinja")])

    from app import (
        access_log,
        charts,
        cli,
        content,
        db,
        errors,
        formatters,
        input_guard,
        jobs,
        limits,
        security,
        static_files,
    )
    from app.extensions import compress, csrf, limiter, login_manager

    db.init_app(app)
    content.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    formatters.init_app(app)
    input_guard.init_app(app)
    cli.init_app(app)
    jobs.init_app(app)
    access_log.init_app(app)
    static_files.init_app(app)
    charts.init_app(app)
    # Pages and the live page's JSON are compressed as they are sent; static files were
    # compressed once at build time and WhiteNoise sends them (see static_files).
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "application/json"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)

    from app.assessment import bp as assessment_bp
    from app.downloads import bp as downloads_bp
    from app.join import bp as join_bp
    from app.main import bp as main_bp
    from app.own_quizzes import bp as own_quizzes_bp
    from app.plan import bp as plan_bp
    from app.quiz import bp as quiz_bp
    from app.trainer import bp as trainer_bp
    from app.training import bp as training_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(join_bp)
    app.register_blueprint(quiz_bp, url_prefix="/quiz")
    app.register_blueprint(assessment_bp, url_prefix="/assessment")
    app.register_blueprint(plan_bp, url_prefix="/assessment/results/<token>")
    app.register_blueprint(trainer_bp, url_prefix="/trainer")
    app.register_blueprint(own_quizzes_bp, url_prefix="/trainer/quizzes")
    app.register_blueprint(training_bp, url_prefix="/s")
    app.register_blueprint(downloads_bp, url_prefix="/downloads")
    limits.init_app(app)
    return app

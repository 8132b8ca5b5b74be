"""Involvement Ladder: learn and measure co-production in health and care."""

from __future__ import annotations

from typing import Any

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader

from config import INSTANCE_DIR, config_for


def create_app(config_name: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=False)
    app.config.from_mapping(config_for(config_name))
    if overrides:
        app.config.from_mapping(overrides)

    # nhsuk-frontend-jinja macros read optional nested params, hence ChainableUndefined.
    # autoescape=True: the macros live in .jinja files, which Flask would not escape, so
    # user text passed as "text" would reach the page as raw HTML.
    # Setting jinja_loader (not jinja_options["loader"]) keeps blueprint templates visible.
    app.jinja_options = {**app.jinja_options, "undefined": ChainableUndefined, "autoescape": True}
    app.jinja_loader = ChoiceLoader([app.jinja_loader, PackageLoader("nhsuk_frontend_jinja")])

    from app import cli, content, db, errors, input_guard, security, static_files
    from app.extensions import compress, csrf, limiter, login_manager

    db.init_app(app)
    content.init_app(app)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    input_guard.init_app(app)
    cli.init_app(app)
    static_files.init_app(app)
    # Pages and the live page's JSON are compressed as they are sent; static files were
    # compressed once at build time and WhiteNoise sends them (see static_files).
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "application/json"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)

    from app.assessment import bp as assessment_bp
    from app.downloads import bp as downloads_bp
    from app.join import bp as join_bp
    from app.main import bp as main_bp
    from app.quiz import bp as quiz_bp
    from app.session import bp as session_bp
    from app.trainer import bp as trainer_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(join_bp)
    app.register_blueprint(quiz_bp, url_prefix="/quiz")
    app.register_blueprint(assessment_bp, url_prefix="/assessment")
    app.register_blueprint(trainer_bp, url_prefix="/trainer")
    app.register_blueprint(session_bp, url_prefix="/s")
    app.register_blueprint(downloads_bp, url_prefix="/downloads")
    return app

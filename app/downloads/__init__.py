"""PDF and ZIP downloads: team reports, session reports and quiz summaries."""

from flask import Blueprint

bp = Blueprint("downloads", __name__)

from app.downloads import routes, screen_charts  # noqa: E402,F401

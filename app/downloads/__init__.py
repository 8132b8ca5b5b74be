"""Every download: PDF reports (team, session, quiz summary), ZIPs and CSV exports."""

from flask import Blueprint

bp = Blueprint("downloads", __name__, template_folder="templates")

from app.downloads import routes  # noqa: E402,F401

from flask import Blueprint

bp = Blueprint("assessment", __name__, template_folder="templates")

from app.assessment import routes  # noqa: E402,F401

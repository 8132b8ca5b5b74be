from flask import Blueprint

bp = Blueprint("session", __name__, template_folder="templates")

from app.session import routes  # noqa: E402,F401

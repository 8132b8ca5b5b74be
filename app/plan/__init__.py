from flask import Blueprint

bp = Blueprint("plan", __name__, template_folder="templates")

from app.plan import routes  # noqa: E402,F401

from flask import Blueprint

bp = Blueprint("join", __name__, template_folder="templates")

from app.join import routes  # noqa: E402,F401

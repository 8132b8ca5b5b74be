from flask import Blueprint

bp = Blueprint("trainer", __name__, template_folder="templates")

from app.trainer import auth, room, routes  # noqa: E402,F401

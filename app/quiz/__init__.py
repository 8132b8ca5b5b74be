from flask import Blueprint

bp = Blueprint("quiz", __name__, template_folder="templates")

from app.quiz import routes  # noqa: E402,F401

from flask import Blueprint

bp = Blueprint("own_quizzes", __name__, template_folder="templates")

from app.own_quizzes import routes  # noqa: E402,F401

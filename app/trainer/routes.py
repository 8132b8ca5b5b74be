from flask import abort, render_template

from app.trainer import bp


@bp.get("/")
def index():
    return render_template("coming_soon.html", title="Trainers")


@bp.get("/join/<code>")
def join_session(code):
    abort(404)

from flask import render_template

from app.quiz import bp


@bp.get("/")
def index():
    return render_template("coming_soon.html", title="Quiz")

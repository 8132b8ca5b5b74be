from flask import abort, render_template

from app.assessment import bp


@bp.get("/")
def start():
    return render_template("coming_soon.html", title="Team self-assessment")


@bp.get("/join/<code>")
def join(code):
    abort(404)

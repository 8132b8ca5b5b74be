from __future__ import annotations

from flask import current_app, jsonify, render_template

from app.content import library
from app.db import get_db, ping
from app.domain.content import DEFAULT_LADDER_ID
from app.main import bp
from reports.export import chart_export_status


@bp.get("/")
def home():
    return render_template("main/home.html", library=library())


@bp.get("/learn")
def learn():
    content = library()
    return render_template(
        "main/learn.html", guide=content.guide, ladder=content.ladders[DEFAULT_LADDER_ID]
    )


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.get("/healthz")
def healthz():
    problem = ping(get_db())
    database = {"status": "unavailable", "reason": problem} if problem else {"status": "ok"}
    charts_ok, charts_reason = chart_export_status(current_app.config["CHROMIUM_PATH"])
    charts = {"status": "ok"} if charts_ok else {"status": "unavailable", "reason": charts_reason}
    healthy = database["status"] == "ok"
    body = {"status": "ok" if healthy else "unavailable", "database": database, "charts": charts}
    return jsonify(body), 200 if healthy else 503

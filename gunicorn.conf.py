"""gunicorn settings, read by every gunicorn started in this folder (make run, the load and
fault runs): access logs name the route and the client's network, never a token-bearing
path or a whole address (app/access_log.py)."""

from app.access_log import ACCESS_LOG_FORMAT

logger_class = "app.access_log.AccessLogger"
access_log_format = ACCESS_LOG_FORMAT


def post_worker_init(worker):
    """Each worker starts its own Chromium for PDF charts as it starts (on a thread of its
    own), so no one's request waits for Chromium to start (reports/export.py)."""
    from reports.export import EXPORTER

    config = getattr(worker.wsgi, "config", None) or {}
    if config.get("CHARTS_START_WITH_WORKER", True) and config.get("CHROMIUM_PATH"):
        EXPORTER.start_in_background(config["CHROMIUM_PATH"])

"""gunicorn settings, read by every gunicorn started in this folder (make run, the load and
fault runs): access logs name the route and the client's network, never a token-bearing
path or a whole address (app/access_log.py)."""

from app.access_log import ACCESS_LOG_FORMAT

logger_class = "app.access_log.AccessLogger"
access_log_format = ACCESS_LOG_FORMAT

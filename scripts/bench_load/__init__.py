"""Load and fault harness: the app under gunicorn on loopback, driven like browsers."""

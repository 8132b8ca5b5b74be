"""The quiz and assessment content, loaded and validated once at start-up."""

from __future__ import annotations

from flask import Flask, current_app

from app.domain.content import ContentError, Library, load_library


def init_app(app: Flask) -> None:
    try:
        app.extensions["content"] = load_library(app.config["CONTENT_DIR"])
    except ContentError as error:
        # Refuse to start rather than serve half the content.
        raise RuntimeError(
            f"The content in {app.config['CONTENT_DIR']} has problems; fix them and restart:\n"
            f"{error}"
        ) from error


def library() -> Library:
    return current_app.extensions["content"]

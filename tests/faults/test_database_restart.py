"""PostgreSQL stopped and started again while the app runs (a throwaway cluster of our own:
the shared server on port 5432 is never touched)."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlalchemy import create_engine, event, text

from app import create_app
from app.db import Base
from drive import journeys
from drive.client import Browser
from tests.faults.harness import CONTENT, Participant, serve, throwaway_postgres
from tests.helpers import form_fields, text_of

pytestmark = pytest.mark.faults

TRY_AGAIN = ("Sorry, the service is unavailable", "try again")


def _new_database(cluster) -> str:
    name = f"app_{uuid.uuid4().hex[:8]}"
    admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return cluster.url.rsplit("/", 1)[0] + "/" + name


def assert_try_again_page(page) -> None:
    """The NHS 503 page, not a stack trace or a blank error."""
    assert page.status == 503, f"{page.url} gave {page.status}"
    assert all(words in page.text for words in TRY_AGAIN), page.text[:500]
    assert "Traceback" not in page.text and "OperationalError" not in page.text


def test_requests_get_the_try_again_page_while_postgres_is_down_and_work_after(tmp_path):
    with throwaway_postgres() as cluster:
        database_url = _new_database(cluster)
        with serve(tmp_path, database_url, workers=2) as served:
            person = Participant(served.url, served.workshop.code, 1, time.monotonic() + 60)
            session_page = journeys.join_by_code(person.browser, served.workshop.code, 1)
            question = person.start(session_page)
            question = person.answer(question)  # question 1 is stored

            trainer = Browser(served.url)
            journeys.trainer_sign_in(trainer, served.account.email, served.account.password)
            workers = served.servers[0].worker_pids()
            cluster.stop()
            # Enough of each kind of request to reach both workers, whose pooled connections
            # are now dead (pool checkout) or are opened anew (connect).
            for _ in range(4):
                assert_try_again_page(person.browser.get(question.url))
                value = question.form().choices["answer"][0]
                assert_try_again_page(person.browser.submit(question, {"answer": value}))
                assert_try_again_page(person.browser.get(f"/s/{served.workshop.code}"))
                assert_try_again_page(trainer.get(served.workshop.live_path))
                health = person.browser.get("/healthz")
                assert health.status == 503 and '"unavailable"' in health.text

            cluster.start()
            # No restart of the app: the same workers answer again, and the person sends
            # the answer that failed once more.
            while journeys.quiz_step(question.url)[1] != "result":
                question = person.answer(question)
            assert trainer.get(served.workshop.live_path).status == 200
            assert served.servers[0].worker_pids() == workers  # the same processes throughout

            result = served.reconcile(person.accepted)
            assert result.ok and result.stored == 5, str(result)


@pytest.fixture
def postgres_app():
    """The app in this process on a throwaway cluster, for failures at exact moments."""
    with throwaway_postgres() as cluster:
        database_url = _new_database(cluster)
        app = create_app("test", {"DATABASE_URL": database_url})
        Base.metadata.create_all(app.extensions["db_engine"])
        yield app, cluster
        app.extensions["db_engine"].dispose()


def _first_question(client):
    start = client.get("/quiz/is-it-co-production/")
    _, fields = form_fields(start.get_data(as_text=True))
    question_url = client.post("/quiz/is-it-co-production/", data=fields).headers["Location"]
    _, fields = form_fields(client.get(question_url).get_data(as_text=True))
    # The question on the page (the attempt's own draw), and any rung as the answer.
    return question_url, {**fields, "answer": CONTENT.ladders["nhs-england"].rungs[0].id}


def _check_503(response) -> None:
    assert response.status_code == 503
    page = text_of(response)
    assert all(words in page for words in TRY_AGAIN)


def test_each_kind_of_database_failure_gives_the_503_page(postgres_app):
    app, cluster = postgres_app
    client = app.test_client()
    engine = app.extensions["db_engine"]
    question_url, answer = _first_question(client)  # the pool now holds a live connection

    # At pool checkout: the pooled connection died with the server; pre-ping cannot reconnect.
    cluster.stop()
    _check_503(client.get(question_url))
    # At connect: no pooled connection left, a new one is refused.
    engine.dispose()
    _check_503(client.post(question_url, data=answer))
    cluster.start()
    assert client.get(question_url).status_code == 200

    # At commit: the server goes away after the answer is written, before COMMIT.
    @event.listens_for(engine, "commit", once=True)
    def _server_goes_away(_connection):
        cluster.stop("immediate")

    _check_503(client.post(question_url, data=answer))
    cluster.start()
    # The answer was not stored (its transaction never committed); sending it again works.
    assert client.get(question_url).status_code == 200
    response = client.post(question_url, data=answer)
    assert response.status_code == 303 and response.headers["Location"].endswith("/feedback")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM quiz_answers")).scalar() == 1

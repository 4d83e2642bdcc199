"""Rasa's tracker table as Rasa's SQL store creates it (rasa.core.tracker_store.SQLTrackerStore.SQLEvent),
for gateway tests that cannot import Rasa."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, text

EVENTS = (
    "CREATE TABLE events (id {id}, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL, "
    "timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
)


def create_events(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        key = "SERIAL PRIMARY KEY" if engine.dialect.name == "postgresql" else "INTEGER PRIMARY KEY"
        connection.execute(text(EVENTS.format(id=key)))
    engine.dispose()


def add_events(url: str, sender: str, at: datetime, count: int = 3) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        for i in range(count):
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, :d)"),
                {"s": sender, "t": at.timestamp() + i, "d": '{"text": "số CCCD 079123456789"}'},
            )
    engine.dispose()


def senders(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender_id, count(*) FROM events GROUP BY sender_id")).all()
    engine.dispose()
    return {sender: n for sender, n in rows}

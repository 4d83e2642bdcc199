"""Database access for the gateway: the shared base and engine factory (see knowledge.database)."""

from knowledge.database import Base, make_engine, make_sessionmaker

__all__ = ["Base", "make_engine", "make_sessionmaker"]

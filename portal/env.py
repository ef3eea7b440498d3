"""The one place that reads the environment.

Every setting that depends on the machine comes through ``env`` here, so that
``grep env.`` over ``portal/settings`` lists everything an operator can set.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# A .env file is a convenience for development; production sets real
# environment variables and never ships one.
_dotenv = BASE_DIR / ".env"
if _dotenv.exists():
    environ.Env.read_env(str(_dotenv))


def database_config(default_sqlite: Path) -> dict:
    """The database from DATABASE_URL, or SQLite under var/ when it is unset."""
    if env.str("DATABASE_URL", default=""):
        config = env.db_url("DATABASE_URL")
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
    return tune_database(config)


def tune_database(config: dict) -> dict:
    engine = config["ENGINE"]
    options = config.setdefault("OPTIONS", {})
    if engine.endswith("sqlite3"):
        # IMMEDIATE takes the write lock at the start of a transaction, so two
        # writers queue instead of failing with "database is locked" halfway.
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        )
    elif "postgresql" in engine:
        config["ENGINE"] = "django.db.backends.postgresql"
        config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
        config["CONN_HEALTH_CHECKS"] = True
        options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
    return config


def cache_config() -> dict:
    """A cache every app server shares: Redis when CACHE_URL is set, else the database."""
    if env.str("CACHE_URL", default=""):
        return {"default": env.cache_url("CACHE_URL")}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

import pytest
@pytest.fixture(scope="session", autouse=True)
def _probe(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        from django.db import connection
        with connection.cursor() as c:
            c.execute("SELECT pid, application_name, state, backend_start, left(query, 200) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            rows = c.fetchall()
    with open("/tmp/probe_sessions.txt", "a") as f:
        for r in rows: f.write(repr(r) + "\n")

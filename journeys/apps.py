from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "journeys"

    def ready(self):
        # Every process that serves requests or runs tasks (gunicorn worker, Celery worker,
        # runserver, the test run) builds the redactor here, at start, so no request waits for it.
        from . import privacy

        privacy.warm_up()

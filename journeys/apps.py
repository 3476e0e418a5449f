from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "journeys"

    def ready(self):
        # Every process that serves requests or runs tasks (gunicorn worker, Celery worker,
        # runserver, the test run) builds the redactor here, at start, so no request waits for it.
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from . import accounts, pagecache, privacy

        privacy.warm_up()
        post_save.connect(
            pagecache.snapshot_saved,
            sender=self.get_model("Snapshot"),
            dispatch_uid="pagecache-snapshot",
        )
        user_logged_in.connect(accounts.remember_language, dispatch_uid="remember-language")

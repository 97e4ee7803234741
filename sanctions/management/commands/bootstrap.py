import secrets

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from django.db import transaction

from sanctions.models import Agency, Subject
from sanctions.tracking.history import record_initial_history


class Command(BaseCommand):
    help = (
        "Prepare a new site: load the seed data into an empty database and make sure an "
        "admin login exists (its password is printed once, when it is created). Safe to run "
        "again: existing data and logins are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="admin", help="Login name of the admin account (default: admin)."
        )
        parser.add_argument(
            "--no-seed", action="store_true", help="Do not load the seed data, even when empty."
        )

    @transaction.atomic
    def handle(self, *args, username, no_seed, **options):
        if not no_seed and not Agency.objects.exists() and not Subject.objects.exists():
            call_command("loaddata", "seed", verbosity=0)
            record_initial_history("Loaded from the seed data")
            self.stdout.write(self.style.SUCCESS("Loaded the seed data."))
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin login exists already; its password is unchanged.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the admin login. Username: {username}  Password: {password}\n"
                "It is shown only this once; change it with "
                f"'.venv/bin/python manage.py changepassword {username}'."
            )
        )

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.roles import ROLES, role_grant, role_revoke


class Command(BaseCommand):
    help = "Vergibt eine Rolle (Mitwirkende, Moderation, Redaktion) an eine Person."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=ROLES)
        parser.add_argument("--revoke", action="store_true", help="Rolle entziehen")

    def handle(self, *args, email, role, revoke, **options):
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise CommandError(f"Keine Person mit der E-Mail-Adresse {email}.")
        (role_revoke if revoke else role_grant)(user=user, role=role)
        verb = "entzogen" if revoke else "vergeben"
        self.stdout.write(self.style.SUCCESS(f"Rolle „{role}“ an {email} {verb}."))

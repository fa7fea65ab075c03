"""E-mail reminders to the people who have not answered open campaigns whose
deadline is near. Run daily from cron."""

import datetime
import os

from django.core.management.base import BaseCommand
from django.db.models import Max, Q
from django.utils import timezone

from surveys.models import Campaign
from surveys.services import campaign_remind


class Command(BaseCommand):
    help = "Напомнить по почте не ответившим на анкеты, срок которых скоро истекает."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="За сколько дней до срока напоминать (3)."
        )
        parser.add_argument(
            "--base-url",
            default=os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000"),
            help="Адрес сайта для ссылок в письмах (или переменная DJANGO_SITE_URL).",
        )

    def handle(self, *args, days, base_url, **options):
        today = timezone.localdate()
        # Not twice within two days to the same campaign.
        quiet_since = timezone.now() - datetime.timedelta(days=2)
        campaigns = (
            Campaign.objects.open_on(today)
            .filter(deadline__lte=today + datetime.timedelta(days=days))
            .annotate(last=Max("invitations__reminded_at"))
            .filter(Q(last__isnull=True) | Q(last__lt=quiet_since))
            .select_related("organization", "version__survey")
        )
        total = 0
        for campaign in campaigns:
            sent = campaign_remind(campaign=campaign, base_url=base_url.rstrip("/"))
            total += sent
            self.stdout.write(f"{campaign.organization.short_name}: «{campaign.title}» — {sent}")
        self.stdout.write(f"Напоминаний отправлено: {total}")

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import roles

        # Apps added later bring new permissions; re-apply the role table so
        # each group always holds exactly what portal.roles declares.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.urls import register_converter

        from portal import roles
        from portal.converters import IdConverter

        # ``<id:pk>`` in every app's addresses: an id no column could hold is a 404.
        register_converter(IdConverter, "id")

        # Apps added later bring new permissions; re-apply the role table so
        # each group always holds exactly what portal.roles declares.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)

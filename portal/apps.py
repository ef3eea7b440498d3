from django.apps import AppConfig
from django.db.models.signals import post_migrate


def count_a_new_authenticator_as_used(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator app proves its code once: this session has used MFA
    (the staff middleware asks for that, and would otherwise ask again at once)."""
    # allauth keeps no public call for this record; its internal one is pinned (<66).
    from allauth.account.internal.flows.login import record_authentication

    if authenticator.type == authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)


def bound_admin_form_fields() -> None:
    """Every Wagtail admin form takes ids and dates through the bounded fields, so a
    31-digit id or the year 9999 is a form error there too, not a server error."""
    from django.db import models
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    # Forms import models: only once the apps are ready.
    from portal.forms import (
        BoundedDateField,
        BoundedDateTimeField,
        BoundedModelChoiceField,
        BoundedModelMultipleChoiceField,
    )

    register_form_field_override(
        models.ForeignKey, override={"form_class": BoundedModelChoiceField}
    )
    register_form_field_override(
        models.ManyToManyField, override={"form_class": BoundedModelMultipleChoiceField}
    )
    register_form_field_override(
        models.DateField,
        override={"form_class": BoundedDateField, "widget": widgets.AdminDateInput},
        exact_class=True,
    )
    register_form_field_override(
        models.DateTimeField,
        override={"form_class": BoundedDateTimeField, "widget": widgets.AdminDateTimeInput},
    )


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.urls import register_converter

        from portal import roles
        from portal.converters import IdConverter

        # ``<id:pk>`` in every app's addresses: an id no column could hold is a 404.
        register_converter(IdConverter, "id")
        bound_admin_form_fields()
        # allauth's signals module defines models: importable only once apps are ready.
        from allauth.mfa.signals import authenticator_added

        authenticator_added.connect(
            count_a_new_authenticator_as_used, dispatch_uid="portal-mfa-setup-counts"
        )

        # Apps added later bring new permissions; re-apply the role table so
        # each group always holds exactly what portal.roles declares.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)

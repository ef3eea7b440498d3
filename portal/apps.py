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


def refuse_tampered_inline_rows() -> None:
    """An inline panel's posted row without its id, or with an id that is not one, makes
    the form invalid instead of a server error.

    The fault is django-modelcluster's (``BaseTransientModelFormSet._construct_form``
    reads ``self.data[pk_key]`` and parses it unguarded, where Django's own model
    formsets pass over a bad id); the admin's cohort form (partners) reached it with a
    hostile post. An id of a row the form was not shown with is refused the same way. The row is built as a blank one and the formset says it was tampered
    with, so nothing is saved.
    """
    from django import forms
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext_lazy as _

    # modelcluster's forms import Django's model forms: only once the apps are ready.
    from modelcluster.forms import BaseTransientModelFormSet

    if getattr(BaseTransientModelFormSet, "_portal_guarded", False):
        return
    construct_form = BaseTransientModelFormSet._construct_form
    full_clean = BaseTransientModelFormSet.full_clean

    def posted_id_is_usable(formset, i) -> bool:
        pk_field = formset.model._meta.pk
        value = formset.data.get(f"{formset.add_prefix(i)}-{pk_field.name}")
        if value is None:
            return False
        if value == "":
            return True
        # One of the rows the form was shown with, or nothing: any other id is not one.
        return value in {str(row.pk) for row in formset.get_queryset()}

    def guarded_construct_form(self, i, **kwargs):
        if self.is_bound and i < self.initial_form_count() and not posted_id_is_usable(self, i):
            self._portal_tampered = True
            kwargs["instance"] = self.model()
            return forms.BaseFormSet._construct_form(self, i, **kwargs)
        return construct_form(self, i, **kwargs)

    def guarded_full_clean(self):
        full_clean(self)
        if getattr(self, "_portal_tampered", False):
            self._non_form_errors.append(
                ValidationError(
                    _(
                        "A row of this list was changed outside the form. Reload the page and try again."
                    )
                )
            )

    BaseTransientModelFormSet._construct_form = guarded_construct_form
    BaseTransientModelFormSet.full_clean = guarded_full_clean
    BaseTransientModelFormSet._portal_guarded = True


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
        refuse_tampered_inline_rows()
        # allauth's signals module defines models: importable only once apps are ready.
        from allauth.mfa.signals import authenticator_added

        authenticator_added.connect(
            count_a_new_authenticator_as_used, dispatch_uid="portal-mfa-setup-counts"
        )

        # Apps added later bring new permissions; re-apply the role table so
        # each group always holds exactly what portal.roles declares.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)

"""People and the council's structure, shared by every part of the portal."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class PortalUserManager(UserManager):
    """Users are identified by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    # A public identifier for addresses and exports; the integer key stays internal.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = PortalUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="portal_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


class Organisation(models.Model):
    """The council itself, or a partner council, university or agency."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("This council")
        PARTNER_COUNCIL = "partner_council", _("Partner council")
        UNIVERSITY = "university", _("University")
        AGENCY = "agency", _("Employment agency")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ServiceArea(models.Model):
    """A part of children's services: Duty, Fieldwork, Children in Care…"""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="teams", verbose_name=_("service area")
    )
    name = models.CharField(_("name"), max_length=150)
    learner_capacity = models.PositiveSmallIntegerField(
        _("learners at once"),
        default=2,
        help_text=_("How many learners on placement the team can take at the same time."),
    )

    class Meta:
        ordering = ["service_area__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service_area", "name"], name="team_unique_per_area"),
        ]

    def __str__(self):
        return f"{self.name} ({self.service_area.name})"


class UndeliveredMail(models.Model):
    """A mail the worker gave up on after its last attempt: HR see why and may send it again.

    The message itself is kept to send it again, and never shown: account
    mail carries sign-in and password reset links that only its recipient
    may see.
    """

    class Status(models.TextChoices):
        NOT_DELIVERED = "not_delivered", _("Not delivered")
        SENT_AGAIN = "sent_again", _("Sent again")

    # A public identifier: the admin's addresses name it.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to = models.CharField(_("to"), max_length=1000)
    subject = models.CharField(_("subject"), max_length=998)
    reason = models.TextField(_("reason"))
    attempts = models.PositiveSmallIntegerField(_("attempts"))
    failed_at = models.DateTimeField(_("failed at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_DELIVERED
    )
    message = models.JSONField(_("message"), editable=False)
    sent_again_at = models.DateTimeField(_("sent again at"), null=True, blank=True)
    sent_again_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent again by"),
    )

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("undelivered mail")
        verbose_name_plural = _("undelivered mail")
        permissions = [("resend_undeliveredmail", _("Can send an undelivered mail again"))]
        indexes = [models.Index(fields=["status", "-failed_at"], name="undelivered_status_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to}"

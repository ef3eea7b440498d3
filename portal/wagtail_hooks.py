"""The portal's own back office: mail that was not delivered, and how the task queue is doing."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseOperationView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal import audit, staff
from portal.accounts import wait_in_words
from portal.errors import DomainError
from portal.mail import undelivered_mail_send_again
from portal.models import AgencyVetting, StaffRecord, StaffTeamPeriod, UndeliveredMail
from portal.permissions import NoDeletePermissionPolicy, ServiceOnlyPermissionPolicy
from portal.queue import queue_health
from portal.staff_admin import StaffViewSetGroup

register_permission_policy(
    UndeliveredMail, ServiceOnlyPermissionPolicy(UndeliveredMail), exact_class=True
)
# A leaver is recorded, never deleted; a vetting is made with its agency worker's record.
register_permission_policy(StaffRecord, NoDeletePermissionPolicy(StaffRecord), exact_class=True)
register_permission_policy(
    AgencyVetting,
    NoDeletePermissionPolicy(AgencyVetting, also_refused=frozenset({"add"})),
    exact_class=True,
)
register_permission_policy(
    StaffTeamPeriod, ServiceOnlyPermissionPolicy(StaffTeamPeriod), exact_class=True
)


@hooks.register("register_log_actions")
def register_mail_actions(actions):
    audit.register(
        actions,
        "portal.mail_not_delivered",
        gettext_lazy("Mail not delivered"),
        gettext_lazy("Not delivered after {attempts} attempts"),
    )
    audit.register(
        actions,
        "portal.mail_sent_again",
        gettext_lazy("Mail sent again"),
        gettext_lazy("Sent again to {to}"),
    )
    for name, label, message in staff.AUDIT_ACTIONS:
        audit.register(actions, name, label, message)


class SendAgainView(PermissionCheckedMixin, WagtailAdminTemplateMixin, BaseOperationView):
    """GET asks, POST sends: the mail goes back into the queue, from its first attempt."""

    model = UndeliveredMail
    permission_required = "resend"
    template_name = "portal/admin/send_again.html"
    page_title = gettext_lazy("Send this mail again")
    header_icon = "mail"
    index_url_name = None

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(object=self.object))

    def perform_operation(self):
        self.sent = False
        try:
            undelivered_mail_send_again(mail=self.object, by=self.request.user)
        except DomainError as error:
            messages.error(self.request, error.message)
        else:
            self.sent = True

    def get_success_message(self):
        if self.sent:
            return _("The mail to %(to)s is queued to be sent again.") % {"to": self.object.to}
        return None

    def get_success_url(self):
        return reverse(self.index_url_name)


def _reason(mail):
    return mail.reason if len(mail.reason) <= 140 else mail.reason[:139] + "…"


def _send_again(mail):
    if mail.status != UndeliveredMail.Status.NOT_DELIVERED:
        return _("Sent again on %(when)s") % {
            "when": date_format(localtime(mail.sent_again_at), "j F Y, H:i")
        }
    return format_html(
        '<a class="button button-small button-secondary" href="{}">{}</a>',
        reverse("portal_undelivered_mail:send_again", args=[mail.pk]),
        _("Send again"),
    )


class UndeliveredMailHistoryView(HistoryView):
    # Wagtail shows history to those who may change the object; nobody changes these.
    any_permission_required = ["view"]


class UndeliveredMailViewSet(ModelViewSet):
    model = UndeliveredMail
    name = "portal_undelivered_mail"
    url_prefix = "undelivered-mail"
    icon = "mail"
    menu_label = gettext_lazy("Undelivered mail")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    history_view_class = UndeliveredMailHistoryView
    # Nobody edits these (see ServiceOnlyPermissionPolicy); Wagtail still wants a form.
    form_fields = ["to"]
    # The message itself is never shown: account mail carries secret links.
    inspect_view_fields = [
        "failed_at",
        "to",
        "subject",
        "reason",
        "attempts",
        "status",
        "sent_again_at",
        "sent_again_by",
    ]
    list_display = [
        "failed_at",
        "to",
        "subject",
        Column("reason", label=gettext_lazy("Reason"), accessor=_reason),
        "attempts",
        "status",
        Column("send_again", label=gettext_lazy("Send again"), accessor=_send_again),
    ]
    list_filter = ["status", "failed_at"]
    search_fields = ["to", "subject"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-failed_at"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<uuid:pk>/send-again/",
                SendAgainView.as_view(index_url_name=self.get_url_name("index")),
                name="send_again",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_undelivered_mail():
    return UndeliveredMailViewSet()


@hooks.register("register_admin_viewset")
def register_staff():
    return StaffViewSetGroup()


class BackgroundWorkPanel(Component):
    """HR's dashboard: mail, reminders and PDFs waiting for the worker, and mail not delivered."""

    name = "portal_background_work"
    template_name = "portal/admin/background_work_panel.html"
    order = 40

    def get_context_data(self, parent_context=None):
        queue = queue_health()
        wait = queue.oldest_wait
        return {
            "queue": queue,
            "oldest_wait": wait_in_words(int(wait.total_seconds())) if wait else "",
            "undelivered": UndeliveredMail.objects.filter(
                status=UndeliveredMail.Status.NOT_DELIVERED
            ).count(),
            "undelivered_url": reverse("portal_undelivered_mail:index")
            + f"?status={UndeliveredMail.Status.NOT_DELIVERED}",
        }


@hooks.register("construct_homepage_panels")
def add_background_work_panel(request, panels):
    if request.user.has_perm("portal.view_undeliveredmail"):
        panels.append(BackgroundWorkPanel())

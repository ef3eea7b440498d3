"""What every app's back office shares: Wagtail create, edit and delete views whose
saving calls a service, so a refusal comes back as the service's message."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.admin.views.generic import DeleteView

from portal.errors import DomainError
from portal.forms import show_refusal


class ServiceFormMixin:
    """For create and edit views whose ``save_instance`` calls a service.

    Wagtail saves inside a transaction; a refusal rolls it back and the form
    comes back with the service's message.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            show_refusal(form, error)
            # Wagtail sets this when its own validation fails; the message
            # at the top then lists the refusal with the form's errors.
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class ServiceDeleteView(DeleteView):
    """A delete view whose ``delete_action`` calls a service; a refusal is a message."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.get_success_url())

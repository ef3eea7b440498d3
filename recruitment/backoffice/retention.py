"""HR's page for the retention period: the edit view saves through the service."""

from wagtail.admin.views import generic

from recruitment.services import retention


class RetentionPolicyEditView(generic.EditView):
    def save_instance(self):
        return retention.retention_policy_set(
            policy=self.form.instance,
            months=self.form.cleaned_data["unsuccessful_months"],
            by=self.request.user,
        )

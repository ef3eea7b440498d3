"""The recruitment back office's permission policies (Wagtail's, registered per model).

Views check them with Wagtail's ``PermissionCheckedMixin``: no hand-written
``has_perm`` checks in views.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from recruitment.models import Application, InterviewSlot


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications change only through services: nobody adds, edits or deletes them here,
    not even a superuser. HR act with the inspect view's actions, which need "screen"
    (``recruitment.screen_application``)."""

    READ_ONLY = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.READ_ONLY:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.READ_ONLY]
        if not allowed:
            return self.model._meta.get_field("applicant").related_model.objects.none()
        return super().users_with_any_permission(allowed)


APPLICATIONS = ApplicationPermissionPolicy(Application)
SLOTS = ModelPermissionPolicy(InterviewSlot)

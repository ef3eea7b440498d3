"""The recruitment back office's permission policies (Wagtail's, registered per model).

Views check them with Wagtail's ``PermissionCheckedMixin``: no hand-written
``has_perm`` checks in views.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from portal.permissions import ServiceOnlyPermissionPolicy
from recruitment.models import Application, InterviewSlot, RetentionPolicy

# Applications change only through services: nobody adds, edits or deletes them in the
# admin, not even a superuser. HR act with the inspect view's actions, which need
# "screen" (``recruitment.screen_application``).
APPLICATIONS = ServiceOnlyPermissionPolicy(Application)
SLOTS = ModelPermissionPolicy(InterviewSlot)


class RetentionPermissionPolicy(ModelPermissionPolicy):
    """The one retention row: viewed and changed, never added or deleted.

    Whoever edits recruitment's rules (``recruitment.change_routingrule``, HR) may also
    change how long unsuccessful applicants' data is kept, as may holders of the
    model's own permissions.
    """

    RULE_EDITORS = "recruitment.change_routingrule"
    ALLOWED = frozenset({"view", "change"})

    def user_has_permission(self, user, action):
        if action not in self.ALLOWED:
            return False
        if user.is_active and user.has_perm(self.RULE_EDITORS):
            return True
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model.objects.all()
        return self.model.objects.none()


RETENTION = RetentionPermissionPolicy(RetentionPolicy)

"""Permission policies for records that only services write."""

from wagtail.permission_policies import ModelPermissionPolicy


class ServiceOnlyPermissionPolicy(ModelPermissionPolicy):
    """Rows a service writes: nobody adds, edits or deletes them in the admin, not even a
    superuser. The other actions (view, and the model's own, such as "resend") are the
    model permissions as usual."""

    SERVICE_ONLY = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.SERVICE_ONLY:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.SERVICE_ONLY]
        if not allowed:
            from django.contrib.auth import get_user_model

            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Records kept for the workforce's history: a leaver is recorded, never deleted.
    ``also_refused`` adds actions nobody takes in the admin (a vetting is made with
    its staff record, so nobody adds one)."""

    def __init__(self, model, *, also_refused: frozenset[str] = frozenset(), **kwargs):
        super().__init__(model, **kwargs)
        self.refused = frozenset({"delete"}) | also_refused

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.refused]
        if not allowed:
            from django.contrib.auth import get_user_model

            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)

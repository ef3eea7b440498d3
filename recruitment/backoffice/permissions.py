"""The recruitment back office's permission policies (Wagtail's, registered per model).

Views check them with Wagtail's ``PermissionCheckedMixin``: no hand-written
``has_perm`` checks in views.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from portal.permissions import ServiceOnlyPermissionPolicy
from recruitment.models import Application, InterviewSlot, Offer, OfferPolicy, RetentionPolicy

# Applications change only through services: nobody adds, edits or deletes them in the
# admin, not even a superuser. HR act with the inspect view's actions, which need
# "screen" (``recruitment.screen_application``).
APPLICATIONS = ServiceOnlyPermissionPolicy(Application)
SLOTS = ModelPermissionPolicy(InterviewSlot)


class SettingRowPermissionPolicy(ModelPermissionPolicy):
    """One settings row (the retention period, the offer deadline): viewed and changed
    (HR, by the model's own permissions), never added or deleted, not even by a superuser."""

    ALLOWED = frozenset({"view", "change"})

    def user_has_permission(self, user, action):
        return action in self.ALLOWED and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


RETENTION = SettingRowPermissionPolicy(RetentionPolicy)


# Offers -----------------------------------------------------------------------------

# Offers change only through services. HR view them ("recruitment.view_offer") and make,
# send and withdraw them with "make" ("recruitment.make_offer").
OFFERS = ServiceOnlyPermissionPolicy(Offer)
# The one offer-deadline row, like the retention period: viewed and changed, never added.
OFFER_POLICY = SettingRowPermissionPolicy(OfferPolicy)

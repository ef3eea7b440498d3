"""The recruitment back office's permission policies (Wagtail's, registered per model).

Views check them with Wagtail's ``PermissionCheckedMixin``: no hand-written
``has_perm`` checks in views.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from portal.permissions import ServiceOnlyPermissionPolicy
from recruitment.models import Application, InterviewSlot

# Applications change only through services: nobody adds, edits or deletes them in the
# admin, not even a superuser. HR act with the inspect view's actions, which need
# "screen" (``recruitment.screen_application``).
APPLICATIONS = ServiceOnlyPermissionPolicy(Application)
SLOTS = ModelPermissionPolicy(InterviewSlot)

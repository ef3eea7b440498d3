"""Who may open a page. Which *objects* they may see is each app's selectors' job.

Views for one role use ``role_required``: anonymous people are sent to sign in,
people without the role get the 403 page. Objects a person may not see answer
404 (``get_object_or_404(selector(user), ...)``), so nothing leaks that they exist.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.roles import Role, has_role


def role_required(*roles: Role):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (request.user.is_superuser or has_role(request.user, *roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

"""The staff member's own development page: conversations, opportunities, decisions,
mentors and PSDP nominations, read only. Anyone with none of these gets 404."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cohorts import progression_rules as rules
from cohorts import progression_selectors as selectors


@never_cache
@require_GET
def my_development(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    data = selectors.my_development(request.user)
    if data is None:
        raise Http404
    today = timezone.localdate()
    staff = data["staff"]
    conversations = list(staff.development_conversations.all()) if staff else []
    due = (
        staff is not None
        and rules.in_progression_scope(staff.grade)
        and rules.conversation_due(conversations[0].held_on if conversations else None, today)
    )
    return render(
        request,
        "cohorts/progression/my_development.html",
        data | {"conversations": conversations, "due": due, "today": today},
    )

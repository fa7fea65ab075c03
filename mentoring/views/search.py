"""The header search: people, pairs, orders and whatever upper apps
register (roadmaps), within the user's access (mentoring/search.py)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..access import role_required
from ..search import global_search


@require_GET
@role_required()
def global_search_view(request):
    query = request.GET.get("q", "").strip()[:100]
    groups = global_search(request, query)
    return render(request, "mentoring/search_results.html", {"query": query, "groups": groups})

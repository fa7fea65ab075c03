"""How roadmaps plug into orders (mentoring.orderkinds registries): approving
a roadmap order approves its roadmap, and the order prints the roadmap as its
appendix with the grif «УТВЕРЖДЕНА приказом … от … № …»."""

from django.template.loader import render_to_string

from mentoring.orderkinds import Appendix, register_appendix, register_approval_effect

from .models import Roadmap
from .services import roadmap_approved_by_order


def roadmap_appendix(order):
    """The roadmap table (number, stage/activity and the columns the roadmap
    has, without tracking columns) as the order's appendix."""
    from .exports import export_rows

    appendices = []
    for roadmap in Roadmap.objects.filter(order=order).select_related("organization"):
        columns, rows, activities, _progress = export_rows(roadmap)
        width = len(columns) - 3  # the last three columns are tracking
        appendices.append(
            Appendix(
                title=roadmap.title,
                grif="УТВЕРЖДЕНА",
                landscape=True,
                html=render_to_string(
                    "roadmaps/roadmap_appendix.html",
                    {
                        "roadmap": roadmap,
                        "columns": [c for c, _ in columns[:width]],
                        "rows": [(a, row[:width]) for a, row in zip(activities, rows, strict=True)],
                    },
                ),
            )
        )
    return appendices


register_approval_effect("roadmap", roadmap_approved_by_order)
register_appendix("roadmap", roadmap_appendix)

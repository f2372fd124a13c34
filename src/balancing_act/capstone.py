"""The capstone's brief builder, as lesson 06 imports it (``from balancing_act.capstone
import brief_builder``). Kept for released lessons; the widget is ``widgets.brief_builder``."""

from balancing_act.widgets.brief_builder import BriefBuilder, brief_builder, export_name, free_path

__all__ = ["BriefBuilder", "brief_builder", "export_name", "free_path"]

"""The ratings editor, as lessons 03 and 04 import it (``from balancing_act.model_editors
import ratings_editor``). Kept for released lessons; the widget is ``widgets.ratings_editor``."""

from balancing_act.widgets.ratings_editor import RatingsEditor, ratings_editor

__all__ = ["RatingsEditor", "ratings_editor"]

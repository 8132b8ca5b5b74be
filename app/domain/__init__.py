"""Domain layer: the involvement ladder, content loading and scoring (no web framework)."""

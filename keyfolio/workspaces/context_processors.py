def workspace(request) -> dict:
    """Expose the current workspace and membership to every template."""
    return {
        "workspace": getattr(request, "workspace", None),
        "membership": getattr(request, "membership", None),
    }

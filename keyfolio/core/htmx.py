"""What kind of request htmx is making."""


def wants_fragment(request) -> bool:
    """True when htmx asks for a part of the page to swap in. htmx restoring a page from
    its history asks for the whole page, so that request gets the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and "HX-History-Restore-Request" not in request.headers
    )

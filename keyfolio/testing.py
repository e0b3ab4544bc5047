"""What the tests of every app read from a response, defined once.

The people and the world they work in are fixtures in keyfolio/conftest.py; who may
open which page is keyfolio/tests/test_access_matrix.py.
"""

import json
from typing import Any

# The headers of a request that htmx makes: `client.get(url, headers=HTMX)`.
HTMX = {"HX-Request": "true"}


def json_block(response, element_id: str) -> Any:
    """The data a page hands its script in `{{ value|json_script:element_id }}`."""
    body = response.content.decode()
    start = body.index(">", body.index(f'id="{element_id}"')) + 1
    return json.loads(body[start : body.index("</script>", start)])


def messages_of(response) -> list[str]:
    """The flash messages the (followed) response shows."""
    return [str(message) for message in response.context["messages"]]


def templates_of(response) -> list[str]:
    """The names of the templates (and partials) the response was rendered from."""
    return [template.name for template in response.templates if template.name]


def is_page(response) -> bool:
    """A whole page (in base.html) rather than a fragment for htmx to swap in."""
    return "base.html" in templates_of(response)

from django.contrib.auth import get_user_model

from masar.tracking.models import Round
from masar.tracking.workflow import ROUND_WORKFLOW


def release(round_: Round, manager, *, publish: bool = True, publisher=None) -> Round:
    """Validate a round with its figures through the lifecycle as `manager`, and publish it as
    `publisher` — by default the other tracking manager of the personas (IM officer `im` and
    administrator `root`), since whoever validates a round does not also publish it."""
    round_ = ROUND_WORKFLOW.run(manager, round_, "validate")
    if not publish:
        return round_
    if publisher is None:
        other = "root" if manager.get_username() != "root" else "im"
        publisher = get_user_model().objects.get(username=other)
    return ROUND_WORKFLOW.run(publisher, round_, "publish")

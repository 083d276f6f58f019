from masar.tracking.models import Round
from masar.tracking.workflow import ROUND_WORKFLOW


def release(round_: Round, manager, *, publish: bool = True) -> Round:
    """Validate (and publish) a round with its figures through the lifecycle, as `manager`."""
    round_ = ROUND_WORKFLOW.run(manager, round_, "validate")
    return ROUND_WORKFLOW.run(manager, round_, "publish") if publish else round_

"""The points where apps above tracking act on what it does (see `masar.core.hooks`)."""

from masar.core.hooks import Hook

# Called as round_moved(round_id, action, actor_id) inside the transaction of each step of a
# round's workflow (validate, publish, withdraw, reopen…), after the step is on its timeline.
round_moved = Hook("tracking.round_moved")

"""A run's status, as the training job reports it and the run registry records it.

Kept apart from both so that listing recorded runs does not load TensorFlow."""

QUEUED = "queued"  # waiting in the training queue for a free slot
RUNNING, PAUSED, STOPPING = "running", "paused", "stopping"  # the job is still going
FINISHED, STOPPED, FAILED = "finished", "stopped", "failed"  # how a run ended
INTERRUPTED = "interrupted"  # recorded as running by a server that has since stopped
NOT_STARTED = "not_started"  # recorded as queued by a server that stopped before it began
ACTIVE_STATES = (QUEUED, RUNNING, PAUSED, STOPPING)  # not ended: watched, never dropped or deleted
TRAINING_STATES = (RUNNING, PAUSED, STOPPING)  # holding a training slot
RECORDED_STATES = (QUEUED, RUNNING, FINISHED, STOPPED, FAILED, INTERRUPTED, NOT_STARTED)  # in the registry

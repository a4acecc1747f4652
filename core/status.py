"""A run's status, as the training job reports it and the run registry records it.

Kept apart from both so that listing recorded runs does not load TensorFlow."""

RUNNING, PAUSED, STOPPING = "running", "paused", "stopping"  # the job is still going
FINISHED, STOPPED, FAILED = "finished", "stopped", "failed"  # how a run ended
INTERRUPTED = "interrupted"  # recorded as running by a server that has since stopped
ACTIVE_STATES = (RUNNING, PAUSED, STOPPING)
RECORDED_STATES = (RUNNING, FINISHED, STOPPED, FAILED, INTERRUPTED)  # what the registry stores

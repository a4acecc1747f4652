"""Training, on background threads, for a class on one machine.

A `TrainingJob` trains one model and reports progress the pages poll (`training`); the
class-wide first-come-first-served queue decides which jobs train now (`training_queue`);
one factory per data family turns a config and a dataset into a job (`cnn_job`,
`review_job`, `translation_job`); `status` names the states a run goes through.
"""

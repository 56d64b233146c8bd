"""One router per resource: datasets, models, synthetic datasets, evaluations."""

"""The model: feature blocks (features), the calibrated classifier, the Detector that scores
posts (detector), explanations, next steps and warning drafts, the hyper-parameters, and the
signed artifact on disk (artifacts).

Importing this package loads nothing heavy; :mod:`tppo_detect.model.detector` does."""

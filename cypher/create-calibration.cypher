// Purpose: store the family weights `hydrascope calibrate --apply` fitted to analysts' verdicts,
// as a new Calibration node stamped with the calibration's run id and time; the next refresh
// scores with the latest one (read-current-calibration). Earlier ones stay as history.
// Parameters: $calibrationId (the calibration's run id), $familyWeightsJson, $threshold,
// $confirmed, $dismissed (verdicts it was fitted on), $folds, $heldOutJson (held-out metrics of
// the fitted and the then current weights), $requestedBy.
CREATE (k:Calibration {
  calibration_id: $calibrationId, run_id: $calibrationId, created_at: datetime(), family_weights_json: $familyWeightsJson,
  threshold: $threshold, confirmed: $confirmed, dismissed: $dismissed, folds: $folds, held_out_json: $heldOutJson,
  requested_by: $requestedBy
})
RETURN k.calibration_id AS calibration_id, toString(k.created_at) AS created_at

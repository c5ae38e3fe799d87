// Purpose: the latest stored calibration (family weights fitted by `hydrascope calibrate
// --apply`), which the refresh scores with; no row when none was ever applied.
// Parameters: none.
MATCH (k:Calibration)
RETURN k.calibration_id AS calibration_id, toString(k.created_at) AS created_at, k.family_weights_json AS family_weights_json,
       k.threshold AS threshold, k.confirmed AS confirmed, k.dismissed AS dismissed
ORDER BY k.created_at DESC, k.calibration_id DESC
LIMIT 1

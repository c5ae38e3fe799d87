// How far an account page follows its links: used by the account use case's query and named in
// the API's schema descriptions, so it lives apart from both (no import cycle between them).
import { DEFAULTS as PROJECTION_DEFAULTS } from '../linkage/project-linkage-graph.js';

/** Entities shared by more accounts than this are carrier NATs or public templates: not evidence. */
export const MAX_SHARED_BY = 200;
/** The rarest shared entities followed: an account on a thousand rotating addresses stays one bounded query. */
export const LINK_ENTITY_LIMIT = 100;
/**
 * Accounts followed per shared entity: all of them up to the projection's hub size, the heaviest
 * users beyond it. At most LINK_ENTITY_LIMIT × this many rows are ever aggregated.
 */
export const NEIGHBOURS_PER_ENTITY = PROJECTION_DEFAULTS.cliqueDegreeLimit;

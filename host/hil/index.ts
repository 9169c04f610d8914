export { runCampaign, checkOptions, assertReference, ReferenceMismatchError, MAX_BOARDS, type CampaignOptions } from './campaign.js';
export { planCampaign, PlanError, DEFAULT_COST, type BoardPlan, type Step } from './plan.js';
export { runBoard, CampaignError, REFUSED_SCORE, type BoardRun } from './board.js';
export { ReferencePool, ReferenceError, type RefEmbedding } from './reference.js';
export { buildResult, dist, type HilResult, type HilSection, type Mismatch, type Dist } from './result.js';
export { writeHilReport, hilMarkdown, commandRows, referenceLine } from './report.js';

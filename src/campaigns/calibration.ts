// Fits the signal combination to analysts' verdicts (`hydrascope calibrate`, docs/analyst-workflow.md).
//
// A campaign's score is the sum of its five family contributions (each capped), damped for
// declared organisations, and a community is a campaign at score ≥ threshold. Calibration keeps
// that form and fits one factor per family (ScoringOptions.familyWeights: a family's signal
// weights and its cap scaled together), so a calibrated explanation still reads "score = sum of
// the families". The fit is a logistic regression on the calibrated score itself:
//
//   P(confirmed) = σ(k · (score_w − threshold)),   score_w = damping · Σ w_f · x_f
//
// with x_f the family's contribution at weight 1. Its 50 % line is the threshold, so the fitted
// weights need no separate cut-off. Each weight is kept in (0, maxFamilyShareOfThreshold ·
// threshold / cap_f) through a logistic reparametrisation: evidence never counts against a
// campaign, and no family alone reaches the threshold (the caps' rule). An L2 penalty pulls the
// weights towards the ones in force, so few verdicts change little. Adam on the mean log-loss,
// from the current weights: a handful of parameters, deterministic.
//
// The fit is judged on verdicts it did not see: stratified k-fold cross-validation (folds drawn
// with the injected seeded rng), each held-out campaign scored by the weights fitted on the
// other folds and by the weights in force now, both at the same threshold.
import { withDefaults } from '../shared/options.js';
import type { RandomSource } from '../shared/random.js';
import { SIGNAL_FAMILIES, SIGNALS, SIGNAL_NAMES, type SignalFamily, type SignalName } from './signals.js';

export const FAMILIES = Object.keys(SIGNAL_FAMILIES) as SignalFamily[];
export type FamilyWeights = Record<SignalFamily, number>;
export const UNIT_WEIGHTS: FamilyWeights = Object.fromEntries(FAMILIES.map((family) => [family, 1])) as FamilyWeights;

/** One reviewed campaign: its verdict and what its score is made of, on the default scale. */
export interface CalibrationExample {
  campaignId: string;
  confirmed: boolean;
  /** Each family's capped contribution with every family weight 1. */
  families: FamilyWeights;
  /** The organisation damping factor (1 when no member is in a declared organisation). */
  damping: number;
}

export interface CalibrationOptions {
  /** Campaign score threshold the weights are fitted for (the refresh's --threshold). */
  threshold: number;
  /** Fewest confirmed and fewest dismissed campaigns to fit anything (below: not enough verdicts). */
  minPerClass: number;
  /** Cross-validation folds (fewer when a class has fewer campaigns). */
  folds: number;
  /** L2 penalty pulling each family's cap-over-threshold share towards the current one. */
  l2: number;
  iterations: number;
  learningRate: number;
  /** A fitted family's scaled cap stays below this share of the threshold: no family alone makes a campaign. */
  maxFamilyShareOfThreshold: number;
  /** The family weights in force now, compared with the fitted ones. */
  currentWeights: FamilyWeights;
}

export const DEFAULTS: CalibrationOptions = {
  threshold: 0.4,
  minPerClass: 10,
  folds: 5,
  l2: 1,
  iterations: 3000,
  learningRate: 0.05,
  maxFamilyShareOfThreshold: 0.95,
  currentWeights: UNIT_WEIGHTS,
};

export interface ClassificationMetrics {
  /** Confirmed campaigns at or above the threshold, dismissed ones above it, and so on. */
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** Null when nothing is at or above the threshold. */
  precision: number | null;
  recall: number | null;
  accuracy: number;
  /** Chance that a confirmed campaign scores above a dismissed one (ties count half); null without both classes. */
  auc: number | null;
}

export interface FittedWeights {
  familyWeights: FamilyWeights;
  /** k in P(confirmed) = σ(k · (score − threshold)): how sharply the verdicts follow the score. */
  sharpness: number;
  /** Families whose weight sits at its limit (cap just below the threshold). */
  atLimit: SignalFamily[];
  /** Mean log-loss of the fit on the campaigns it was fitted on. */
  logLoss: number;
}

export type CalibrationResult =
  | { status: 'not-enough-verdicts'; confirmed: number; dismissed: number; minPerClass: number }
  | {
      status: 'fitted';
      confirmed: number;
      dismissed: number;
      folds: number;
      threshold: number;
      /** Fitted on every reviewed campaign: what `--apply` stores. */
      fitted: FittedWeights;
      current: FamilyWeights;
      /** Held-out campaigns scored by weights fitted without them, and by the current weights. */
      heldOut: { fitted: ClassificationMetrics; current: ClassificationMetrics };
    };

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * A stored campaign explanation's family contributions on the default scale (every weight 1),
 * from its signals' strengths, so snapshots scored under an earlier calibration read the same.
 */
export function exampleFeatures(signals: ReadonlyArray<{ name: string; strength: number; weight: number }>): { families: FamilyWeights; damping: number } {
  const sums = Object.fromEntries(FAMILIES.map((family) => [family, 0])) as FamilyWeights;
  let damping = 1;
  for (const signal of signals) {
    if ((SIGNAL_NAMES as string[]).includes(signal.name)) {
      const declaration = SIGNALS[signal.name as SignalName];
      sums[declaration.family] += round(signal.strength * declaration.weight);
    } else if (signal.name === 'organisation') {
      // weight is −organisationDamping, strength the business share: the factor the score was damped by.
      damping = Math.max(0, 1 + signal.weight * signal.strength);
    }
  }
  const families = Object.fromEntries(FAMILIES.map((family) => [family, round(Math.min(SIGNAL_FAMILIES[family].cap, sums[family]))])) as FamilyWeights;
  return { families, damping };
}

/** The score a campaign gets with the given family weights (what the scorer computes). */
export function scoreWith(example: Pick<CalibrationExample, 'families' | 'damping'>, weights: FamilyWeights): number {
  const sum = FAMILIES.reduce((total, family) => total + example.families[family] * weights[family], 0);
  return Math.min(1, Math.max(0, sum * example.damping));
}

const sigmoid = (value: number) => (value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value)));
const logit = (share: number) => Math.log(share / (1 - share));

/** Family weights fitted to the examples' verdicts (see the header for the model). */
export function fitFamilyWeights(examples: readonly CalibrationExample[], settings: CalibrationOptions): FittedWeights {
  const t = settings.threshold;
  const m = settings.maxFamilyShareOfThreshold;
  const limit = FAMILIES.map((family) => (m * t) / SIGNAL_FAMILIES[family].cap);
  // Share of the threshold each family's cap reaches now (the penalty's centre), kept inside the limit.
  const prior = FAMILIES.map((family) => Math.min(m * 0.999, Math.max(0.001, (settings.currentWeights[family] * SIGNAL_FAMILIES[family].cap) / t)));
  // Parameters: u_f (w_f = limit_f · σ(u_f)) and v (k = e^v), started at the current weights.
  const parameters = [...prior.map((share) => logit(share / m)), Math.log(10)];
  const count = parameters.length;
  const n = Math.max(1, examples.length);
  const firstMoment = new Array<number>(count).fill(0);
  const secondMoment = new Array<number>(count).fill(0);
  const gradient = new Array<number>(count).fill(0);
  const weightsOf = () => FAMILIES.map((_family, f) => (limit[f] as number) * sigmoid(parameters[f] as number));
  const lossOf = (weights: number[], k: number) => {
    let loss = 0;
    for (const example of examples) {
      const score = example.damping * FAMILIES.reduce((sum, family, f) => sum + (weights[f] as number) * example.families[family], 0);
      const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(k * (score - t))));
      loss -= example.confirmed ? Math.log(p) : Math.log(1 - p);
    }
    return loss / n;
  };
  for (let iteration = 1; iteration <= settings.iterations; iteration += 1) {
    const weights = weightsOf();
    const k = Math.exp(parameters[count - 1] as number);
    gradient.fill(0);
    for (const example of examples) {
      const score = example.damping * FAMILIES.reduce((sum, family, f) => sum + (weights[f] as number) * example.families[family], 0);
      const error = (sigmoid(k * (score - t)) - (example.confirmed ? 1 : 0)) / n;
      gradient[count - 1] = (gradient[count - 1] as number) + error * k * (score - t);
      FAMILIES.forEach((family, f) => {
        const s = sigmoid(parameters[f] as number);
        gradient[f] = (gradient[f] as number) + error * k * example.damping * example.families[family] * (limit[f] as number) * s * (1 - s);
      });
    }
    FAMILIES.forEach((family, f) => {
      const s = sigmoid(parameters[f] as number);
      const share = ((weights[f] as number) * SIGNAL_FAMILIES[family].cap) / t;
      gradient[f] = (gradient[f] as number) + ((2 * settings.l2) / n) * (share - (prior[f] as number)) * (SIGNAL_FAMILIES[family].cap / t) * (limit[f] as number) * s * (1 - s);
    });
    for (let p = 0; p < count; p += 1) {
      const g = gradient[p] as number;
      firstMoment[p] = 0.9 * (firstMoment[p] as number) + 0.1 * g;
      secondMoment[p] = 0.999 * (secondMoment[p] as number) + 0.001 * g * g;
      const corrected = (firstMoment[p] as number) / (1 - 0.9 ** iteration);
      const scale = (secondMoment[p] as number) / (1 - 0.999 ** iteration);
      parameters[p] = (parameters[p] as number) - (settings.learningRate * corrected) / (Math.sqrt(scale) + 1e-8);
    }
  }
  const weights = weightsOf();
  const k = Math.exp(parameters[count - 1] as number);
  return {
    familyWeights: Object.fromEntries(FAMILIES.map((family, f) => [family, round(weights[f] as number)])) as FamilyWeights,
    sharpness: round(k),
    atLimit: FAMILIES.filter((_family, f) => (weights[f] as number) >= 0.99 * (limit[f] as number)),
    logLoss: round(lossOf(weights, k)),
  };
}

/** Precision, recall and accuracy at the threshold, and the AUC of the scores, for confirmed (positive) against dismissed. */
export function classificationMetrics(scored: ReadonlyArray<{ score: number; confirmed: boolean }>, threshold: number): ClassificationMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  for (const { score, confirmed } of scored) {
    const raised = score >= threshold;
    if (raised && confirmed) truePositives += 1;
    else if (raised) falsePositives += 1;
    else if (confirmed) falseNegatives += 1;
    else trueNegatives += 1;
  }
  const positives = scored.filter((entry) => entry.confirmed);
  const negatives = scored.filter((entry) => !entry.confirmed);
  let auc: number | null = null;
  if (positives.length > 0 && negatives.length > 0) {
    let wins = 0;
    for (const positive of positives) for (const negative of negatives) wins += positive.score > negative.score ? 1 : positive.score === negative.score ? 0.5 : 0;
    auc = round(wins / (positives.length * negatives.length));
  }
  const ratio = (part: number, whole: number) => (whole === 0 ? null : round(part / whole));
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
    accuracy: round((truePositives + trueNegatives) / Math.max(1, scored.length)),
    auc,
  };
}

/** Stratified folds: each class shuffled with the rng and dealt round-robin, so every fold holds both. */
export function stratifiedFolds(examples: readonly CalibrationExample[], folds: number, rng: RandomSource): number[] {
  const foldOf = new Array<number>(examples.length).fill(0);
  for (const confirmed of [true, false]) {
    const indexes = examples.flatMap((example, index) => (example.confirmed === confirmed ? [index] : []));
    for (let i = indexes.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rng() * (i + 1));
      [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
    }
    indexes.forEach((index, position) => (foldOf[index] = position % folds));
  }
  return foldOf;
}

export function calibrate(examples: readonly CalibrationExample[], rng: RandomSource, options: Partial<CalibrationOptions> = {}): CalibrationResult {
  const settings = withDefaults(DEFAULTS, options);
  const confirmed = examples.filter((example) => example.confirmed).length;
  const dismissed = examples.length - confirmed;
  const minPerClass = Math.max(2, settings.minPerClass);
  if (confirmed < minPerClass || dismissed < minPerClass) return { status: 'not-enough-verdicts', confirmed, dismissed, minPerClass };

  const folds = Math.max(2, Math.min(settings.folds, confirmed, dismissed));
  const foldOf = stratifiedFolds(examples, folds, rng);
  const fittedScores: Array<{ score: number; confirmed: boolean }> = [];
  const currentScores: Array<{ score: number; confirmed: boolean }> = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const training = examples.filter((_example, index) => foldOf[index] !== fold);
    const weights = fitFamilyWeights(training, settings);
    examples.forEach((example, index) => {
      if (foldOf[index] !== fold) return;
      fittedScores.push({ score: scoreWith(example, weights.familyWeights), confirmed: example.confirmed });
      currentScores.push({ score: scoreWith(example, settings.currentWeights), confirmed: example.confirmed });
    });
  }
  return {
    status: 'fitted',
    confirmed,
    dismissed,
    folds,
    threshold: settings.threshold,
    fitted: fitFamilyWeights(examples, settings),
    current: { ...settings.currentWeights },
    heldOut: { fitted: classificationMetrics(fittedScores, settings.threshold), current: classificationMetrics(currentScores, settings.threshold) },
  };
}

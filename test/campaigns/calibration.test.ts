// The calibration fit on generated verdicts: it refuses too few, learns which family separates
// confirmed from dismissed campaigns, keeps every family below the threshold on its own, is
// judged on held-out campaigns, and repeats exactly with one seed.
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  classificationMetrics,
  exampleFeatures,
  fitFamilyWeights,
  scoreWith,
  stratifiedFolds,
  DEFAULTS,
  UNIT_WEIGHTS,
  type CalibrationExample,
  type FamilyWeights,
} from '../../src/campaigns/calibration.js';
import { SIGNAL_FAMILIES, SIGNALS } from '../../src/campaigns/signals.js';
import { seededRandom } from '../../src/shared/random.js';

const families = (values: Partial<FamilyWeights>): FamilyWeights => ({ instruments: 0, network: 0, templates: 0, timing: 0, behaviour: 0, ...values });

/**
 * Confirmed campaigns share templates (and some timing); dismissed ones are proxy users: strong
 * network and timing, weak templates. Both score above the default threshold with unit weights,
 * so the current combination raises them all.
 */
function generatedExamples(count: number, seed: number): CalibrationExample[] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, (_unused, index) => {
    const confirmed = index % 2 === 0;
    const noise = () => rng() * 0.04;
    const example = confirmed
      ? families({ templates: 0.22 + noise(), timing: 0.1 + noise(), network: 0.05 + noise(), behaviour: 0.05 + noise() })
      : families({ network: 0.17 + noise(), timing: 0.15 + noise(), behaviour: 0.08 + noise(), templates: 0.02 + noise() });
    return { campaignId: `cmp-${index}`, confirmed, families: example, damping: 1 };
  });
}

describe('calibrate', () => {
  it('reports too few verdicts instead of fitting, naming the counts and the minimum', () => {
    const examples = generatedExamples(30, 1).filter((example) => example.confirmed || example.campaignId < 'cmp-2');
    const result = calibrate(examples, seededRandom(3));
    expect(result).toEqual({ status: 'not-enough-verdicts', confirmed: 15, dismissed: expect.any(Number), minPerClass: DEFAULTS.minPerClass });
    if (result.status === 'not-enough-verdicts') expect(result.dismissed).toBeLessThan(DEFAULTS.minPerClass);
  });

  it('weighs the family that separates the verdicts up and the misleading one down, beating the current weights on held-out campaigns', () => {
    const examples = generatedExamples(40, 2);
    // Every example scores above the threshold today: the current weights raise the dismissed ones too.
    expect(examples.every((example) => scoreWith(example, UNIT_WEIGHTS) >= DEFAULTS.threshold)).toBe(true);
    const result = calibrate(examples, seededRandom(5));
    if (result.status !== 'fitted') throw new Error('expected a fit');
    expect(result.fitted.familyWeights.templates).toBeGreaterThan(result.fitted.familyWeights.network);
    expect(result.fitted.familyWeights.templates).toBeGreaterThan(1);
    expect(result.fitted.familyWeights.network).toBeLessThan(1);
    expect(result.heldOut.current).toMatchObject({ truePositives: 20, falsePositives: 20, precision: 0.5, recall: 1 });
    expect(result.heldOut.fitted.precision).toBeGreaterThan(0.9);
    expect(result.heldOut.fitted.recall).toBeGreaterThan(0.9);
    expect(result.heldOut.fitted.truePositives + result.heldOut.fitted.falsePositives + result.heldOut.fitted.falseNegatives + result.heldOut.fitted.trueNegatives).toBe(40);
    expect(result.folds).toBe(5);
  });

  it('repeats exactly with the same seed', () => {
    const examples = generatedExamples(30, 4);
    expect(calibrate(examples, seededRandom(9))).toEqual(calibrate(examples, seededRandom(9)));
  });

  it('keeps every family below the threshold on its own, naming a family held at its limit', () => {
    // Confirmed campaigns differ only by their templates, and reach the threshold only with a templates weight above its limit.
    const examples = Array.from({ length: 24 }, (_unused, index) => ({
      campaignId: `cmp-${index}`,
      confirmed: index % 2 === 0,
      families: families({ templates: index % 2 === 0 ? 0.3 : 0.01, timing: 0.02 }),
      damping: 1,
    }));
    const fitted = fitFamilyWeights(examples, { ...DEFAULTS, l2: 0.01 });
    expect(fitted.atLimit).toContain('templates');
    for (const family of Object.keys(SIGNAL_FAMILIES) as Array<keyof typeof SIGNAL_FAMILIES>) {
      expect(SIGNAL_FAMILIES[family].cap * fitted.familyWeights[family]).toBeLessThan(DEFAULTS.threshold);
    }
    // With the timing evidence raised too, every confirmed campaign reaches the threshold, no dismissed one does.
    expect(
      classificationMetrics(
        examples.map((example) => ({ score: scoreWith(example, fitted.familyWeights), confirmed: example.confirmed })),
        DEFAULTS.threshold,
      ),
    ).toMatchObject({ precision: 1, recall: 1 });
  });

  it('changes the current weights little when the verdicts do not depend on the evidence', () => {
    const examples = Array.from({ length: 24 }, (_unused, index) => ({
      campaignId: `cmp-${index}`,
      confirmed: index % 2 === 0,
      families: families({ templates: 0.2, network: 0.15, timing: 0.1 }),
      damping: 1,
    }));
    const fitted = fitFamilyWeights(examples, DEFAULTS);
    for (const weight of Object.values(fitted.familyWeights)) expect(Math.abs(weight - 1)).toBeLessThan(0.15);
    // Half confirmed whatever the score: the fit says the score tells nothing (log-loss of a coin).
    expect(fitted.logLoss).toBeCloseTo(Math.log(2), 2);
  });

  it('deals both classes into every fold', () => {
    const examples = generatedExamples(23, 6);
    const foldOf = stratifiedFolds(examples, 5, seededRandom(1));
    for (let fold = 0; fold < 5; fold += 1) {
      const inFold = examples.filter((_example, index) => foldOf[index] === fold);
      expect(inFold.some((example) => example.confirmed)).toBe(true);
      expect(inFold.some((example) => !example.confirmed)).toBe(true);
    }
  });
});

describe('classificationMetrics', () => {
  it.each([
    {
      name: 'all raised',
      scored: [0.5, 0.6, 0.45].map((score, index) => ({ score, confirmed: index < 2 })),
      expected: { truePositives: 2, falsePositives: 1, precision: 0.6667, recall: 1, accuracy: 0.6667, auc: 1 },
    },
    {
      name: 'none raised',
      scored: [0.1, 0.2].map((score, index) => ({ score, confirmed: index === 0 })),
      expected: { truePositives: 0, falsePositives: 0, falseNegatives: 1, trueNegatives: 1, precision: null, recall: 0, auc: 0 },
    },
    { name: 'tied scores count half', scored: [0.5, 0.5].map((score, index) => ({ score, confirmed: index === 0 })), expected: { auc: 0.5 } },
    { name: 'one class only', scored: [{ score: 0.7, confirmed: true }], expected: { auc: null, precision: 1, recall: 1 } },
  ])('$name', ({ scored, expected }) => {
    expect(classificationMetrics(scored, 0.4)).toMatchObject(expected);
  });
});

describe('exampleFeatures', () => {
  it('reads the families on the default scale from signal strengths, whatever weights the snapshot was scored with, and the organisation damping', () => {
    const signals = [
      { name: 'template_exclusivity', strength: 0.5, weight: SIGNALS.template_exclusivity.weight * 1.7 },
      { name: 'template_monotony', strength: 1, weight: SIGNALS.template_monotony.weight * 1.7 },
      { name: 'instrument_fan_out', strength: 1, weight: 0 },
      { name: 'issuer_concentration', strength: 1, weight: 0 },
      { name: 'organisation', strength: 0.25, weight: -0.8 },
    ];
    const { families: read, damping } = exampleFeatures(signals);
    expect(read).toEqual(families({ templates: 0.23, instruments: SIGNAL_FAMILIES.instruments.cap }));
    expect(damping).toBeCloseTo(0.8, 10);
    expect(scoreWith({ families: read, damping }, UNIT_WEIGHTS)).toBeCloseTo((0.23 + 0.2) * 0.8, 10);
  });
});

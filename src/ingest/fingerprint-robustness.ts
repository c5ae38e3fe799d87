// Measures how near-duplicate robust the prompt fingerprints are on generated data: render N
// prompts per template, fingerprint them all (shuffled, as they would arrive interleaved), then
// count the pairs of prompts that share a fingerprint id or are within the Hamming threshold,
// separately for pairs from one template and pairs from different templates.
import type { RandomSource } from '../shared/random.js';
import { DEFAULTS, hammingDistance, parseSimhash, PromptFingerprinter, type PromptFingerprinterOptions } from './prompt-fingerprint/index.js';
import type { PromptIntent } from './prompt-intent.js';

export interface RobustnessOptions {
  promptsPerTemplate: number;
  /** Groups templates for a per-group breakdown (for example by owner: campaign or benign). */
  groupOf: ((template: { id: string; family: string }) => string) | undefined;
  fingerprinter: Partial<PromptFingerprinterOptions>;
}

export const ROBUSTNESS_DEFAULTS: RobustnessOptions = { promptsPerTemplate: 40, groupOf: undefined, fingerprinter: {} };

export interface RobustnessReport {
  templates: number;
  prompts: number;
  maxDistance: number;
  sameTemplatePairs: number;
  differentTemplatePairs: number;
  /** Share of same-template pairs given the same fingerprint id. */
  sameTemplateSameFingerprint: number;
  /** Share of same-template pairs whose SimHashes are within maxDistance bits. */
  sameTemplateWithinDistance: number;
  differentTemplateSameFingerprint: number;
  differentTemplateWithinDistance: number;
  /** The hard negatives: different templates of one family (same intent, similar wording). */
  sameFamilyDifferentTemplateSameFingerprint: number;
  /** Fingerprint ids per template: 1 is ideal. */
  meanFingerprintsPerTemplate: number;
  meanSameTemplateDistance: number;
  meanDifferentTemplateDistance: number;
  /** Templates whose family name is an intent: share of their prompts classified as that intent. */
  intentAccuracy: number | undefined;
  familiesCreated: number;
  /** Same-template and different-template shares per template group (when groupOf is given). */
  byGroup: Record<string, { templates: number; sameTemplateSameFingerprint: number; sameTemplateWithinDistance: number; differentTemplateSameFingerprint: number }>;
  worstTemplates: Array<{ id: string; sameFingerprintShare: number; fingerprints: number }>;
}

interface Rendered {
  template: number;
  family: string;
  fingerprint: string;
  high: number;
  low: number;
  intent: PromptIntent;
}

const INTENT_FAMILIES = new Set<string>(['agentic', 'reasoning', 'cot_extraction', 'rewrite', 'other']);

/** Fisher-Yates with the caller's seeded source, so a measurement repeats exactly. */
function shuffle<T>(items: T[], rng: RandomSource): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(rng() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

export function measureFingerprintRobustness<Template extends { id: string; family: string }>(
  templates: readonly Template[],
  renderPrompt: (template: Template, rng: RandomSource) => string,
  rng: RandomSource,
  options: Partial<RobustnessOptions> = {},
): RobustnessReport {
  const settings = { ...ROBUSTNESS_DEFAULTS, ...options };
  const fingerprinter = new PromptFingerprinter(settings.fingerprinter);
  const maxDistance = fingerprinter.options.maxDistance ?? DEFAULTS.maxDistance;

  const jobs: Array<{ template: number; text: string }> = [];
  templates.forEach((template, index) => {
    for (let copy = 0; copy < settings.promptsPerTemplate; copy += 1) jobs.push({ template: index, text: renderPrompt(template, rng) });
  });
  shuffle(jobs, rng);
  const rendered: Rendered[] = jobs.map(({ template, text }) => {
    const result = fingerprinter.fingerprint(text);
    const simhash = parseSimhash(result.simhash) as { high: number; low: number };
    return { template, family: (templates[template] as Template).family, fingerprint: result.fingerprint, intent: result.intent, ...simhash };
  });

  let samePairs = 0;
  let sameLinked = 0;
  let sameNear = 0;
  let sameDistance = 0;
  let differentPairs = 0;
  let differentLinked = 0;
  let differentNear = 0;
  let differentDistance = 0;
  let familyPairs = 0;
  let familyLinked = 0;
  const perTemplate = templates.map(() => ({ pairs: 0, linked: 0, near: 0, fingerprints: new Set<string>() }));
  const groups = templates.map((template) => settings.groupOf?.(template));
  const groupPairs = new Map<string, { pairs: number; linked: number }>();
  for (let first = 0; first < rendered.length; first += 1) {
    const a = rendered[first] as Rendered;
    perTemplate[a.template]?.fingerprints.add(a.fingerprint);
    for (let second = first + 1; second < rendered.length; second += 1) {
      const b = rendered[second] as Rendered;
      const distance = hammingDistance(a.high, a.low, b.high, b.low);
      const linked = a.fingerprint === b.fingerprint ? 1 : 0;
      if (a.template === b.template) {
        samePairs += 1;
        sameLinked += linked;
        sameNear += distance <= maxDistance ? 1 : 0;
        sameDistance += distance;
        const stats = perTemplate[a.template] as { pairs: number; linked: number; near: number };
        stats.pairs += 1;
        stats.linked += linked;
        stats.near += distance <= maxDistance ? 1 : 0;
      } else {
        differentPairs += 1;
        differentLinked += linked;
        differentNear += distance <= maxDistance ? 1 : 0;
        differentDistance += distance;
        if (a.family === b.family) {
          familyPairs += 1;
          familyLinked += linked;
        }
        // A different-template pair counts for the groups of both its templates.
        for (const group of new Set([groups[a.template], groups[b.template]])) {
          if (group === undefined) continue;
          const counts = groupPairs.get(group) ?? { pairs: 0, linked: 0 };
          counts.pairs += 1;
          counts.linked += linked;
          groupPairs.set(group, counts);
        }
      }
    }
  }

  const byGroup: RobustnessReport['byGroup'] = {};
  for (const group of [...new Set(groups)].filter((value): value is string => value !== undefined).sort()) {
    const members = perTemplate.filter((_, index) => groups[index] === group);
    const pairs = members.reduce((sum, stats) => sum + stats.pairs, 0);
    const different = groupPairs.get(group) ?? { pairs: 0, linked: 0 };
    byGroup[group] = {
      templates: members.length,
      sameTemplateSameFingerprint: pairs === 0 ? 0 : members.reduce((sum, stats) => sum + stats.linked, 0) / pairs,
      sameTemplateWithinDistance: pairs === 0 ? 0 : members.reduce((sum, stats) => sum + stats.near, 0) / pairs,
      differentTemplateSameFingerprint: different.pairs === 0 ? 0 : different.linked / different.pairs,
    };
  }
  const intentScored = rendered.filter((item) => INTENT_FAMILIES.has(item.family));
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return {
    templates: templates.length,
    prompts: rendered.length,
    maxDistance,
    sameTemplatePairs: samePairs,
    differentTemplatePairs: differentPairs,
    sameTemplateSameFingerprint: share(sameLinked, samePairs),
    sameTemplateWithinDistance: share(sameNear, samePairs),
    differentTemplateSameFingerprint: share(differentLinked, differentPairs),
    differentTemplateWithinDistance: share(differentNear, differentPairs),
    sameFamilyDifferentTemplateSameFingerprint: share(familyLinked, familyPairs),
    meanFingerprintsPerTemplate: share(
      perTemplate.reduce((sum, stats) => sum + stats.fingerprints.size, 0),
      templates.length,
    ),
    meanSameTemplateDistance: share(sameDistance, samePairs),
    meanDifferentTemplateDistance: share(differentDistance, differentPairs),
    intentAccuracy: intentScored.length === 0 ? undefined : share(intentScored.filter((item) => item.intent === item.family).length, intentScored.length),
    familiesCreated: fingerprinter.stats().familiesCreated,
    byGroup,
    worstTemplates: perTemplate
      .map((stats, index) => ({ id: (templates[index] as Template).id, sameFingerprintShare: share(stats.linked, stats.pairs), fingerprints: stats.fingerprints.size }))
      .sort((a, b) => a.sameFingerprintShare - b.sameFingerprintShare || a.id.localeCompare(b.id))
      .slice(0, 8),
  };
}

// Prompt fingerprint benchmark: robustness shares on the scenario generator's templates (and on
// the hand-made sample templates) and fingerprinting throughput on ~100-word prompts, printed and
// written to bench/results/fingerprint.json. Options: --help.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSamplePrompt, SAMPLE_PROMPT_TEMPLATES } from '../src/evaluation/sample-prompt-templates.js';
import { measureFingerprintRobustness, type RobustnessReport } from '../src/ingest/fingerprint-robustness.js';
import { DEFAULTS, PromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { PROMPT_TEMPLATES, renderPrompt, type PromptTemplate } from '../src/scenario/prompt-templates.js';
import { PROJECT_ROOT } from '../src/shared/project-paths.js';
import { seededRandom } from '../src/shared/random.js';
import { readBenchArguments } from './support.js';

const SEED = 1;
const PROMPTS_PER_TEMPLATE = 30;
const THROUGHPUT_PROMPTS = 50_000;
const TARGET_WORDS = 100;

readBenchArguments({
  name: 'bench:fingerprint',
  summary: `Prompt fingerprint robustness on the scenario generator's templates and on hand-made sample templates\n(${PROMPTS_PER_TEMPLATE} prompts per template, seed ${SEED}), and throughput on ${THROUGHPUT_PROMPTS} prompts of about ${TARGET_WORDS} words.\nNo database. Results: bench/results/fingerprint.json.`,
  options: {},
});

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const meanWords = (prompts: readonly string[]) => Math.round(prompts.reduce((sum, text) => sum + words(text), 0) / prompts.length);

/** Renders of the given templates, picked at random: what ingest sees from those senders. */
function renderedPrompts(templates: readonly PromptTemplate[], count: number, seed: number): string[] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, () => renderPrompt(templates[Math.floor(rng() * templates.length)] as PromptTemplate, rng));
}

/** Best of three timed passes (the first also warms the JIT), in prompts per second. */
function throughput(prompts: readonly string[], fresh: () => PromptFingerprinter): number {
  let best = 0;
  for (let pass = 0; pass < 3; pass += 1) {
    const fingerprinter = fresh();
    const started = process.hrtime.bigint();
    for (const text of prompts) fingerprinter.fingerprint(text);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    best = Math.max(best, prompts.length / seconds);
  }
  return Math.round(best);
}

function summary(report: RobustnessReport) {
  const { worstTemplates: _worst, ...rest } = report;
  return rest;
}

const scenario = measureFingerprintRobustness(PROMPT_TEMPLATES, renderPrompt, seededRandom(SEED), {
  promptsPerTemplate: PROMPTS_PER_TEMPLATE,
  groupOf: (template) => (template as PromptTemplate).owner,
});
const campaignTemplates = PROMPT_TEMPLATES.filter((template) => template.owner !== 'benign' && template.owner !== 'enterprise');
const campaigns = measureFingerprintRobustness(campaignTemplates, renderPrompt, seededRandom(SEED), { promptsPerTemplate: PROMPTS_PER_TEMPLATE });
const sample = measureFingerprintRobustness(SAMPLE_PROMPT_TEMPLATES, renderSamplePrompt, seededRandom(SEED), { promptsPerTemplate: PROMPTS_PER_TEMPLATE });

// Campaign traffic (most prompts join a family) and the scenario's whole mix (benign templates
// with free-form content found a family per prompt far more often).
const campaignPrompts = renderedPrompts(campaignTemplates, THROUGHPUT_PROMPTS, SEED);
const mixedPrompts = renderedPrompts(PROMPT_TEMPLATES, THROUGHPUT_PROMPTS, SEED);
// Worst case: every prompt unique (a random word list), so every prompt founds a family and is
// classified; the index also fills towards its cap.
const vocabularyRng = seededRandom(SEED + 1);
const vocabulary = Array.from({ length: 5000 }, () =>
  Math.floor(vocabularyRng() * 2 ** 31)
    .toString(36)
    .replace(/[0-9]/g, ''),
);
const unique = Array.from({ length: THROUGHPUT_PROMPTS }, () => Array.from({ length: TARGET_WORDS }, () => vocabulary[Math.floor(vocabularyRng() * vocabulary.length)]).join(' '));

const results = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  parameters: DEFAULTS,
  seed: SEED,
  promptsPerTemplate: PROMPTS_PER_TEMPLATE,
  robustness: {
    scenarioAllTemplates: summary(scenario),
    scenarioCampaignTemplates: summary(campaigns),
    handMadeSampleTemplates: summary(sample),
  },
  throughput: {
    campaign: { meanWords: meanWords(campaignPrompts), promptsPerSecond: throughput(campaignPrompts, () => new PromptFingerprinter()) },
    scenarioMix: { meanWords: meanWords(mixedPrompts), promptsPerSecond: throughput(mixedPrompts, () => new PromptFingerprinter()) },
    uniqueHundredWords: { meanWords: meanWords(unique), promptsPerSecond: throughput(unique, () => new PromptFingerprinter()) },
  },
};

const line = (name: string, report: RobustnessReport) =>
  `${name.padEnd(28)} same-template: same id ${report.sameTemplateSameFingerprint.toFixed(3)}, within ${report.maxDistance} bits ${report.sameTemplateWithinDistance.toFixed(3)} | different-template: same id ${report.differentTemplateSameFingerprint.toFixed(4)}, within ${report.maxDistance} bits ${report.differentTemplateWithinDistance.toFixed(4)}`;
console.log(line('scenario (all templates)', scenario));
for (const [group, shares] of Object.entries(scenario.byGroup)) {
  console.log(
    `  ${group.padEnd(26)} templates ${String(shares.templates).padStart(3)}  same-template same id ${shares.sameTemplateSameFingerprint.toFixed(3)}  different-template same id ${shares.differentTemplateSameFingerprint.toFixed(4)}`,
  );
}
console.log(line('scenario (campaigns only)', campaigns));
console.log(line('hand-made sample templates', sample));
console.log(`intent accuracy (scenario campaign templates): ${campaigns.intentAccuracy?.toFixed(3)}`);
for (const [name, measured] of Object.entries(results.throughput))
  console.log(`throughput ${name.padEnd(20)} ${String(measured.promptsPerSecond).padStart(7)} prompts/s (${measured.meanWords} words per prompt)`);

const directory = join(PROJECT_ROOT, 'bench', 'results');
mkdirSync(directory, { recursive: true });
writeFileSync(join(directory, 'fingerprint.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`written ${join(directory, 'fingerprint.json')}`);

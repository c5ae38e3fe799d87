// Prompt intent: which kind of distillation a prompt serves (agent transcripts, reasoning traces,
// hidden chain-of-thought extraction, rewrites into an official line) or `other`. Explainable by
// construction: a table of named phrase rules, each worth a weight; the scoring can cite the rules
// that matched. A single weak word ("function", "rewrite") never decides on its own, because
// benign prompts use those words all the time.

export const PROMPT_INTENTS = ['agentic', 'reasoning', 'cot_extraction', 'rewrite', 'other'] as const;
export type PromptIntent = (typeof PROMPT_INTENTS)[number];
/** `unknown`: the batch carried a precomputed fingerprint, so the text was never seen. */
export type PromptIntentOrUnknown = PromptIntent | 'unknown';
export const UNKNOWN_INTENT = 'unknown' satisfies PromptIntentOrUnknown;

export type ExtractionIntent = Exclude<PromptIntent, 'other'>;

export interface PromptIntentRule {
  /** Stable name, cited in campaign explanations. */
  name: string;
  intent: ExtractionIntent;
  /** 2 = decisive phrase, 1 = supporting word that needs company. */
  weight: 1 | 2;
  /** Source of a case-insensitive pattern, matched against raw or normalized prompt text. */
  pattern: string;
}

/** A prompt gets an extraction intent once its best intent scores at least this much. */
export const INTENT_THRESHOLD = 2;

// Separators between words: normalized text has single spaces, raw text may use hyphens,
// underscores or several spaces ("step-by-step", "chain_of_thought").
const GAP = '[\\s_-]+';
const words = (...parts: string[]) => parts.join(GAP);

export const PROMPT_INTENT_RULES: readonly PromptIntentRule[] = [
  // Hidden chain-of-thought extraction first: it often also says "step by step".
  { name: 'hidden-reasoning', intent: 'cot_extraction', weight: 2, pattern: `\\b(?:hidden|internal|private|secret|raw|unfiltered|original)${GAP}(?:reasoning|thoughts?|thinking|deliberation)\\b` },
  { name: 'chain-of-thought', intent: 'cot_extraction', weight: 2, pattern: `\\b${words('chain', 'of', 'thoughts?')}\\b|\\bcot\\b` },
  { name: 'internal-monologue', intent: 'cot_extraction', weight: 2, pattern: `\\b(?:inner|internal)${GAP}monologue\\b` },
  { name: 'scratchpad', intent: 'cot_extraction', weight: 2, pattern: `\\bscratch${GAP}?pad\\b` },
  { name: 'thinking-tokens', intent: 'cot_extraction', weight: 2, pattern: `\\b(?:thinking|reasoning)${GAP}(?:tokens|trace|block)\\b` },
  { name: 'verbatim', intent: 'cot_extraction', weight: 1, pattern: '\\bverbatim\\b|\\bword for word\\b|\\bexactly as you (?:thought|reasoned)\\b' },
  { name: 'reveal-thinking', intent: 'cot_extraction', weight: 1, pattern: `\\b(?:reveal|expose|dump|print|output|disclose)${GAP}(?:your|the|all)\\b` },
  { name: 'thought-process', intent: 'cot_extraction', weight: 1, pattern: `\\b(?:thought${GAP}process|before${GAP}(?:you${GAP})?answer(?:ed|ing)?)\\b` },

  { name: 'step-by-step', intent: 'reasoning', weight: 2, pattern: `\\b${words('step', 'by', 'step')}\\b` },
  {
    name: 'intermediate-steps',
    intent: 'reasoning',
    weight: 2,
    pattern: `\\b(?:every|each|all)${GAP}(?:intermediate|single)${GAP}(?:steps?|calculations?)\\b|\\bintermediate${GAP}(?:steps?|results|calculations)\\b`,
  },
  { name: 'show-your-work', intent: 'reasoning', weight: 2, pattern: `\\bshow${GAP}(?:your|all${GAP}(?:of${GAP})?your|the)${GAP}(?:work|working|reasoning|derivation)\\b` },
  {
    name: 'explain-reasoning',
    intent: 'reasoning',
    weight: 2,
    pattern: `\\b(?:explain|justify|walk${GAP}(?:me${GAP})?through)${GAP}(?:your|each|every|the)${GAP}(?:reasoning|steps?|logic)\\b|\\blet'?s${GAP}think\\b`,
  },
  { name: 'detailed-derivation', intent: 'reasoning', weight: 1, pattern: '\\b(?:derivation|derive|proof|prove|rigorous|detailed solution|solve)\\b' },
  { name: 'think-carefully', intent: 'reasoning', weight: 1, pattern: `\\bthink${GAP}(?:carefully|through|hard)\\b|\\breason${GAP}(?:carefully|through)\\b` },

  { name: 'tool-call', intent: 'agentic', weight: 2, pattern: `\\b(?:tool|function)${GAP}(?:calls?|calling|use|schema|results?|outputs?)\\b|\\bcall${GAP}the${GAP}(?:tool|function|api)\\b` },
  { name: 'json-tool-schema', intent: 'agentic', weight: 2, pattern: '"(?:tool_calls?|function_call|tool_name|parameters|arguments|input_schema)"\\s*:' },
  { name: 'agent-role', intent: 'agentic', weight: 2, pattern: `\\b(?:you${GAP}are${GAP}an?${GAP}(?:autonomous${GAP})?agent|available${GAP}tools|agent${GAP}(?:transcript|trajectory|loop))\\b` },
  { name: 'react-trace', intent: 'agentic', weight: 2, pattern: '(?:^|\\n|\\s)(?:thought|action|action input|observation)\\s*:' },
  { name: 'function', intent: 'agentic', weight: 1, pattern: '\\b(?:functions?|api|endpoint|shell|terminal|browser)\\b' },
  { name: 'plan-execute', intent: 'agentic', weight: 1, pattern: '\\b(?:plan|execute|execution|subtasks?|multi-step task)\\b' },
  { name: 'code-fence', intent: 'agentic', weight: 1, pattern: '```' },

  { name: 'official-position', intent: 'rewrite', weight: 2, pattern: `\\bofficial${GAP}(?:position|line|stance|narrative|view|statement)\\b|\\bparty${GAP}line\\b|\\bstate${GAP}media\\b` },
  { name: 'rewrite', intent: 'rewrite', weight: 1, pattern: '\\b(?:rewrite|re-write|rephrase|reword|paraphrase|reframe)\\b' },
  { name: 'government', intent: 'rewrite', weight: 1, pattern: '\\b(?:government|authorities|ministry|regime|party)\\b' },
  { name: 'sensitive-topic', intent: 'rewrite', weight: 1, pattern: '\\b(?:politically|sensitive|controversial|propaganda|censor(?:ed|ship)?|dissent)\\b' },
];

// One pass for all rules: an alternation with one capture group per rule, scanned globally, is
// several times faster than testing 26 patterns one after another (the ingest hot path). Where
// two rules match at the same position only the earlier one is credited, so rules are kept
// disjoint.
const ALL_RULES = new RegExp(PROMPT_INTENT_RULES.map((rule) => `(${rule.pattern})`).join('|'), 'gi');
/** Capture groups per rule: its own wrapper group plus any inside its pattern. */
const RULE_GROUP_COUNTS = PROMPT_INTENT_RULES.map((rule) => (new RegExp(`(${rule.pattern})|`).exec('') ?? []).length - 1);

export interface PromptIntentExplanation {
  intent: PromptIntent;
  score: number;
  /** Names of the rules that matched, in table order. */
  matchedRules: string[];
}

/** The intent and the rules behind it. Ties go to the intent listed first in the rule table. */
export function explainPromptIntent(text: string): PromptIntentExplanation {
  const matched = new Array<boolean>(PROMPT_INTENT_RULES.length).fill(false);
  ALL_RULES.lastIndex = 0;
  for (let match = ALL_RULES.exec(text); match !== null; match = ALL_RULES.exec(text)) {
    let group = 1;
    for (let index = 0; index < PROMPT_INTENT_RULES.length; index += 1) {
      if (match[group] !== undefined) {
        matched[index] = true;
        break;
      }
      group += RULE_GROUP_COUNTS[index] as number;
    }
    if (match[0].length === 0) ALL_RULES.lastIndex += 1;
  }
  const scores = new Map<ExtractionIntent, number>();
  const matchedRules: string[] = [];
  PROMPT_INTENT_RULES.forEach((rule, index) => {
    if (!matched[index]) return;
    matchedRules.push(rule.name);
    scores.set(rule.intent, (scores.get(rule.intent) ?? 0) + rule.weight);
  });
  let best: ExtractionIntent | undefined;
  let bestScore = 0;
  for (const [intent, score] of scores) {
    if (score > bestScore) {
      best = intent;
      bestScore = score;
    }
  }
  if (best === undefined || bestScore < INTENT_THRESHOLD) return { intent: 'other', score: bestScore, matchedRules };
  return { intent: best, score: bestScore, matchedRules };
}

/** Raw text is best (JSON tool schemas and code fences are still visible); normalized text works too. */
export function classifyPromptIntent(normalizedOrRawText: string): PromptIntent {
  return explainPromptIntent(normalizedOrRawText).intent;
}

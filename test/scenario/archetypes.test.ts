// The campaign archetype space (src/scenario/archetypes.ts): reproducible draws, budgets kept,
// wording the phrase rules do not know, and the failure classes seen on independently written
// data within reach of the space.
import { describe, expect, it } from 'vitest';
import { explainPromptIntent } from '../../src/ingest/prompt-intent.js';
import { LEXICON_THEMES, lexiconTemplates, themeParts } from '../../src/scenario/archetype-lexicon.js';
import { ADDRESS_STYLES, ARCHETYPE_LIMITS, INSTRUMENT_SHARING, archetypeBudget, drawArchetypes, type CampaignArchetype } from '../../src/scenario/archetypes.js';
import { renderPrompt, type PromptTemplate } from '../../src/scenario/prompt-templates.js';
import { SCALE_NAMES, SCALES } from '../../src/scenario/scales.js';
import { seededRandom } from '../../src/shared/random.js';

const MEDIUM = archetypeBudget(SCALES.medium);
const asTemplate = (id: string, text: string): PromptTemplate => ({ id, family: 'reasoning', owner: 'archetype', popular: false, paraphrase: true, text });
/** Draws for many seeds at medium: the space the held-out and tuning seeds are taken from. */
const many = Array.from({ length: 400 }, (_, index) => drawArchetypes(index + 1, MEDIUM));
const all = many.flat();

describe('drawArchetypes', () => {
  it('gives the same archetypes for the same seed and budget', () => {
    expect(drawArchetypes(101, MEDIUM)).toEqual(drawArchetypes(101, MEDIUM));
    expect(JSON.stringify(drawArchetypes(7, archetypeBudget(SCALES.tiny)))).toBe(JSON.stringify(drawArchetypes(7, archetypeBudget(SCALES.tiny))));
  });

  it('gives different archetypes for different seeds', () => {
    const signatures = new Set(many.map((list) => JSON.stringify(list.map((archetype) => [archetype.accounts, archetype.eventsPerAccount, archetype.addresses.style, archetype.instruments.sharing]))));
    expect(signatures.size).toBe(many.length);
    expect(drawArchetypes(1, MEDIUM)).not.toEqual(drawArchetypes(2, MEDIUM));
  });

  it('draws the same kinds of archetype from one seed at every scale, only sized differently', () => {
    const kinds = (list: CampaignArchetype[]) => list.map((archetype) => archetype.name);
    for (const seed of [1, 2, 3, 101, 102, 103]) expect(kinds(drawArchetypes(seed, archetypeBudget(SCALES.tiny))), `seed ${seed}`).toEqual(kinds(drawArchetypes(seed, MEDIUM)));
  });

  it.each(SCALE_NAMES)('keeps the %s campaign budget: 3-8 archetypes, accounts exactly, events within it, one small quiet archetype', (scale) => {
    const budget = archetypeBudget(SCALES[scale]);
    for (let seed = 1; seed <= 60; seed += 1) {
      const list = drawArchetypes(seed, budget);
      expect(list.length).toBeGreaterThanOrEqual(3);
      expect(list.length).toBeLessThanOrEqual(8);
      expect(list.reduce((sum, archetype) => sum + archetype.accounts, 0)).toBe(budget.accounts);
      const events = list.reduce((sum, archetype) => sum + archetype.events, 0);
      expect(events).toBeLessThanOrEqual(budget.events * 1.02);
      expect(list.every((archetype) => archetype.events === archetype.accounts * archetype.eventsPerAccount && archetype.accounts >= 3)).toBe(true);
      expect(list.some((archetype) => archetype.accounts <= ARCHETYPE_LIMITS.smallAccounts && archetype.eventsPerAccount <= ARCHETYPE_LIMITS.smallEventsPerAccount[1])).toBe(true);
    }
  });

  it('names each archetype a<seed>-<index>-<address style>-<instrument sharing> and records parameters within their bounds', () => {
    for (const [offset, list] of many.entries()) {
      list.forEach((archetype, index) => {
        expect(archetype.name).toMatch(new RegExp(`^a${offset + 1}-${index}-(proxy|dc|vpn|own)-(prepaid|fewcards|rareissuer|owncards)$`));
        expect(archetype.eventsPerAccount).toBeGreaterThanOrEqual(ARCHETYPE_LIMITS.eventsPerAccount[0]);
        expect(archetype.eventsPerAccount).toBeLessThanOrEqual(ARCHETYPE_LIMITS.eventsPerAccount[1]);
        expect(archetype.prompts.templates.length).toBeGreaterThanOrEqual(1);
        expect(archetype.prompts.templates.length).toBeLessThanOrEqual(ARCHETYPE_LIMITS.templates[1]);
        expect(archetype.cells).toBeGreaterThanOrEqual(1);
        expect(archetype.cells).toBeLessThanOrEqual(Math.max(1, Math.floor(archetype.accounts / 12)));
        expect(archetype.coverShare).toBeGreaterThanOrEqual(ARCHETYPE_LIMITS.coverShare[0]);
        expect(archetype.coverShare).toBeLessThanOrEqual(ARCHETYPE_LIMITS.coverShare[1]);
        if (archetype.instruments.sharing === 'shared-prepaid') expect(archetype.instruments.groupSize).toBeGreaterThanOrEqual(3);
        if (archetype.instruments.sharing === 'shared-prepaid') expect(archetype.instruments.groupSize).toBeLessThanOrEqual(30);
        if (archetype.signups.kind === 'spread') expect(archetype.signups.days).toBeLessThanOrEqual(365);
        if (archetype.signups.kind === 'bursts') expect(archetype.signups.bursts).toBeLessThanOrEqual(3);
      });
    }
  });

  it('spans every instrument sharing, address style, wording, timing and single or many cells', () => {
    expect(new Set(all.map((archetype) => archetype.instruments.sharing))).toEqual(new Set(INSTRUMENT_SHARING));
    expect(new Set(all.map((archetype) => archetype.addresses.style))).toEqual(new Set(ADDRESS_STYLES));
    expect(new Set(all.map((archetype) => archetype.prompts.wording))).toEqual(new Set(['lexicon', 'campaign-templates']));
    expect(new Set(all.flatMap((archetype) => archetype.prompts.themes))).toEqual(new Set(LEXICON_THEMES));
    expect(new Set(all.map((archetype) => archetype.signups.kind))).toEqual(new Set(['bursts', 'spread']));
    expect(new Set(all.map((archetype) => archetype.activity.kind))).toEqual(new Set(['lockstep', 'diurnal']));
    expect(all.some((archetype) => archetype.cells === 1)).toBe(true);
  });

  // The classes that independently written data exposed: the space must be able to produce them.
  it('produces an unknown-wording campaign with no shared address, a few cards for many accounts, sign-ups over a year and low volume', () => {
    const quiet = all.filter(
      (archetype) =>
        archetype.prompts.wording === 'lexicon' &&
        archetype.addresses.style === 'own-addresses' &&
        archetype.instruments.sharing === 'few-cards' &&
        (archetype.instruments.groupSize ?? 0) >= 10 &&
        archetype.signups.kind === 'spread' &&
        archetype.signups.days >= 300 &&
        archetype.eventsPerAccount <= 30,
    );
    expect(quiet.length).toBeGreaterThan(0);
  });

  it('produces a vpn-exits campaign, a large campaign in many cells, and campaigns reusing the fixed templates', () => {
    expect(all.some((archetype) => archetype.addresses.style === 'vpn-exits')).toBe(true);
    expect(all.some((archetype) => archetype.accounts >= 1_000 && archetype.cells >= 8)).toBe(true);
    expect(all.some((archetype) => archetype.prompts.wording === 'campaign-templates' && archetype.prompts.source !== null)).toBe(true);
  });
});

describe('the archetype lexicon', () => {
  it('renders prompts the phrase rules classify as other, for every archetype of many seeds', () => {
    const rng = seededRandom(17);
    let rendered = 0;
    for (const archetype of all.filter((entry) => entry.prompts.wording === 'lexicon').slice(0, 300)) {
      for (const template of archetype.prompts.templates) {
        for (let render = 0; render < 20; render += 1) {
          const prompt = renderPrompt(asTemplate(template.id, template.text), rng);
          const explained = explainPromptIntent(prompt);
          expect(explained.intent, `${template.id}: ${prompt}`).toBe('other');
          rendered += 1;
        }
      }
    }
    expect(rendered).toBeGreaterThan(10_000);
  });

  it.each(LEXICON_THEMES)('keeps every part of the %s theme clear of the phrase rules, whatever fills its slots', (theme) => {
    const parts = themeParts(theme);
    const rng = seededRandom(23);
    for (const part of [...parts.openers, ...parts.asks, ...parts.formats, ...parts.purposes]) {
      // The part alone matches no rule at all; slot content adds at most one weak rule per intent.
      for (let render = 0; render < 40; render += 1) {
        const prompt = renderPrompt(asTemplate(`${theme}-part`, part), rng);
        expect(explainPromptIntent(prompt).intent, prompt).toBe('other');
      }
      expect(explainPromptIntent(part.replace(/\{\w+\}/g, 'x').replace(/\[([^|\]]*)[^\]]*\]/g, '$1')).matchedRules, part).toEqual([]);
    }
  });

  it('renders archetype prompts of 20 to 150 words', () => {
    const rng = seededRandom(29);
    for (const template of lexiconTemplates(LEXICON_THEMES, 70, rng)) {
      for (let render = 0; render < 10; render += 1) {
        const words = renderPrompt(asTemplate('length', template.text), rng).split(/\s+/).length;
        expect(words, template.text).toBeGreaterThanOrEqual(20);
        expect(words, template.text).toBeLessThanOrEqual(150);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { CAMPAIGN_NAMES, PROMPT_TEMPLATES, compileAllTemplates, renderPrompt, templatesOwnedBy } from '../../src/scenario/prompt-templates.js';
import { seededRandom } from '../../src/shared/random.js';

const words = (text: string) => new Set(text.toLowerCase().split(/\s+/));
function jaccard(first: string, second: string): number {
  const a = words(first);
  const b = words(second);
  const shared = [...a].filter((word) => b.has(word)).length;
  return shared / (a.size + b.size - shared);
}

describe('prompt templates', () => {
  it('compiles every template (no unknown slots) and has unique ids', () => {
    expect(() => compileAllTemplates()).not.toThrow();
    expect(new Set(PROMPT_TEMPLATES.map((template) => template.id)).size).toBe(PROMPT_TEMPLATES.length);
  });

  it.each(CAMPAIGN_NAMES)('gives campaign %s a small set of its own templates', (campaign) => {
    const owned = templatesOwnedBy(campaign);
    expect(owned.length).toBeGreaterThanOrEqual(5);
    expect(owned.length).toBeLessThanOrEqual(20);
  });

  it('gives the benign population hundreds of templates, some of them popular', () => {
    const benign = templatesOwnedBy('benign');
    expect(benign.length).toBeGreaterThanOrEqual(200);
    expect(benign.filter((template) => template.popular).length).toBeGreaterThanOrEqual(5);
  });

  it('renders prompts of 20 to 150 words that are never byte-identical', () => {
    const rng = seededRandom(3);
    const seen = new Set<string>();
    for (const template of PROMPT_TEMPLATES) {
      for (let render = 0; render < 50; render += 1) {
        const prompt = renderPrompt(template, rng);
        const count = prompt.split(/\s+/).length;
        expect(count, template.id).toBeGreaterThanOrEqual(20);
        expect(count, template.id).toBeLessThanOrEqual(150);
        expect(seen.has(prompt), template.id).toBe(false);
        seen.add(prompt);
      }
    }
  });

  it('renders the same template with mostly shared words and different templates with fewer', () => {
    const rng = seededRandom(5);
    const campaignTemplates = CAMPAIGN_NAMES.flatMap((campaign) => templatesOwnedBy(campaign));
    let same = 0;
    let different = 0;
    campaignTemplates.forEach((template, index) => {
      const other = campaignTemplates[(index + 1) % campaignTemplates.length]!;
      same += jaccard(renderPrompt(template, rng), renderPrompt(template, rng));
      different += jaccard(renderPrompt(template, rng), renderPrompt(other, rng));
    });
    expect(same / campaignTemplates.length).toBeGreaterThan(0.5);
    expect(different / campaignTemplates.length).toBeLessThan(same / campaignTemplates.length - 0.2);
  });

  it('renders the same prompts for the same random stream', () => {
    const template = PROMPT_TEMPLATES[0]!;
    const first = seededRandom(9);
    const second = seededRandom(9);
    expect(Array.from({ length: 5 }, () => renderPrompt(template, first))).toEqual(Array.from({ length: 5 }, () => renderPrompt(template, second)));
  });
});

// End to end: the explorer page in real headless Chromium against a real server and Neo4j
// holding a generated, twice-refreshed scenario. It enters the key, sees the campaign list,
// opens the top campaign and checks sigma drew its nodes (the page's own count and coloured
// pixels in a screenshot), the CSV download and the Neo4j Browser link; a screenshot goes to
// test-output/. At 1280 px an analyst opens the alert inbox, follows an alert to its campaign,
// sees the campaign's operation, its members ranked by own score and its associated accounts,
// the explanation without clipped columns, and records a verdict with a note that then shows in
// the history (a viewer key is told it may not). Then it loads neo4j/hydrascope.grass into the
// Neo4j Browser the test Neo4j serves.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { EXPLORER_DIR } from '../../src/api/static-site.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { createLogger } from '../../src/shared/logger.js';
import { testConfig, ADMIN_KEY, ANALYST_KEY, VIEWER_KEY } from '../api/support.js';
import { loadAnalystScenario, type AnalystScenario } from '../support/analyst-scenario.js';
import { openTestStore, testConnection } from '../support/neo4j.js';

declare global {
  interface Window {
    /** Set by web/src/main.ts after sigma renders a campaign. */
    __hydrascope: {
      campaignId: string | null;
      renderedNodes: number;
      graphNodes: number;
      renders: number;
      view: 'full' | 'aggregated';
      expanded: number;
      groups: Array<{ key: string; members: number; x: number; y: number }>;
    };
  }
}

const OUTPUT_DIR = join(PROJECT_ROOT, 'test-output');
const CHROMIUM = '/usr/bin/chromium';
// The network is closed: without the background-networking flags Chromium keeps dialling out.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];
const KIND_COLORS = ['#3b6fd8', '#7a4fc9', '#e39b1b', '#d63b3b', '#2f9e6e'];
/** The explorer opens a campaign aggregated when its full graph has more nodes than this (web/src/main.ts). */
const AGGREGATE_ABOVE_NODES = 150;

/** Builds the page when its bundle is missing or older than its sources (npm run build normally does). */
async function ensureBundle(): Promise<void> {
  const newest = (directory: string): number =>
    Math.max(...readdirSync(directory).map((name) => (statSync(join(directory, name)).isDirectory() ? newest(join(directory, name)) : statSync(join(directory, name)).mtimeMs)));
  const index = join(EXPLORER_DIR, 'index.html');
  const sources = Math.max(newest(join(PROJECT_ROOT, 'web', 'src')), statSync(join(PROJECT_ROOT, 'web', 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  await build({ configFile: join(PROJECT_ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
}

/** Counts screenshot pixels in the node colours, decoding the PNG in the page itself. */
async function colouredPixels(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(
    async ({ dataUrl, colors }) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const targets = colors.map((color) => [1, 3, 5].map((offset) => parseInt(color.slice(offset, offset + 2), 16)));
      let count = 0;
      for (let index = 0; index < pixels.length; index += 4) {
        const [red, green, blue] = [pixels[index] ?? 0, pixels[index + 1] ?? 0, pixels[index + 2] ?? 0];
        if (targets.some(([r = 0, g = 0, b = 0]) => Math.abs(red - r) + Math.abs(green - g) + Math.abs(blue - b) < 40)) count += 1;
      }
      return count;
    },
    { dataUrl: `data:image/png;base64,${png.toString('base64')}`, colors: KIND_COLORS },
  );
}

describe('campaign explorer in headless Chromium', () => {
  let store: GraphStore;
  let scenario: AnalystScenario;
  let server: RunningServer;
  let browser: Browser;
  const neo4j = inject('neo4j');
  const browserUrl = `http://127.0.0.1:${process.env['HYDRASCOPE_TEST_HTTP_PORT'] ?? 17474}/browser/`;

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    [store, browser] = await Promise.all([openTestStore(), chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }), ensureBundle()]);
    scenario = await loadAnalystScenario(store);
    // The generated scenario has no associated accounts: give the first campaign that has
    // accounts on its members' addresses a few, as a refresh would.
    for (const campaign of scenario.secondRun.campaigns) {
      const [row] = await store.write<{ associated: number }>(cypher('test/create-associated-accounts'), { campaignId: campaign.campaignId, limit: 3 });
      if ((row?.associated ?? 0) > 0) break;
    }
    // The explorer reads HYDRASCOPE_BROWSER_URL from the environment when the app is built.
    const previous = process.env['HYDRASCOPE_BROWSER_URL'];
    process.env['HYDRASCOPE_BROWSER_URL'] = browserUrl;
    server = await startServer({ config: testConfig(), store, logger: createLogger('silent'), host: '127.0.0.1', port: 0 }).finally(() => {
      if (previous === undefined) delete process.env['HYDRASCOPE_BROWSER_URL'];
      else process.env['HYDRASCOPE_BROWSER_URL'] = previous;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  /** A new page `width` px wide, collecting the page's errors, opened at `hash` with `key` entered in the key form. */
  async function signedInPage(key: string, options: { width: number; hash?: string; acceptDownloads?: boolean }) {
    const context = await browser.newContext({ viewport: { width: options.width, height: 900 }, ...(options.acceptDownloads ? { acceptDownloads: true } : {}) });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.url}/${options.hash ?? ''}`);
    await page.locator('#api-key').fill(key);
    await page.locator('#key-form button[type=submit]').click();
    return { context, page, problems };
  }

  it('enters the key, lists the campaigns, opens the top one and draws its graph', async () => {
    const { context, page, problems } = await signedInPage(ADMIN_KEY, { width: 1440, acceptDownloads: true });

    const campaigns = [...scenario.secondRun.campaigns].sort((left, right) => right.score - left.score || (left.campaignId < right.campaignId ? -1 : 1));
    const rows = page.locator('#campaigns tbody tr');
    await expect.poll(() => rows.count()).toBe(campaigns.length);
    expect(await rows.evaluateAll((elements) => elements.map((row) => (row as HTMLElement).dataset['campaignId']))).toEqual(campaigns.map((campaign) => campaign.campaignId));
    expect(await page.evaluate(() => sessionStorage.getItem('hydrascope.apiKey'))).toBe(ADMIN_KEY);

    const top = campaigns[0]!;
    await rows.first().click();
    await page.waitForFunction((id) => window.__hydrascope.campaignId === id && window.__hydrascope.renderedNodes > 0, top.campaignId, { timeout: 20_000 });
    // Drawn whole, or aggregated when the campaign's graph is large.
    const fullResponse = (await (await fetch(`${server.url}/api/v1/campaigns/${top.campaignId}/graph?limit=300`, { headers: { 'X-API-Key': ADMIN_KEY } })).json()) as {
      returned: { nodes: number };
      totals: { nodes: number };
    };
    const expectedView = fullResponse.totals.nodes > AGGREGATE_ABOVE_NODES ? 'aggregated' : 'full';
    const graphResponse =
      expectedView === 'full'
        ? fullResponse
        : ((await (await fetch(`${server.url}/api/v1/campaigns/${top.campaignId}/graph?view=aggregated`, { headers: { 'X-API-Key': ADMIN_KEY } })).json()) as { returned: { nodes: number } });
    await page.waitForFunction((view) => window.__hydrascope.view === view, expectedView);
    const probe = await page.evaluate(() => window.__hydrascope);
    expect(probe.graphNodes).toBe(graphResponse.returned.nodes);
    expect(probe.renderedNodes).toBe(graphResponse.returned.nodes);
    expect(await page.locator(`#view-${expectedView}`).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('#explanation table').count()).toBeGreaterThan(0);
    expect(await page.locator('#explanation').textContent()).toContain(top.size.toString());

    // The canvas really drew: node colours cover a visible area of the graph panel.
    const graphPng = await page.locator('#graph').screenshot();
    expect(await colouredPixels(page, graphPng)).toBeGreaterThan(500);
    await page.screenshot({ path: join(OUTPUT_DIR, 'explorer.png'), fullPage: true });

    const link = (await page.locator('#browser-link').getAttribute('href')) ?? '';
    expect(link.startsWith(`${browserUrl}?cmd=edit&arg=`)).toBe(true);
    const query = decodeURIComponent(link.split('&arg=')[1] ?? '');
    expect(query).toContain(`{campaign_id: '${top.campaignId}'}`);
    expect(query).not.toContain('$');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-csv').click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toMatch(/^account_id,/);
    expect(csv).toHaveLength(top.size + 1);

    await page.locator('th[data-sort=size]').click();
    const sizes = await page.locator('#campaigns tbody tr td:nth-child(3)').allTextContents();
    expect(sizes.map(Number)).toEqual([...sizes.map(Number)].sort((left, right) => right - left));

    expect(problems).toEqual([]);
    await context.close();
  });

  /** The API's answer for a path, read with the admin key. */
  async function read<T>(path: string): Promise<T> {
    const response = await fetch(`${server.url}${path}`, { headers: { 'X-API-Key': ADMIN_KEY } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  }

  it('at 1280 px: the alert inbox leads to a campaign with its operation, ranked members, associated accounts and explanation, and a verdict with a note shows in the history', async () => {
    type Campaign = { id: string; size: number; operationId: string | null; associatedAccounts: number | null; signals: unknown[]; families: unknown[] };
    const { context, page, problems } = await signedInPage(ANALYST_KEY, { width: 1280 });
    await page.locator('#campaigns tbody tr').first().waitFor();

    // The inbox lists the open alerts the refreshes raised, newest first, each linking to its campaign.
    const open = await read<{ total: number; items: Array<{ id: string; kind: string; campaignId: string }> }>('/api/v1/alerts?limit=200');
    expect(open.total).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#alert-count').textContent()).toBe(String(open.total));
    await page.locator('#tab-alerts').click();
    const alertRows = page.locator('#alerts tbody tr');
    await expect.poll(() => alertRows.count()).toBe(Math.min(50, open.total));
    expect(await alertRows.evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset['alertId']))).toEqual(open.items.slice(0, 50).map((alert) => alert.id));
    expect(await alertRows.first().locator('td').first().textContent()).toMatch(/New campaign|Campaign grew|Campaign reopened|New member of a confirmed campaign/);
    expect(await page.locator('#tab-alerts').getAttribute('aria-current')).toBe('page');
    await page.screenshot({ path: join(OUTPUT_DIR, 'explorer-alerts-1280.png') });

    // The campaign given associated accounts (beforeAll).
    const campaigns = await Promise.all(scenario.secondRun.campaigns.map((campaign) => read<Campaign>(`/api/v1/campaigns/${campaign.campaignId}`)));
    const withAssociated = campaigns.find((campaign) => (campaign.associatedAccounts ?? 0) > 0);
    expect(withAssociated, 'a campaign has associated accounts').toBeDefined();
    const target = withAssociated as Campaign;
    const alerted = open.items.find((alert) => alert.campaignId === target.id);
    expect(alerted, 'the campaign has an open alert').toBeDefined();
    await page.locator(`#alerts tbody tr[data-alert-id="${alerted?.id}"] a.campaign-link`).click();
    await page.waitForFunction((id) => window.__hydrascope.campaignId === id && window.__hydrascope.renderedNodes > 0, target.id, { timeout: 20_000 });
    expect(page.url()).toContain(`#campaign/${target.id}`);
    expect(await page.locator('#explorer').isVisible()).toBe(true);

    // Its operation: the id and the other campaigns, as the API groups them.
    const operation = await read<{ id: string; campaigns: string[] }>(`/api/v1/operations/${target.operationId}`);
    await expect.poll(() => page.locator('#operation .operation-id').textContent()).toBe(operation.id);
    const others = operation.campaigns.filter((id) => id !== target.id);
    expect(await page.locator('#operation a.campaign-link').evaluateAll((links) => links.map((link) => (link as HTMLElement).dataset['campaignId']))).toEqual(others);

    // Members ranked by their own score with their ties; associated accounts apart, explained.
    const members = await read<{ total: number; items: Array<{ accountId: string; ties: string[] }> }>(`/api/v1/campaigns/${target.id}/accounts?limit=50`);
    const memberRows = page.locator('#members tbody tr');
    await expect.poll(() => memberRows.count()).toBe(members.items.length);
    expect(await memberRows.evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset['accountId']))).toEqual(members.items.map((member) => member.accountId));
    expect(await page.locator('#member-count').textContent()).toBe(`(${target.size})`);
    expect(await memberRows.first().locator('.tie').count()).toBe(members.items[0]?.ties.length);
    const associated = await read<{ total: number; items: Array<{ accountId: string }> }>(`/api/v1/campaigns/${target.id}/accounts?role=associated&limit=50`);
    expect(associated.total).toBe(target.associatedAccounts);
    const associatedRows = page.locator('#associated tbody tr');
    await expect.poll(() => associatedRows.count()).toBe(associated.items.length);
    expect(await associatedRows.evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset['accountId']))).toEqual(associated.items.map((account) => account.accountId));
    expect(await page.locator('#associated-count').textContent()).toBe(`(${associated.total})`);
    expect(await page.locator('#associated-explanation').textContent()).toBe('In the community only through busy shared entities; not reported.');
    const memberIds = new Set(members.items.map((member) => member.accountId));
    expect(associated.items.some((account) => memberIds.has(account.accountId))).toBe(false);

    // The explanation names every signal in words with its meaning shown, observed against the
    // background, and the family caps; nothing is wider than its panel or the window.
    await expect.poll(() => page.locator('#explanation .signals-table tbody tr').count()).toBe(target.signals.length);
    expect(await page.locator('#explanation .signal-meaning').count()).toBe(target.signals.length);
    expect(await page.locator('#explanation .signal-meaning').first().isVisible()).toBe(true);
    expect(await page.locator('#explanation .signals-table th').allTextContents()).toEqual(['signal and what it measures', 'family', 'members', 'all accounts', 'by chance', 'strength', 'adds']);
    expect(await page.locator('#explanation table.families tbody tr').count()).toBe(target.families.length);
    const familyCells = await page.locator('#explanation table.families tbody tr td:last-child').allTextContents();
    expect(familyCells).toEqual((target.families as Array<{ contribution: number; cap: number }>).map((family) => `${family.contribution.toFixed(3)} of at most ${family.cap}`));
    const overflow = await page.evaluate(() => {
      const wide: string[] = [];
      if (document.documentElement.scrollWidth > window.innerWidth) wide.push(`page ${document.documentElement.scrollWidth}px`);
      for (const box of Array.from(document.querySelectorAll<HTMLElement>('#list-panel table, #detail-panel table, #detail-panel .card, #detail-panel #side'))) {
        const container = box.parentElement as HTMLElement;
        if (box.scrollWidth > box.clientWidth + 1) wide.push(`${box.tagName.toLowerCase()}.${box.className || box.id} scrolls (${box.scrollWidth} > ${box.clientWidth})`);
        if (box.getBoundingClientRect().right > container.getBoundingClientRect().right + 1) wide.push(`${box.tagName.toLowerCase()}.${box.className || box.id} sticks out of its panel`);
      }
      return wide;
    });
    await page.screenshot({ path: join(OUTPUT_DIR, 'explorer-campaign-1280.png'), fullPage: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'explorer-campaign-1280-top.png') });
    await page.locator('#explanation').screenshot({ path: join(OUTPUT_DIR, 'explorer-campaign-1280-explanation.png') });
    await page.locator('#accounts-panel').screenshot({ path: join(OUTPUT_DIR, 'explorer-campaign-1280-accounts.png') });
    expect(overflow, overflow.join('; ')).toEqual([]);

    // A verdict with a note: recorded under the key's name, first in the history, on the list.
    const note = `e2e: same templates as its operation (${Date.now()})`;
    await page.locator('#verdict-review').click();
    await expect.poll(() => page.locator('#verdict-message').textContent()).toContain('Write a note');
    await page.locator('#verdict-note').fill(note);
    await page.locator('#verdict-confirm').click();
    await expect.poll(() => page.locator('#verdict-message').textContent(), { timeout: 30_000 }).toContain('Recorded “confirmed” as review');
    const firstEntry = page.locator('#verdict-history li').first();
    await expect.poll(() => firstEntry.locator('.verdict-note').textContent()).toBe(note);
    expect(await firstEntry.locator('.verdict').textContent()).toBe('confirmed');
    expect(await firstEntry.textContent()).toContain('by review');
    expect(await page.locator('#verdict-current .verdict').textContent()).toBe('confirmed');
    expect(await page.locator(`#campaigns tbody tr[data-campaign-id="${target.id}"] .verdict`).textContent()).toBe('confirmed');
    const history = await read<{ items: Array<{ note: string; by: string; verdict: string }> }>(`/api/v1/campaigns/${target.id}/verdicts`);
    expect(history.items[0]).toMatchObject({ note, by: 'review', verdict: 'confirmed' });
    // The verdict answered the campaign's alerts: the inbox no longer lists them.
    const stillOpen = await read<{ total: number }>(`/api/v1/alerts?campaignId=${target.id}`);
    expect(stillOpen.total).toBe(0);
    await page.locator('#tab-alerts').click();
    await expect.poll(() => alertRows.count()).toBe(Math.min(50, open.total - open.items.filter((alert) => alert.campaignId === target.id).length));
    expect(await page.locator(`#alerts tbody tr a[data-campaign-id="${target.id}"]`).count()).toBe(0);

    // An account verdict on a member row: a note, then "Not involved"; shown on the row and in the history.
    await page.locator('#tab-campaigns').click();
    const memberRow = page.locator(`#members tbody tr[data-account-id="${members.items[0]?.accountId}"]`);
    const toggle = memberRow.locator('.account-verdict-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // The note field is labelled and takes the focus.
    const noteField = memberRow.locator('.account-verdict-note');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.className)).toBe('account-verdict-note');
    expect(await memberRow.locator(`label[for="${await noteField.getAttribute('id')}"]`).textContent()).toBe('Note: why');
    await memberRow.locator('.account-verdict-not-involved').click();
    await expect.poll(() => memberRow.locator('.account-verdict-message').textContent()).toContain('Write a note');
    const accountNote = `e2e: a QA account of ours (${Date.now()})`;
    await noteField.fill(accountNote);
    await memberRow.locator('.account-verdict-not-involved').click();
    // A write on a busy machine may take a few seconds (the first plans its statement).
    await expect
      .poll(() => memberRow.locator('.account-verdict-message').textContent(), { timeout: 30_000 })
      .toContain('Recorded “not involved” as review; left out of this campaign from the next refresh on');
    expect(await memberRow.locator('.account-verdict-current .verdict').textContent()).toBe('not involved');
    const accountEntry = page.locator('#verdict-history li').first();
    await expect.poll(() => accountEntry.locator('.verdict-note').textContent(), { timeout: 10_000 }).toBe(accountNote);
    expect(await accountEntry.textContent()).toContain(`account ${members.items[0]?.accountId}: by review`);
    const afterAccount = await read<{ items: Array<{ note: string; accountId: string | null; verdict: string }>; current: { verdict: string } }>(`/api/v1/campaigns/${target.id}/verdicts`);
    expect(afterAccount.items[0]).toMatchObject({ note: accountNote, accountId: members.items[0]?.accountId, verdict: 'not_involved' });
    expect(afterAccount.current.verdict).toBe('confirmed');
    const accountsOverflow = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('#accounts-panel table, #accounts-panel .card')).flatMap((box) =>
        box.scrollWidth > box.clientWidth + 1 || box.getBoundingClientRect().right > (box.parentElement as HTMLElement).getBoundingClientRect().right + 1
          ? [`${box.tagName.toLowerCase()}.${box.className}`]
          : [],
      ),
    );
    await page.locator('#accounts-panel').screenshot({ path: join(OUTPUT_DIR, 'explorer-account-verdict-1280.png') });
    expect(accountsOverflow, accountsOverflow.join('; ')).toEqual([]);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('draws a campaign aggregated (hubs and account groups), expands a group on click, and toggles to every node', async () => {
    type Aggregated = { totals: { members: number }; returned: { nodes: number }; graph: { nodes: Array<{ key: string; attributes: { kind: string; members: number } }> } };
    const top = [...scenario.secondRun.campaigns].sort((left, right) => right.size - left.size)[0]!;
    const { context, page, problems } = await signedInPage(VIEWER_KEY, { width: 1440, hash: `#campaign/${top.campaignId}` });
    await page.waitForFunction((id) => window.__hydrascope.campaignId === id && window.__hydrascope.renderedNodes > 0, top.campaignId, { timeout: 20_000 });
    // Small campaigns open whole; the toggle draws the aggregated view of any campaign.
    if ((await page.evaluate(() => window.__hydrascope.view)) !== 'aggregated') await page.locator('#view-aggregated').click();
    await page.waitForFunction(() => window.__hydrascope.view === 'aggregated' && window.__hydrascope.groups.length > 0, undefined, { timeout: 20_000 });
    const aggregated = await read<Aggregated>(`/api/v1/campaigns/${top.campaignId}/graph?view=aggregated`);
    expect(aggregated.totals.members).toBe(top.size);
    const before = await page.evaluate(() => window.__hydrascope);
    expect(before.graphNodes).toBe(aggregated.returned.nodes);
    expect(before.renderedNodes).toBe(aggregated.returned.nodes);
    expect(await page.locator('#view-aggregated').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#graph-note').textContent()).toContain(`${top.size} accounts in`);
    await page.locator('#graph').screenshot({ path: join(OUTPUT_DIR, 'explorer-aggregated.png') });

    // A click on the largest group puts its accounts (up to a page of 100) in its place.
    const group = before.groups[0]!;
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.click(box.x + group.x, box.y + group.y);
    await page.waitForFunction(() => window.__hydrascope.expanded === 1, undefined, { timeout: 20_000 });
    const shown = Math.min(100, group.members);
    await page.waitForFunction((nodes) => window.__hydrascope.graphNodes === nodes, before.graphNodes + shown - (shown === group.members ? 1 : 0), { timeout: 10_000 });
    const after = await page.evaluate(() => window.__hydrascope);
    expect(after.groups.map((entry) => entry.key)).toEqual(before.groups.map((entry) => entry.key).filter((key) => key !== group.key || shown < group.members));
    await page.locator('#graph').screenshot({ path: join(OUTPUT_DIR, 'explorer-aggregated-expanded.png') });

    // Back to every node.
    await page.locator('#view-full').click();
    await page.waitForFunction(() => window.__hydrascope.view === 'full', undefined, { timeout: 20_000 });
    const full = await read<{ returned: { nodes: number } }>(`/api/v1/campaigns/${top.campaignId}/graph?limit=300`);
    expect((await page.evaluate(() => window.__hydrascope)).graphNodes).toBe(full.returned.nodes);
    expect(await page.locator('#view-full').getAttribute('aria-pressed')).toBe('true');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tells a viewer key it may not record verdicts, and keeps the key', async () => {
    const campaignId = scenario.secondRun.campaigns[0]?.campaignId as string;
    const { context, page } = await signedInPage(VIEWER_KEY, { width: 1280, hash: `#campaign/${campaignId}` });
    await page.waitForFunction((id) => window.__hydrascope.campaignId === id, campaignId, { timeout: 20_000 });
    await page.locator('#verdict-note').fill('a viewer tries');
    await page.locator('#verdict-dismiss').click();
    await expect.poll(() => page.locator('#verdict-message').textContent()).toContain('may not record verdicts');
    expect(await page.locator('#key-panel').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('hydrascope.apiKey'))).toBe(VIEWER_KEY);
    await context.close();
  });

  it('answers a clear problem, not a blank page, for a wrong key', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.locator('#api-key').fill('not-the-key-0123456789');
    await page.locator('#key-form button[type=submit]').click();
    await expect.poll(() => page.locator('#key-error').textContent()).toContain('refused');
    await context.close();
  });

  it.runIf(neo4j.source === 'local')('loads neo4j/hydrascope.grass with :style in the Neo4j Browser of the test Neo4j', async () => {
    const connection = testConnection();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(browserUrl);
    await page.locator('[data-testid=boltaddress]').fill(connection.uri);
    await page.locator('[data-testid=username]').fill(connection.user);
    await page.locator('[data-testid=password]').fill(connection.password);
    await page.locator('[data-testid=connect]').click();
    await page.locator('[data-testid=frame]').filter({ hasText: 'Connected to Neo4j' }).first().waitFor({ timeout: 30_000 });
    // What an analyst does: `:style ` followed by the file's contents in the editor, then Run.
    const grass = readFileSync(join(PROJECT_ROOT, 'neo4j', 'hydrascope.grass'), 'utf8').replace(/\s+/g, ' ');
    await page.locator('[data-testid=activeEditor]').click();
    await page.keyboard.insertText(`:style ${grass}`);
    await page.locator('[data-testid=editor-Run]').click();
    await expect.poll(async () => page.evaluate(() => localStorage.getItem('neo4j.grass') ?? ''), { timeout: 20_000 }).toContain('PromptFingerprint');
    const stored = await page.evaluate(() => localStorage.getItem('neo4j.grass') ?? '');
    writeFileSync(join(OUTPUT_DIR, 'neo4j-browser-grass.json'), stored);
    expect(await page.getByText('InvalidGrassError').count()).toBe(0);
    for (const label of ['Account', 'IP', 'PaymentMethod', 'PromptFingerprint', 'Campaign']) expect(stored).toContain(label);
    expect(stored.toLowerCase()).toContain('#3b6fd8');
    await page.screenshot({ path: join(OUTPUT_DIR, 'neo4j-browser-style.png') });
    await context.close();
  });
});

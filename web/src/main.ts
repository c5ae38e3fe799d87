// The campaign explorer: asks once for an API key (kept in this tab's session storage), lists
// the current campaigns from the public API, and for a selected campaign draws its graph with
// sigma (graphology's renderer: the API's graphology JSON is imported as is) beside the analyst's
// verdict buttons and history and the operation the campaign is part of; below them the
// explanation in words (each signal's meaning, members against the background, the family
// caps), and the members ranked by their own score with their ties, the associated accounts
// apart. A second tab lists the open alerts. Links are hashes (#campaign/<id>, #alerts), so the
// back button and bookmarks work.
import Graph from 'graphology';
import Sigma from 'sigma';
import campaignGraphCypher from '../../cypher/analyst/campaign-graph.cypher?raw';
// The API's own response types (type-only: nothing of the server is bundled).
import type {
  AlertList,
  CampaignDetail,
  CampaignGraph,
  CampaignGroupAccounts,
  CampaignList,
  CampaignSummary,
  CurrentVerdict,
  MemberList,
  OperationDetail,
  Signal,
  VerdictHistory,
  VerdictRecorded,
} from '../../src/api/schemas';
import { layoutGraph } from './layout';

/** The graph goes to graphology as it is, with the loose attributes sigma works with. */
type FullGraphResponse = Omit<Extract<CampaignGraph, { format: 'graphology'; limit: number }>, 'graph'> & { graph: Parameters<typeof Graph.from>[0] };
type AggregatedGraphResponse = Omit<Extract<CampaignGraph, { format: 'graphology'; view: 'aggregated' }>, 'graph'> & { graph: Parameters<typeof Graph.from>[0] };
type GraphView = 'full' | 'aggregated';
type SortField = 'id' | 'score' | 'size' | 'status';

/** What the end-to-end test reads once a campaign's graph has been drawn. */
interface ExplorerProbe {
  campaignId: string | null;
  renderedNodes: number;
  graphNodes: number;
  renders: number;
  /** The view drawn: every node, or hubs and account groups. */
  view: GraphView;
  /** Groups of the aggregated view expanded into their accounts so far. */
  expanded: number;
  /** Where each group node of the aggregated view is drawn (pixels in the graph panel), largest first. */
  groups: Array<{ key: string; members: number; x: number; y: number }>;
}
declare global {
  interface Window {
    __hydrascope: ExplorerProbe;
  }
}

const KEY_STORAGE = 'hydrascope.apiKey';
const GRAPH_LIMIT = 300;
/** Campaigns whose full graph has more nodes than this open aggregated (hubs and account groups). */
const AGGREGATE_ABOVE_NODES = 150;
/** Accounts a click on a group adds at a time. */
const GROUP_PAGE = 100;
const BROWSER_ACCOUNTS = 200;
const ACCOUNTS_PAGE = 50;
const ALERTS_PAGE = 50;
export const KIND_COLORS: Record<string, string> = { account: '#3b6fd8', group: '#7a4fc9', ip: '#e39b1b', payment: '#d63b3b', prompt: '#2f9e6e' };
const KIND_NAMES: Record<string, string> = { account: 'account', group: 'group of accounts', ip: 'address', payment: 'payment method', prompt: 'prompt fingerprint' };

/**
 * Signals in words. `share` values are fractions shown as percentages; `number` values are
 * means of another measure (a log count, a Jaccard or cosine similarity, a fan-out weight).
 */
const SIGNAL_WORDS: Record<string, { label: string; format: 'share' | 'number' }> = {
  instrument_fan_out: { label: 'Shared payment instruments', format: 'number' },
  issuer_concentration: { label: 'One card issuer', format: 'share' },
  shared_rare_addresses: { label: 'Rare addresses shared', format: 'share' },
  held_addresses: { label: 'Addresses only they use (a proxy pool)', format: 'share' },
  address_rotation: { label: 'Many addresses per account', format: 'number' },
  template_exclusivity: { label: 'Prompt templates of their own', format: 'share' },
  template_monotony: { label: 'One template per account', format: 'share' },
  extraction_prompts: { label: 'Extraction-style prompts', format: 'share' },
  creation_burst: { label: 'Created in one burst', format: 'share' },
  fresh_accounts: { label: 'Used right after sign-up', format: 'share' },
  lockstep_activity: { label: 'Active on the same days', format: 'number' },
  output_token_share: { label: 'Heavy on output tokens', format: 'share' },
  behaviour_uniformity: { label: 'Active at the same hours', format: 'number' },
  organisation: { label: 'Declared organisation (damps the score)', format: 'share' },
};
const FAMILY_WORDS: Record<string, string> = {
  instruments: 'payment instruments',
  network: 'network addresses',
  templates: 'prompt templates',
  timing: 'timing',
  behaviour: 'behaviour',
  damping: 'damping',
};
const VERDICT_WORDS: Record<string, string> = { confirmed: 'confirmed', dismissed: 'dismissed', under_review: 'under review', not_involved: 'not involved' };
const ALERT_WORDS: Record<string, string> = {
  new_campaign: 'New campaign',
  campaign_reopened: 'Campaign reopened',
  new_member_of_confirmed_campaign: 'New member of a confirmed campaign',
  campaign_grew: 'Campaign grew',
};

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`page element #${id} is missing`);
  return found as T;
};

/** A new element with a class and content. */
function make<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', ...content: Array<string | Node>): HTMLElementTagNameMap[K] {
  const result = document.createElement(tag);
  if (className) result.className = className;
  result.append(...content);
  return result;
}

const state = {
  apiKey: sessionStorage.getItem(KEY_STORAGE),
  browserUrl: 'http://127.0.0.1:7474/browser/',
  campaigns: [] as CampaignSummary[],
  sort: { field: 'score' as SortField, descending: true },
  selected: null as string | null,
  renderer: null as Sigma | null,
  alertsCursor: null as string | null,
  /** The selected campaign's members' latest account verdicts (from its verdict history). */
  accountVerdicts: new Map<string, string>(),
  /** The view the analyst chose with the toggle; null: aggregated for large campaigns, full otherwise. */
  chosenView: null as GraphView | null,
  /** The selected campaign's full graph (the toggle redraws it without asking again). */
  fullGraph: null as FullGraphResponse | null,
};
window.__hydrascope = { campaignId: null, renderedNodes: 0, graphNodes: 0, renders: 0, view: 'full', expanded: 0, groups: [] };

class KeyRejectedError extends Error {}
/** A valid key whose role may not do this (a viewer recording a verdict). */
class RoleRefusedError extends Error {}

async function problemDetail(response: Response): Promise<string> {
  let detail = `${response.status} ${response.statusText}`;
  try {
    const problem = (await response.json()) as { title?: string; detail?: string };
    detail = problem.detail ?? problem.title ?? detail;
  } catch {
    // not a problem document: keep the status line
  }
  return detail;
}

async function api<T>(path: string, accept = 'application/json'): Promise<Response & { json(): Promise<T> }> {
  const response = await fetch(path, { headers: { 'X-API-Key': state.apiKey ?? '', Accept: accept } });
  if (response.status === 401 || response.status === 403) throw new KeyRejectedError('the API refused this key');
  if (!response.ok) throw new Error(await problemDetail(response));
  return response;
}

/** A PUT with a JSON body; a 403 says the key's role is too low, not that the key is wrong. */
async function put<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'PUT', headers: { 'X-API-Key': state.apiKey ?? '', Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status === 401) throw new KeyRejectedError('the API refused this key');
  if (response.status === 403) throw new RoleRefusedError(await problemDetail(response));
  if (!response.ok) throw new Error(await problemDetail(response));
  return (await response.json()) as T;
}

const getJson = async <T>(path: string): Promise<T> => (await api<T>(path)).json();

function showKeyPanel(message = ''): void {
  element('key-panel').hidden = false;
  element('explorer').hidden = true;
  element('alerts-view').hidden = true;
  element('tabs').hidden = true;
  element('session').hidden = true;
  element('key-error').textContent = message;
  element<HTMLInputElement>('api-key').focus();
}

function forgetKey(message = ''): void {
  sessionStorage.removeItem(KEY_STORAGE);
  state.apiKey = null;
  state.renderer?.kill();
  state.renderer = null;
  showKeyPanel(message);
}

async function handleFailure(error: unknown, target: HTMLElement): Promise<void> {
  if (error instanceof KeyRejectedError) forgetKey('The API refused this key: enter a valid one.');
  else target.textContent = `Failed: ${error instanceof Error ? error.message : String(error)}`;
}

const when = (iso: string | null | undefined): string => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '?');
const verdictWord = (verdict: string): string => VERDICT_WORDS[verdict] ?? verdict;

function verdictBadge(verdict: string | null): HTMLElement {
  return make('span', `verdict verdict-${verdict ?? 'none'}`, verdict ? verdictWord(verdict) : 'no verdict');
}

/** A link that opens a campaign in the campaigns tab. */
function campaignLink(campaignId: string, text = campaignId): HTMLAnchorElement {
  const link = make('a', 'campaign-link', text);
  link.href = `#campaign/${encodeURIComponent(campaignId)}`;
  link.dataset['campaignId'] = campaignId;
  return link;
}

// ---- campaign list ------------------------------------------------------------------------------

async function loadCampaigns(): Promise<void> {
  const campaigns: CampaignSummary[] = [];
  let cursor: string | null = null;
  // Campaigns are few (tens, not thousands): load them all so sorting covers every one.
  do {
    const query: string = `api/v1/campaigns?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: CampaignList = await getJson<CampaignList>(query);
    campaigns.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && campaigns.length < 5000);
  state.campaigns = campaigns;
  element('key-panel').hidden = true;
  element('tabs').hidden = false;
  element('session').hidden = false;
  element('campaign-count').textContent = `(${campaigns.length})`;
  element('list-message').textContent = campaigns.length === 0 ? 'No current campaigns: run `hydrascope refresh` after loading data.' : 'Select a campaign to see its graph and explanation.';
  renderList();
  void loadAlertCount();
  await route();
}

function compareCampaigns(left: CampaignSummary, right: CampaignSummary): number {
  const { field, descending } = state.sort;
  const leftValue = left[field];
  const rightValue = right[field];
  const order = leftValue < rightValue ? -1 : leftValue > rightValue ? 1 : left.id < right.id ? -1 : 1;
  return descending ? -order : order;
}

function renderList(): void {
  const body = element('campaigns').querySelector('tbody') as HTMLTableSectionElement;
  body.replaceChildren(
    ...[...state.campaigns].sort(compareCampaigns).map((campaign) => {
      const row = document.createElement('tr');
      row.dataset['campaignId'] = campaign.id;
      if (campaign.id === state.selected) row.classList.add('selected');
      const status = make('span', `status status-${campaign.status}`, campaign.status);
      const statusCell = make('span', 'status-cell', status);
      if (campaign.verdict) statusCell.append(verdictBadge(campaign.verdict.verdict));
      // The top signals go under the id: a column of their own would not fit beside the campaign at 1280 px.
      const name = make('div', '', make('span', 'campaign-id', campaign.id), make('div', 'signals', campaign.topSignals.map((signal) => SIGNAL_WORDS[signal]?.label ?? signal).join(', ')));
      const cells: Array<string | Node> = [name, campaign.score.toFixed(3), String(campaign.size), statusCell];
      for (const content of cells) {
        const cell = document.createElement('td');
        cell.append(content);
        row.append(cell);
      }
      row.addEventListener('click', () => {
        location.hash = `#campaign/${encodeURIComponent(campaign.id)}`;
      });
      return row;
    }),
  );
  for (const header of element('campaigns').querySelectorAll<HTMLTableCellElement>('th[data-sort]')) {
    if (header.dataset['sort'] === state.sort.field) header.setAttribute('aria-sort', state.sort.descending ? 'descending' : 'ascending');
    else header.removeAttribute('aria-sort');
  }
}

/** The analyst query with the campaign inlined: a link for a person, never sent to a server by us. */
export function browserQuery(campaignId: string): string {
  const literal = `'${campaignId.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const body = campaignGraphCypher
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')
    .trim()
    .replaceAll('$campaignId', literal)
    .replaceAll('$maxAccounts', String(BROWSER_ACCOUNTS));
  return `// hydrascope: campaign ${campaignId} (cypher/analyst/campaign-graph.cypher)\n${body}`;
}

function browserLink(campaignId: string): string {
  const separator = state.browserUrl.includes('?') ? '&' : '?';
  return `${state.browserUrl}${separator}cmd=edit&arg=${encodeURIComponent(browserQuery(campaignId))}`;
}

// ---- small building blocks ----------------------------------------------------------------------

function table(rows: Array<Array<string | Node>>, headings: string[], className = ''): HTMLTableElement {
  const result = document.createElement('table');
  if (className) result.className = className;
  const head = result.createTHead().insertRow();
  for (const heading of headings) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = heading;
    head.append(cell);
  }
  const body = result.createTBody();
  for (const values of rows) {
    const row = body.insertRow();
    for (const value of values) row.insertCell().append(value);
  }
  return result;
}

function bar(fraction: number, className = 'bar'): HTMLElement {
  const track = make('div', 'bar-track');
  const fill = make('div', className);
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
  track.append(fill);
  return track;
}

function heading(text: string, level: 'h3' | 'h4' = 'h3'): HTMLElement {
  return make(level, '', text);
}

/** A number for people: a share as a percentage, anything else with three significant digits. */
function formatMeasure(value: number | undefined, format: 'share' | 'number'): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (format === 'share') return `${(value * 100).toFixed(value < 0.1 ? 1 : 0)} %`;
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3).replace(/\.?0+$/, '');
}

/** How rarely chance alone would give this: surprise is −log10 of that chance (capped at 12). */
function chanceWords(signal: Signal): string {
  if (signal.surprise === undefined || signal.available === false) return '–';
  if (signal.surprise < 1) return 'common';
  return `1 in 10${superscript(Math.round(signal.surprise))}${signal.surprise >= 12 ? '+' : ''}`;
}

function superscript(value: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return String(value)
    .split('')
    .map((digit) => digits[Number(digit)] ?? digit)
    .join('');
}

/** A tie in words: `payment:<key>` → "card …", `ip:<key>` → "address …", `prompt:<key>`, `burst`. */
function tieChip(tie: string): HTMLElement {
  const [kind = '', ...rest] = tie.split(':');
  const key = rest.join(':');
  const short = key.length > 16 ? `${key.slice(0, 14)}…` : key;
  const words: Record<string, string> = { payment: 'payment', ip: 'address', prompt: 'prompt', issuer: 'issuer', network: 'network' };
  const chip = make('span', `tie tie-${kind}`, kind === 'burst' ? 'sign-up burst' : `${words[kind] ?? kind} ${short}`);
  chip.title = tie;
  return chip;
}

// ---- a campaign: explanation, verdicts, operation, members ---------------------------------------

/** What the scored group was, when it was not a linkage community itself (docs/scoring.md). */
const ORIGIN_WORDS: Record<NonNullable<CampaignDetail['origin']>, string> = {
  community: '',
  piece: 'Found as a piece of a community’s unreported accounts.',
  'template-set': 'Found as the senders of a template set (prompt fingerprints the same accounts send together), scattered over several communities.',
};

function renderExplanation(detail: CampaignDetail): void {
  const aside = element('explanation');
  const summary = document.createElement('p');
  const activity = `${detail.firstActivityAt?.slice(0, 10) ?? '?'} – ${detail.lastActivityAt?.slice(0, 10) ?? '?'}`;
  const unlinked = detail.unlinkedMembers ? `, ${detail.unlinkedMembers} of them with no link strong enough to be in the community, joined on their own ties` : '';
  const fromOtherGroups = detail.membersFromOtherGroups ? `, ${detail.membersFromOtherGroups} from communities not reported themselves, joined on their own ties` : '';
  const associated = `${unlinked}${fromOtherGroups}${detail.associatedAccounts ? ` (and ${detail.associatedAccounts} associated, not reported)` : ''}`;
  const foundAs = ORIGIN_WORDS[detail.origin ?? 'community'];
  summary.textContent = `Score ${detail.score.toFixed(3)}${detail.threshold === null ? '' : ` (threshold ${detail.threshold})`}, ${detail.size} accounts${associated}, ${detail.status}, active ${activity}.${foundAs ? ` ${foundAs}` : ''}`;

  const families = detail.families.length
    ? table(
        detail.families.map((family) => [
          FAMILY_WORDS[family.family] ?? family.family,
          bar(family.cap > 0 ? family.contribution / family.cap : 0, family.contribution >= family.cap && family.cap > 0 ? 'bar bar-full' : 'bar'),
          `${family.contribution.toFixed(3)} of at most ${family.cap}`,
        ]),
        ['family of evidence', 'used of its cap', 'adds'],
        'families',
      )
    : make('p', 'hint', 'This snapshot predates family caps.');
  const familyNote = make('p', 'hint', 'The score is the sum of what each family adds. Every family is capped below the threshold, so one kind of coincidence alone never makes a campaign.');

  const signals = table(
    detail.signals.map((signal) => {
      const words = SIGNAL_WORDS[signal.name] ?? { label: signal.name.replace(/_/g, ' '), format: 'number' as const };
      const name = make('div', 'signal-name', make('strong', '', words.label), make('code', '', signal.name));
      const meaning = make('div', 'signal-meaning', signal.description);
      const unavailable = signal.available === false;
      return [
        make('div', '', name, meaning),
        FAMILY_WORDS[signal.family ?? ''] ?? signal.family ?? '–',
        unavailable ? 'no data' : formatMeasure(signal.value, words.format),
        unavailable ? '–' : formatMeasure(signal.background, words.format),
        chanceWords(signal),
        bar(signal.strength),
        signal.contribution.toFixed(3),
      ];
    }),
    ['signal and what it measures', 'family', 'members', 'all accounts', 'by chance', 'strength', 'adds'],
    'signals-table',
  );
  detail.signals.forEach((signal, index) => {
    if (signal.available === false || signal.contribution === 0) signals.tBodies[0]?.rows[index]?.classList.add('quiet');
  });
  const signalNote = make(
    'p',
    'hint',
    '“members” is what this campaign’s accounts show, “all accounts” what random accounts of the same data show; “by chance” is how rarely a random group of this size would show it. Strength is how far the members are above the background; “adds” is strength × weight, before the family cap.',
  );

  const evidence = table(
    detail.evidence.map((item) => [KIND_NAMES[item.kind] ?? item.kind, make('span', 'key', `${item.key.slice(0, 22)}${item.detail ? ` (${item.detail})` : ''}`), `${item.members}/${item.accounts}`]),
    ['shared', 'entity', 'members/all'],
  );
  const history = table(
    detail.history.map((entry) => [when(entry.at), entry.change, String(entry.size), entry.score.toFixed(3)]),
    ['refresh', 'change', 'size', 'score'],
  );
  const lower = make('div', 'explanation-columns', make('section', '', heading('Strongest shared evidence'), evidence), make('section', '', heading('History'), history));
  aside.replaceChildren(summary, heading('Why it is a campaign: families of evidence'), families, familyNote, heading('Signals'), signals, signalNote, lower);
}

function renderCurrentVerdict(current: CurrentVerdict | null): void {
  const target = element('verdict-current');
  if (!current) {
    target.replaceChildren('Current verdict: ', verdictBadge(null));
    return;
  }
  target.replaceChildren('Current verdict: ', verdictBadge(current.verdict), ` by ${current.by}${current.automatic ? ' (automatic)' : ''}, ${when(current.at)}`);
}

async function loadVerdicts(campaignId: string): Promise<void> {
  const target = element('verdict-history');
  try {
    const history = await getJson<VerdictHistory>(`api/v1/campaigns/${encodeURIComponent(campaignId)}/verdicts?limit=50`);
    if (state.selected !== campaignId) return;
    renderCurrentVerdict(history.current);
    state.accountVerdicts = new Map();
    // Newest first: the first entry about an account is its latest verdict.
    for (const entry of history.items) if (entry.accountId && !state.accountVerdicts.has(entry.accountId)) state.accountVerdicts.set(entry.accountId, entry.verdict);
    showAccountVerdicts();
    if (history.items.length === 0) {
      target.replaceChildren(make('p', 'hint', 'No verdicts yet.'));
      return;
    }
    const list = make('ol', 'verdict-list');
    for (const entry of history.items) {
      const subject = entry.accountId ? `account ${entry.accountId}: ` : '';
      const item = make(
        'li',
        '',
        make('div', 'verdict-line', verdictBadge(entry.verdict), ` ${subject}by ${entry.by}${entry.automatic ? ' (automatic)' : ''}, ${when(entry.at)}`),
        make('div', 'verdict-note', entry.note),
      );
      item.dataset['verdictId'] = entry.id;
      list.append(item);
    }
    target.replaceChildren(list);
    if (history.nextCursor) target.append(make('p', 'hint', 'Older verdicts: GET /api/v1/campaigns/{id}/verdicts with the cursor.'));
  } catch (error) {
    await handleFailure(error, target);
  }
}

async function recordVerdict(verdict: string): Promise<void> {
  const campaignId = state.selected;
  if (!campaignId) return;
  const noteField = element<HTMLTextAreaElement>('verdict-note');
  const message = element('verdict-message');
  const note = noteField.value.trim();
  if (!note) {
    message.className = 'error';
    message.textContent = 'Write a note saying why before recording a verdict.';
    noteField.focus();
    return;
  }
  const buttons = element('verdict-form').querySelectorAll<HTMLButtonElement>('button');
  buttons.forEach((button) => (button.disabled = true));
  message.className = 'hint';
  message.textContent = 'Recording…';
  try {
    // The campaign route records campaign verdicts only (never not_involved).
    const recorded = await put<VerdictRecorded & { verdict: CurrentVerdict['verdict'] }>(`api/v1/campaigns/${encodeURIComponent(campaignId)}/verdict`, { verdict, note });
    noteField.value = '';
    message.className = 'ok';
    message.textContent = `Recorded “${verdictWord(recorded.verdict)}” as ${recorded.by}${recorded.clearedAlerts ? `; ${recorded.clearedAlerts} open alert${recorded.clearedAlerts === 1 ? '' : 's'} cleared` : ''}.`;
    const listed = state.campaigns.find((campaign) => campaign.id === campaignId);
    if (listed) listed.verdict = { verdict: recorded.verdict, by: recorded.by, at: recorded.at, note: recorded.note, automatic: false };
    renderList();
    await Promise.all([loadVerdicts(campaignId), loadAlertCount()]);
  } catch (error) {
    message.className = 'error';
    if (error instanceof RoleRefusedError) message.textContent = `This API key may not record verdicts (it needs the analyst or admin role): ${error.message}`;
    else await handleFailure(error, message);
  } finally {
    buttons.forEach((button) => (button.disabled = false));
  }
}

async function loadOperation(detail: CampaignDetail): Promise<void> {
  const target = element('operation');
  if (!detail.operationId) {
    target.replaceChildren(make('p', 'hint', 'Not grouped into an operation (a snapshot written before operations).'));
    return;
  }
  try {
    const operation = await getJson<OperationDetail>(`api/v1/operations/${encodeURIComponent(detail.operationId)}`);
    if (state.selected !== detail.id) return;
    const others = operation.campaignSummaries.filter((campaign) => campaign.id !== detail.id);
    const title = make(
      'p',
      'operation-title',
      make('strong', 'operation-id', operation.id),
      ` · ${operation.campaignCount} campaign${operation.campaignCount === 1 ? '' : 's'} · ${operation.accounts} accounts${operation.current ? '' : ' · not current'}`,
    );
    const parts: Node[] = [title];
    if (others.length === 0) {
      parts.push(make('p', 'hint', 'No other campaign shares what only an operator shares with this one.'));
    } else {
      parts.push(make('p', '', 'Other campaigns of this operation:'));
      const list = make('ul', 'operation-campaigns');
      for (const campaign of others)
        list.append(
          make('li', '', campaignLink(campaign.id), ` score ${campaign.score.toFixed(3)}, ${campaign.size} accounts `, ...(campaign.verdict ? [verdictBadge(campaign.verdict.verdict)] : [])),
        );
      parts.push(list);
    }
    if (operation.ties.length) {
      const ties = make('div', 'ties');
      ties.append(...operation.ties.map(tieChip));
      parts.push(make('p', 'hint', 'What ties its campaigns:'), ties);
    }
    target.replaceChildren(...parts);
  } catch (error) {
    await handleFailure(error, target);
  }
}

/** Each member row's badge: its latest account verdict in this campaign, or none. */
function showAccountVerdicts(): void {
  for (const holder of Array.from(document.querySelectorAll<HTMLElement>('#members .account-verdict-current'))) {
    const verdict = state.accountVerdicts.get(holder.dataset['accountId'] ?? '');
    holder.replaceChildren(...(verdict ? [verdictBadge(verdict)] : []));
  }
}

/**
 * A member row's verdict control: its current account verdict, and a button that opens a small
 * form (a note, then Confirm member or Not involved) recorded with PUT /accounts/{id}/verdict.
 * `not_involved` takes the account out of the campaign from the next refresh on.
 */
function accountVerdictControl(campaignId: string, accountId: string, position: number): HTMLElement {
  const control = make('div', 'account-verdict');
  const current = make('span', 'account-verdict-current');
  current.dataset['accountId'] = accountId;
  const verdict = state.accountVerdicts.get(accountId);
  if (verdict) current.append(verdictBadge(verdict));
  const toggle = make('button', 'account-verdict-toggle', 'Verdict…');
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-label', `Record a verdict on account ${accountId}`);
  const form = make('form', 'account-verdict-form');
  form.hidden = true;
  const noteId = `account-note-${position}`;
  const label = make('label', '', 'Note: why');
  label.htmlFor = noteId;
  const note = make('input');
  note.id = noteId;
  note.type = 'text';
  note.maxLength = 2000;
  note.className = 'account-verdict-note';
  const confirm = make('button', 'account-verdict-confirm', 'Confirm member');
  confirm.type = 'submit';
  confirm.value = 'confirmed';
  const notInvolved = make('button', 'account-verdict-not-involved', 'Not involved');
  notInvolved.type = 'submit';
  notInvolved.value = 'not_involved';
  const message = make('p', 'account-verdict-message');
  message.setAttribute('role', 'status');
  form.append(label, note, make('div', 'account-verdict-buttons', confirm, notInvolved), message);
  toggle.addEventListener('click', () => {
    form.hidden = !form.hidden;
    toggle.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) note.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value) void recordAccountVerdict({ campaignId, accountId, verdict: submitter.value, note, message, buttons: [confirm, notInvolved] });
  });
  control.append(current, toggle, form);
  return control;
}

async function recordAccountVerdict(input: { campaignId: string; accountId: string; verdict: string; note: HTMLInputElement; message: HTMLElement; buttons: HTMLButtonElement[] }): Promise<void> {
  const { campaignId, accountId, verdict, note, message, buttons } = input;
  const text = note.value.trim();
  if (!text) {
    message.className = 'account-verdict-message error';
    message.textContent = 'Write a note saying why first.';
    note.focus();
    return;
  }
  buttons.forEach((button) => (button.disabled = true));
  message.className = 'account-verdict-message hint';
  message.textContent = 'Recording…';
  try {
    const recorded = await put<{ verdict: string; by: string; clearedAlerts: number }>(`api/v1/accounts/${encodeURIComponent(accountId)}/verdict`, { campaign_id: campaignId, verdict, note: text });
    note.value = '';
    message.className = 'account-verdict-message ok';
    message.textContent = `Recorded “${verdictWord(recorded.verdict)}” as ${recorded.by}${recorded.verdict === 'not_involved' ? '; left out of this campaign from the next refresh on' : ''}.`;
    state.accountVerdicts.set(accountId, recorded.verdict);
    showAccountVerdicts();
    await Promise.all([loadVerdicts(campaignId), loadAlertCount()]);
  } catch (error) {
    message.className = 'account-verdict-message error';
    if (error instanceof RoleRefusedError) message.textContent = `This API key may not record verdicts (it needs the analyst or admin role): ${error.message}`;
    else await handleFailure(error, message);
  } finally {
    buttons.forEach((button) => (button.disabled = false));
  }
}

/** One page of members or associated accounts, appended to its table; a button loads the next. */
async function loadAccounts(campaignId: string, role: 'member' | 'associated', cursor: string | null = null): Promise<void> {
  const target = element(role === 'member' ? 'members' : 'associated');
  const query = `api/v1/campaigns/${encodeURIComponent(campaignId)}/accounts?role=${role}&limit=${ACCOUNTS_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  try {
    const page = await getJson<MemberList>(query);
    if (state.selected !== campaignId) return;
    element(role === 'member' ? 'member-count' : 'associated-count').textContent = `(${page.total})`;
    let body = target.querySelector('tbody');
    if (!cursor) {
      if (page.items.length === 0) {
        target.replaceChildren(make('p', 'hint', role === 'member' ? 'No members.' : 'None: every account of this community carries evidence of its own.'));
        return;
      }
      const created = table([], ['#', 'account', 'own score', 'ties to the campaign', ...(role === 'member' ? ['verdict'] : [])], 'accounts-table');
      target.replaceChildren(created);
      body = created.tBodies[0] ?? null;
    }
    const offset = body?.rows.length ?? 0;
    page.items.forEach((member, index) => {
      const row = (body as HTMLTableSectionElement).insertRow();
      row.dataset['accountId'] = member.accountId;
      const ties = make('div', 'ties');
      ties.append(...member.ties.map(tieChip));
      for (const value of [String(offset + index + 1), make('span', 'key', member.accountId), member.membershipScore === null ? '–' : member.membershipScore.toFixed(3), ties])
        row.insertCell().append(value);
      if (role === 'member') row.insertCell().append(accountVerdictControl(campaignId, member.accountId, offset + index));
    });
    target.querySelector('button.more')?.remove();
    if (page.nextCursor) {
      const more = make('button', 'more', `Show ${ACCOUNTS_PAGE} more`);
      more.type = 'button';
      const next = page.nextCursor;
      more.addEventListener('click', () => void loadAccounts(campaignId, role, next));
      target.append(more);
    }
  } catch (error) {
    await handleFailure(error, target);
  }
}

const EDGE_COLOR = '#cdd3dd';
const RELATIONSHIP_OF_KIND: Record<string, string> = { ip: 'USED_IP', payment: 'PAID_WITH', prompt: 'SENT_PROMPT' };

/** Node sizes from their weight, on one scale for the whole drawing. */
function sizeNodes(graph: Graph): void {
  const maxWeight = Math.max(1, ...graph.mapNodes((_node, attributes) => Number(attributes['weight']) || 0));
  graph.updateEachNodeAttributes((_node, attributes) => ({
    ...attributes,
    size: 3 + 11 * Math.sqrt((Number(attributes['weight']) || 0) / maxWeight),
    color: KIND_COLORS[String(attributes['kind'])] ?? '#888',
  }));
}

/** What the tooltip says about a node. */
function tooltipLines(attributes: Record<string, unknown>): string[] {
  const kind = String(attributes['kind']);
  const head = `${KIND_NAMES[kind] ?? kind}: ${attributes['label']}`;
  if (kind === 'group') {
    const keyHubs = (attributes['keyHubs'] as string[] | undefined) ?? [];
    return [
      head,
      `accounts: ${attributes['members']}`,
      keyHubs.length > 0 ? `all of them share: ${keyHubs.length} hub${keyHubs.length === 1 ? '' : 's'}` : 'no drawn hub shared by all',
      'click to expand into its accounts',
    ];
  }
  if (attributes['accountsInAll'] !== undefined) {
    return [
      head,
      `members using it: ${attributes['members']}`,
      `accounts using it in all: ${attributes['accountsInAll']}`,
      ...['network', 'paymentKind', 'intent'].filter((name) => attributes[name]).map((name) => `${name}: ${attributes[name]}`),
    ];
  }
  return [
    head,
    `links in this campaign: ${attributes['degree']}`,
    ...(attributes['events'] === undefined ? [] : [`events: ${attributes['events']}`]),
    ...['country', 'plan', 'network', 'paymentKind', 'intent'].filter((name) => attributes[name]).map((name) => `${name}: ${attributes[name]}`),
  ];
}

function showViewToggle(view: GraphView): void {
  for (const button of element('graph-view').querySelectorAll<HTMLButtonElement>('button')) button.setAttribute('aria-pressed', String(button.dataset['view'] === view));
}

/**
 * Expands a group of the aggregated view: its next page of accounts become account nodes tied
 * to the hubs drawn; the group node stays, with the accounts still folded in it, until none are.
 */
async function expandGroup(campaignId: string, graph: Graph, groupNode: string): Promise<void> {
  const attributes = graph.getNodeAttributes(groupNode);
  if (attributes['loading']) return;
  graph.setNodeAttribute(groupNode, 'loading', true);
  const cursor = attributes['cursor'] as string | undefined;
  try {
    const page = await getJson<CampaignGroupAccounts>(
      `api/v1/campaigns/${encodeURIComponent(campaignId)}/graph/groups/${encodeURIComponent(String(attributes['groupId']))}?limit=${GROUP_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (state.selected !== campaignId || !graph.hasNode(groupNode)) return;
    const origin = { x: Number(attributes['x']) || 0, y: Number(attributes['y']) || 0 };
    page.items.forEach((account, index) => {
      const key = `account:${account.accountId}`;
      if (graph.hasNode(key)) return;
      // Around the group's place, so the picture keeps its shape.
      const angle = (index / Math.max(1, page.items.length)) * Math.PI * 2;
      graph.addNode(key, {
        kind: 'account',
        label: account.accountId,
        weight: 1,
        degree: account.hubs.length,
        events: account.eventCount,
        country: account.country,
        plan: account.plan,
        x: origin.x + Math.cos(angle) * 0.12,
        y: origin.y + Math.sin(angle) * 0.12,
        color: KIND_COLORS['account'],
        size: 3,
      });
      for (const hub of account.hubs) {
        if (graph.hasNode(hub)) graph.addEdgeWithKey(`${key}->${hub}`, key, hub, { relationship: RELATIONSHIP_OF_KIND[hub.split(':')[0] ?? ''] ?? null, size: 0.6, color: EDGE_COLOR });
      }
    });
    const remaining = (Number(attributes['remaining'] ?? page.total) || 0) - page.items.length;
    if (page.nextCursor === null || remaining <= 0) graph.dropNode(groupNode);
    else graph.mergeNodeAttributes(groupNode, { cursor: page.nextCursor, remaining, members: remaining, label: `${remaining} more account${remaining === 1 ? '' : 's'}`, loading: false });
    window.__hydrascope = { ...window.__hydrascope, expanded: window.__hydrascope.expanded + 1 };
    state.renderer?.refresh();
  } catch (error) {
    if (graph.hasNode(groupNode)) graph.setNodeAttribute(groupNode, 'loading', false);
    await handleFailure(error, element('graph-note'));
  }
}

const isAggregated = (response: FullGraphResponse | AggregatedGraphResponse): response is AggregatedGraphResponse => 'view' in response && response.view === 'aggregated';

function renderGraph(campaignId: string, response: FullGraphResponse | AggregatedGraphResponse): void {
  state.renderer?.kill();
  state.renderer = null;
  const aggregated = isAggregated(response);
  const view: GraphView = aggregated ? 'aggregated' : 'full';
  showViewToggle(view);
  const graph = Graph.from(response.graph);
  sizeNodes(graph);
  // sigma picks an edge program from the `type` attribute; the API's `type` is the relationship.
  graph.updateEachEdgeAttributes((_edge, attributes) => ({
    relationship: attributes['type'],
    ...(aggregated ? { accounts: attributes['accounts'], all: attributes['all'] } : { events: attributes['weight'] }),
    size: aggregated ? 0.6 + Math.min(3, Math.sqrt(Number(attributes['weight']) || 0) / 3) : 0.6,
    color: EDGE_COLOR,
  }));
  layoutGraph(graph);
  window.__hydrascope = { ...window.__hydrascope, view, expanded: 0 };

  const container = element('graph');
  const tooltip = element('tooltip');
  let hovered: string | null = null;
  const renderer = new Sigma(graph, container, {
    renderLabels: true,
    labelRenderedSizeThreshold: 9,
    labelSize: 11,
    zIndex: true,
    nodeReducer: (node, data) => {
      if (hovered === null || node === hovered || graph.areNeighbors(node, hovered)) return { ...data, zIndex: node === hovered ? 2 : 1 };
      return { ...data, color: '#e3e6ec', label: null, zIndex: 0 };
    },
    edgeReducer: (edge, data) => (hovered !== null && graph.hasExtremity(edge, hovered) ? { ...data, color: '#6b7689', size: 1.2 } : data),
  });
  state.renderer = renderer;
  renderer.on('enterNode', ({ node }) => {
    hovered = node;
    const attributes = graph.getNodeAttributes(node);
    tooltip.textContent = tooltipLines(attributes).join('\n');
    const position = renderer.graphToViewport({ x: Number(attributes['x']), y: Number(attributes['y']) });
    tooltip.style.left = `${Math.round(position.x + 12)}px`;
    tooltip.style.top = `${Math.round(position.y + 12)}px`;
    tooltip.hidden = false;
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on('leaveNode', () => {
    hovered = null;
    tooltip.hidden = true;
    renderer.refresh({ skipIndexation: true });
  });
  // An expanded group's node goes while the pointer may still be on it.
  graph.on('nodeDropped', ({ key }) => {
    if (key !== hovered) return;
    hovered = null;
    tooltip.hidden = true;
  });
  renderer.on('clickNode', ({ node }) => {
    if (graph.getNodeAttribute(node, 'kind') === 'group') void expandGroup(campaignId, graph, node);
  });
  renderer.on('afterRender', () => {
    window.__hydrascope = {
      ...window.__hydrascope,
      campaignId,
      graphNodes: graph.order,
      renderedNodes: graph.filterNodes((node) => renderer.getNodeDisplayData(node) !== undefined).length,
      renders: window.__hydrascope.renders + 1,
      groups: graph
        .filterNodes((_node, attributes) => attributes['kind'] === 'group')
        .map((node) => {
          const display = renderer.getNodeDisplayData(node);
          const position = renderer.framedGraphToViewport({ x: display?.x ?? 0, y: display?.y ?? 0 });
          return { key: node, members: Number(graph.getNodeAttribute(node, 'members')) || 0, x: position.x, y: position.y };
        })
        .sort((left, right) => right.members - left.members),
    };
  });
  renderer.refresh();
  if (isAggregated(response)) {
    const { totals, returned } = response;
    element('graph-note').textContent =
      `${totals.members} accounts in ${totals.groups} group${totals.groups === 1 ? '' : 's'} by the shared entities they tie to; ` +
      `${returned.hubs} of ${totals.hubs} shared entities drawn, sized by members. Click a group to expand it into its accounts; hover for details.`;
  } else {
    element('graph-note').textContent = response.truncated
      ? `Showing the ${response.returned.nodes} most connected of ${response.totals.nodes} nodes. Hover a node for details; scroll to zoom.`
      : `${response.totals.nodes} nodes, ${response.totals.edges} links. Hover a node for details; scroll to zoom.`;
  }
}

/** The view to draw: the analyst's choice, else aggregated when the full graph is large. */
function viewFor(full: FullGraphResponse): GraphView {
  return state.chosenView ?? (full.totals.nodes > AGGREGATE_ABOVE_NODES ? 'aggregated' : 'full');
}

async function drawView(campaignId: string, full: FullGraphResponse, view: GraphView): Promise<void> {
  if (view === 'full') {
    renderGraph(campaignId, full);
    return;
  }
  const aggregated = await getJson<AggregatedGraphResponse>(`api/v1/campaigns/${encodeURIComponent(campaignId)}/graph?view=aggregated`);
  if (state.selected === campaignId) renderGraph(campaignId, aggregated);
}

async function chooseView(view: GraphView): Promise<void> {
  state.chosenView = view;
  const campaignId = state.selected;
  if (!campaignId || !state.fullGraph) return;
  try {
    await drawView(campaignId, state.fullGraph, view);
  } catch (error) {
    await handleFailure(error, element('graph-note'));
  }
}

async function selectCampaign(campaignId: string): Promise<void> {
  state.selected = campaignId;
  state.accountVerdicts = new Map();
  state.fullGraph = null;
  renderList();
  element('detail-panel').hidden = false;
  element('detail-title').textContent = `Campaign ${campaignId}`;
  element<HTMLAnchorElement>('browser-link').href = browserLink(campaignId);
  element('explanation').textContent = 'Loading…';
  element('operation').textContent = 'Loading…';
  element('verdict-history').textContent = 'Loading…';
  element('verdict-current').textContent = '';
  element('verdict-message').textContent = '';
  element('members').textContent = 'Loading…';
  element('associated').textContent = 'Loading…';
  element('member-count').textContent = '';
  element('associated-count').textContent = '';
  const path = `api/v1/campaigns/${encodeURIComponent(campaignId)}`;
  void loadVerdicts(campaignId);
  try {
    const [detail, graph] = await Promise.all([getJson<CampaignDetail>(path), getJson<FullGraphResponse>(`${path}/graph?limit=${GRAPH_LIMIT}`)]);
    if (state.selected !== campaignId) return;
    state.fullGraph = graph;
    renderExplanation(detail);
    await drawView(campaignId, graph, viewFor(graph));
    void loadOperation(detail);
    void loadAccounts(campaignId, 'member');
    void loadAccounts(campaignId, 'associated');
  } catch (error) {
    await handleFailure(error, element('explanation'));
  }
}

/** The CSV needs the key header, so it is fetched and handed to the browser as a file. */
async function downloadCsv(): Promise<void> {
  const campaignId = state.selected;
  if (!campaignId) return;
  try {
    const response = await api<never>(`api/v1/campaigns/${encodeURIComponent(campaignId)}/accounts?format=csv`, 'text/csv');
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `campaign-${campaignId.replace(/[^A-Za-z0-9._-]/g, '_')}-accounts.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    await handleFailure(error, element('graph-note'));
  }
}

// ---- alerts -------------------------------------------------------------------------------------

async function loadAlertCount(): Promise<void> {
  try {
    const page = await getJson<AlertList>('api/v1/alerts?limit=1');
    element('alert-count').textContent = page.total > 0 ? String(page.total) : '';
  } catch {
    // the count is a hint; the inbox itself reports failures
  }
}

async function loadAlerts(cursor: string | null = null): Promise<void> {
  const body = element('alerts').querySelector('tbody') as HTMLTableSectionElement;
  const message = element('alerts-message');
  const more = element<HTMLButtonElement>('alerts-more');
  if (!cursor) {
    body.replaceChildren();
    message.textContent = 'Loading…';
  }
  try {
    const page = await getJson<AlertList>(`api/v1/alerts?state=open&limit=${ALERTS_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    element('alerts-total').textContent = `(${page.total})`;
    element('alert-count').textContent = page.total > 0 ? String(page.total) : '';
    for (const alert of page.items) {
      const row = body.insertRow();
      row.dataset['alertId'] = alert.id;
      const kind = make('span', `alert-kind alert-${alert.kind}`, ALERT_WORDS[alert.kind] ?? alert.kind);
      const what = make('span', '', alert.detail);
      for (const value of [kind, campaignLink(alert.campaignId), what, when(alert.createdAt)]) row.insertCell().append(value);
    }
    message.textContent = page.total === 0 ? 'No open alerts: every alert has been answered by a verdict.' : 'An alert stays open until a verdict is recorded on its campaign.';
    state.alertsCursor = page.nextCursor;
    more.hidden = page.nextCursor === null;
  } catch (error) {
    await handleFailure(error, message);
  }
}

// ---- tabs and links -----------------------------------------------------------------------------

function showTab(tab: 'campaigns' | 'alerts'): void {
  element('explorer').hidden = tab !== 'campaigns';
  element('alerts-view').hidden = tab !== 'alerts';
  for (const link of element('tabs').querySelectorAll<HTMLAnchorElement>('a')) {
    if (link.dataset['tab'] === tab) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** Shows what the address's hash names: #alerts, #campaign/<id>, or the campaign list. */
async function route(): Promise<void> {
  if (!state.apiKey || !element('key-panel').hidden) return;
  const hash = location.hash;
  if (hash === '#alerts') {
    showTab('alerts');
    await loadAlerts();
    return;
  }
  showTab('campaigns');
  const match = /^#campaign\/(.+)$/.exec(hash);
  if (match?.[1]) {
    const campaignId = decodeURIComponent(match[1]);
    if (campaignId !== state.selected || element('detail-panel').hidden) await selectCampaign(campaignId);
  }
}

function renderLegend(): void {
  element('graph-legend').replaceChildren(
    ...Object.entries(KIND_COLORS).map(([kind, color]) => {
      const item = document.createElement('span');
      const dot = document.createElement('i');
      dot.style.background = color;
      item.append(dot, KIND_NAMES[kind] ?? kind);
      return item;
    }),
  );
}

async function start(): Promise<void> {
  renderLegend();
  try {
    const config = (await (await fetch('explorer-config.json')).json()) as { browserUrl?: string };
    if (config.browserUrl) state.browserUrl = config.browserUrl;
  } catch {
    // keep the default Browser URL
  }
  element('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = element<HTMLInputElement>('api-key');
    state.apiKey = input.value.trim();
    input.value = '';
    sessionStorage.setItem(KEY_STORAGE, state.apiKey);
    loadCampaigns().catch((error: unknown) => handleFailure(error, element('key-error')));
  });
  element('forget-key').addEventListener('click', () => forgetKey());
  element('download-csv').addEventListener('click', () => void downloadCsv());
  for (const button of element('graph-view').querySelectorAll<HTMLButtonElement>('button')) button.addEventListener('click', () => void chooseView(button.dataset['view'] as GraphView));
  element('verdict-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value) void recordVerdict(submitter.value);
  });
  element('alerts-more').addEventListener('click', () => void loadAlerts(state.alertsCursor));
  window.addEventListener('hashchange', () => void route());
  for (const header of element('campaigns').querySelectorAll<HTMLTableCellElement>('th[data-sort]')) {
    header.addEventListener('click', () => {
      const field = header.dataset['sort'] as SortField;
      state.sort = state.sort.field === field ? { field, descending: !state.sort.descending } : { field, descending: field === 'score' || field === 'size' };
      renderList();
    });
  }
  if (state.apiKey) await loadCampaigns().catch((error: unknown) => handleFailure(error, element('list-message')));
  else showKeyPanel();
}

void start();

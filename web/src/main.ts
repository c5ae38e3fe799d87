// The campaign explorer: asks once for an API key (kept in this tab's session storage), lists
// the current campaigns from the public API, and for a selected campaign draws its graph with
// sigma (graphology's renderer: the API's graphology JSON is imported as is) beside the
// explanation, with a Neo4j Browser link running the analyst query and a CSV download.
import Graph from 'graphology';
import Sigma from 'sigma';
import campaignGraphCypher from '../../cypher/analyst/campaign-graph.cypher?raw';
import { layoutGraph } from './layout';

interface CampaignSummary {
  id: string;
  score: number;
  size: number;
  status: string;
  firstActivityAt: string | null;
  lastActivityAt: string | null;
  topSignals: string[];
  runId: string;
}
interface CampaignList {
  items: CampaignSummary[];
  total: number;
  nextCursor: string | null;
}
interface Signal {
  name: string;
  value: number;
  strength: number;
  weight: number;
  contribution: number;
  description: string;
}
interface CampaignDetail extends CampaignSummary {
  threshold: number | null;
  peripheralAccounts: number | null;
  signals: Signal[];
  evidence: Array<{ kind: string; key: string; members: number; accounts: number; detail: string | null }>;
  history: Array<{ runId: string; at: string; change: string; size: number; score: number }>;
}
interface GraphResponse {
  format: 'graphology';
  totals: { nodes: number; edges: number };
  returned: { nodes: number; edges: number };
  truncated: boolean;
  graph: Parameters<typeof Graph.from>[0];
}
type SortField = 'id' | 'score' | 'size' | 'status';

/** What the end-to-end test reads once a campaign's graph has been drawn. */
interface ExplorerProbe {
  campaignId: string | null;
  renderedNodes: number;
  graphNodes: number;
  renders: number;
}
declare global {
  interface Window {
    __hydrascope: ExplorerProbe;
  }
}

const KEY_STORAGE = 'hydrascope.apiKey';
const GRAPH_LIMIT = 300;
const BROWSER_ACCOUNTS = 200;
export const KIND_COLORS: Record<string, string> = { account: '#3b6fd8', ip: '#e39b1b', payment: '#d63b3b', prompt: '#2f9e6e' };
const KIND_NAMES: Record<string, string> = { account: 'account', ip: 'address', payment: 'payment method', prompt: 'prompt fingerprint' };

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`page element #${id} is missing`);
  return found as T;
};

const state = {
  apiKey: sessionStorage.getItem(KEY_STORAGE),
  browserUrl: 'http://127.0.0.1:7474/browser/',
  campaigns: [] as CampaignSummary[],
  sort: { field: 'score' as SortField, descending: true },
  selected: null as string | null,
  renderer: null as Sigma | null,
};
window.__hydrascope = { campaignId: null, renderedNodes: 0, graphNodes: 0, renders: 0 };

class KeyRejectedError extends Error {}

async function api<T>(path: string, accept = 'application/json'): Promise<Response & { json(): Promise<T> }> {
  const response = await fetch(path, { headers: { 'X-API-Key': state.apiKey ?? '', Accept: accept } });
  if (response.status === 401 || response.status === 403) throw new KeyRejectedError('the API refused this key');
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = (await response.json()) as { title?: string; detail?: string };
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // not a problem document: keep the status line
    }
    throw new Error(detail);
  }
  return response;
}

function showKeyPanel(message = ''): void {
  element('key-panel').hidden = false;
  element('explorer').hidden = true;
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

async function loadCampaigns(): Promise<void> {
  const campaigns: CampaignSummary[] = [];
  let cursor: string | null = null;
  // Campaigns are few (tens, not thousands): load them all so sorting covers every one.
  do {
    const query: string = `api/v1/campaigns?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: CampaignList = await (await api<CampaignList>(query)).json();
    campaigns.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && campaigns.length < 5000);
  state.campaigns = campaigns;
  element('key-panel').hidden = true;
  element('explorer').hidden = false;
  element('session').hidden = false;
  element('campaign-count').textContent = `(${campaigns.length})`;
  element('list-message').textContent = campaigns.length === 0 ? 'No current campaigns: run `hydrascope refresh` after loading data.' : 'Select a campaign to see its graph and explanation.';
  renderList();
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
      const status = document.createElement('span');
      status.className = `status status-${campaign.status}`;
      status.textContent = campaign.status;
      const cells: Array<string | Node> = [campaign.id, campaign.score.toFixed(3), String(campaign.size), status, campaign.topSignals.join(', ')];
      for (const [position, content] of cells.entries()) {
        const cell = document.createElement('td');
        cell.append(content);
        if (position === 4) cell.className = 'signals';
        row.append(cell);
      }
      row.addEventListener('click', () => void selectCampaign(campaign.id));
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

function table(rows: Array<Array<string | Node>>, headings: string[]): HTMLTableElement {
  const result = document.createElement('table');
  const head = result.createTHead().insertRow();
  for (const heading of headings) {
    const cell = document.createElement('th');
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

function bar(fraction: number): HTMLElement {
  const track = document.createElement('div');
  track.className = 'bar-track';
  const fill = document.createElement('div');
  fill.className = 'bar';
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
  track.append(fill);
  return track;
}

function heading(text: string): HTMLElement {
  const result = document.createElement('h3');
  result.textContent = text;
  return result;
}

function renderExplanation(detail: CampaignDetail): void {
  const aside = element('explanation');
  const summary = document.createElement('p');
  const activity = `${detail.firstActivityAt?.slice(0, 10) ?? '?'} – ${detail.lastActivityAt?.slice(0, 10) ?? '?'}`;
  summary.textContent = `Score ${detail.score.toFixed(3)}${detail.threshold === null ? '' : ` (threshold ${detail.threshold})`}, ${detail.size} accounts, ${detail.status}, active ${activity}.`;
  const signals = table(
    detail.signals.map((signal) => {
      const name = document.createElement('span');
      name.textContent = signal.name;
      name.title = signal.description;
      return [name, bar(signal.strength), signal.contribution.toFixed(3)];
    }),
    ['signal', 'strength', 'adds'],
  );
  const evidence = table(
    detail.evidence.map((item) => [KIND_NAMES[item.kind] ?? item.kind, `${item.key.slice(0, 22)}${item.detail ? ` (${item.detail})` : ''}`, `${item.members}/${item.accounts}`]),
    ['shared', 'entity', 'members/all'],
  );
  const history = table(
    detail.history.map((entry) => [entry.at.slice(0, 16).replace('T', ' '), entry.change, String(entry.size), entry.score.toFixed(3)]),
    ['refresh', 'change', 'size', 'score'],
  );
  aside.replaceChildren(summary, heading('Why it is a campaign'), signals, heading('Strongest shared evidence'), evidence, heading('History'), history);
}

function renderGraph(campaignId: string, response: GraphResponse): void {
  state.renderer?.kill();
  state.renderer = null;
  const graph = Graph.from(response.graph);
  const maxWeight = Math.max(1, ...graph.mapNodes((_node, attributes) => Number(attributes['weight']) || 0));
  graph.updateEachNodeAttributes((_node, attributes) => ({
    ...attributes,
    size: 3 + 11 * Math.sqrt((Number(attributes['weight']) || 0) / maxWeight),
    color: KIND_COLORS[String(attributes['kind'])] ?? '#888',
  }));
  // sigma picks an edge program from the `type` attribute; the API's `type` is the relationship.
  graph.updateEachEdgeAttributes((_edge, attributes) => ({ relationship: attributes['type'], events: attributes['weight'], size: 0.6, color: '#cdd3dd' }));
  layoutGraph(graph);

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
    const lines = [
      `${KIND_NAMES[String(attributes['kind'])] ?? attributes['kind']}: ${attributes['label']}`,
      `links in this campaign: ${attributes['degree']}`,
      `events: ${attributes['events']}`,
      ...['country', 'plan', 'network', 'paymentKind', 'intent'].filter((name) => attributes[name]).map((name) => `${name}: ${attributes[name]}`),
    ];
    tooltip.textContent = lines.join('\n');
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
  renderer.on('afterRender', () => {
    window.__hydrascope = {
      campaignId,
      graphNodes: graph.order,
      renderedNodes: graph.filterNodes((node) => renderer.getNodeDisplayData(node) !== undefined).length,
      renders: window.__hydrascope.renders + 1,
    };
  });
  renderer.refresh();
  element('graph-note').textContent = response.truncated
    ? `Showing the ${response.returned.nodes} most connected of ${response.totals.nodes} nodes. Hover a node for details; scroll to zoom.`
    : `${response.totals.nodes} nodes, ${response.totals.edges} links. Hover a node for details; scroll to zoom.`;
}

async function selectCampaign(campaignId: string): Promise<void> {
  state.selected = campaignId;
  renderList();
  element('detail-panel').hidden = false;
  element('detail-title').textContent = `Campaign ${campaignId}`;
  element<HTMLAnchorElement>('browser-link').href = browserLink(campaignId);
  element('explanation').textContent = 'Loading…';
  const path = `api/v1/campaigns/${encodeURIComponent(campaignId)}`;
  try {
    const [detail, graph] = await Promise.all([(await api<CampaignDetail>(path)).json(), (await api<GraphResponse>(`${path}/graph?limit=${GRAPH_LIMIT}`)).json()]);
    if (state.selected !== campaignId) return;
    renderExplanation(detail);
    renderGraph(campaignId, graph);
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

// The API's one source of truth: zod schemas that validate every request parameter and describe
// every response, registered with zod-to-openapi so the OpenAPI document (openapi.ts) is
// generated from exactly what the routes enforce.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ACCOUNT_VERDICTS, ALERT_KINDS, AUTOMATIC_REASONS, CAMPAIGN_VERDICTS } from '../campaigns/apply-verdicts.js';
import { AGGREGATE_DEFAULTS } from '../campaigns/campaign-aggregate.js';
import { GRAPH_MEMBER_LIMIT } from '../campaigns/campaign-graph.js';
import { LINK_ENTITY_LIMIT, MAX_SHARED_BY, NEIGHBOURS_PER_ENTITY } from './account-link-limits.js';

extendZodWithOpenApi(z);

// ---- shared pieces ----------------------------------------------------------------------------

const printable = /^[^\s/\\][^/\\]*$/;
const identifier = (description: string) => z.string().min(1).max(200).regex(printable, 'must be a non-empty identifier without slashes').openapi({ description });
const cursor = z
  .string()
  .max(1024)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by this API')
  .optional()
  .openapi({ description: 'opaque cursor from the previous page (`nextCursor`)' });
const limit = (fallback: number, max: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .openapi({ description: `page size (1..${max}, default ${fallback})` });
const timestamp = z.string().nullable().openapi({ description: 'ISO 8601 UTC timestamp', example: '2025-01-31T12:00:00.000Z' });

export const CAMPAIGN_STATUSES = ['new', 'grew', 'shrank', 'stable', 'split', 'merged'] as const;
export const campaignStatus = z.enum(CAMPAIGN_STATUSES).openapi('CampaignStatus', { description: 'change of the campaign in the refresh that produced it' });
export const RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;

export const CAMPAIGN_SORTS = ['-score', 'score', '-size', 'size', '-last_activity', 'last_activity', '-first_activity', 'first_activity', 'id'] as const;
export type CampaignSort = (typeof CAMPAIGN_SORTS)[number];

// ---- problems ---------------------------------------------------------------------------------

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:hydrascope:problem:not-found' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    'invalid-params': z.array(z.object({ name: z.string(), in: z.enum(['path', 'query', 'header', 'body']), reason: z.string() })).optional(),
    runningRunId: z.string().nullable().optional(),
    retryAfterSeconds: z.number().int().optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

// ---- campaigns --------------------------------------------------------------------------------

export const campaignIdParams = z.strictObject({ id: identifier('campaign id (stable across refreshes)').openapi({ param: { name: 'id', in: 'path' } }) });

export const listCampaignsQuery = z
  .strictObject({
    minScore: z.coerce.number().min(0).max(1).optional().openapi({ description: 'only campaigns scoring at least this (0..1)' }),
    minSize: z.coerce.number().int().min(1).optional().openapi({ description: 'only campaigns with at least this many accounts' }),
    status: z
      .string()
      .regex(new RegExp(`^(${CAMPAIGN_STATUSES.join('|')})(,(${CAMPAIGN_STATUSES.join('|')}))*$`), `must be one or more of ${CAMPAIGN_STATUSES.join(', ')}, comma-separated`)
      .optional()
      .openapi({ description: 'comma-separated statuses, e.g. `new,grew`' }),
    activeSince: z.iso.datetime({ offset: true }).optional().openapi({ description: 'only campaigns with activity at or after this ISO 8601 timestamp' }),
    sort: z.enum(CAMPAIGN_SORTS).default('-score').openapi({ description: 'sort key; `-` for descending. Ties are broken by campaign id' }),
    limit: limit(50, 200),
    cursor,
  })
  .openapi({ description: 'campaign list filters' });

// ---- verdicts (shown on campaigns) -------------------------------------------------------------

export const campaignVerdictValue = z.enum(CAMPAIGN_VERDICTS).openapi('CampaignVerdictValue', { description: 'an analyst’s judgement of a campaign' });
export const accountVerdictValue = z.enum(ACCOUNT_VERDICTS).openapi('AccountVerdictValue', { description: 'an analyst’s judgement of one account in one campaign' });

export const currentVerdictSchema = z
  .object({
    verdict: campaignVerdictValue,
    by: z.string().openapi({ description: 'the API key’s name, or `hydrascope` for a verdict the refresh recorded' }),
    at: z.string().openapi({ description: 'ISO 8601 UTC timestamp' }),
    note: z.string(),
    automatic: z.boolean().openapi({ description: 'recorded by a refresh (reopened, inherited on a split, a merge sent back to review)' }),
  })
  .openapi('CurrentVerdict', { description: 'the campaign’s latest verdict; null when it has none' });

export const campaignSummarySchema = z
  .object({
    id: z.string(),
    score: z.number(),
    size: z.number().int(),
    status: campaignStatus,
    firstActivityAt: timestamp,
    lastActivityAt: timestamp,
    topSignals: z.array(z.string()),
    runId: z.string().openapi({ description: 'refresh run that produced this snapshot' }),
    firstSeenRunId: z.string().nullable(),
    verdict: currentVerdictSchema.nullable(),
    operationId: z.string().nullable().openapi({ description: 'the operation this campaign is part of (`GET /api/v1/operations/{id}`); null for a snapshot written before operations' }),
  })
  .openapi('CampaignSummary');

export const campaignListSchema = z
  .object({ items: z.array(campaignSummarySchema), total: z.number().int().openapi({ description: 'campaigns matching the filters' }), limit: z.number().int(), nextCursor: z.string().nullable() })
  .openapi('CampaignList');

export const signalSchema = z
  .object({
    name: z.string(),
    family: z.string().optional().openapi({ description: 'family of independent evidence; each family’s total is capped below the threshold (docs/scoring.md)' }),
    value: z.number().openapi({ description: 'what the members show' }),
    background: z.number().optional().openapi({ description: 'what random accounts of the same data show' }),
    surprise: z.number().optional().openapi({ description: '-log10 of the chance that a random group of this size shows the value (capped at 12)' }),
    strength: z.number(),
    weight: z.number(),
    contribution: z.number().openapi({ description: 'strength × weight: this signal’s share of the score (before the family cap)' }),
    description: z.string(),
    available: z.boolean().optional().openapi({ description: 'false when the data holds nothing this signal could measure (e.g. no payments loaded): it then adds nothing' }),
  })
  .openapi('Signal');

export const familySchema = z
  .object({
    family: z.string().openapi({ description: 'instruments, network, templates, timing or behaviour' }),
    cap: z.number().openapi({ description: 'the most this family may add to the score (every cap is below the threshold)' }),
    contribution: z.number().openapi({ description: 'what the family adds: the sum of its signals’ contributions, capped' }),
  })
  .openapi('SignalFamily');

export const evidenceSchema = z
  .object({
    kind: z.enum(['ip', 'network', 'payment', 'prompt']),
    key: z.string(),
    members: z.number().int().openapi({ description: 'campaign members on this entity' }),
    accounts: z.number().int().openapi({ description: 'all accounts on this entity' }),
    detail: z.string().nullable(),
  })
  .openapi('Evidence');

export const historyEntrySchema = z
  .object({
    runId: z.string(),
    at: z.string(),
    change: campaignStatus,
    size: z.number().int(),
    score: z.number(),
    related: z.array(z.string()).openapi({ description: 'campaigns this one split from or merged with' }),
  })
  .openapi('CampaignHistoryEntry');

export const campaignDetailSchema = campaignSummarySchema
  .extend({
    current: z.boolean().openapi({ description: 'false when the campaign is not in the latest refresh (e.g. merged into another): this is its last snapshot' }),
    threshold: z.number().nullable(),
    peripheralAccounts: z.number().int().nullable(),
    associatedAccounts: z.number().int().nullable().openapi({
      description:
        'accounts in the community only through busy shared entities: not reported, not counted in `size` (`GET …/accounts?role=associated`); null for a snapshot written before they were kept',
    }),
    unlinkedMembers: z.number().int().nullable().openapi({
      description:
        'members no community held (too loosely linked to be in one) that joined because they carry the operator’s own resources themselves (see each member’s ties); counted in `size`; null for a snapshot written before they were recruited',
    }),
    membersFromOtherGroups: z.number().int().nullable().openapi({
      description:
        'members of communities (or pieces of them) that were not reported, recruited because they carry the operator’s own resources themselves (see each member’s ties); counted in `size`; null for a snapshot written before they were recruited',
    }),
    origin: z.enum(['community', 'piece', 'template-set']).nullable().openapi({
      description:
        'what the scored group was: a linkage community, a piece divided from a community’s unreported accounts, or the senders of a template set (fingerprints the same accounts send together) that Louvain scattered over groups; null for a snapshot written before it was kept',
    }),
    families: z.array(familySchema).openapi({ description: 'each family of evidence with its cap and what it adds; the score is their sum (damped for a declared organisation)' }),
    signals: z.array(signalSchema).openapi({ description: 'every signal, strongest contribution first' }),
    evidence: z.array(evidenceSchema).openapi({ description: 'strongest shared payment methods, addresses, networks and prompt fingerprints' }),
    history: z.array(historyEntrySchema).openapi({ description: 'changes across refreshes, oldest first' }),
  })
  .openapi('CampaignDetail');

export const GRAPH_NODE_KINDS = ['account', 'ip', 'payment', 'prompt'] as const;
export const GRAPH_EDGE_TYPES = ['USED_IP', 'PAID_WITH', 'SENT_PROMPT'] as const;

export const GRAPH_VIEWS = ['full', 'aggregated'] as const;

export const campaignGraphQuery = z.strictObject({
  limit: limit(300, 2000).openapi({ description: 'most nodes returned, most important first (1..2000, default 300); the full view only' }),
  format: z.enum(['graphology', 'cytoscape']).default('graphology').openapi({ description: '`graphology` (serialized graph, graph.import()-ready) or `cytoscape` (elements)' }),
  view: z
    .enum(GRAPH_VIEWS)
    .default('full')
    .openapi({
      description:
        `\`full\` (default): member accounts and the entities they use; \`aggregated\`: the shared entities as hubs (at most ${AGGREGATE_DEFAULTS.hubLimit}) and the members grouped by the exact set of hubs they tie to ` +
        `(at most ${AGGREGATE_DEFAULTS.groupLimit} groups), each group expandable with \`GET …/graph/groups/{groupId}\``,
    }),
});

const graphNodeAttributes = z
  .object({
    kind: z.enum(GRAPH_NODE_KINDS),
    label: z.string(),
    weight: z.number().openapi({ description: 'importance: degree within the campaign subgraph, then events' }),
    degree: z.number().int(),
    events: z.number().int(),
    member: z.boolean().optional(),
    country: z.string().nullable().optional(),
    plan: z.string().nullable().optional(),
    network: z.string().nullable().optional(),
    paymentKind: z.string().nullable().optional(),
    intent: z.string().nullable().optional(),
  })
  .openapi('GraphNodeAttributes');

const graphEdgeAttributes = z
  .object({ type: z.enum(GRAPH_EDGE_TYPES), weight: z.number().openapi({ description: 'events on the relationship (1 for payment methods)' }) })
  .openapi('GraphEdgeAttributes');
const graphTotals = z.object({
  nodes: z.number().int(),
  edges: z.number().int(),
  members: z
    .number()
    .int()
    .optional()
    .openapi({ description: `member accounts of the whole campaign; nodes and edges count the subgraph of its most active members (at most ${GRAPH_MEMBER_LIMIT})` }),
});
const graphEnvelope = {
  campaignId: z.string(),
  totals: graphTotals.openapi({ description: 'size of the whole campaign subgraph' }),
  returned: graphTotals,
  truncated: z.boolean(),
  limit: z.number().int(),
};

export const graphologyGraphSchema = z
  .object({
    format: z.literal('graphology'),
    ...graphEnvelope,
    graph: z
      .object({
        attributes: z.object({ name: z.string(), campaignId: z.string() }),
        options: z.object({ type: z.literal('directed'), multi: z.literal(false), allowSelfLoops: z.literal(false) }),
        nodes: z.array(z.object({ key: z.string(), attributes: graphNodeAttributes })),
        edges: z.array(z.object({ key: z.string(), source: z.string(), target: z.string(), attributes: graphEdgeAttributes })),
      })
      .openapi({ description: 'graphology SerializedGraph: pass to Graph.from() / graph.import()' }),
  })
  .openapi('CampaignGraphGraphology');

export const cytoscapeGraphSchema = z
  .object({
    format: z.literal('cytoscape'),
    ...graphEnvelope,
    elements: z.object({
      nodes: z.array(z.object({ data: graphNodeAttributes.extend({ id: z.string() }) })),
      edges: z.array(z.object({ data: graphEdgeAttributes.extend({ id: z.string(), source: z.string(), target: z.string() }) })),
    }),
  })
  .openapi('CampaignGraphCytoscape');

// ---- the aggregated view (src/campaigns/campaign-aggregate.ts) ----------------------------------

const aggregatedNodeAttributes = z
  .object({
    kind: z.enum(['group', 'ip', 'payment', 'prompt']).openapi({ description: '`group`: member accounts tying to the same hubs; otherwise a shared entity (hub)' }),
    label: z.string(),
    weight: z.number().openapi({ description: 'size to draw: accounts in the group, or members tied to the hub' }),
    members: z.number().int().openapi({ description: 'a group: its accounts; a hub: the campaign’s members tied to it' }),
    accountsInAll: z.number().int().optional().openapi({ description: 'a hub: accounts tied to it in all, members or not' }),
    groupId: z.string().optional().openapi({ description: 'a group: its id for `GET …/graph/groups/{groupId}`' }),
    keyHubs: z.array(z.string()).optional().openapi({ description: 'a group: the hubs (node keys) every one of its accounts ties to; no account of it ties to another grouping hub' }),
    expandable: z.boolean().optional(),
    network: z.string().nullable().optional(),
    paymentKind: z.string().nullable().optional(),
    intent: z.string().nullable().optional(),
  })
  .openapi('AggregatedNodeAttributes');
const aggregatedEdgeAttributes = z
  .object({
    type: z.enum(GRAPH_EDGE_TYPES),
    weight: z.number().openapi({ description: 'accounts of the group tied to the hub' }),
    accounts: z.number().int().openapi({ description: 'accounts of the group tied to the hub' }),
    all: z.boolean().openapi({ description: 'every account of the group is tied to the hub' }),
  })
  .openapi('AggregatedEdgeAttributes');
const aggregatedEnvelope = {
  campaignId: z.string(),
  view: z.literal('aggregated'),
  totals: z
    .object({
      members: z.number().int().openapi({ description: 'member accounts; the groups’ sizes sum to it' }),
      hubs: z.number().int().openapi({ description: 'entities two or more members share (the campaign’s shared evidence)' }),
      groups: z.number().int(),
    })
    .openapi({ description: 'the whole campaign' }),
  returned: z.object({ nodes: z.number().int(), edges: z.number().int(), hubs: z.number().int(), groups: z.number().int() }),
  truncated: z.boolean().openapi({ description: 'fewer hubs drawn than the campaign shares' }),
  hubsOutsideKeys: z.number().int().openapi({ description: 'drawn hubs left out of the grouping so the groups stay few; their edges carry partial counts (`all: false`)' }),
};

export const aggregatedGraphologySchema = z
  .object({
    format: z.literal('graphology'),
    ...aggregatedEnvelope,
    graph: z.object({
      attributes: z.object({ name: z.string(), campaignId: z.string() }),
      options: z.object({ type: z.literal('directed'), multi: z.literal(false), allowSelfLoops: z.literal(false) }),
      nodes: z.array(z.object({ key: z.string(), attributes: aggregatedNodeAttributes })),
      edges: z.array(z.object({ key: z.string(), source: z.string(), target: z.string(), attributes: aggregatedEdgeAttributes })),
    }),
  })
  .openapi('AggregatedCampaignGraphGraphology');

export const aggregatedCytoscapeSchema = z
  .object({
    format: z.literal('cytoscape'),
    ...aggregatedEnvelope,
    elements: z.object({
      nodes: z.array(z.object({ data: aggregatedNodeAttributes.extend({ id: z.string() }) })),
      edges: z.array(z.object({ data: aggregatedEdgeAttributes.extend({ id: z.string(), source: z.string(), target: z.string() }) })),
    }),
  })
  .openapi('AggregatedCampaignGraphCytoscape');

export const campaignGraphSchema = z.union([graphologyGraphSchema, cytoscapeGraphSchema, aggregatedGraphologySchema, aggregatedCytoscapeSchema]).openapi('CampaignGraph');

export const campaignGroupParams = z.strictObject({
  id: identifier('campaign id (stable across refreshes)').openapi({ param: { name: 'id', in: 'path' } }),
  groupId: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'must be a group id from the aggregated graph')
    .openapi({ param: { name: 'groupId', in: 'path' }, description: 'a group node’s `groupId` in the aggregated graph (the same grouping hubs keep the same id)' }),
});

export const campaignGroupQuery = z.strictObject({ limit: limit(100, 2000), cursor });

export const campaignGroupAccountsSchema = z
  .object({
    campaignId: z.string(),
    groupId: z.string(),
    keyHubs: z.array(z.string()).openapi({ description: 'the hubs (node keys of the aggregated graph) every account of the group ties to' }),
    total: z.number().int().openapi({ description: 'accounts in the group' }),
    limit: z.number().int(),
    items: z
      .array(
        z.object({
          accountId: z.string(),
          eventCount: z.number().int(),
          country: z.string().nullable(),
          plan: z.string().nullable(),
          hubs: z.array(z.string()).openapi({ description: 'node keys of the drawn hubs the account ties to (edges to draw)' }),
        }),
      )
      .openapi({ description: 'most active first, ties by account id' }),
    nextCursor: z.string().nullable(),
  })
  .openapi('CampaignGroupAccounts');

export const CAMPAIGN_ACCOUNT_ROLES = ['member', 'associated'] as const;
export type CampaignAccountRole = (typeof CAMPAIGN_ACCOUNT_ROLES)[number];

export const campaignMembersQuery = z.strictObject({
  limit: limit(100, 1000),
  cursor,
  format: z.enum(['json', 'csv']).optional().openapi({ description: '`csv` streams every account of the role (same as `Accept: text/csv`); limit and cursor are then ignored' }),
  role: z
    .enum(CAMPAIGN_ACCOUNT_ROLES)
    .default('member')
    .openapi({ description: '`member` (default): the reported members; `associated`: accounts in the campaign’s community only through busy shared entities (not reported)' }),
});

export const memberSchema = z
  .object({
    accountId: z.string(),
    membershipScore: z.number().nullable().openapi({ description: 'the account’s own score: the campaign’s score times the share of its evidence this account carries itself' }),
    ties: z.array(z.string()).openapi({ description: 'what binds it to the campaign: `payment:<key>`, `ip:<key>`, `prompt:<key>`, `burst` (in the sign-up burst)' }),
    createdAt: timestamp,
    emailDomain: z.string().nullable(),
    country: z.string().nullable(),
    plan: z.string().nullable(),
    orgId: z.string().nullable(),
    eventCount: z.number().int().nullable(),
    firstEventAt: timestamp,
    lastEventAt: timestamp,
  })
  .openapi('CampaignMember');

export const memberListSchema = z
  .object({
    campaignId: z.string(),
    role: z.enum(CAMPAIGN_ACCOUNT_ROLES),
    total: z.number().int().openapi({ description: 'accounts of this role in the campaign' }),
    limit: z.number().int(),
    items: z.array(memberSchema).openapi({ description: 'highest own score first, ties by account id' }),
    nextCursor: z.string().nullable(),
  })
  .openapi('CampaignMemberList');

export const MEMBER_CSV_COLUMNS = ['account_id', 'membership_score', 'created_at', 'email_domain', 'country', 'plan', 'org_id', 'event_count', 'first_event_at', 'last_event_at'] as const;

// ---- operations (groups of campaigns) ---------------------------------------------------------

export const operationIdParams = z.strictObject({ id: identifier('operation id (kept across refreshes while most of its campaigns are)').openapi({ param: { name: 'id', in: 'path' } }) });
export const listOperationsQuery = z.strictObject({ limit: limit(50, 200), cursor });

export const operationSummarySchema = z
  .object({
    id: z.string(),
    runId: z.string().openapi({ description: 'refresh run that grouped it' }),
    campaigns: z.array(z.string()).openapi({ description: 'ids of its campaigns, highest score first' }),
    campaignCount: z.number().int(),
    accounts: z.number().int().openapi({ description: 'reported members of its campaigns' }),
    ties: z.array(z.string()).openapi({ description: 'what ties its campaigns: `prompt:<key>`, `payment:<key>`, `issuer:<bin>`, `ip:<key>` (at most ten; empty for a single campaign)' }),
    highestScore: z.number().openapi({ description: 'the highest score of its campaigns' }),
  })
  .openapi('OperationSummary', { description: 'reported campaigns that share what only an operator shares (docs/scoring.md)' });

export const operationListSchema = z
  .object({ items: z.array(operationSummarySchema), total: z.number().int().openapi({ description: 'current operations' }), limit: z.number().int(), nextCursor: z.string().nullable() })
  .openapi('OperationList');

export const operationDetailSchema = operationSummarySchema
  .extend({
    current: z.boolean().openapi({ description: 'false when the operation is not in the latest refresh: this is its last kept grouping' }),
    campaignSummaries: z.array(campaignSummarySchema).openapi({ description: 'its campaigns, highest score first' }),
  })
  .openapi('OperationDetail');

// ---- accounts ---------------------------------------------------------------------------------

export const accountIdParams = z.strictObject({ id: identifier('account id').openapi({ param: { name: 'id', in: 'path' } }) });
export const accountQuery = z.strictObject({ links: z.coerce.number().int().min(0).max(100).default(20).openapi({ description: 'strongest links returned (0..100, default 20)' }) });

export const linkEvidenceSchema = z
  .object({ kind: z.enum(['ip', 'payment', 'prompt']), key: z.string(), label: z.string(), sharedBy: z.number().int().openapi({ description: 'accounts using this entity in total' }) })
  .openapi('LinkEvidence');

export const accountLinkSchema = z
  .object({
    accountId: z.string(),
    strength: z.number().openapi({
      description: `sum over shared entities of kind weight / log2(1 + accounts sharing it): rare shared things weigh more. Bounded: entities of more than ${MAX_SHARED_BY} accounts are skipped, only the ${LINK_ENTITY_LIMIT} rarest shared entities are followed, and on an entity of more than ${NEIGHBOURS_PER_ENTITY} accounts only its ${NEIGHBOURS_PER_ENTITY} heaviest users`,
    }),
    campaignId: z.string().nullable(),
    shared: z.object({ ip: z.number().int(), payment: z.number().int(), prompt: z.number().int() }),
    evidence: z.array(linkEvidenceSchema).openapi({ description: 'the strongest shared entities (at most 5)' }),
  })
  .openapi('AccountLink');

export const accountDetailSchema = z
  .object({
    accountId: z.string(),
    createdAt: timestamp,
    emailDomain: z.string().nullable(),
    country: z.string().nullable(),
    plan: z.string().nullable(),
    orgId: z.string().nullable(),
    campaign: z.object({ id: z.string(), score: z.number(), size: z.number().int(), status: campaignStatus, membershipScore: z.number().nullable() }).nullable(),
    activity: z.object({
      eventCount: z.number().int(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
      firstEventAt: timestamp,
      lastEventAt: timestamp,
      activeDays: z.number().int(),
      extractionEvents: z.number().int(),
      hourHistogram: z.array(z.number().int()).openapi({ description: 'events per UTC hour of day (24 values)' }),
      ipAddresses: z.number().int(),
      paymentMethods: z.number().int(),
      promptFingerprints: z.number().int(),
    }),
    links: z.array(accountLinkSchema).openapi({ description: 'strongest links to other accounts, strongest first' }),
  })
  .openapi('AccountDetail');

// ---- verdicts and alerts ----------------------------------------------------------------------

const note = z.string().trim().min(1, 'must say why').max(2000).openapi({ description: 'why (1..2000 characters); kept in the history' });

export const campaignVerdictBody = z.strictObject({ verdict: campaignVerdictValue, note }).openapi('CampaignVerdictRequest');
export const accountVerdictBody = z
  .strictObject({ campaign_id: identifier('the campaign the verdict is about'), verdict: accountVerdictValue, note })
  .openapi('AccountVerdictRequest', { description: '`not_involved` leaves the account out of the campaign from the next refresh on; `confirmed` takes it back' });

export const verdictEntrySchema = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    accountId: z.string().nullable().openapi({ description: 'set for a verdict on one account in the campaign' }),
    verdict: z.union([campaignVerdictValue, accountVerdictValue]),
    note: z.string(),
    by: z.string().openapi({ description: 'the API key’s name, or `hydrascope` for a verdict the refresh recorded' }),
    at: z.string().openapi({ description: 'ISO 8601 UTC timestamp' }),
    automatic: z.boolean(),
    reason: z.enum(AUTOMATIC_REASONS).nullable().openapi({ description: 'why the refresh recorded it (automatic verdicts only)' }),
    runId: z.string().nullable().openapi({ description: 'the refresh that recorded it (automatic verdicts only)' }),
    sizeAtVerdict: z.number().int().nullable().openapi({ description: 'campaign size when given: growth that reopens a dismissed campaign is measured from it' }),
  })
  .openapi('VerdictEntry');

export const verdictRecordedSchema = verdictEntrySchema.extend({ clearedAlerts: z.number().int().openapi({ description: 'open alerts this verdict cleared' }) }).openapi('VerdictRecorded');

export const campaignVerdictsQuery = z.strictObject({ limit: limit(50, 200), cursor });
export const verdictHistorySchema = z
  .object({
    campaignId: z.string(),
    current: currentVerdictSchema.nullable(),
    items: z.array(verdictEntrySchema).openapi({ description: 'campaign and account verdicts, newest first' }),
    limit: z.number().int(),
    nextCursor: z.string().nullable(),
  })
  .openapi('VerdictHistory');

export const alertKind = z.enum(ALERT_KINDS).openapi('AlertKind');
export const ALERT_STATES = ['open', 'cleared', 'all'] as const;
export const listAlertsQuery = z.strictObject({
  kind: z
    .string()
    .regex(new RegExp(`^(${ALERT_KINDS.join('|')})(,(${ALERT_KINDS.join('|')}))*$`), `must be one or more of ${ALERT_KINDS.join(', ')}, comma-separated`)
    .optional()
    .openapi({ description: 'comma-separated kinds, e.g. `campaign_reopened,new_member_of_confirmed_campaign`' }),
  state: z.enum(ALERT_STATES).default('open').openapi({ description: '`open` (default): no verdict on the campaign since the alert was raised; `cleared`; `all`' }),
  campaignId: identifier('only alerts about this campaign').optional(),
  limit: limit(50, 200),
  cursor,
});

export const alertSchema = z
  .object({
    id: z.string(),
    kind: alertKind,
    campaignId: z.string(),
    accountId: z.string().nullable().openapi({ description: 'the new member (new_member_of_confirmed_campaign)' }),
    runId: z.string().openapi({ description: 'the refresh that raised it' }),
    createdAt: z.string().openapi({ description: 'ISO 8601 UTC timestamp' }),
    detail: z.string(),
    size: z.number().int().openapi({ description: 'campaign size in that refresh' }),
    previousSize: z.number().int().nullable(),
    state: z.enum(['open', 'cleared']),
    clearedAt: timestamp,
    clearedByVerdictId: z.string().nullable(),
  })
  .openapi('Alert');

export const alertListSchema = z
  .object({ items: z.array(alertSchema), total: z.number().int().openapi({ description: 'alerts matching the filters' }), limit: z.number().int(), nextCursor: z.string().nullable() })
  .openapi('AlertList');

// ---- refresh runs -----------------------------------------------------------------------------

export const runIdParams = z.strictObject({ id: identifier('refresh run id').openapi({ param: { name: 'id', in: 'path' } }) });
export const listRunsQuery = z.strictObject({ limit: limit(20, 100), cursor, status: z.enum(RUN_STATUSES).optional() });
export const startRunBody = z
  .strictObject({
    resolution: z.number().positive().max(100).optional().openapi({ description: 'Louvain resolution (default 1)' }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional()
      .openapi({ description: 'seed (default 42)' }),
  })
  .openapi('StartRefresh');

const jsonRecord = z.record(z.string(), z.unknown());

export const runSchema = z
  .object({
    id: z.string().openapi({ description: 'the run id (campaigns and operations also name theirs `id`)' }),
    runId: z.string().openapi({ deprecated: true, description: 'deprecated: the same as `id`, kept for existing dashboards' }),
    status: z.enum(RUN_STATUSES),
    requestedBy: z.string().nullable(),
    startedAt: timestamp,
    finishedAt: timestamp,
    durationMs: z.number().int().nullable(),
    parameters: jsonRecord.nullable(),
    timings: jsonRecord.nullable(),
    counts: jsonRecord.nullable(),
    modularity: z.number().nullable(),
    communities: z.number().int().nullable(),
    campaigns: z.number().int().nullable(),
    accounts: z.number().int().nullable(),
    edges: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .openapi('RefreshRun');

export const runDetailSchema = runSchema.extend({ louvain: jsonRecord.nullable(), watermark: z.object({ lastEventAt: timestamp, batches: z.array(z.string()) }) }).openapi('RefreshRunDetail');
export const runListSchema = z.object({ items: z.array(runSchema), limit: z.number().int(), nextCursor: z.string().nullable() }).openapi('RefreshRunList');
export const runAcceptedSchema = z.object({ runId: z.string(), status: z.literal('running'), location: z.string() }).openapi('RefreshAccepted');

// ---- operations -------------------------------------------------------------------------------

export const healthSchema = z.object({ status: z.literal('ok'), time: z.string() }).openapi('Health');
export const refreshScheduleSchema = z
  .object({ cron: z.string(), timezone: z.string().nullable(), running: z.boolean(), nextRunAt: z.string().nullable(), skippedWhileBusy: z.number().int() })
  .openapi('RefreshSchedule', { description: 'The built-in refresh scheduler of this API process (serve --refresh-cron), or null when it has none.' });

export const readinessSchema = z
  .object({ status: z.literal('ready'), neo4j: z.object({ reachable: z.literal(true), schemaPresent: z.literal(true) }), refreshSchedule: refreshScheduleSchema.nullable() })
  .openapi('Readiness');
export const emptyQuery = z.strictObject({});

export type CampaignSummary = z.infer<typeof campaignSummarySchema>;
export type CampaignList = z.infer<typeof campaignListSchema>;
export type Signal = z.infer<typeof signalSchema>;
export type MemberList = z.infer<typeof memberListSchema>;
export type VerdictHistory = z.infer<typeof verdictHistorySchema>;
export type AlertList = z.infer<typeof alertListSchema>;
export type CampaignDetail = z.infer<typeof campaignDetailSchema>;
export type CampaignGraph = z.infer<typeof campaignGraphSchema>;
export type CampaignGroupAccounts = z.infer<typeof campaignGroupAccountsSchema>;
export type Member = z.infer<typeof memberSchema>;
export type AccountDetail = z.infer<typeof accountDetailSchema>;
export type SignalFamily = z.infer<typeof familySchema>;
export type OperationSummary = z.infer<typeof operationSummarySchema>;
export type OperationDetail = z.infer<typeof operationDetailSchema>;
export type AccountLink = z.infer<typeof accountLinkSchema>;
export type Run = z.infer<typeof runSchema>;
export type CurrentVerdict = z.infer<typeof currentVerdictSchema>;
export type VerdictEntry = z.infer<typeof verdictEntrySchema>;
export type VerdictRecorded = z.infer<typeof verdictRecordedSchema>;
export type Alert = z.infer<typeof alertSchema>;
export type RunDetail = z.infer<typeof runDetailSchema>;

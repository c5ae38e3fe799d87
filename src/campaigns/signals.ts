// The scoring signals, declared once: each with its family, weight, what it measures and which
// data it needs. The README's and docs/scoring.md's signal tables are generated from this list
// (scripts/signal-table.mjs), so they cannot drift from the code.
//
// Signals are grouped in families of independent evidence. A family's contribution is capped,
// and every cap is below the campaign threshold (0.4): no family alone, however strong, makes a
// campaign. The caps are set so that a group needs its own templates plus one more family, or
// three of the other four: a carrier NAT, a VPN, a family's card and home, a sign-up cohort or a
// popular template is strong in one or two families, a coordinated operation in several.
import type { EntityKind } from '../linkage/linkage-data.js';

export const SIGNAL_FAMILIES = {
  instruments: { cap: 0.2, description: 'payment instruments and issuers' },
  network: { cap: 0.18, description: 'client addresses' },
  templates: { cap: 0.3, description: 'prompt templates and their wording' },
  timing: { cap: 0.18, description: 'when accounts were created and active' },
  behaviour: { cap: 0.14, description: 'how members use the API' },
} as const;

export type SignalFamily = keyof typeof SIGNAL_FAMILIES;

/** How a signal is measured against the background (docs/scoring.md explains both). */
export type Measurement = 'excess-share' | 'mean-shift' | 'exclusivity' | 'fan-out';

export interface SignalDeclaration {
  family: SignalFamily;
  weight: number;
  measurement: Measurement;
  /** The entity kind the signal needs in the data; null when account facts suffice. */
  needs: EntityKind | null;
  description: string;
}

export const SIGNALS = {
  instrument_fan_out: {
    family: 'instruments',
    weight: 0.18,
    measurement: 'fan-out',
    needs: 'payment',
    description: 'members paying with an instrument that pays for other members too, weighed by how rare an instrument with that many accounts is in this data',
  },
  issuer_concentration: {
    family: 'instruments',
    weight: 0.12,
    measurement: 'excess-share',
    needs: 'payment',
    description: 'members whose card comes from one issuer (BIN), against that issuer’s share of all accounts',
  },
  shared_rare_addresses: {
    family: 'network',
    weight: 0.16,
    measurement: 'excess-share',
    needs: 'ip',
    description: 'members sharing at least two rarely used addresses with other members, against the share of all accounts that share two such addresses with anyone',
  },
  held_addresses: {
    family: 'network',
    weight: 0.16,
    measurement: 'excess-share',
    needs: 'ip',
    description:
      'members on rarely used addresses the group holds (80% of their users are members; three such addresses at least), against the chance that a random group’s member shares a rarely used address with anyone and its co-users are in the group too',
  },
  address_rotation: {
    family: 'network',
    weight: 0.1,
    measurement: 'mean-shift',
    needs: 'ip',
    description: 'how many distinct addresses members use (log scale), against all accounts',
  },
  template_exclusivity: {
    family: 'templates',
    weight: 0.3,
    measurement: 'exclusivity',
    needs: 'prompt',
    description: 'share of the members’ prompt traffic on fingerprints used mostly by members, against random groups of the same size',
  },
  template_monotony: {
    family: 'templates',
    weight: 0.08,
    measurement: 'mean-shift',
    needs: 'prompt',
    description: 'share of each member’s prompts on its single most used fingerprint, against all accounts',
  },
  extraction_prompts: {
    family: 'templates',
    weight: 0.1,
    measurement: 'mean-shift',
    needs: 'prompt',
    description: 'share of events whose prompts match the extraction phrase rules (agent transcripts, reasoning traces, hidden chain of thought, rewrites), against all accounts',
  },
  creation_burst: {
    family: 'timing',
    weight: 0.08,
    measurement: 'excess-share',
    needs: null,
    description:
      'members created in the group’s sign-up waves (its densest 48-hour window, and up to two more when each is unusual on its own), against the share of the other accounts created in those windows',
  },
  fresh_accounts: {
    family: 'timing',
    weight: 0.05,
    measurement: 'excess-share',
    needs: null,
    description: 'members whose first request came within two days of sign-up, against all accounts',
  },
  lockstep_activity: {
    family: 'timing',
    weight: 0.1,
    measurement: 'mean-shift',
    needs: null,
    description: 'overlap of members’ active days (Jaccard, sampled pairs), against random pairs of accounts',
  },
  output_token_share: {
    family: 'behaviour',
    weight: 0.08,
    measurement: 'mean-shift',
    needs: null,
    description: 'share of output tokens per member, against all accounts',
  },
  behaviour_uniformity: {
    family: 'behaviour',
    weight: 0.08,
    measurement: 'mean-shift',
    needs: null,
    description: 'how alike members’ hours of activity are (cosine, sampled pairs), against random pairs of accounts',
  },
} as const satisfies Record<string, SignalDeclaration>;

export type SignalName = keyof typeof SIGNALS;
export const SIGNAL_NAMES = Object.keys(SIGNALS) as SignalName[];

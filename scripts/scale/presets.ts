/** Dataset sizes. county is the "county" (≈ one county bureau's two years); province ≈ 10×. */
export interface Preset {
  name: string;
  sites: number;
  /** Inspections over all inspected sites (sites of a kind that has a checklist). */
  inspections: number;
  /** Findings per submitted inspection are drawn uniformly from 0..2×this (mean ≈ this). */
  findingsPerInspection: number;
  disputes: number;
  disinfectionEntries: number;
  inspectors: number;
  /** Each team has five inspectors from at least two agencies. */
  teams: number;
  /** History the inspections spread over, in days before the anchor. */
  historyDays: number;
}

export const PRESETS: Record<string, Preset> = {
  tiny: { name: 'tiny', sites: 60, inspections: 600, findingsPerInspection: 3, disputes: 60, disinfectionEntries: 6_000, inspectors: 20, teams: 4, historyDays: 365 },
  county: { name: 'county', sites: 2_000, inspections: 50_000, findingsPerInspection: 3, disputes: 20_000, disinfectionEntries: 1_000_000, inspectors: 200, teams: 40, historyDays: 730 },
  province: { name: 'province', sites: 20_000, inspections: 500_000, findingsPerInspection: 3, disputes: 200_000, disinfectionEntries: 10_000_000, inspectors: 2_000, teams: 400, historyDays: 730 },
};

/** Every seeded account has this password (the bench signs in with it). */
export const SCALE_PASSWORD = 'scale-password-1';
/** Accounts the bench uses. */
export const SCALE_USERS = { command: 'scale-command', inspector: 'scale-inspector-00001', admin: 'scale-admin', reviewer: 'scale-reviewer' };
/** Marks a database that holds scale data (the agency with this code exists). */
export const SCALE_MARKER = 'SCALE-PSB';
/** A 40-item hotel checklist the filing benchmark answers. */
export const BENCH_CHECKLIST = 'SCALE-HOTEL-40';

/**
 * Seals committed audit events into the hash chain. `kick()` is called after every commit that
 * wrote audit events; the sealing itself runs in the background, one batch at a time
 * (implementation: makeAuditSealer in audit-chain.ts).
 */
export interface AuditSealer {
  kick(): void;
  /** Seals everything committed so far; resolves when done. */
  sealNow(): Promise<number>;
  /** Where this process's sweeps start: every event id at or below it is sealed or will never commit. */
  sweepFloor(): string;
  /** Stops background sealing after one last pass over what is pending. */
  stop(): Promise<void>;
}

declare module '../../common/services' {
  interface Services {
    sealer: AuditSealer;
  }
}

/**
 * Seals committed audit events into the hash chain. `kick()` is called after every commit that
 * wrote audit events; the sealing itself runs in the background, one batch at a time.
 * (Placeholder until the chain is implemented: see audit-chain.ts.)
 */
export interface AuditSealer {
  kick(): void;
  /** Seals everything committed so far; resolves when done. */
  sealNow(): Promise<number>;
  stop(): Promise<void>;
}

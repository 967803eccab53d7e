import type { Ctx } from '../../context';

/*
 * What the finding module needs from the inspection module, which depends on it (filing an
 * inspection raises findings): verifying a finding may close its inspection. createServer supplies
 * it (inspection-support's closeIfSettled), so no finding file imports inspection code.
 */
declare module '../../common/services' {
  interface Services {
    /** CLOSED once submitted and every finding is settled; a no-op otherwise. */
    closeInspectionIfSettled(tx: Ctx, inspectionId: string): Promise<void>;
  }
}

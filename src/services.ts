import type { AuditSealer } from './modules/audit/audit-sealer';
import type { TokenService } from './modules/account/token.service';

/** Long-lived collaborators built once in createServer and handed to every request's ctx. */
export interface Services {
  tokens: TokenService;
  sealer: AuditSealer;
}

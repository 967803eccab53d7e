import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Sign-in attempts counted per key (`pair:<name>|<ip>`, `addr:<ip>`, `user:<name>`; see THROTTLE
 * in auth.service.ts), whether or not the account exists, so the throttle itself never tells an
 * attacker which usernames are real. `ok:<name>|<ip>` rows (failures 0) remember where an
 * account last signed in successfully (`windowStartedAt`): addresses the account-wide limit spares.
 */
@Entity()
export class LoginThrottle {
  @PrimaryColumn('text')
  key: string;

  @Column('integer', { default: 0 })
  failures: number;

  @Column('timestamptz')
  windowStartedAt: Date;

  @Column('timestamptz', { nullable: true })
  lockedUntil: Date | null;
}

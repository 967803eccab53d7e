import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins counted per key (`user:<name>` and `addr:<ip>`), whether or not the account
 * exists, so the throttle itself never tells an attacker which usernames are real.
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

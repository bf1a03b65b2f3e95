/**
 * What an optimistic effect (mutationEffects.ts, billingEffects.ts) is given and answers:
 * its own module so the billing effects need not import the module that combines them.
 */
import type { LifecycleSettings } from '../../shared/domain/model';
import type { CacheWriter } from '../cache/cacheDatabase';

export interface EffectContext {
  w: CacheWriter;
  userId: number;
  /** When the mutation was made (its outbox time), so a re-applied effect shows the same times. */
  now: number;
  settings: LifecycleSettings;
}

export type EffectOutcome = { ok: true } | { ok: false; code: string; reason: string };

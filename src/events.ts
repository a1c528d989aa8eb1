import type { MethodType } from './enrolments/records.js';
import type { OrganisationSettings } from './organisations/settings.js';

/** Every event carries who, when, from where and how — never a code or a secret. */
export interface TwoStepEventBase {
  userId: string;
  /** Epoch milliseconds, from the injected clock. */
  at: number;
  /** `req.ip` when the event came from a request. */
  ip?: string;
  /** With `lang: 'auto'`, the language the request chose (the security email about it is written in it, after the user's own). */
  lang?: string;
  method?: MethodType | 'recovery' | 'device' | 'ip';
  outcome: 'success' | 'failure' | 'info';
}

/** An action an administrator took on a user: `by` is the administrator's id (`users.id`), when one is known. */
export interface AdminActionEvent {
  by?: string;
}

export interface TwoStepEvents {
  'challenge.issued': TwoStepEventBase;
  verified: TwoStepEventBase & { amr: string[] };
  /** A signed-in user confirmed it is them again before a sensitive change; `method` is absent for a password. */
  reverified: TwoStepEventBase;
  failed: TwoStepEventBase & { attemptsLeft: number };
  locked: TwoStepEventBase & { lockedUntil: number };
  unlocked: TwoStepEventBase & AdminActionEvent;
  'method.added': TwoStepEventBase & { methodId: string };
  'method.removed': TwoStepEventBase & { methodId: string };
  enabled: TwoStepEventBase;
  disabled: TwoStepEventBase;
  /** A recovery code signed the user in; `remaining` codes are left. */
  'recovery.used': TwoStepEventBase & { remaining: number };
  'recovery.regenerated': TwoStepEventBase & { count: number };
  'device.trusted': TwoStepEventBase & { deviceId: string };
  /** One device (`deviceId`) or all of them (`count`). */
  'device.revoked': TwoStepEventBase & AdminActionEvent & { deviceId?: string; count: number };
  /** Every earlier session of the user was signed out (`revokeSessions`); `keptCurrent` when the one asking stays. */
  'sessions.revoked': TwoStepEventBase & AdminActionEvent & { reason: string; keptCurrent: boolean };
  /** An administrator reset the user's 2FA. */
  'admin.reset': TwoStepEventBase & AdminActionEvent & { requireSetup: boolean };
  /**
   * `users.twoFactorEnabled(user)` says the user has 2FA, but the enrolment store has no
   * record: enrolment data was lost. The sign-in was refused; an administrator should look.
   */
  'enrolment.missing': TwoStepEventBase;
  /**
   * New-sign-in alerts (`notifications.newSignIn`): a verified sign-in from a device with no
   * trusted-device cookie and a network (/24, /48) not seen for the user lately. `method` is how
   * the user verified; `userAgent` the browser's own words (the email names it from them).
   */
  'signin.new': TwoStepEventBase & { userAgent?: string };
  /** An administrator (`userId`) changed an organisation's settings; `version` is the new one. */
  'settings.changed': TwoStepEventBase & { orgId: string; version: number; before: OrganisationSettings | null; after: OrganisationSettings };
}

export type TwoStepEventName = keyof TwoStepEvents;
type Listener<K extends TwoStepEventName> = (event: TwoStepEvents[K]) => void | Promise<void>;

export interface EventBus {
  on<K extends TwoStepEventName>(name: K, listener: Listener<K>): () => void;
  emit<K extends TwoStepEventName>(name: K, event: TwoStepEvents[K]): void;
}

/**
 * A listener that throws (or rejects) must never break a sign-in: audit logging is the
 * app's business, verification is ours. Failures are reported through `onListenerError`.
 */
export function createEventBus(onListenerError: (error: unknown, name: string) => void): EventBus {
  const listeners = new Map<TwoStepEventName, Set<Listener<any>>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(name, event) {
      const set = listeners.get(name);
      if (!set) return;
      const frozen = Object.freeze({ ...event });
      for (const listener of set) {
        try {
          const result = listener(frozen);
          if (result && typeof (result as Promise<void>).catch === 'function') {
            (result as Promise<void>).catch((error) => onListenerError(error, name));
          }
        } catch (error) {
          onListenerError(error, name);
        }
      }
    },
  };
}

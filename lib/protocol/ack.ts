import type { DomainError } from '../domain/errors';

/** Every acknowledgement: ok with a result, or a typed error (SPEC CMD1). */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: DomainError };
export type AckFn<T extends object = object> = (res: Ack<T>) => void;

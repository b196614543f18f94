import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserStorage, readLocal, writeLocal } from './local-store';

afterEach(() => {
  vi.unstubAllGlobals();
});

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

const throwing = {
  getItem: (): string | null => {
    throw new Error('SecurityError');
  },
  setItem: (): void => {
    throw new Error('QuotaExceededError');
  },
};

describe("this browser's localStorage, without throwing", () => {
  it('keeps a value and reads it back; a key never written is null', () => {
    const store = memory();
    expect(readLocal('portline.test', store)).toBeNull();
    expect(writeLocal('portline.test', 'on', store)).toBe(true);
    expect(store.m.get('portline.test')).toBe('on');
    expect(readLocal('portline.test', store)).toBe('on');
  });

  it('a storage that throws (refused, full) reads null and keeps nothing, and does not throw', () => {
    expect(() => readLocal('portline.test', throwing)).not.toThrow();
    expect(readLocal('portline.test', throwing)).toBeNull();
    expect(() => writeLocal('portline.test', 'on', throwing)).not.toThrow();
    expect(writeLocal('portline.test', 'on', throwing)).toBe(false);
  });

  it('no storage (a server render) reads null and keeps nothing', () => {
    expect(browserStorage()).toBeNull();
    expect(readLocal('portline.test')).toBeNull();
    expect(writeLocal('portline.test', 'on')).toBe(false);
    expect(readLocal('portline.test', null)).toBeNull();
    expect(writeLocal('portline.test', 'on', null)).toBe(false);
  });

  it("a browser where even asking for localStorage throws (storage turned off) is no storage", () => {
    vi.stubGlobal('window', {
      get localStorage(): Storage {
        throw new Error('SecurityError');
      },
    });
    expect(browserStorage()).toBeNull();
    expect(readLocal('portline.test')).toBeNull();
    expect(writeLocal('portline.test', 'on')).toBe(false);
  });

  it("by default, the browser's localStorage", () => {
    const store = memory();
    vi.stubGlobal('window', { localStorage: store });
    expect(writeLocal('portline.test', 'off')).toBe(true);
    expect(readLocal('portline.test')).toBe('off');
    expect(store.m.get('portline.test')).toBe('off');
  });
});

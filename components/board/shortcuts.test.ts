import { describe, expect, it } from 'vitest';
import { isTypingTarget } from '../ui/typing-target';
import { keyLabel, resolveShortcut, stepIndex } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
const free = { typing: false, overlayOpen: false, onItem: false };

describe('board shortcuts', () => {
  it('maps letters and symbols to actions', () => {
    expect(resolveShortcut(key('n'), free)).toBe('newTask');
    expect(resolveShortcut(key('N'), free)).toBe('newTask');
    expect(resolveShortcut(key('m'), free)).toBe('newMessage');
    expect(resolveShortcut(key('/'), free)).toBe('search');
    expect(resolveShortcut(key('?'), free)).toBe('help');
    expect(resolveShortcut(key(']'), free)).toBe('nextLane');
    expect(resolveShortcut(key('['), free)).toBe('prevLane');
    expect(resolveShortcut(key('j'), free)).toBe('nextTask');
    expect(resolveShortcut(key('k'), free)).toBe('prevTask');
    expect(resolveShortcut(key('x'), free)).toBeNull();
  });

  it('never fires while typing, with a dialog or menu open, or with Ctrl/⌘/Alt', () => {
    expect(resolveShortcut(key('n'), { ...free, typing: true })).toBeNull();
    expect(resolveShortcut(key('n'), { ...free, overlayOpen: true })).toBeNull();
    expect(resolveShortcut(key('n', { ctrlKey: true }), free)).toBeNull();
    expect(resolveShortcut(key('n', { metaKey: true }), free)).toBeNull();
    expect(resolveShortcut(key('n', { altKey: true }), free)).toBeNull();
  });

  it('arrow keys move between lanes and tasks only when a lane or card has focus', () => {
    expect(resolveShortcut(key('ArrowRight'), free)).toBeNull();
    expect(resolveShortcut(key('ArrowRight'), { ...free, onItem: true })).toBe('nextLane');
    expect(resolveShortcut(key('ArrowLeft'), { ...free, onItem: true })).toBe('prevLane');
    expect(resolveShortcut(key('ArrowDown'), { ...free, onItem: true })).toBe('nextTask');
    expect(resolveShortcut(key('ArrowUp'), { ...free, onItem: true })).toBe('prevTask');
  });

  it('WCAG 2.1.4: with the single-key shortcuts turned off no character key acts; the arrows on a lane or card still do', () => {
    const off = { ...free, singleKeys: false };
    for (const k of ['n', 'm', '/', '?', ']', '[', 'j', 'k']) expect(resolveShortcut(key(k), off)).toBeNull();
    expect(resolveShortcut(key('ArrowRight'), { ...off, onItem: true })).toBe('nextLane');
    expect(resolveShortcut(key('ArrowDown'), { ...off, onItem: true })).toBe('nextTask');
  });

  it('knows which elements take typing', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('steps within bounds; from nothing, starts at an end', () => {
    expect(stepIndex(-1, 5, 1)).toBe(0);
    expect(stepIndex(-1, 5, -1)).toBe(4);
    expect(stepIndex(2, 5, 1)).toBe(3);
    expect(stepIndex(4, 5, 1)).toBe(4);
    expect(stepIndex(0, 5, -1)).toBe(0);
    expect(stepIndex(-1, 0, 1)).toBe(-1);
  });

  it('labels keys for people', () => {
    expect(keyLabel('n')).toBe('N');
    expect(keyLabel('ArrowDown')).toBe('↓');
    expect(keyLabel('?')).toBe('?');
  });
});

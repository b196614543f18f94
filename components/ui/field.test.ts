import { NextIntlClientProvider } from 'next-intl';
import { createElement as h, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import { Field } from './field';
import { TextArea, TextInput } from './inputs';

const CUT = /<span role="status" aria-live="polite" data-testid="length-cut" class="sr-only">([^<]*)<\/span>/;

function render(node: ReactNode): string {
  return renderToStaticMarkup(h(NextIntlClientProvider, { locale: 'en', messages: en, timeZone: 'UTC', children: node }));
}

/** createElement's types are stricter than JSX's about the element a Field takes (aria-invalid). */
const control = (element: ReactElement) => element as ReactElement<object>;

/** A reason field of at most 10 characters holding `value`, as a dialog shows it. */
function reason(value: string, opts: { hint?: ReactNode; keepHint?: boolean; error?: ReactNode } = {}): string {
  return render(
    h(Field, {
      label: 'Reason',
      hint: opts.hint,
      error: opts.error,
      length: { value, max: 10, keepHint: opts.keepHint },
      children: control(h(TextArea, { value, onChange: () => {} })),
    }),
  );
}

/** The attributes of the first `tag` in `html`, by their lower-case names (React writes maxLength). */
function attrs(html: string, tag: string): Record<string, string> {
  const open = html.match(new RegExp(`<${tag}\\b([^>]*)>`))?.[1] ?? '';
  return Object.fromEntries([...open.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1].toLowerCase(), m[2]]));
}

/** What the control's aria-describedby points at, in its order. */
function description(html: string): string[] {
  const ids = attrs(html, 'textarea')['aria-describedby']?.split(' ') ?? [];
  return ids.map((id) => html.match(new RegExp(`<p id="${id}"[^>]*>(.*?)</p>`))?.[1] ?? `(missing ${id})`);
}

describe('Field with a length: the limit given once, said in the hint and in a live region', () => {
  it('gives the control maxLength from the same number, and puts an empty live region just before the field', () => {
    const html = reason('abc', { hint: 'Optional' });
    expect(attrs(html, 'textarea').maxlength).toBe('10');
    // First, outside the field's div: not in the description (it would be said twice).
    expect(html.indexOf(CUT.exec(html)![0])).toBe(0);
    expect(html.slice(CUT.exec(html)![0].length)).toMatch(/^<div>/);
    expect(CUT.exec(html)![1]).toBe('');
    expect(description(html)).toEqual(['Optional']);
  });

  it('shows the count in the hint’s place from 80 % of the limit, and that more is not kept at it', () => {
    expect(description(reason('abcdefg', { hint: 'Optional' }))).toEqual(['Optional']);
    expect(description(reason('abcdefgh', { hint: 'Optional' }))).toEqual(['8 / 10 characters']);
    expect(description(reason('abcdefghij', { hint: 'Optional' }))).toEqual(['10 / 10 characters: the most this field holds; more is not kept']);
  });

  it('has no description below 80 % when it has no hint, and the note before the error above it', () => {
    const below = reason('abc');
    expect(attrs(below, 'textarea')['aria-describedby']).toBeUndefined();
    expect(below).not.toContain('<p');
    expect(description(reason('abcdefgh', { error: 'Too long' }))).toEqual(['8 / 10 characters', 'Too long']);
  });

  it('with keepHint keeps the hint and puts the note under it, in the same description', () => {
    expect(description(reason('abc', { hint: 'Required', keepHint: true }))).toEqual(['Required']);
    expect(description(reason('abcdefgh', { hint: 'Required', keepHint: true }))).toEqual(['Required<span class="block">8 / 10 characters</span>']);
  });

  it('does not announce a text that was already full when the field opened', () => {
    expect(CUT.exec(reason('abcdefghij'))![1]).toBe('');
  });
});

describe('Field without a length', () => {
  it('renders no live region, keeps the control’s own maxLength, and needs no translations', () => {
    const html = renderToStaticMarkup(h(Field, { label: 'Assignee', hint: 'Optional', children: control(h(TextInput, { maxLength: 100, defaultValue: '' })) }));
    expect(html).not.toContain('length-cut');
    expect(attrs(html, 'input').maxlength).toBe('100');
    expect(html).toMatch(/^<div><label/);
  });
});

import { describe, expect, it } from 'vitest';
import { appNavigation, isPage, type LinkClick } from './app-link';

const here = { origin: 'http://portline.test:3000', pathname: '/incidents/a', search: '' };
const click = (href: string, more: Partial<LinkClick> = {}): LinkClick => ({ plain: true, href, target: '', download: false, ...more });

describe('appNavigation (SPEC SYNC4: which clicks leave the page for another of the app)', () => {
  it('is the path, query and fragment of a link to another page of this app', () => {
    expect(appNavigation(click('http://portline.test:3000/incidents'), here)).toBe('/incidents');
    expect(appNavigation(click('http://portline.test:3000/incidents/a/replay?seq=5#t'), here)).toBe('/incidents/a/replay?seq=5#t');
    expect(appNavigation(click('http://portline.test:3000/incidents/a?view=list'), here)).toBe('/incidents/a?view=list');
    expect(appNavigation(click('http://portline.test:3000/api/incidents/a/export.csv'), here)).toBe('/api/incidents/a/export.csv');
    // The page itself: Next reads it again from the server, which a dead network cannot answer.
    expect(appNavigation(click('http://portline.test:3000/incidents/a'), here)).toBe('/incidents/a');
  });

  it('is null where the tab stays or another takes the click', () => {
    expect(appNavigation(click('http://portline.test:3000/incidents/a#messages'), here)).toBeNull();
    expect(appNavigation(click('http://elsewhere.test/incidents'), here)).toBeNull();
    expect(appNavigation(click('https://portline.test:3000/incidents'), here)).toBeNull();
    expect(appNavigation(click('mailto:duty@port.test'), here)).toBeNull();
    expect(appNavigation(click('not a url'), here)).toBeNull();
    expect(appNavigation(click('http://portline.test:3000/incidents', { plain: false }), here)).toBeNull();
    expect(appNavigation(click('http://portline.test:3000/incidents', { target: '_blank' }), here)).toBeNull();
    expect(appNavigation(click('http://portline.test:3000/incidents', { target: '_self' }), here)).toBe('/incidents');
    expect(appNavigation(click('http://portline.test:3000/api/incidents/a/export.csv', { download: true }), here)).toBeNull();
  });

  it('tells pages from the routes that answer with a file', () => {
    expect(isPage('/incidents/a/report')).toBe(true);
    expect(isPage('/apiary')).toBe(true);
    expect(isPage('/api/incidents/a/export.csv')).toBe(false);
    expect(isPage('/api')).toBe(false);
  });
});

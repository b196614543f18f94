import { describe, expect, it } from 'vitest';
import { formatElapsed, formatElapsedSeconds, parseElapsed, parseSeq, saysOffset } from './elapsed';

describe('formatElapsed', () => {
  it('pads hours and minutes', () => {
    expect(formatElapsed(0, 0)).toBe('00:00');
    expect(formatElapsed(0, 59_999)).toBe('00:00');
    expect(formatElapsed(0, 65 * 60_000)).toBe('01:05');
  });
  it('goes past a day and never below zero', () => {
    expect(formatElapsed(0, 125 * 3_600_000)).toBe('125:00');
    expect(formatElapsed(10_000, 0)).toBe('00:00');
  });
});

describe('formatElapsedSeconds', () => {
  it('adds the seconds', () => {
    expect(formatElapsedSeconds(0, 0)).toBe('00:00:00');
    expect(formatElapsedSeconds(1_000, 3_723_999)).toBe('01:02:02');
    expect(formatElapsedSeconds(5_000, 0)).toBe('00:00:00');
  });
});

describe('parseElapsed', () => {
  it('reads hh:mm and hh:mm:ss as they are shown (12:30 is 12 h 30 min)', () => {
    expect(parseElapsed('12:30')).toBe((12 * 60 + 30) * 60_000);
    expect(parseElapsed(' 01:02:03 ')).toBe(3_723_000);
    expect(parseElapsed('125:00')).toBe(125 * 3_600_000);
    expect(parseElapsed(formatElapsedSeconds(0, 3_723_000))).toBe(3_723_000);
  });
  it('refuses anything else', () => {
    for (const bad of ['00:61:00', '1:2', 'soon', '12', '1:00:60', '']) expect(parseElapsed(bad)).toBeNull();
  });
});

describe('parseElapsed: as Chinese input methods type it', () => {
  it("reads a full-width colon '：' and full-width digits", () => {
    expect(parseElapsed('14：05')).toBe((14 * 60 + 5) * 60_000);
    expect(parseElapsed('00：05：30')).toBe(330_000);
    expect(parseElapsed('１４：０５')).toBe((14 * 60 + 5) * 60_000);
    expect(parseElapsed('１２:３０:０１')).toBe(((12 * 60 + 30) * 60 + 1) * 1000);
    expect(parseElapsed('\u300000：05\u3000')).toBe(300_000); // ideographic spaces around it
  });
  it('still refuses what is not a time, in full width too', () => {
    for (const bad of ['00：61', '１：２', '１２', '12：30：', '：30']) expect(parseElapsed(bad)).toBeNull();
  });
});

describe('parseElapsed: a T+ offset written as the replay shows it', () => {
  it('reads "T+hh:mm" and "T+hh:mm:ss", in full width too', () => {
    expect(parseElapsed('T+00:05')).toBe(300_000);
    expect(parseElapsed('T+00：05')).toBe(300_000);
    expect(parseElapsed(' t+01:02:03')).toBe(3_723_000);
    expect(parseElapsed('Ｔ＋００：０５')).toBe(300_000);
    expect(parseElapsed(formatElapsedSeconds(0, 3_723_000).replace(/^/, 'T+'))).toBe(3_723_000);
  });
  it('refuses other signs and a bare T+', () => {
    for (const bad of ['T-00:05', '+00:05', 'T+', 'T 00:05', 'TT+00:05']) expect(parseElapsed(bad)).toBeNull();
  });
  it('saysOffset: the text names a T+ offset', () => {
    expect(saysOffset('T+00:05')).toBe(true);
    expect(saysOffset('Ｔ＋００：０５')).toBe(true);
    expect(saysOffset('14:05')).toBe(false);
    expect(saysOffset('14：05')).toBe(false);
  });
});

// The one reader of an event number: the findings form's field (typedSeq) and the replay's ?seq=.
describe('parseSeq', () => {
  it('reads a whole number in digits, spaces around it, full-width digits and space too', () => {
    expect(parseSeq('1')).toBe(1);
    expect(parseSeq(' 45 ')).toBe(45);
    expect(parseSeq('１２')).toBe(12);
    expect(parseSeq('\u3000４５')).toBe(45);
    expect(parseSeq('999999999999')).toBe(999_999_999_999);
  });
  it('reads 0 and any number past the last event: the caller bounds it by the head', () => {
    expect(parseSeq('0')).toBe(0);
    expect(parseSeq('121')).toBe(121);
  });
  it('refuses what is not digits, and what Number() would also read', () => {
    for (const bad of ['', '  ', 'abc', '12.5', '1e2', '0x10', '-3', '+3', '1 2', '1234567890123']) expect(parseSeq(bad), bad).toBeNull();
  });
});

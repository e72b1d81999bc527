// The CLI's time words: --for durations, --until clock times (the next such time), and "in 2 h".
import { describe, expect, it } from 'vitest';
import { parseDuration, parseUntil, relative } from '../../cli/time.ts';

describe('snoozeql time words', () => {
	it('reads --for durations in minutes', () => {
		expect(parseDuration('2h')).toBe(120);
		expect(parseDuration('90m')).toBe(90);
		expect(parseDuration('1h30m')).toBe(90);
		expect(parseDuration('1d')).toBe(1440);
		expect(parseDuration('45min')).toBe(45);
		for (const bad of ['', '0h', 'two hours', '2', 'h', '-1h']) expect(parseDuration(bad), bad).toBeNull();
	});

	it('reads --until HH:MM as the next time the clock shows it', () => {
		const now = new Date(2026, 10, 30, 16, 0); // local 16:00
		expect(parseUntil('18:00', now)).toEqual(new Date(2026, 10, 30, 18, 0));
		expect(parseUntil('09:30', now)).toEqual(new Date(2026, 11, 1, 9, 30)); // passed: tomorrow
		expect(parseUntil('16:00', now)).toEqual(new Date(2026, 11, 1, 16, 0));
		expect(parseUntil('2026-12-01T08:00:00Z', now)).toEqual(new Date('2026-12-01T08:00:00Z'));
		for (const bad of ['25:00', '18', 'tomorrow', '12:60']) expect(parseUntil(bad, now), bad).toBeNull();
	});

	it('says when a transition comes', () => {
		const now = Date.parse('2026-11-30T12:00:00Z');
		expect(relative('2026-11-30T15:20:00Z', now)).toBe('in 3 h 20 min');
		expect(relative('2026-11-30T12:45:00Z', now)).toBe('in 45 min');
		expect(relative('2026-12-02T13:00:00Z', now)).toBe('in 2 d 1 h');
		expect(relative('2026-11-30T11:58:00Z', now)).toBe('2 min ago');
	});
});

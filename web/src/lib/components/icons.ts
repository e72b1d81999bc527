// Line-icon geometry for the dashboard (24×24 grid, drawn with strokes): one list of SVG paths per icon.

/** A rounded rectangle as a path. */
function rect(x: number, y: number, w: number, h: number, r: number): string {
	return `M${x + r} ${y}h${w - 2 * r}a${r} ${r} 0 0 1 ${r} ${r}v${h - 2 * r}a${r} ${r} 0 0 1 -${r} ${r}h-${w - 2 * r}a${r} ${r} 0 0 1 -${r} -${r}v-${h - 2 * r}a${r} ${r} 0 0 1 ${r} -${r}z`;
}

/** A circle as a path (two half arcs). */
function circle(cx: number, cy: number, r: number): string {
	return `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 -${2 * r} 0z`;
}

export const ICONS = {
	overview: [rect(3.5, 3.5, 7, 7, 1.5), rect(13.5, 3.5, 7, 7, 1.5), rect(3.5, 13.5, 7, 7, 1.5), rect(13.5, 13.5, 7, 7, 1.5)],
	databases: [
		'M4 6c0-1.66 3.58-3 8-3s8 1.34 8 3-3.58 3-8 3-8-1.34-8-3z',
		'M4 6v12c0 1.66 3.58 3 8 3s8-1.34 8-3V6',
		'M4 12c0 1.66 3.58 3 8 3s8-1.34 8-3'
	],
	schedules: [circle(12, 12, 9), 'M12 7v5l3.5 2'],
	policies: ['M12 3l7.5 3v5.5c0 4.5-3.2 8.3-7.5 9.5-4.3-1.2-7.5-5-7.5-9.5V6z', 'M9 12l2 2 4-4'],
	recommendations: [
		'M12 3a6 6 0 0 0-3.6 10.8c.7.6 1.1 1.3 1.1 2.2v.5h5v-.5c0-.9.4-1.6 1.1-2.2A6 6 0 0 0 12 3z',
		'M10 20.5h4'
	],
	activity: ['M3 12h4l2.5-6 5 12 2.5-6h4'],
	savings: [
		circle(12, 12, 9),
		'M14.8 9.4c-.5-.9-1.5-1.4-2.8-1.4-1.7 0-2.9.8-2.9 2s1.2 1.7 2.9 2 2.9.9 2.9 2.1-1.2 1.9-2.9 1.9c-1.3 0-2.3-.5-2.8-1.4',
		'M12 6.5V8M12 16v1.5'
	],
	settings: ['M4 7h9M17 7h3M4 17h3M11 17h9', circle(15, 7, 2), circle(9, 17, 2)],
	cloud: ['M7.5 18.5a4.5 4.5 0 0 1-.6-8.96 5.5 5.5 0 0 1 10.6-.04A4.5 4.5 0 0 1 17 18.5z'],
	menu: ['M4 7h16M4 12h16M4 17h16'],
	close: ['M6 6l12 12M18 6L6 18'],
	refresh: ['M19.5 12a7.5 7.5 0 1 1-2.2-5.3', 'M19.5 4v4h-4'],
	arrowRight: ['M5 12h14M13 6l6 6-6 6'],
	check: ['M5 12.5l4.5 4.5L19 7.5'],
	checkCircle: [circle(12, 12, 9), 'M8 12.5l2.7 2.7L16 9.5'],
	xCircle: [circle(12, 12, 9), 'M9 9l6 6M15 9l-6 6'],
	alert: [
		'M10.3 4.9L2.9 17.8a2 2 0 0 0 1.7 3h14.8a2 2 0 0 0 1.7-3L13.7 4.9a2 2 0 0 0-3.4 0z',
		'M12 10v4',
		'M12 17.2v.1'
	],
	info: [circle(12, 12, 9), 'M12 11v5', 'M12 8v.1'],
	copy: [rect(8.5, 8.5, 12, 12, 2), 'M15.5 5.5v-1a1 1 0 0 0-1-1h-10a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h1'],
	download: ['M12 4v11', 'M7.5 10.5L12 15l4.5-4.5', 'M4.5 19.5h15'],
	external: [
		'M14 4h6v6',
		'M20 4l-9 9',
		'M18 14v4.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 4 18.5v-11A1.5 1.5 0 0 1 5.5 6H10'
	],
	key: [circle(8, 15, 4), 'M11 12l8.5-8.5', 'M16.5 6.5l2.5 2.5', 'M14 9l2 2'],
	users: [
		circle(9, 8, 3.5),
		'M2.5 19.5c.8-3.3 3.4-5.5 6.5-5.5s5.7 2.2 6.5 5.5',
		'M15.5 4.8a3.5 3.5 0 0 1 0 6.4',
		'M18 14.3c1.7.8 3 2.6 3.5 5.2'
	],
	audit: [rect(4.5, 3.5, 15, 17, 2), 'M8.5 8h7M8.5 12h7M8.5 16h4'],
	logout: ['M9.5 4.5h-3a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h3', 'M15 8l4 4-4 4', 'M19 12H9.5'],
	plus: ['M12 5v14M5 12h14'],
	trash: [
		'M4.5 7h15',
		'M9.5 7V5a1 1 0 0 1 1-1h3a1 1 0 0 1 1 1v2',
		'M6.5 7l.8 12a1.5 1.5 0 0 0 1.5 1.4h6.4a1.5 1.5 0 0 0 1.5-1.4l.8-12'
	],
	play: ['M8 5.5v13l10.5-6.5z'],
	pause: ['M9 5.5v13M15 5.5v13'],
	lock: [rect(5, 10.5, 14, 10, 2), 'M8.5 10.5V7.5a3.5 3.5 0 0 1 7 0v3'],
	chevronDown: ['M6 9l6 6 6-6'],
	building: [rect(5, 3.5, 14, 17, 1.5), 'M9 7.5h1.5M13.5 7.5H15M9 11h1.5M13.5 11H15M9 14.5h1.5M13.5 14.5H15', 'M10.5 20.5v-2.5h3v2.5'],
	plug: ['M9 3.5v4M15 3.5v4', 'M6.5 7.5h11v3a5.5 5.5 0 0 1-11 0z', 'M12 16v4.5']
} as const satisfies Record<string, readonly string[]>;

export type IconName = keyof typeof ICONS;

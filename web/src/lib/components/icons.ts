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
	arrowRight: ['M5 12h14M13 6l6 6-6 6']
} as const satisfies Record<string, readonly string[]>;

export type IconName = keyof typeof ICONS;

// A Svelte action for wide content in a horizontally scrolling box (tables on a phone): while the
// box actually scrolls it is a labelled, keyboard-focusable region, so people who do not use a
// pointer can scroll it with the arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable).
// When everything fits it is a plain box again and adds no tab stop.
export function scrollRegion(node: HTMLElement, label: string) {
	let name = label;
	const update = () => {
		const scrolls = node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1;
		if (scrolls) {
			node.tabIndex = 0;
			node.setAttribute('role', 'region');
			node.setAttribute('aria-label', name);
		} else {
			node.removeAttribute('tabindex');
			node.removeAttribute('role');
			node.removeAttribute('aria-label');
		}
	};
	const observer = new ResizeObserver(update);
	observer.observe(node);
	if (node.firstElementChild) observer.observe(node.firstElementChild);
	update();
	return {
		update(next: string) {
			name = next;
			update();
		},
		destroy() {
			observer.disconnect();
		}
	};
}

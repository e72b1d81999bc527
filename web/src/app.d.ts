// Ambient types for the SnoozeQL dashboard (SvelteKit's App namespace).
declare global {
	namespace App {
		// interface Error {}
		// interface PageState {}
	}
}

export {};

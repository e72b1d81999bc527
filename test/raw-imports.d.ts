// Vite's ?raw imports (a file's text), e.g. wrangler.toml in the deploy-default test.
declare module "*?raw" {
  const text: string;
  export default text;
}

// Vite's `?raw` imports: a file's text as a string (the analyst Cypher the page links to).
declare module '*.cypher?raw' {
  const text: string;
  export default text;
}

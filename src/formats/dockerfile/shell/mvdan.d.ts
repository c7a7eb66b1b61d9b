// mvdan-sh ships no types; adapter.ts reads its Go-shaped AST through narrow local interfaces.
declare module 'mvdan-sh' {
  const sh: { syntax: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  export default sh;
}

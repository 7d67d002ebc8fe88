// Type declarations for the parts of `talisman` (CommonJS, untyped) the detector uses.
declare module 'talisman/metrics/jaro-winkler.js' {
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
declare module 'talisman/phonetics/german/cologne.js' {
  const cologne: (name: string) => string;
  export default cologne;
}

// The custom-elements manifest analyzer's settings (scripts/build-manifest.mjs runs it).
export default {
  globs: ['components/**/*.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names the manifest already; the build must not rewrite a tracked file.
  packagejson: false,
};

// Tests run on the Node major of the declared Forge runtime (manifest.yml: nodejs24.x).
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  throw new Error(
    `Spec Bridge tests need Node 24 (the Forge runtime nodejs24.x); this is Node ${process.versions.node}. ` +
      'Run them through `npm test`, which uses the Node 24 that `npm install` puts in node_modules/.bin.',
  );
}

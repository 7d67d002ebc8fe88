// Stops a step that needs a newer Node than the tool itself (packaging: electron-builder's
// @electron/rebuild and node-abi need Node 22.12 or newer) with a plain message.
const [wantMajor, wantMinor = '0'] = (process.argv[2] ?? '').split('.');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < Number(wantMajor) || (major === Number(wantMajor) && minor < Number(wantMinor))) {
  console.error(`This step needs Node.js ${process.argv[2]} or newer; this is Node.js ${process.versions.node}.`);
  console.error('Running the tool and the tests works on Node.js 20.19 or newer; packaging the Windows installer needs the newer Node.');
  process.exit(1);
}

// Rebuilds web/Places/boundaries.txt.gz, the state and county lines that UsMap.cs draws.
//
//   cd "$(mktemp -d)" && npm install us-atlas@3.0.1 topojson-client@3.1.0 \
//     && node /path/to/web/Places/build-boundaries.mjs /path/to/web/Places/boundaries.txt.gz
//
// Source: us-atlas counties-10m.json, the Census Bureau's 2017 cartographic boundary files (public domain),
// unprojected. It holds the 50 states, DC, Puerto Rico and the island areas.
//
// Format, one polyline a line:
//   S|C x0 y0 dx1 dy1 dx2 dy2 ...
// S is a state line (a border between states, or a coast), C a county line inside one state.
// x is longitude and y latitude, in whole units of 1/10,000 degree: the first point as is, each later
// point as the difference from the one before. Longitudes east of 170°E (the western Aleutians) are
// moved west by 360° so Alaska is one piece on a map that never crosses the antimeridian.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const require = createRequire(process.cwd() + '/');
const topology = require('us-atlas/counties-10m.json');
const { mesh } = require('topojson-client');
const out = process.argv[2] ?? 'boundaries.txt.gz';

const stateOf = (county) => county.id.slice(0, 2);
// Every arc of the states, shared or not: shared arcs are borders, the others are coasts.
const states = mesh(topology, topology.objects.states);
// Arcs between two counties of the same state; state borders and coasts are already in S.
const counties = mesh(topology, topology.objects.counties, (a, b) => a !== b && stateOf(a) === stateOf(b));

const rows = [];
let points = 0;
function add(kind, lines) {
  for (const line of lines) {
    const fields = [kind];
    let px = 0, py = 0, kept = 0;
    for (const [lon, lat] of line) {
      const x = Math.round((lon > 170 ? lon - 360 : lon) * 10000);
      const y = Math.round(lat * 10000);
      if (kept > 0 && x === px && y === py) continue;
      fields.push(kept === 0 ? x : x - px, kept === 0 ? y : y - py);
      px = x; py = y; kept++;
    }
    if (kept < 2) continue;
    rows.push(fields.join(' '));
    points += kept;
  }
}
add('S', states.coordinates);
add('C', counties.coordinates);

writeFileSync(out, gzipSync(rows.join('\n') + '\n', { level: 9, mtime: 0 }));
console.log(`wrote ${rows.length} lines, ${points} points, to ${out}`);

